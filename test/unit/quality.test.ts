import { describe, expect, it } from 'vitest';
import { checkCoverage, checkRates, checkSums, decimalPlaces } from '../../src/lib/shape/quality';
import { ALL_PUPILS, type Observation } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';

const of = (rows: Observation[]) => FigureTable.of(rows);
import type { PeriodEntry } from '../../src/lib/page-models/site-data';

const obs = (area: string, level: Observation['geographic_level'], measure: Observation['measure'], value: number | null, region = ''): Observation => ({
  series: 'census', dataset: 'census-geographic', time_period: '202324', time_identifier: 'Full year', geographic_level: level,
  area_code: area, area_name: area, old_la_code: '', region_code: region, phase: 'total', breakdown: ALL_PUPILS, measure, value, symbol: value === null ? 'c' : null,
});

describe('reconciliation checks', () => {
  it('sums LAs to their region and England within the tolerance', () => {
    const rows = [
      obs('A', 'Local authority', 'enrolments', 100, 'R'),
      obs('B', 'Local authority', 'enrolments', 51, 'R'),
      obs('R', 'Regional', 'enrolments', 151),
      obs('E92000001', 'National', 'enrolments', 160),
    ];
    const r = checkSums(of(rows), ['enrolments'], (_t, n) => 0.5 * n);
    expect([r.compared, r.held]).toEqual([2, 1]);
    expect(r.exceptions[0]).toMatch(/E92000001: published total 160, sum of 2 LAs 151/);
    expect(r.status).toBe('warn');
  });
  it('sums each measure of a row apart, in the order first met, and skips measures not asked for', () => {
    // Each area's row has enrolments, a rate (not asked for) and possible sessions.
    const area = (code: string, level: Observation['geographic_level'], enrolments: number, rate: number, sessions: number, region = '') => [
      obs(code, level, 'enrolments', enrolments, region),
      obs(code, level, 'sess_overall_percent', rate, region),
      obs(code, level, 'sess_possible', sessions, region),
    ];
    const rows = [
      ...area('A', 'Local authority', 100, 5, 1000, 'R'),
      ...area('C', 'Local authority', 7, 6, 70, 'Q'),
      ...area('B', 'Local authority', 50, 6, 500, 'R'),
      ...area('R', 'Regional', 150, 5.5, 1600),
      ...area('Q', 'Regional', 7, 5.5, 70),
      ...area('E92000001', 'National', 157, 5.5, 1570),
    ];
    const r = checkSums(of(rows), ['enrolments', 'sess_possible'], () => 0);
    expect([r.compared, r.held]).toEqual([6, 5]);
    expect(r.exceptions).toEqual(['census-geographic · 202324 · Full year · total · Total · Total · sess_possible · R: published total 1600, sum of 2 LAs 1500']);
    const national = checkSums(of(rows.map((o) => (o.area_code === 'E92000001' && o.measure === 'enrolments' ? { ...o, value: 158 } : o))), ['enrolments'], () => 0);
    expect(national.exceptions).toEqual(['census-geographic · 202324 · Full year · total · Total · Total · enrolments · E92000001: published total 158, sum of 3 LAs 157']);
  });
  it('skips totals that include a suppressed LA figure', () => {
    const rows = [obs('A', 'Local authority', 'enrolments', null, 'R'), obs('B', 'Local authority', 'enrolments', 5, 'R'), obs('R', 'Regional', 'enrolments', 9)];
    expect(checkSums(of(rows), ['enrolments'], () => 0).compared).toBe(0);
  });
  it('recomputes rates from counts at the published precision', () => {
    const ok = [obs('A', 'Local authority', 'sess_overall', 1), obs('A', 'Local authority', 'sess_possible', 3), obs('A', 'Local authority', 'sess_overall_percent', 33.3)];
    const pair = [{ rate: 'sess_overall_percent' as const, numerator: 'sess_overall' as const, denominator: 'sess_possible' as const }];
    expect(checkRates(of(ok), pair)).toMatchObject({ compared: 1, held: 1, status: 'pass' });
    const off = [...ok.slice(0, 2), obs('A', 'Local authority', 'sess_overall_percent', 33.5)];
    const r = checkRates(of(off), pair);
    expect(r.held).toBe(0);
    expect(Object.keys(r.exceptionsByGroup)).toEqual(['census-geographic sess_overall_percent, within 2 units of the last decimal']);
  });
  it('does not compare a rate published as a symbol', () => {
    const pair = [{ rate: 'sess_overall_percent' as const, numerator: 'sess_overall' as const, denominator: 'sess_possible' as const }];
    const rows = [obs('A', 'Local authority', 'sess_overall', 1), obs('A', 'Local authority', 'sess_possible', 3), obs('A', 'Local authority', 'sess_overall_percent', null)];
    expect(checkRates(of(rows), pair).compared).toBe(0);
  });
  it('joins a row\'s figures when another row comes between them', () => {
    const pair = [{ rate: 'sess_overall_percent' as const, numerator: 'sess_overall' as const, denominator: 'sess_possible' as const }];
    const rows = [
      obs('A', 'Local authority', 'sess_overall', 1),
      obs('B', 'Local authority', 'sess_overall', 1),
      obs('A', 'Local authority', 'sess_possible', 3),
      obs('B', 'Local authority', 'sess_possible', 4),
      obs('A', 'Local authority', 'sess_overall_percent', 33.3),
      obs('B', 'Local authority', 'sess_overall_percent', 30),
    ];
    const r = checkRates(of(rows), pair);
    expect(r).toMatchObject({ compared: 2, held: 1 });
    expect(r.exceptions[0]).toMatch(/^census-geographic · 202324 · Full year · B · /);
  });
  it('lists authorities of a vintage with no record', () => {
    const period: PeriodEntry = { id: 'p', series: 'census', dataset: 'census-geographic', time_period: '202324', time_identifier: 'Full year', label: '2023/24', vintage: 2023, geometry: 2023, phases: ['total'], measures: ['enrolments'] as never };
    const r = checkCoverage(of([obs('A', 'Local authority', 'enrolments', 1)]), [period], () => new Set(['A', 'B']));
    expect(r.exceptions).toEqual(['2023/24 (census) · total: no record for B']);
  });
  it('counts only rows with a figure as records: a row whose figures were all set aside is none', () => {
    const period: PeriodEntry = { id: 'p', series: 'census', dataset: 'lait', time_period: '202324', time_identifier: 'Full year', label: '2023/24', vintage: 2023, geometry: 2023, phases: ['total'], measures: ['enrolments'] as never };
    // A subset keeps every row of its table, the LAIT row among them, with none of its figures.
    const table = of([obs('A', 'Local authority', 'enrolments', 1), { ...obs('A', 'Local authority', 'enrolments', 1), dataset: 'lait' }]);
    const census = table.subset([0]);
    expect(census.rows).toHaveLength(2);
    expect(checkCoverage(census, [period], () => new Set(['A'])).exceptions).toEqual(['2023/24 (census) · total: no record for A']);
    expect(checkCoverage(table, [period], () => new Set(['A'])).exceptions).toEqual([]);
  });
});

