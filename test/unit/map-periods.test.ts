import { describe, expect, it } from 'vitest';
import { buildBreaks, buildPeriods } from '../../src/lib/shape/map-layers';
import { fixedBreaks } from '../../src/lib/classes/bins';
import type { BoundarySource } from '../../src/lib/ingest/geo/boundaries';
import { ALL_PUPILS, type Observation } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';

/** Three authorities: Bedford and Central Bedfordshire from 2009 (the source draws them always), Luton. */
const source = {
  file: 'geo/topo.json',
  las: ['E06000055', 'E06000056', 'E06000032'].map((areacd) => ({ type: 'Feature', geometry: null, properties: { areacd, areanm: areacd } })),
  regions: [],
  years: [2010, 2011, 2012],
} as unknown as BoundarySource;

const la = (time_period: string, area_code: string, time_identifier = 'Full year'): Observation => ({
  series: 'census',
  dataset: 'census-geographic',
  time_period,
  time_identifier,
  geographic_level: 'Local authority',
  area_code,
  area_name: area_code,
  old_la_code: '',
  region_code: 'E12000006',
  phase: 'total',
  breakdown: ALL_PUPILS,
  measure: 'enrolments_pa_10_exact_percent',
  value: 20,
  symbol: null,
});

describe('buildPeriods: periods the boundary file cannot draw', () => {
  const terminated = (code: string) => code === 'E10000001';

  it('lists a year holding an abolished authority with no shape as unmapped, and maps the rest', () => {
    const obs = [la('200708', 'E10000001'), la('200708', 'E06000032'), la('201011', 'E06000055'), la('201011', 'E06000056'), la('201011', 'E06000032')];
    const { periods, unmapped } = buildPeriods(FigureTable.of(obs), source, terminated);
    expect(periods.map((p) => p.id)).toEqual(['census-201011-full-year']);
    expect(unmapped).toEqual([
      { id: 'census-200708-full-year', series: 'census', dataset: 'census-geographic', time_period: '200708', time_identifier: 'Full year', label: '2007/08 full year', noShape: ['E10000001'] },
    ]);
  });

  it('refuses, rather than lists, a live authority with no shape', () => {
    expect(() => buildPeriods(FigureTable.of([la('201011', 'E06000099')]), source, terminated)).toThrow('geo/topo.json: no boundary vintage holds every LA code of census-geographic 2010/11 full year');
  });

  it('keeps terms and full years of one year apart', () => {
    const { periods } = buildPeriods(FigureTable.of([la('201011', 'E06000032'), la('201011', 'E06000032', 'Autumn term')]), source, terminated);
    expect(periods.map((p) => p.label)).toEqual(['Autumn term 2010/11', '2010/11 full year']);
  });
});

describe('buildMapLayers: pupils beside persistent and severe absence', () => {
  it('puts the published count under its rate, keeps a symbol, and never draws a count as a rate', async () => {
    const { buildMapLayers } = await import('../../src/lib/shape/map-layers');
    // Luton's rate and count are two figures of one row; Bedford's count and Central Bedfordshire's rate follow in rows of their own.
    const obs = [
      la('201011', 'E06000032'),
      { ...la('201011', 'E06000032'), measure: 'enrolments_pa_10_exact' as const, value: 7264 },
      { ...la('201011', 'E06000055'), measure: 'enrolments_pa_50_exact' as const, value: null, symbol: 'c' as const },
      { ...la('201011', 'E06000056'), value: 21 },
    ];
    const figures = FigureTable.of(obs);
    expect(figures.rows).toHaveLength(3);
    const { periods } = buildPeriods(figures, source, () => false);
    const [layer] = buildMapLayers(figures, periods);
    expect(layer!.values).toEqual({ E06000032: { enrolments_pa_10_exact_percent: 20 }, E06000056: { enrolments_pa_10_exact_percent: 21 } });
    expect(layer!.counts).toEqual({ E06000032: { enrolments_pa_10_exact_percent: 7264 }, E06000055: { enrolments_pa_50_exact_percent: 'c' } });
  });

  it('makes one layer per phase, each with its own areas, and leaves out breakdowns and datasets not mapped', async () => {
    const { buildMapLayers } = await import('../../src/lib/shape/map-layers');
    const figures = FigureTable.of([
      la('201011', 'E06000032'),
      { ...la('201011', 'E06000032'), phase: 'primary' as const, value: 15 },
      { ...la('201011', 'E06000055'), breakdown: { topic: 'Gender' as const, value: 'Boys' }, value: 99 },
      { ...la('201011', 'E06000055'), dataset: 'census-pru' as const, value: 98 },
    ]);
    const layers = buildMapLayers(figures, buildPeriods(figures, source, () => false).periods);
    expect(layers).toEqual([
      { period: 'census-201011-full-year', phase: 'total', values: { E06000032: { enrolments_pa_10_exact_percent: 20 } } },
      { period: 'census-201011-full-year', phase: 'primary', values: { E06000032: { enrolments_pa_10_exact_percent: 15 } } },
    ]);
  });
});

