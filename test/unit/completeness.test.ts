import { describe, expect, it } from 'vitest';
import { buildContents, findCoverageGaps, findDrops } from '../../src/lib/ingest/completeness';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import { ALL_PUPILS, type GeographicLevel, type Observation, type Phase } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';

// Two regions; Northumberland changed code in 2013 (same old_la_code 929); Newham Vale began in 2024.
const lookup = readAreaLookup({
  las:
    'new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\n' +
    'E06000001,Hartlepool,01/04/2009,,E12000001,805\n' +
    'E06000002,Middlesbrough,01/04/2009,,E12000001,806\n' +
    'E06000048,Northumberland,01/04/2009,31/03/2013,E12000001,929\n' +
    'E06000057,Northumberland,01/04/2013,,E12000001,929\n' +
    'E06000099,Newham Vale,01/04/2024,,E12000001,999\n' +
    'E06000008,Blackburn with Darwen,01/04/2009,,E12000002,889\n',
  regions: 'region_code,region_name\nE12000001,North East\nE12000002,North West\n',
  changes: 'oldcd,newcd,type,start\nE07000048,E06000058,merger,2019\n',
});

const REGION_OF: Record<string, string> = { E06000001: 'E12000001', E06000002: 'E12000001', E06000048: 'E12000001', E06000057: 'E12000001', E06000008: 'E12000002' };

function row(level: GeographicLevel, area: string, phase: Phase, period = '202324', identifier = 'Autumn term'): Observation {
  return {
    series: 'registers',
    dataset: 'registers-term',
    time_period: period,
    time_identifier: identifier,
    geographic_level: level,
    area_code: area,
    area_name: area,
    old_la_code: '',
    region_code: level === 'Local authority' ? REGION_OF[area]! : '',
    phase,
    breakdown: ALL_PUPILS,
    measure: 'sess_overall_percent',
    value: 5,
    symbol: null,
  };
}

/** A complete register term: England and both regions in every phase, LAs in primary and secondary (no Total). */
function complete(period = '202324', identifier = 'Autumn term', las = ['E06000001', 'E06000002', 'E06000057', 'E06000008']): Observation[] {
  const out: Observation[] = [];
  for (const phase of ['total', 'primary', 'secondary'] as Phase[]) {
    out.push(row('National', 'E92000001', phase, period, identifier));
    for (const r of ['E12000001', 'E12000002']) out.push(row('Regional', r, phase, period, identifier));
    if (phase !== 'total') for (const la of las) out.push(row('Local authority', la, phase, period, identifier));
  }
  return out;
}

const without = (obs: Observation[], drop: (o: Observation) => boolean) => obs.filter((o) => !drop(o));

