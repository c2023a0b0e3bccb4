import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/publish/csv-out';
import type { DatasetId, MeasureId, Series } from '../../src/lib/domain/model';
import { hasEnded, type AreaEntry, type AreaObservation } from '../../src/lib/page-models/site-data';
import { STORY_COLUMNS, storyPeriods, storyRows, type StoryRow } from '../../src/lib/page-models/stories';
import type { DfeSymbol } from '../../src/lib/domain/symbols';
import { AreaStore } from '../../src/lib/domain/area-store';

const entry = (code: string, name: string, more: Partial<AreaEntry> = {}): AreaEntry => ({
  code,
  name,
  level: 'Local authority',
  old_la_code: '',
  region_code: 'E12000006',
  start: '2009-04-01',
  end: null,
  predecessors: [],
  successors: [],
  sameAreaPredecessor: null,
  sameAreaSuccessor: null,
  ...more,
});

const AREAS: AreaEntry[] = [
  entry('E92000001', 'England', { level: 'National', region_code: '', start: '' }),
  entry('E12000006', 'East of England', { level: 'Regional', region_code: '', start: '' }),
  entry('E06000032', 'Luton', { old_la_code: '821' }),
  entry('E06000901', 'Topshire', { old_la_code: '901' }),
  entry('E06000902', 'Tiedshire', { old_la_code: '902' }),
  entry('E06000903', 'Lowshire', { old_la_code: '903' }),
  entry('E06000904', 'Hiddenshire', { old_la_code: '904' }),
  entry('E06000905', 'Gapshire', { old_la_code: '905' }),
  entry('E06000906', 'Smallshire', { old_la_code: '906' }),
  // Ended in 2023: no row. Changed code in 2025 with no figures under the new code yet: still current.
  entry('E10000906', 'Oldshire', { old_la_code: '907', end: '2023-03-31', successors: ['E06000901'] }),
  entry('E08000016', 'Barnsley', { old_la_code: '370', region_code: 'E12000003', end: '2025-04-30', sameAreaSuccessor: 'E08000038', successors: ['E08000038'] }),
];

type Fig = number | DfeSymbol;
const row = (time_period: string, time_identifier: string, measure: MeasureId, fig: Fig, dataset: DatasetId = 'census-geographic', series: Series = 'census'): AreaObservation => ({
  series,
  dataset,
  time_period,
  time_identifier,
  phase: 'total',
  topic: 'Total',
  breakdown: 'Total',
  measure,
  value: typeof fig === 'number' ? fig : null,
  symbol: typeof fig === 'number' ? null : fig,
});
/** A period's enrolments, persistent and severe figures: [pupils, rate] pairs. */
const period = (tp: string, ti: string, enrolments: Fig, pa: [Fig, Fig], sa: [Fig, Fig]): AreaObservation[] => [
  row(tp, ti, 'enrolments', enrolments),
  row(tp, ti, 'enrolments_pa_10_exact', pa[0]),
  row(tp, ti, 'enrolments_pa_10_exact_percent', pa[1]),
  row(tp, ti, 'enrolments_pa_50_exact', sa[0]),
  row(tp, ti, 'enrolments_pa_50_exact_percent', sa[1]),
];

const DATA: Record<string, AreaObservation[]> = {
  E92000001: [...period('202425', 'Full year', 7_000_000, [1_270_000, 18.14307], [167_000, 2.38708]), ...period('202425', 'Summer term', 6_900_000, [1_500_000, 21.72244], [175_000, 2.54673])],
  E12000006: [...period('202425', 'Full year', 900_000, [157_000, 17.49911], [21_000, 2.37241])],
  E06000032: [
    ...period('202324', 'Full year', 38375, [7264, 18.92899], [575, 1.49837]),
    ...period('202425', 'Full year', 38216, [6759, 17.68631], [565, 1.47844]),
    // A spring term and an older summer term that the summer term must not be compared with.
    ...period('202425', 'Spring term', 36483, [8389, 22.99427], [469, 1.28553]),
    ...period('202223', 'Summer term', 34912, [9890, 28.32837], [456, 1.30614]),
    ...period('202324', 'Summer term', 36527, [8184, 22.40534], [510, 1.39623]),
    ...period('202425', 'Summer term', 35916, [7411, 20.63426], [504, 1.40327]),
    // The registers' figure for the same term is another statistic and must not be picked up.
    row('202425', 'Summer term', 'enrolments_pa_10_exact_percent', 30.1, 'registers-term', 'registers'),
  ],
  E06000901: [...period('202324', 'Full year', 1000, [240, 24.0], [30, 3.0]), ...period('202425', 'Full year', 1000, [250, 25.0], [31, 3.1])],
  // 17.66 prints as 17.7, as Luton's 17.68631 does: the two share a rank.
  E06000902: [...period('202324', 'Full year', 1000, [180, 18.04], [20, 2.0]), ...period('202425', 'Full year', 1000, [177, 17.66], [20, 2.0])],
  E06000903: [...period('202324', 'Full year', 1000, [110, 11.0], [10, 1.0]), ...period('202425', 'Full year', 1000, [100, 10.0], [10, 1.0])],
  // Suppressed this year.
  E06000904: [...period('202324', 'Full year', 20, [3, 15.0], [0, 0.0]), ...period('202425', 'Full year', 'c', ['c', 'c'], ['c', 'c'])],
  // The year before was not published.
  E06000905: [...period('202324', 'Full year', 'x', ['x', 'x'], ['x', 'x']), ...period('202425', 'Full year', 500, [60, 12.0], [5, 1.0])],
  // The rate is published but the count is suppressed; one pupil severely absent.
  E06000906: [...period('202324', 'Full year', 40, [4, 10.0], [1, 2.5]), ...period('202425', 'Full year', 40, ['c', 5.0], [1, 2.5])],
  E10000906: [...period('202223', 'Full year', 1000, [200, 20.0], [20, 2.0])],
  E08000016: [...period('202324', 'Full year', 31700, [6971, 21.99], [911, 2.87]), ...period('202425', 'Full year', 31550, [5240, 16.6], [984, 3.12])],
};
const read = (code: string) => AreaStore.fromRows(DATA[code] ?? []);
const FULL_YEAR = { time_period: '202425', time_identifier: 'Full year' };
const SUMMER = { time_period: '202425', time_identifier: 'Summer term' };