describe('buildPeriods: what a period holds', () => {
  it("lists the phases and measures of its LA figures only, a row's measures all counted", () => {
    const figures = FigureTable.of([
      la('201011', 'E06000032'),
      { ...la('201011', 'E06000032'), measure: 'sess_overall_percent' as const, value: 5.1 },
      { ...la('201011', 'E06000055'), phase: 'secondary' as const, measure: 'sess_authorised_percent' as const, value: null, symbol: 'c' as const },
      { ...la('201011', 'E92000001'), geographic_level: 'National' as const, phase: 'special' as const, measure: 'enrolments_pa_50_exact_percent' as const, value: 3 },
    ]);
    const [period] = buildPeriods(figures, source, () => false).periods;
    expect(period!.phases).toEqual(['total', 'secondary']);
    expect(period!.measures).toEqual(['enrolments_pa_10_exact_percent', 'sess_overall_percent', 'sess_authorised_percent']);
  });

  it('draws a period from the dataset precedence ranks first, whichever comes first', () => {
    const figures = FigureTable.of([
      { ...la('201011', 'E06000099'), dataset: 'lait' as const },
      { ...la('201011', 'E06000099'), dataset: 'lait' as const, measure: 'sess_overall_percent' as const, value: 5 },
      la('201011', 'E06000032'),
      { ...la('201011', 'E06000032'), measure: 'sess_overall_percent' as const, value: 5.1 },
    ]);
    const [period] = buildPeriods(figures, source, () => false).periods;
    // LAIT's E06000099 has no shape: drawn from LAIT, the period would be refused.
    expect(period).toMatchObject({ dataset: 'census-geographic', measures: ['enrolments_pa_10_exact_percent', 'sess_overall_percent'] });
  });
});

describe('buildBreaks: fixed classes pooled over every period of both series', () => {
  const layer = (period: string, values: Record<string, number>) => ({
    period,
    phase: 'total' as const,
    values: Object.fromEntries(Object.entries(values).map(([code, v]) => [code, { enrolments_pa_10_exact_percent: v }])),
  });
  const las = new Set(['E06000032', 'E06000055', 'E06000056']);

  it('pools census and register periods, LA values only, into one set of breaks per measure and phase', () => {
    const layers = [
      layer('census-202324-full-year', { E06000032: 10, E06000055: 12, E06000056: 14, E92000001: 99 }),
      layer('registers-202425-autumn-term', { E06000032: 30, E06000055: 32, E06000056: 34 }),
    ];
    const { breaks } = buildBreaks(layers, las);
    expect(breaks['enrolments_pa_10_exact_percent|total']).toEqual(fixedBreaks([10, 12, 14, 30, 32, 34]));
    // The registers' values reach the top classes; a pool of census periods alone would stop at 14.
    expect(Math.max(...breaks['enrolments_pa_10_exact_percent|total']!)).toBeGreaterThan(14);
  });
});