describe('findCoverageGaps: a file against its own totals', () => {
  it('finds nothing in a complete file; the Total phase that LAs never have is not asked of them', () => {
    expect(findCoverageGaps(FigureTable.of(complete()), lookup)).toEqual({ count: 0, gaps: [] });
  });

  it("England's row lost while the regions' remain", () => {
    const obs = without(complete(), (o) => o.geographic_level === 'National' && o.phase === 'total');
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24 All schools: Regional rows but no National (England) row']);
  });

  it('a phase whose England and region rows were cut away, its LA rows kept (the real cut autumn 2023/24 file)', () => {
    const obs = without(complete(), (o) => o.geographic_level !== 'Local authority' && o.phase === 'secondary');
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24 State-funded secondary: Local authority rows but no National (England) row']);
  });

  it('LA rows alone in a week with no England or region rows (half-term weeks of the weekly files) are no gap', () => {
    const obs = [row('Local authority', 'E06000001', 'primary', '2024', 'Week 44'), ...complete('2024', 'Week 45')];
    expect(findCoverageGaps(FigureTable.of(obs), lookup).count).toBe(0);
  });

  it('an England row with no regional rows for that phase, and a region missing from one phase', () => {
    const obs = without(complete(), (o) => o.geographic_level === 'Regional' && o.phase === 'primary' && o.area_code === 'E12000002');
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24 State-funded primary: no Regional row for E12000002']);
    const noRegions = without(complete(), (o) => o.geographic_level === 'Regional' && o.phase === 'primary');
    expect(findCoverageGaps(FigureTable.of(noRegions), lookup).gaps).toEqual(['registers-term Autumn term 2023/24 State-funded primary: an England row but no Regional rows']);
  });

  it('a phase England has and LAs have elsewhere in the file, missing for LAs in one period', () => {
    const obs = [...complete('202223'), ...without(complete(), (o) => o.geographic_level === 'Local authority' && o.phase === 'secondary')];
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24 State-funded secondary: an England row but no Local authority rows']);
  });

  it('an LA of a region with totals, operating all year, with no row at all', () => {
    const obs = without(complete(), (o) => o.area_code === 'E06000002');
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24: no row for 1 LA of regions it has totals for: Middlesbrough (E06000002)']);
  });

  it('an LA under the code it had before a code change counts; one not operating all year is not expected', () => {
    // 2012/13: Northumberland is E06000048 to 31 March 2013, E06000057 after: neither operates the whole year.
    const y2012 = complete('201213', 'Autumn term', ['E06000001', 'E06000002', 'E06000008']);
    expect(findCoverageGaps(FigureTable.of(y2012), lookup).count).toBe(0);
    // 2013/14 under the old code: the same authority. Newham Vale began in April 2024: not expected in 2023/24.
    const oldCode = complete('201314', 'Autumn term', ['E06000001', 'E06000002', 'E06000048', 'E06000008']);
    expect(findCoverageGaps(FigureTable.of(oldCode), lookup).count).toBe(0);
    expect(findCoverageGaps(FigureTable.of(complete('202425')), lookup).gaps).toEqual(['registers-term Autumn term 2024/25: no row for 1 LA of regions it has totals for: Newham Vale (E06000099)']);
  });

  it('counts only rows of all pupils: a breakdown row does not stand in for a missing LA', () => {
    const girls: Observation = { ...row('Local authority', 'E06000002', 'primary'), breakdown: { topic: 'Gender', value: 'Female' } };
    const obs: Observation[] = [...without(complete(), (o) => o.area_code === 'E06000002'), girls, { ...girls, measure: 'enrolments' }];
    expect(findCoverageGaps(FigureTable.of(obs), lookup).gaps).toEqual(['registers-term Autumn term 2023/24: no row for 1 LA of regions it has totals for: Middlesbrough (E06000002)']);
  });

  it('does not ask every LA for a phase not every LA has (a PRU file)', () => {
    const pru = [row('National', 'E92000001', 'pru'), row('Regional', 'E12000001', 'pru'), row('Local authority', 'E06000001', 'pru')];
    expect(findCoverageGaps(FigureTable.of(pru), lookup).count).toBe(0);
  });

  it('counts every gap and describes up to the limit', () => {
    const obs = without(complete(), (o) => o.geographic_level === 'National');
    const r = findCoverageGaps(FigureTable.of(obs), lookup, 2);
    expect(r.count).toBe(3);
    expect(r.gaps).toHaveLength(2);
  });
});

describe('findDrops: what a build would lose against the previous build of the same folder', () => {
  const before = buildContents('/data', FigureTable.of([...complete('202223'), ...complete()]));

  it('names the periods, areas and phases gone, each within its dataset', () => {
    const after = buildContents('/data', FigureTable.of(without(complete(), (o) => o.area_code === 'E06000002' || o.phase === 'secondary')));
    expect(findDrops(before, after, (c) => (c === 'E06000002' ? 'Middlesbrough (E06000002)' : c))).toEqual([
      'periods: registers-term Autumn term 2022/23',
      'areas: registers-term Middlesbrough (E06000002)',
      'phases: registers-term secondary',
    ]);
  });

  it('reads only the rows of the figures it is given, not every row of the table they were taken from', () => {
    const all = FigureTable.of([...complete('202223'), ...complete()]);
    const lastYear = complete('202223').length;
    const thisYear = buildContents('/data', all.subset(Array.from({ length: all.length - lastYear }, (_, k) => lastYear + k)));
    expect(thisYear.periods).toEqual(['registers-term|202324|Autumn term']);
    expect(thisYear).toEqual(buildContents('/data', FigureTable.of(complete())));
  });

  it('nothing for the same contents, more contents, another folder or no previous build', () => {
    expect(findDrops(before, before)).toEqual([]);
    expect(findDrops(before, buildContents('/data', FigureTable.of([...complete('202122'), ...complete('202223'), ...complete()])))).toEqual([]);
    expect(findDrops(before, buildContents('/other', FigureTable.of(complete())))).toEqual([]);
    expect(findDrops(undefined, buildContents('/data', FigureTable.of(complete())))).toEqual([]);
  });
});
