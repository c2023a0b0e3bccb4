import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDistributions, type DistributionsImport } from '../../src/lib/ingest/importers/distributions';
import type { Observation } from '../../src/lib/domain/model';
import { DATA_DIR } from '../data-dir';

const FILE = path.join(DATA_DIR, 'dfe', 'absence_distributions', 'absence_bands_distributions.zip');

let result: DistributionsImport;
let observations: Observation[];
beforeAll(async () => {
  result = await importDistributions(fs.createReadStream(FILE), FILE);
  observations = result.figures.toObservations();
});

function value(area: string, period: string, measure: string, phase = 'total'): number {
  const hits = observations.filter(
    (o: Observation) =>
      o.area_code === area && o.time_period === period && o.measure === measure && o.phase === phase && o.breakdown.topic === 'Total',
  );
  expect(hits).toHaveLength(1);
  return hits[0]!.value!;
}

describe('absence distributions (real file)', () => {
  // Its speed is measured by `npm run bench`, not asserted here: a loaded machine must not fail a data check.
  it('reads every row (counts per level as in SOURCES.md)', () => {
    expect(result.rowsByLevel).toEqual({ National: 2321, Regional: 18777, 'Local authority': 190455 });
  });

  it('has the six full years and no others', () => {
    expect([...new Set(observations.map((o) => o.time_period))].sort()).toEqual([
      '201617',
      '201718',
      '201819',
      '202021',
      '202122',
      '202223',
    ]);
    expect(new Set(observations.map((o) => o.time_identifier))).toEqual(new Set(['Full year']));
  });

  it('derives the published England persistent and severe absence rates', () => {
    // Published (Pupil absence in schools in England, full year; LAIT TotPerAbNew / TotSevPerAbNew, 2 dp).
    const published: Record<string, [number, number]> = {
      '201617': [10.79, 0.7],
      '201718': [11.17, 0.77],
      '201819': [10.86, 0.85],
      '202021': [12.08, 1.13],
      '202122': [22.51, 1.65],
      '202223': [21.22, 2.03],
    };
    for (const [period, [pa, severe]] of Object.entries(published)) {
      expect(value('E92000001', period, 'enrolments_pa_10_exact_percent')).toBeCloseTo(pa, 2);
      expect(value('E92000001', period, 'enrolments_pa_50_exact_percent')).toBeCloseTo(severe, 2);
    }
    expect(value('E92000001', '202223', 'enrolments')).toBe(7_396_032);
  });

  it('derives Luton 2022/23 persistent absence as published in LAIT (24.64%)', () => {
    expect(value('E06000032', '202223', 'enrolments_pa_10_exact_percent')).toBeCloseTo(24.64, 2);
    expect(value('E06000032', '202223', 'enrolments_pa_50_exact_percent')).toBeCloseTo(1.54, 2);
    expect(value('E06000032', '202223', 'enrolments')).toBe(38_114);
  });

  it('has England = sum of regions = sum of LAs, and each topic summing to all pupils', () => {
    for (const period of ['201617', '202223']) {
      const total = (level: string) =>
        result.bands
          .filter((b) => b.time_period === period && b.geographic_level === level && b.phase === 'total' && b.breakdown.topic === 'Total')
          .reduce((s, b) => s + b.enrolments, 0);
      expect(total('Regional')).toBe(total('National'));
      expect(total('Local authority')).toBe(total('National'));
    }
    const england = result.bands.filter((b) => b.area_code === 'E92000001' && b.time_period === '202223' && b.phase === 'total');
    const all = england.find((b) => b.breakdown.topic === 'Total')!.enrolments;
    for (const topic of ['FSM eligibility', 'SEN provision', 'Gender', 'Year group']) {
      expect(england.filter((b) => b.breakdown.topic === topic).reduce((s, b) => s + b.enrolments, 0)).toBe(all);
    }
    // Unclassified FSM is a small unknown-status group (about 67k of 7.40m in 2022/23).
    const unclassified = england.find((b) => b.breakdown.topic === 'FSM eligibility' && b.breakdown.value === 'Unclassified')!;
    expect(unclassified.enrolments).toBeGreaterThan(50_000);
    expect(unclassified.enrolments).toBeLessThan(80_000);
  });

  it('keeps Inner and Outer London as regions and trims padded LA codes', () => {
    const regions = new Set(result.bands.filter((b) => b.geographic_level === 'Regional').map((b) => b.area_code));
    expect(regions).toContain('E13000001');
    expect(regions).toContain('E13000002');
    expect(regions).not.toContain('E12000007');
    expect(result.bands.every((b) => b.area_code === b.area_code.trim() && /^E\d{8}$/.test(b.area_code))).toBe(true);
  });
});