import { findRepeatedPeriods } from '../../src/lib/shape/quality';
describe('repeated periods', () => {
  const row = (period: string, area: string, value: number): Observation => ({ ...obs(area, 'Local authority', 'enrolments_pa_10_exact_percent', value), dataset: 'registers-term', series: 'registers', time_period: period, time_identifier: 'Summer term' });
  it('flags a period that repeats last year figure for figure', () => {
    const rows = [row('202324', 'A', 18.6892829606785), row('202425', 'A', 18.6892829606785), row('202324', 'B', 17.123456), row('202425', 'B', 16.234567)];
    expect(findRepeatedPeriods(of(rows))).toEqual([{ dataset: 'registers-term', time_period: '202425', time_identifier: 'Summer term', earlier: '202324', measure: 'enrolments_pa_10_exact_percent', same: 1, of: 2 }]);
  });
  it('counts every row with a number in both years, short figures too, once the long ones flag the period', () => {
    // Like the 2024/25 summer file: a short "40" that repeats is one of the file's repeated rows.
    const rows = [row('202324', 'A', 18.6892829606785), row('202425', 'A', 18.6892829606785), row('202324', 'B', 17.123456), row('202425', 'B', 16.234567), row('202324', 'C', 40), row('202425', 'C', 40)];
    expect(findRepeatedPeriods(of(rows))).toMatchObject([{ same: 2, of: 3 }]);
  });
  it('compares each phase and authority with the same phase and authority a year before, figures of other periods between', () => {
    const at = (period: string, area: string, phase: 'primary' | 'secondary', value: number): Observation => ({ ...row(period, area, value), phase });
    const rows = [at('202324', 'A', 'primary', 12.345678), at('202425', 'A', 'secondary', 12.345678), at('202324', 'B', 'secondary', 1.2345678)];
    expect(findRepeatedPeriods(of(rows))).toEqual([]);
    expect(findRepeatedPeriods(of([...rows, at('202425', 'B', 'secondary', 1.2345678)]))).toMatchObject([{ time_period: '202425', same: 1, of: 1 }]);
  });
  it('compares each rate of a row with the same rate a year before, other measures and symbols of the row aside', () => {
    const year = (period: string, pa: number, overall: number | null) => [
      row(period, 'A', pa),
      { ...row(period, 'A', 0), measure: 'enrolments' as const, value: 123456789 },
      { ...row(period, 'A', 0), measure: 'sess_overall_percent' as const, value: overall, symbol: overall === null ? ('c' as const) : null },
    ];
    // A's overall rate is a symbol both years (not counted as the same figure); B's repeats.
    const b = (period: string) => ({ ...row(period, 'B', 0), measure: 'sess_overall_percent' as const, value: 7.1234567 });
    const found = findRepeatedPeriods(of([...year('202324', 18.6892829606785, null), b('202324'), ...year('202425', 17.123456, null), b('202425')]));
    expect(found.map((f) => [f.measure, f.same, f.of])).toEqual([['sess_overall_percent', 1, 1]]);
  });
  it('ignores short figures that can repeat by chance', () => {
    expect(findRepeatedPeriods(of([row('202324', 'A', 18.9), row('202425', 'A', 18.9)]))).toEqual([]);
  });
});

describe('decimalPlaces: a published rate\'s decimal places, as its shortest text has them', () => {
  it('agrees with the text String writes, whole numbers, long decimals and tiny numbers included', () => {
    const fromText = (x: number) => {
      const t = String(x);
      return t.includes('.') ? t.length - t.indexOf('.') - 1 : 0;
    };
    const cases = [0, 18, 18.9, 18.25, 5.175, 2.675, 0.05, 99.99999, 17.690000000000001, 0.1 + 0.2, 1 / 7, 100 / 3, 1234.5678, 1e-7, 1.5e-7, 3.5e-6, 1e-6, 12.3456789012, 1.25e21];
    for (const x of cases) expect(decimalPlaces(x), String(x)).toBe(fromText(x));
    expect(decimalPlaces(18.9)).toBe(1);
    expect(decimalPlaces(5.175)).toBe(3);
    expect(decimalPlaces(0.1 + 0.2)).toBe(17);
    // Written with an exponent: the characters after the point, as the check always counted them.
    expect(decimalPlaces(1e-7)).toBe(0);
    expect(decimalPlaces(1.5e-7)).toBe(4);
  });
});
