import { describe, expect, it } from 'vitest';
import { buildAreaPage, type ChartModel } from '../../src/lib/page-models/area-page';
import { COVID_NOTE, covidAnnotations, isCovidLabel } from '../../src/lib/domain/census-years';
import { yearToDateNote } from '../../src/lib/domain/periods';
import { periodAfterEnd, replacedCell } from '../../src/lib/domain/succession';
import { phaseWords } from '../../src/lib/domain/model';
import { buildTrends } from '../../src/lib/page-models/trends-page';
import type { AreaEntry, AreaObservation } from '../../src/lib/page-models/site-data';
import { AreaStore } from '../../src/lib/domain/area-store';

// Buckinghamshire County Council (E10000002) ended on 31 March 2020; Buckinghamshire (E06000060), the same
// area, carries on. Figures in the DfE's shape: a few full years, one register term, children in need, PRU.
const la = (code: string, name: string, extra: Partial<AreaEntry>): AreaEntry => ({
  code, name, level: 'Local authority', old_la_code: '825', region_code: 'E12000008', start: '1998-04-01', end: null,
  predecessors: [], successors: [], sameAreaPredecessor: null, sameAreaSuccessor: null, ...extra,
});
const AREAS: AreaEntry[] = [
  { code: 'E92000001', name: 'England', level: 'National', old_la_code: '', region_code: '', start: '', end: null, predecessors: [], successors: [], sameAreaPredecessor: null, sameAreaSuccessor: null },
  { code: 'E12000008', name: 'South East', level: 'Regional', old_la_code: '', region_code: '', start: '', end: null, predecessors: [], successors: [], sameAreaPredecessor: null, sameAreaSuccessor: null },
  la('E10000002', 'Buckinghamshire County Council', { end: '2020-03-31', successors: ['E06000060'], sameAreaSuccessor: 'E06000060' }),
  la('E06000060', 'Buckinghamshire', { start: '2020-04-01', predecessors: ['E10000002'], sameAreaPredecessor: 'E10000002' }),
];
const obs = (dataset: AreaObservation['dataset'], time_period: string, value: number, extra: Partial<AreaObservation> = {}): AreaObservation => ({
  series: dataset.startsWith('registers') ? 'registers' : 'census', dataset, time_period, time_identifier: 'Full year', phase: 'total', topic: 'Total', breakdown: 'Total',
  measure: 'enrolments_pa_10_exact_percent', value, symbol: null, ...extra,
});
const cin = (tp: string, v: number) => obs('cin', tp, v, { topic: 'Social care group', breakdown: 'CINO' });
const pru = (tp: string, v: number) => obs('census-pru', tp, v, { phase: 'pru', time_identifier: 'Autumn and spring term' });
const ROWS: Record<string, AreaObservation[]> = {
  E92000001: [obs('census-geographic', '201819', 10.9), obs('census-geographic', '202021', 12.1), obs('census-geographic', '202122', 22.5), obs('registers-term', '202324', 20.1, { time_identifier: 'Autumn term' }), pru('201819', 70), pru('202021', 75), pru('202122', 80)],
  E12000008: [obs('census-geographic', '201819', 10.5), obs('census-geographic', '202021', 11.8), obs('census-geographic', '202122', 21.9), obs('registers-term', '202324', 19.5, { time_identifier: 'Autumn term' })],
  E10000002: [obs('census-geographic', '201819', 10.1), pru('201819', 68)],
  E06000060: [obs('census-geographic', '202021', 11.0), obs('census-geographic', '202122', 20.3), obs('registers-term', '202324', 18.2, { time_identifier: 'Autumn term' }), cin('201819', 30), cin('202021', 35), cin('202122', 40), pru('202021', 71)],
};
const areas = new Map(AREAS.map((a) => [a.code, a]));
const page = (code: string) => buildAreaPage({ area: areas.get(code)!, areas, read: (c) => AreaStore.fromRows(ROWS[c] ?? []) });
const chart = (code: string, id: string): ChartModel => page(code).sections.flatMap((s) => s.charts).find((c) => c.id === id)!;
const row = (c: ChartModel, period: string) => c.table.rows.find((r) => r.period === period)!;

describe('phase words in titles', () => {
  it('adds "schools" once: all schools, state-funded primary schools, pupil referral units', () => {
    expect(phaseWords('total')).toBe('all schools');
    expect(phaseWords('primary')).toBe('state-funded primary schools');
    expect(phaseWords('special')).toBe('special schools');
    expect(phaseWords('pru')).toBe('pupil referral units');
    expect(phaseWords('ap')).toBe('state-funded alternative provision');
  });
  it('gives register charts a title without "schools schools"', () => {
    const titles = page('E06000060').sections.flatMap((s) => s.charts.map((c) => c.title));
    expect(titles).toContain('Persistent absence, all schools, by term (daily registers)');
    expect(titles.filter((t) => /schools schools/.test(t))).toEqual([]);
  });
});

