import { describe, expect, it } from 'vitest';
import { cautionText, findCautions, SMALL_BASE } from '../../src/lib/shape/cautions';
import { ALL_PUPILS, type Observation } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';

const enrol = (time_period: string, time_identifier: string, value: number | null, over: Partial<Observation> = {}): Observation => ({
  series: 'census',
  dataset: 'census-geographic',
  time_period,
  time_identifier,
  geographic_level: 'Local authority',
  area_code: 'E10000006',
  area_name: 'Cumbria',
  old_la_code: '909',
  region_code: 'E12000002',
  phase: 'total',
  breakdown: ALL_PUPILS,
  measure: 'enrolments',
  value,
  symbol: value === null ? 'x' : null,
  ...over,
});

describe('findCautions', () => {
  it('flags a term whose enrolments are under half the previous published term (Cumbria, spring 2023)', () => {
    const found = findCautions(FigureTable.of([enrol('202223', 'Summer term', 987), enrol('202223', 'Autumn term', 58715), enrol('202223', 'Spring term', 504), enrol('202122', 'Summer term', 59000)]));
    // Summer (987) is not under half of spring (504), and is not a small base either.
    expect(found.map((c) => [c.time_identifier, c.caution.kind])).toEqual([['Spring term', 'drop']]);
    expect(found[0]!.caution).toEqual({ kind: 'drop', enrolments: 504, before: 58715, beforeLabel: 'Autumn term 2022/23' });
  });

  it('does not flag a fall of exactly half, a rise, full years, other phases mixed in, or a symbol read as 0', () => {
    const found = findCautions(FigureTable.of([
      enrol('202223', 'Autumn term', 60000),
      enrol('202223', 'Spring term', 30000),
      enrol('202223', 'Summer term', null),
      enrol('202324', 'Autumn term', 29000),
      enrol('202223', 'Full year', 1000),
      enrol('202324', 'Full year', 100000),
      enrol('202223', 'Autumn term', 1200, { phase: 'special' }),
    ]));
    expect(found).toEqual([]);
  });

  it('cautions a small base below SMALL_BASE enrolments only, for LA rows of the census file only', () => {
    const found = findCautions(FigureTable.of([
      enrol('202324', 'Full year', SMALL_BASE - 1, { area_code: 'E09000001', area_name: 'City of London' }),
      enrol('202324', 'Full year', SMALL_BASE, { area_code: 'E06000053', area_name: 'Isles of Scilly' }),
      enrol('202324', 'Full year', 12, { dataset: 'registers-term', series: 'registers' }),
      enrol('202324', 'Full year', 12, { geographic_level: 'Regional', area_code: 'E12000001' }),
    ]));
    expect(found.map((c) => c.area_name)).toEqual(['City of London']);
  });

  it('reads the enrolments of a row, not its other measures', () => {
    // One published row: enrolments 60,000 then 400 possible sessions (not a small base, not a drop).
    const row = [enrol('202324', 'Autumn term', 60000), enrol('202324', 'Autumn term', 400, { measure: 'sess_possible' }), enrol('202324', 'Spring term', 59000)];
    expect(findCautions(FigureTable.of(row))).toEqual([]);
    const small = findCautions(FigureTable.of([enrol('202324', 'Autumn term', 400, { measure: 'sess_possible' }), enrol('202324', 'Autumn term', 450)]));
    expect(small.map((c) => c.caution)).toEqual([{ kind: 'small', enrolments: 450 }]);
  });
});

describe('cautionText', () => {
  it('says both counts of a drop and the size of a small base', () => {
    expect(cautionText({ kind: 'drop', enrolments: 504, before: 58715, beforeLabel: 'Autumn term 2022/23' })).toBe(
      'Caution: enrolments fell from 58,715 in Autumn term 2022/23 to 504, so this rate describes a small remainder of pupils and is not comparable with the term before.',
    );
    expect(cautionText({ kind: 'small', enrolments: 1 })).toContain('based on 1 enrolment,');
  });
});
