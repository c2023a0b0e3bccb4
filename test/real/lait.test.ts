import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, readReal } from '../data-dir';
import { readAreaLookup, type AreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import { importLait, type LaitImport } from '../../src/lib/ingest/importers/lait';
import type { Observation } from '../../src/lib/domain/model';
import { fixed } from '../../src/lib/domain/format';

let lookup: AreaLookup;
let lait: LaitImport;

function one(obs: Observation[], code: string, period: string, measure: string, phase = 'total'): Observation {
  const hits = obs.filter((o) => o.area_code === code && o.time_period === period && o.measure === measure && o.phase === phase);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}
const dp1 = (v: number | null) => (v === null ? null : fixed(v, 1));

beforeAll(async () => {
  lookup = readAreaLookup({
    las: readReal('geo/las.csv'),
    regions: readReal('geo/regions.csv'),
    changes: readReal('geo/ONSvisual_uk-topojson_changes.csv'),
  });
  lait = await importLait(fs.readFileSync(path.join(DATA_DIR, 'dfe/lait/bds_long_0.parquet')), 'dfe/lait/bds_long_0.parquet', lookup);
});

describe('LAIT compilation, real file', () => {
  it('gives the published full-year figures for Luton and England to 1 decimal place', () => {
    const o = lait.figures.toObservations();
    expect(dp1(one(o, 'E06000032', '202324', 'enrolments_pa_10_exact_percent').value)).toBe('18.9');
    expect(dp1(one(o, 'E06000032', '202223', 'enrolments_pa_10_exact_percent').value)).toBe('24.6');
    expect(dp1(one(o, 'E06000032', '202324', 'enrolments_pa_50_exact_percent').value)).toBe('1.5');
    expect(dp1(one(o, 'E92000001', '202324', 'enrolments_pa_10_exact_percent').value)).toBe('20.0');
    expect(dp1(one(o, 'E92000001', '202223', 'enrolments_pa_10_exact_percent').value)).toBe('21.2');
    expect(dp1(one(o, 'E92000001', '202324', 'enrolments_pa_50_exact_percent').value)).toBe('2.3');
    expect(one(o, 'E92000001', '201819', 'sess_overall_percent').value).toBe(4.73);
    expect(one(o, 'E92000001', '202425', 'sess_overall_percent').value).toBe(6.78);
  });
  it('knows every column of the file (LAIT_COLUMNS read, "Data item" ignored)', () => {
    expect(lait.unknownColumns).toEqual([]);
  });
  it('keeps 2019/20 as the "-" symbol, not a number', () => {
    const o = one(lait.figures.toObservations(), 'E92000001', '201920', 'enrolments_pa_10_exact_percent');
    expect(o.value).toBeNull();
    expect(o.symbol).toBe('-');
  });
  it('puts each LA on the code in force at the start of the academic year', () => {
    const o = lait.figures.toObservations();
    expect(one(o, 'E10000006', '202223', 'enrolments_pa_10_exact_percent').value).toBe(24.78); // Cumbria
    expect(one(o, 'E06000063', '202324', 'enrolments_pa_10_exact_percent').area_name).toBe('Cumberland');
    expect(one(o, 'E10000023', '202223', 'enrolments_pa_10_exact_percent').value).toBe(19.29); // North Yorkshire county
    expect(one(o, 'E06000065', '202324', 'enrolments_pa_10_exact_percent').value).toBe(19.79); // North Yorkshire unitary
    expect(one(o, 'E10000021', '202021', 'enrolments_pa_10_exact_percent').value).toBe(10.71); // Northamptonshire
    expect(one(o, 'E06000028', '201819', 'enrolments_pa_10_exact_percent').value).toBe(11.94); // Bournemouth
  });
  it('covers 10 years, 20 indicators, England, 9 regions plus inner/outer London, and every live LA', () => {
    const o = lait.figures.toObservations();
    expect(new Set(o.map((x) => x.time_period)).size).toBe(10);
    const regions = new Set(o.filter((x) => x.geographic_level === 'Regional').map((x) => x.area_code));
    expect([...regions].filter((c) => c.startsWith('E12'))).toHaveLength(9);
    const la2425 = new Set(o.filter((x) => x.geographic_level === 'Local authority' && x.time_period === '202425').map((x) => x.area_code));
    expect(la2425.size).toBe(153);
    // 20 indicators x 10 years x 170 areas = 34,000 rows; the rest are LAs in years they did not exist.
    expect(o.length + lait.notOperatingRows).toBe(34_000);
  });
});