describe('the COVID year wherever 2020/21 is shown', () => {
  it('marks and notes it on the children-in-need chart and in its table', () => {
    const c = chart('E06000060', 'cin-persistent');
    expect(c.note).toContain(COVID_NOTE);
    expect(c.svg).toContain('COVID rules');
    expect(row(c, '2020/21').note).toMatch(/COVID-19 rules/);
    expect(row(c, '2021/22').note).toBe('');
  });
  it('marks and notes it on the PRU chart', () => {
    const c = chart('E06000060', 'pru-persistent');
    expect(c.note).toContain(COVID_NOTE);
    expect(row(c, '2020/21').note).toMatch(/COVID-19 rules/);
  });
  it('ends the story figures with the note when the year before is 2020/21', () => {
    const facts = buildAreaPage({ area: areas.get('E06000060')!, areas, read: (c) => AreaStore.fromRows(ROWS[c] ?? []) }).facts;
    expect(facts[0]).toContain(COVID_NOTE);
  });
  it('knows the COVID year in term labels and marks its first term', () => {
    expect(isCovidLabel('Autumn 2020/21')).toBe(true);
    expect(isCovidLabel('2020/21')).toBe(true);
    expect(isCovidLabel('2021/22')).toBe(false);
    expect(covidAnnotations([{ label: 'Sum 19/20', time_period: '201920' }, { label: 'Aut 20/21', time_period: '202021' }, { label: 'Spr 20/21', time_period: '202021' }])).toEqual([{ label: 'Aut 20/21', text: 'COVID rules' }]);
  });
  it('notes it on the trends term chart', () => {
    const term = (tp: string, id: string, v: number) => obs('census-geographic', tp, v, { time_identifier: id });
    const rows: Record<string, AreaObservation[]> = { E92000001: [term('201819', 'Autumn term', 4), term('202021', 'Autumn term', 5)], E12000008: [term('202021', 'Autumn term', 5.1)] };
    const t = buildTrends('enrolments_pa_10_exact_percent', 'total', AREAS, (c) => AreaStore.fromRows(rows[c] ?? [])).charts.find((c) => c.id === 'census-terms-regions')!;
    expect(t.note).toContain(COVID_NOTE);
    expect(t.note).toContain('Aut 20/21 (COVID rules)');
    expect(t.table.rows.find((r) => r.period === 'Aut 20/21')!.note).toMatch(/COVID-19 rules/);
  });
});

describe('an ended authority', () => {
  it('knows which periods began after it ended', () => {
    expect(periodAfterEnd('2020-03-31', '201920', 'Full year')).toBe(false);
    expect(periodAfterEnd('2020-03-31', '202021', 'Full year')).toBe(true);
    expect(periodAfterEnd(null, '202425', 'Full year')).toBe(false);
    expect(replacedCell([{ code: 'E06000061', name: 'North Northamptonshire' }, { code: 'E06000062', name: 'West Northamptonshire' }])).toBe('replaced by North Northamptonshire (E06000061) and West Northamptonshire (E06000062)');
  });
  it('says it was replaced, with a link, for the years on its successor\'s page', () => {
    const c = chart('E10000002', 'census-enrolments_pa_10_exact_percent-total');
    expect(row(c, '2018/19').l0).toBe('10.1');
    expect(row(c, '2020/21').l0).toBe('replaced by Buckinghamshire (E06000060)');
    expect(row(c, '2021/22').l0).toBe('replaced by Buckinghamshire (E06000060)');
    expect(row(c, '2019/20').l0).toBe('no figure published');
    expect(c.note).toContain('From 2020/21 Buckinghamshire County Council\'s figures are on the page of Buckinghamshire (E06000060)');
    expect(c.links).toEqual([{ href: '/local-authorities/E06000060/', label: 'Buckinghamshire (E06000060)' }]);
    const p = chart('E10000002', 'pru-persistent');
    expect(row(p, '2020/21').l0).toBe('replaced by Buckinghamshire (E06000060)');
  });
  it('leaves a live authority\'s gaps as "no figure published"', () => {
    const c = chart('E06000060', 'census-enrolments_pa_10_exact_percent-total');
    expect(c.links).toBeUndefined();
    expect(JSON.stringify(c.table.rows)).not.toContain('replaced by');
  });
});

describe('the registers\' year to date', () => {
  it('says the file names no end week and how far the year had gone in school days', () => {
    expect(yearToDateNote('2025/26 to date', 120.4, { label: '2024/25', days: 181.46 })).toBe(' The last point, 2025/26 to date, is the year so far, not a whole year; the DfE\'s file does not say the last week it covers. Its possible sessions come to 120 school days per enrolment, against 181 in 2024/25, the last whole year.');
    expect(yearToDateNote('2025/26 to date', null, null)).toBe(' The last point, 2025/26 to date, is the year so far, not a whole year; the DfE\'s file does not say the last week it covers.');
  });
  it('computes the days from the area\'s published possible sessions and enrolments', () => {
    const reg = (tp: string, id: string, measure: AreaObservation['measure'], v: number) => obs('registers-term', tp, v, { time_identifier: id, measure });
    const rows: Record<string, AreaObservation[]> = {
      ...ROWS,
      E06000060: [reg('202425', 'Full year', 'enrolments_pa_10_exact_percent', 17.1), reg('202425', 'Full year', 'sess_possible', 3_600_000), reg('202425', 'Full year', 'enrolments', 10_000),
        reg('202526', 'Year to date', 'enrolments_pa_10_exact_percent', 16.2), reg('202526', 'Year to date', 'sess_possible', 2_400_000), reg('202526', 'Year to date', 'enrolments', 10_000)],
    };
    const c = buildAreaPage({ area: areas.get('E06000060')!, areas, read: (code) => AreaStore.fromRows(rows[code] ?? []) }).sections.flatMap((x) => x.charts).find((x) => x.id === 'registers-year-enrolments_pa_10_exact_percent-total')!;
    expect(c.note).toContain('2025/26 to date');
    expect(c.note).toContain('120 school days per enrolment, against 180 in 2024/25');
  });
});

