import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/domain/errors';
import { CIN_MEASURES, importCinAbsence } from '../../src/lib/ingest/importers/cin';
import type { Observation } from '../../src/lib/domain/model';

const SAMPLE = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'cin', 'absence_la.csv'), 'utf8');
const [HEADER, ...ROWS] = SAMPLE.replace(/^\ufeff/, '').trimEnd().split('\n');
const COLUMNS = HEADER!.split(',');

/** The sample with column `col` of data row `n` (spreadsheet row, header = 1) replaced. */
function withField(n: number, col: string, value: string): string {
  const fields = ROWS[n - 2]!.split(',');
  fields[COLUMNS.indexOf(col)] = value;
  return [HEADER, ...ROWS.slice(0, n - 2), fields.join(','), ...ROWS.slice(n - 1)].join('\n') + '\n';
}

function pick(obs: Observation[], area: string, group: string, phase: string, measure: string, period = '202223'): Observation {
  const hits = obs.filter(
    (o) =>
      o.area_code === area && o.breakdown.value === group && o.phase === phase && o.measure === measure && o.time_period === period,
  );
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

describe('importCinAbsence', () => {
  it('maps every row to 12 observations with the normalised fields', () => {
    const { figures, unknownColumns } = importCinAbsence(SAMPLE, 'cin.csv');
    const observations = figures.toObservations();
    expect(unknownColumns).toEqual([]);
    expect(observations).toHaveLength(ROWS.length * 12);
    // One row per file row, shared by its 12 figures in CIN_MEASURES order.
    expect(figures.rows).toHaveLength(ROWS.length);
    for (let i = 0; i < figures.length; i++) expect(figures.rowIndex(i)).toBe(Math.floor(i / 12));
    expect(observations.slice(0, 12).map((o) => o.measure)).toEqual(Object.values(CIN_MEASURES));
    expect(new Set(observations.map((o) => o.measure))).toEqual(new Set(Object.values(CIN_MEASURES)));
    const england = pick(observations, 'E92000001', 'Children in need', 'total', 'sess_overall_percent');
    expect(england).toEqual({
      series: 'census',
      dataset: 'cin',
      time_period: '202223',
      time_identifier: 'Full year',
      geographic_level: 'National',
      area_code: 'E92000001',
      area_name: 'England',
      old_la_code: '',
      region_code: '',
      phase: 'total',
      breakdown: { topic: 'Social care group', value: 'Children in need' },
      measure: 'sess_overall_percent',
      value: 17.4,
      symbol: null,
    });
    expect(pick(observations, 'E92000001', 'Children in need', 'total', 'enrolments').value).toBe(126190);
    expect(pick(observations, 'E92000001', 'Children in need', 'total', 'enrolments_pa_50_exact_percent').value).toBe(10.2);
  });

  it('reads regions (London and Inner London) and LAs by column name', () => {
    const observations = importCinAbsence(SAMPLE, 'cin.csv').figures.toObservations();
    const london = pick(observations, 'E12000007', 'Child protection plan', 'primary', 'enrolments');
    expect(london).toMatchObject({ geographic_level: 'Regional', area_name: 'London', region_code: '', old_la_code: '', value: 1200 });
    const inner = pick(observations, 'E13000001', 'Child protection plan', 'primary', 'enrolments_pa_10_exact_percent');
    expect(inner).toMatchObject({ area_name: 'Inner London', value: 34 });
    const luton = pick(observations, 'E06000032', 'Looked after for 12 months', 'primary', 'sess_possible');
    expect(luton).toMatchObject({ geographic_level: 'Local authority', area_name: 'Luton', old_la_code: '821', region_code: 'E12000006', value: 20629 });
    expect(pick(observations, 'E06000032', 'Looked after for 12 months', 'ap', 'enrolments').value).toBe(3);
  });

  it('keeps symbols as symbols and reads "k" as "low"', () => {
    const observations = importCinAbsence(SAMPLE, 'cin.csv').figures.toObservations();
    const cla = (m: string) => pick(observations, 'E06000032', 'Looked after for 12 months', 'primary', m);
    expect(cla('sess_unauthorised_percent')).toMatchObject({ value: null, symbol: 'low' });
    expect(cla('enrolments_pa_10_exact')).toMatchObject({ value: null, symbol: 'c' });
    expect(cla('enrolments_pa_50_exact_percent')).toMatchObject({ value: 0, symbol: null });
    expect(pick(observations, 'E06000032', 'Looked after for 12 months', 'ap', 'sess_overall_percent')).toMatchObject({ value: null, symbol: 'z' });
    expect(pick(observations, 'E06000032', 'Children in need', 'total', 'enrolments', '201920')).toMatchObject({ value: null, symbol: 'x' });
    expect(pick(observations, 'E13000001', 'Child protection plan', 'primary', 'enrolments_pa_50_exact')).toMatchObject({ symbol: 'c' });
  });

  it('reports columns it does not read', () => {
    const extra = SAMPLE.replace(/\n/g, ',1\n').replace(/^(\ufeff?)([^\n]*),1\n/, '$1$2,new_column\n');
    expect(importCinAbsence(extra, 'cin.csv').unknownColumns).toEqual(['new_column']);
  });

  it.each([
    [3, 'social_care_group', 'CIN at 31 March', 'unknown group'],
    [3, 'phase_type_grouping', 'Nursery', 'unknown phase'],
    [3, 'geographic_level', 'Ward', 'geographic level is not National, Regional or Local authority'],
    [3, 'time_identifier', 'Autumn term', 'expected "Academic year"'],
    [3, 'time_period', '2023', 'time_period is not an academic year'],
    [3, 'absence_terms', 'five half terms', 'expected "six half terms"'],
    [3, 'region_code', 'London', 'not a region code'],
    [5, 'new_la_code', '', 'not an LA code'],
    [5, 'old_la_code', '8210', 'not a 3-digit old LA code'],
    [3, 'pt_overall', '100.1', 'percentage outside 0 to 100'],
    [3, 'pt_pupils_pa_10_exact', '-1', 'percentage outside 0 to 100'],
    [3, 't_pupils', '-5', 'count is negative'],
    [3, 't_sess_possible', '450000.5', 'count is not a whole number'],
    [3, 't_sess_overall', '"54,000"', 'number written with a thousands separator'],
    [3, 't_pupils', 'n/a', 'neither a number nor a known DfE symbol'],
    [3, 't_pupils', '', 'empty cell'],
  ])('row %i: refuses %s = %j', (row, col, value, problem) => {
    let err: unknown;
    try {
      importCinAbsence(withField(row, col, value), 'cin.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    const e = err as DataError;
    expect(e.message.startsWith(`cin.csv, row ${row}, column ${col}: `)).toBe(true);
    expect(e.message).toContain(problem);
  });

  it('refuses duplicates and missing columns', () => {
    expect(() => importCinAbsence(SAMPLE + ROWS[2] + '\n', 'cin.csv')).toThrow(
      'cin.csv, row 8: duplicate row: same period, area, social_care_group and phase_type_grouping as row 4',
    );
    const noPa = SAMPLE.replace(',pt_pupils_pa_50_exact', ',pt_pupils_pa_50');
    expect(() => importCinAbsence(noPa, 'cin.csv')).toThrow('cin.csv, row 1, column pt_pupils_pa_50_exact: required column is missing');
  });
});