const rows = storyRows({ areas: AREAS, read, periods: [FULL_YEAR, SUMMER] });
const find = (name: string, measure: string, tp = FULL_YEAR): StoryRow => {
  const hits = rows.filter((r) => r.la_name === name && r.measure === measure && r.time_identifier === tp.time_identifier);
  expect(hits).toHaveLength(1);
  return hits[0]!;
};

describe('stories.csv: which periods and which authorities', () => {
  it('takes the latest census full year and the latest single term, in time order whatever the input order', () => {
    const periods = [
      { series: 'census' as Series, time_period: '202425', time_identifier: 'Summer term' },
      { series: 'census' as Series, time_period: '202425', time_identifier: 'Full year' },
      { series: 'census' as Series, time_period: '202324', time_identifier: 'Full year' },
      { series: 'census' as Series, time_period: '202425', time_identifier: 'Spring term' },
      { series: 'census' as Series, time_period: '202526', time_identifier: 'Autumn and spring term' },
      { series: 'registers' as Series, time_period: '202526', time_identifier: 'Autumn term' },
    ];
    expect(storyPeriods(periods).map((p) => `${p.time_period} ${p.time_identifier}`)).toEqual(['202425 Full year', '202425 Summer term']);
    expect(storyPeriods(periods.slice(2, 4)).map((p) => `${p.time_period} ${p.time_identifier}`)).toEqual(['202324 Full year', '202425 Spring term']);
  });
  it('has one row per current authority, measure and period, authorities in name order', () => {
    const names = [...new Set(rows.map((r) => r.la_name))];
    expect(names).toEqual(['Barnsley', 'Gapshire', 'Hiddenshire', 'Lowshire', 'Luton', 'Smallshire', 'Tiedshire', 'Topshire']);
    expect(rows).toHaveLength(8 * 2 * 2);
    expect(rows.map((r) => `${r.period}|${r.measure}`).filter((k, i, a) => a.indexOf(k) === i)).toEqual([
      '2024/25 full year|persistent',
      '2024/25 full year|severe',
      'Summer term 2024/25|persistent',
      'Summer term 2024/25|severe',
    ]);
  });
  it('counts a code change with no figures under the new code as current, and an abolished authority as ended', () => {
    const codes = new Set(AREAS.map((a) => a.code));
    expect(hasEnded(AREAS.find((a) => a.name === 'Barnsley')!, codes)).toBe(false);
    expect(hasEnded(AREAS.find((a) => a.name === 'Oldshire')!, codes)).toBe(true);
    expect(hasEnded(AREAS.find((a) => a.name === 'Barnsley')!, new Set([...codes, 'E08000038']))).toBe(true);
    expect(hasEnded(AREAS.find((a) => a.name === 'Luton')!, codes)).toBe(false);
  });
});

