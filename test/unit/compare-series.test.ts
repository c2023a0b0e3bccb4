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
