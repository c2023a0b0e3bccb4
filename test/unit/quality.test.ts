import { describe, expect, it } from 'vitest';
import { checkCoverage, checkRates, checkSums } from '../../src/lib/shape/quality';
import { ALL_PUPILS, type Observation } from '../../src/lib/domain/model';
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
    const r = checkSums(rows, ['enrolments'], (_t, n) => 0.5 * n);
    expect([r.compared, r.held]).toEqual([2, 1]);
    expect(r.exceptions[0]).toMatch(/E92000001: published total 160, sum of 2 LAs 151/);
    expect(r.status).toBe('warn');
  });
  it('skips totals that include a suppressed LA figure', () => {
    const rows = [obs('A', 'Local authority', 'enrolments', null, 'R'), obs('B', 'Local authority', 'enrolments', 5, 'R'), obs('R', 'Regional', 'enrolments', 9)];
    expect(checkSums(rows, ['enrolments'], () => 0).compared).toBe(0);
  });
  it('recomputes rates from counts at the published precision', () => {
    const ok = [obs('A', 'Local authority', 'sess_overall', 1), obs('A', 'Local authority', 'sess_possible', 3), obs('A', 'Local authority', 'sess_overall_percent', 33.3)];
    const pair = [{ rate: 'sess_overall_percent' as const, numerator: 'sess_overall' as const, denominator: 'sess_possible' as const }];
    expect(checkRates(ok, pair)).toMatchObject({ compared: 1, held: 1, status: 'pass' });
    const off = [...ok.slice(0, 2), obs('A', 'Local authority', 'sess_overall_percent', 33.5)];
    const r = checkRates(off, pair);
    expect(r.held).toBe(0);
    expect(Object.keys(r.exceptionsByGroup)).toEqual(['census-geographic sess_overall_percent, within 2 units of the last decimal']);
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
    const r = checkRates(rows, pair);
    expect(r).toMatchObject({ compared: 2, held: 1 });
    expect(r.exceptions[0]).toMatch(/^census-geographic · 202324 · Full year · B · /);
  });
  it('lists authorities of a vintage with no record', () => {
    const period: PeriodEntry = { id: 'p', series: 'census', dataset: 'census-geographic', time_period: '202324', time_identifier: 'Full year', label: '2023/24', vintage: 2023, geometry: 2023, phases: ['total'], measures: ['enrolments'] as never };
    const r = checkCoverage([obs('A', 'Local authority', 'enrolments', 1)], [period], () => new Set(['A', 'B']));
    expect(r.exceptions).toEqual(['2023/24 (census) · total: no record for B']);
  });
});

import { findRepeatedPeriods } from '../../src/lib/shape/quality';
describe('repeated periods', () => {
  const row = (period: string, area: string, value: number): Observation => ({ ...obs(area, 'Local authority', 'enrolments_pa_10_exact_percent', value), dataset: 'registers-term', series: 'registers', time_period: period, time_identifier: 'Summer term' });
  it('flags a period that repeats last year figure for figure', () => {
    const rows = [row('202324', 'A', 18.6892829606785), row('202425', 'A', 18.6892829606785), row('202324', 'B', 17.123456), row('202425', 'B', 16.234567)];
    expect(findRepeatedPeriods(rows)).toEqual([{ dataset: 'registers-term', time_period: '202425', time_identifier: 'Summer term', earlier: '202324', measure: 'enrolments_pa_10_exact_percent', same: 1, of: 2 }]);
  });
  it('counts every row with a number in both years, short figures too, once the long ones flag the period', () => {
    // Like the 2024/25 summer file: a short "40" that repeats is one of the file's repeated rows.
    const rows = [row('202324', 'A', 18.6892829606785), row('202425', 'A', 18.6892829606785), row('202324', 'B', 17.123456), row('202425', 'B', 16.234567), row('202324', 'C', 40), row('202425', 'C', 40)];
    expect(findRepeatedPeriods(rows)).toMatchObject([{ same: 2, of: 3 }]);
  });
  it('compares each phase and authority with the same phase and authority a year before, figures of other periods between', () => {
    const at = (period: string, area: string, phase: 'primary' | 'secondary', value: number): Observation => ({ ...row(period, area, value), phase });
    const rows = [at('202324', 'A', 'primary', 12.345678), at('202425', 'A', 'secondary', 12.345678), at('202324', 'B', 'secondary', 1.2345678)];
    expect(findRepeatedPeriods(rows)).toEqual([]);
    expect(findRepeatedPeriods([...rows, at('202425', 'B', 'secondary', 1.2345678)])).toMatchObject([{ time_period: '202425', same: 1, of: 1 }]);
  });
  it('ignores short figures that can repeat by chance', () => {
    expect(findRepeatedPeriods([row('202324', 'A', 18.9), row('202425', 'A', 18.9)])).toEqual([]);
  });
});