describe('stories.csv: a row', () => {
  it('writes the header and the Luton row as published, unrounded', () => {
    const csv = toCsv(rows.filter((r) => r.la_name === 'Luton' && r.measure === 'persistent' && r.time_identifier === 'Full year'), STORY_COLUMNS).split('\r\n');
    expect(csv[0]).toBe(
      'period,time_period,time_identifier,new_la_code,old_la_code,la_name,region_code,region_name,measure,enrolments,pupils,rate,previous_time_period,previous_pupils,previous_rate,change_pp_between_1dp_rates,rank,rank_of,region_rate,england_rate,source,sentence',
    );
    expect(csv[1]).toBe(
      '2024/25 full year,202425,Full year,E06000032,821,Luton,E12000006,East of England,persistent,38216,6759,17.68631,202324,7264,18.92899,-1.2,2,7,17.49911,18.14307,' +
        '"Source: Pupil absence in schools in England (DfE) (school census). File: Pupil absence in schools in England: national, regional and LA file. Periods: 2024/25 full year; 2023/24 full year.",' +
        '"6,759 pupils in Luton were persistently absent in 2024/25 (17.7% of pupils), down from 7,264 (18.9%) in 2023/24. East of England: 17.5%. England: 18.1%. Luton had the joint 2nd highest rate of the 7 local authorities with a figure for 2024/25."',
    );
    expect(csv).toHaveLength(3);
  });
  it('compares a term with the same term a year earlier, never the term before or the full year, and never the registers', () => {
    const r = find('Luton', 'persistent', SUMMER);
    expect(r).toMatchObject({ period: 'Summer term 2024/25', pupils: 7411, rate: 20.63426, previous_time_period: '202324', previous_pupils: 8184, previous_rate: 22.40534, change_pp_between_1dp_rates: '-1.8', england_rate: 21.72244 });
    expect(r.region_rate).toBe('');
    expect(r.sentence).toBe(
      '7,411 pupils in Luton were persistently absent in the summer term of 2024/25 (20.6% of pupils), down from 8,184 (22.4%) in the summer term of 2023/24. England: 21.7%. Luton had the only rate of the 1 local authority with a figure for the summer term of 2024/25.',
    );
  });
  it('takes the change from the printed figures: 17.66 and 18.04 print 17.7 and 18.0, so -0.3 (not -0.4); 1.47844 and 1.49837 both print 1.5, so 0.0', () => {
    expect(find('Tiedshire', 'persistent').change_pp_between_1dp_rates).toBe('-0.3');
    const r = find('Luton', 'severe');
    expect(r.change_pp_between_1dp_rates).toBe('0.0');
    expect(r.sentence).toContain('565 pupils in Luton were severely absent in 2024/25 (1.5% of pupils), the rate unchanged from 1.5% in 2023/24 (575 pupils).');
  });
});

describe('stories.csv: ranks', () => {
  it('gives equal printed rates the same rank and skips the next, as the map and the LA pages do', () => {
    const rank = (name: string) => [find(name, 'persistent').rank, find(name, 'persistent').rank_of];
    expect(rank('Topshire')).toEqual([1, 7]);
    expect(rank('Luton')).toEqual([2, 7]);
    expect(rank('Tiedshire')).toEqual([2, 7]);
    expect(rank('Barnsley')).toEqual([4, 7]);
    expect(rank('Lowshire')).toEqual([6, 7]);
    expect(rank('Smallshire')).toEqual([7, 7]);
    expect(find('Tiedshire', 'persistent').sentence).toContain('Tiedshire had the joint 2nd highest rate of the 7 local authorities with a figure for 2024/25.');
    expect(find('Smallshire', 'persistent').sentence).toContain('Smallshire had the lowest rate of the 7 local authorities');
  });
});

describe('stories.csv: DfE symbols and gaps', () => {
  it('keeps a suppressed figure as its symbol, unranked, with a sentence that gives no number', () => {
    const r = find('Hiddenshire', 'persistent');
    expect(r).toMatchObject({ enrolments: 'c', pupils: 'c', rate: 'c', previous_pupils: 3, previous_rate: 15, change_pp_between_1dp_rates: '', rank: '', rank_of: '' });
    expect(r.sentence).toBe('No figure was published for Hiddenshire in 2024/25: suppressed to protect confidentiality (c).');
  });
  it('keeps an unpublished year before as its symbol and leaves the comparison out', () => {
    const r = find('Gapshire', 'persistent');
    expect(r).toMatchObject({ pupils: 60, rate: 12, previous_pupils: 'x', previous_rate: 'x', change_pp_between_1dp_rates: '' });
    expect(r.sentence).toBe('60 pupils in Gapshire were persistently absent in 2024/25 (12.0% of pupils). East of England: 17.5%. England: 18.1%. Gapshire had the 5th highest rate of the 7 local authorities with a figure for 2024/25.');
  });
  it('leaves a period with no figure at all blank, not zero', () => {
    const r = find('Gapshire', 'persistent', SUMMER);
    expect([r.pupils, r.rate, r.previous_pupils, r.previous_rate, r.rank, r.enrolments]).toEqual(['', '', '', '', '', '']);
    expect(r.sentence).toBe('No figure was published for Gapshire in the summer term of 2024/25.');
  });
  it('falls back to the rate-only sentence when the count is a symbol, and says "1 pupil was"', () => {
    expect(find('Smallshire', 'persistent')).toMatchObject({ pupils: 'c', rate: 5 });
    expect(find('Smallshire', 'persistent').sentence).toMatch(/^In 2024\/25, 5\.0% of pupils in Smallshire were persistently absent, down from 10\.0% in 2023\/24\./);
    expect(find('Smallshire', 'severe').sentence).toMatch(/^1 pupil in Smallshire was severely absent in 2024\/25 \(2\.5% of pupils\), unchanged from 1 \(2\.5%\) in 2023\/24\./);
  });
});
