import { describe, expect, it } from 'vitest';
import { importCensusGeographic } from '../../src/lib/ingest/importers/census';
import { MEASURES, type MeasureId, type Observation } from '../../src/lib/domain/model';
import { readReal } from '../data-dir';

// PAbs "autumn and spring terms" pupil referral unit file (see SOURCES.md): no phase column, a BOM.
const FILE = 'dfe/absence_pru/4_absence_2term_pru.csv';

describe(FILE, () => {
  const { figures, unknownColumns } = importCensusGeographic(readReal(FILE), FILE, { phase: 'pru' });
  const obs = figures.toObservations();
  const rows = new Map<string, Observation[]>();
  for (const o of obs) {
    const key = `${o.time_period}|${o.area_code}`;
    rows.set(key, [...(rows.get(key) ?? []), o]);
  }
  const value = (period: string, area: string, measure: MeasureId) => rows.get(`${period}|${area}`)!.find((o) => o.measure === measure)!;

  it('yields 13 observations for each of its 1,373 data rows, all PRU and census', () => {
    expect(rows.size).toBe(1373);
    expect(obs).toHaveLength(1373 * Object.keys(MEASURES).length);
    expect(new Set(obs.map((o) => `${o.series} ${o.dataset} ${o.phase}`))).toEqual(new Set(['census census-pru pru']));
    expect(unknownColumns).toEqual([]);
  });

  it('covers 2013/14 to 2022/23 without 2019/20, autumn and spring terms only', () => {
    expect([...new Set(obs.map((o) => o.time_period))].sort()).toEqual([
      '201314',
      '201415',
      '201516',
      '201617',
      '201718',
      '201819',
      '202021',
      '202122',
      '202223',
    ]);
    expect(new Set(obs.map((o) => o.time_identifier))).toEqual(new Set(['Autumn and spring term']));
  });

  it('has 9 national, 90 regional (Inner and Outer London apart) and 1,274 LA rows, 145 LA names', () => {
    const levels = new Map<string, Set<string>>();
    for (const key of rows.keys()) {
      const level = rows.get(key)![0]!.geographic_level;
      levels.set(level, (levels.get(level) ?? new Set()).add(key));
    }
    expect([...levels].map(([l, keys]) => [l, keys.size]).sort()).toEqual([
      ['Local authority', 1274],
      ['National', 9],
      ['Regional', 90],
    ]);
    const la = obs.filter((o) => o.geographic_level === 'Local authority');
    expect(new Set(la.map((o) => o.area_name)).size).toBe(145);
    // Dorset appears under the pre-2019 county code and the 2019 unitary code.
    expect(new Set(la.map((o) => o.area_code)).size).toBe(146);
    const regions = new Set(obs.filter((o) => o.geographic_level === 'Regional').map((o) => o.area_code));
    expect(regions.has('E13000001') && regions.has('E13000002') && !regions.has('E12000007')).toBe(true);
  });

  it('reads the England 2022/23 row as published', () => {
    // Values read from the file with: awk -F, '$1=="202223" && $3=="National"' 4_absence_2term_pru.csv
    const england = Object.fromEntries(rows.get('202223|E92000001')!.map((o) => [o.measure, o.value]));
    expect(england).toEqual({
      num_schools: 331,
      enrolments: 34739,
      sess_possible: 5157635,
      sess_overall: 2101715,
      sess_authorised: 1142965,
      sess_unauthorised: 958750,
      sess_overall_percent: 40.74959,
      sess_authorised_percent: 22.16064,
      sess_unauthorised_percent: 18.58895,
      enrolments_pa_10_exact: 28221,
      enrolments_pa_10_exact_percent: 81.23723,
      enrolments_pa_50_exact: 13012,
      enrolments_pa_50_exact_percent: 37.4565,
    } satisfies Record<MeasureId, number>);
    expect(value('202223', 'E06000032', 'enrolments_pa_10_exact_percent')).toMatchObject({
      area_name: 'Luton',
      old_la_code: '821',
      region_code: 'E12000006',
      value: 81.29496,
    });
  });

  it('keeps severe absence as z (not applicable) for 2013/14 to 2015/16', () => {
    const z = obs.filter((o) => o.symbol !== null);
    expect(new Set(z.map((o) => `${o.symbol} ${o.measure}`))).toEqual(
      new Set(['z enrolments_pa_50_exact', 'z enrolments_pa_50_exact_percent']),
    );
    expect(new Set(z.map((o) => o.time_period))).toEqual(new Set(['201314', '201415', '201516']));
    expect(z).toHaveLength(2 * 459);
  });

  it('is internally consistent: LA enrolments add up to England, rates match counts', () => {
    for (const period of new Set(obs.map((o) => o.time_period))) {
      const la = obs.filter((o) => o.time_period === period && o.geographic_level === 'Local authority' && o.measure === 'enrolments');
      expect(la.reduce((s, o) => s + o.value!, 0)).toBe(value(period, 'E92000001', 'enrolments').value);
    }
    for (const row of rows.values()) {
      const m = Object.fromEntries(row.map((o) => [o.measure, o.value]));
      expect(m.sess_authorised! + m.sess_unauthorised!).toBe(m.sess_overall);
      expect(Math.abs((100 * m.sess_overall!) / m.sess_possible! - m.sess_overall_percent!)).toBeLessThan(1e-5);
      expect(Math.abs((100 * m.enrolments_pa_10_exact!) / m.enrolments! - m.enrolments_pa_10_exact_percent!)).toBeLessThan(1e-5);
    }
  });
});
