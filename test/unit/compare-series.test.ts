import { describe, expect, it } from 'vitest';
import { compareSeries } from '../../src/lib/shape/areas';
import type { AreaObservation } from '../../src/lib/page-models/site-data';
import { AreaStore } from '../../src/lib/domain/area-store';

const row = (dataset: AreaObservation['dataset'], time_period: string, time_identifier: string, value: number | null): AreaObservation => ({
  series: dataset.startsWith('registers') ? 'registers' : 'census',
  dataset,
  time_period,
  time_identifier,
  phase: 'total',
  topic: 'Total',
  breakdown: 'Total',
  measure: 'enrolments_pa_10_exact_percent',
  value,
  symbol: value === null ? 'x' : null,
});

describe('compareSeries: census years, census terms and register terms kept apart', () => {
  const out = compareSeries(AreaStore.fromRows([
    row('census-geographic', '202223', 'Full year', 24.64186),
    row('census-geographic', '202223', 'Autumn term', 25.1),
    row('census-geographic', '202324', 'Autumn term', null),
    row('registers-term', '202324', 'Autumn term', 19.9),
    row('registers-term', '202324', 'Year to date', 20.1),
    row('census-geographic', '202223', 'Autumn and spring term', 23),
  ]));
  const key = 'enrolments_pa_10_exact_percent|total';

  it('puts each figure on its own series and never a term on the full-year line', () => {
    expect(out.census[key]).toEqual([['2022/23', 24.64186]]);
    expect(out.censusTerms[key]).toEqual([
      ['Autumn 2022/23', 25.1],
      ['Autumn 2023/24', 'x'],
    ]);
    expect(out.registers[key]).toEqual([['Autumn 2023/24', 19.9]]);
  });
});

describe('compareSeries: a same-area predecessor fills the years before the code changed', () => {
  const key = 'enrolments_pa_10_exact_percent|total';
  const own = AreaStore.fromRows([
    row('census-geographic', '202021', 'Full year', 13.1),
    row('census-geographic', '202122', 'Full year', 20.2),
    row('registers-term', '202324', 'Autumn term', 19.9),
  ]);
  const before = AreaStore.fromRows([
    row('lait', '201819', 'Full year', 10.5),
    row('census-geographic', '201920', 'Full year', null),
    // A figure for a year the area has its own: the area's own wins.
    row('census-geographic', '202021', 'Full year', 99),
  ]);
  const out = compareSeries(own, { code: 'E10000002', name: 'Buckinghamshire', rows: before });

  it('puts the predecessor years first, in time order, symbols kept, and the own figure where both have one', () => {
    expect(out.census[key]).toEqual([
      ['2018/19', 10.5],
      ['2019/20', 'x'],
      ['2020/21', 13.1],
      ['2021/22', 20.2],
    ]);
  });

  it('names the predecessor and only the lines it fills', () => {
    expect(out.predecessor).toEqual({ code: 'E10000002', name: 'Buckinghamshire', lines: [`census|${key}`] });
    expect(out.registers[key]).toEqual([['Autumn 2023/24', 19.9]]);
  });

  it('leaves an area without a predecessor as it was', () => {
    expect(compareSeries(own).predecessor).toBeUndefined();
    expect(compareSeries(own).census[key]).toEqual([['2020/21', 13.1], ['2021/22', 20.2]]);
  });
});
