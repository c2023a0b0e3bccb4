import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/domain/errors';
import { importPersistentAbsenceByWeek, importRegistersFile } from '../../src/lib/ingest/importers/registers';
import { ALL_PUPILS, type Observation } from '../../src/lib/domain/model';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'registers');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Rewrites a fixture through papaparse; `row` is the spreadsheet row (header = 1). */
function edit(text: string, change: (rows: string[][]) => void): string {
  const rows = Papa.parse<string[]>(text.trim()).data;
  change(rows);
  return Papa.unparse(rows);
}
function setCell(text: string, row: number, column: string, value: string): string {
  return edit(text, (rows) => {
    const j = rows[0]!.indexOf(column);
    if (j < 0) throw new Error(`fixture has no column ${column}`);
    rows[row - 1]![j] = value;
  });
}
function dropColumn(text: string, column: string): string {
  return edit(text, (rows) => {
    const j = rows[0]!.indexOf(column);
    for (const r of rows) r.splice(j, 1);
  });
}
function addColumn(text: string, column: string, value: string): string {
  return edit(text, (rows) => rows.forEach((r, i) => r.push(i === 0 ? column : value)));
}

/** The one observation for an area, phase and measure (and period when the file has several). */
function find(
  obs: Observation[],
  q: { area: string; phase: string; measure: string; period?: string; identifier?: string },
): Observation {
  const hits = obs.filter(
    (o) =>
      o.area_code === q.area &&
      o.phase === q.phase &&
      o.measure === q.measure &&
      (q.period === undefined || o.time_period === q.period) &&
      (q.identifier === undefined || o.time_identifier === q.identifier),
  );
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

const PA = 'enrolments_pa_10_exact_percent';

const TERM_MEASURES = [
  'num_schools',
  'enrolments',
  'sess_possible',
  'sess_overall',
  'sess_authorised',
  'sess_unauthorised',
  'sess_overall_percent',
  'sess_authorised_percent',
  'sess_unauthorised_percent',
  'enrolments_pa_10_exact_percent',
];

describe('importRegistersFile: 2022/23 term file (academic_year, covid columns)', () => {
  const file = 'attendance/202223/EES_aut_data.csv';
  const { figures, unknownColumns } = importRegistersFile(fixture('term-202223-aut.csv'), file);
  const obs = figures.toObservations();

  it('makes one observation per row and mapped measure, and ignores reason and covid columns', () => {
    expect(unknownColumns).toEqual([]);
    expect(obs).toHaveLength(7 * 10);
    expect(new Set(obs.map((o) => o.measure))).toEqual(new Set(TERM_MEASURES));
    // One row per file row, shared by its 10 figures.
    expect(figures.rows).toHaveLength(7);
    for (let i = 0; i < figures.length; i++) expect(figures.rowIndex(i)).toBe(Math.floor(i / 10));
    for (const o of obs) {
      expect(o.series).toBe('registers');
      expect(o.dataset).toBe('registers-term');
      expect(o.time_period).toBe('202223');
      expect(o.time_identifier).toBe('Autumn term');
      expect(o.breakdown).toEqual(ALL_PUPILS);
      expect((o.value === null) !== (o.symbol === null)).toBe(true);
    }
  });

  it('reads national, regional and LA areas', () => {
    const nat = find(obs, { area: 'E92000001', phase: 'total', measure: 'sess_overall_percent' });
    expect(nat).toMatchObject({ geographic_level: 'National', area_name: 'England', old_la_code: '', region_code: '' });
    expect(nat.value).toBeCloseTo(7.5, 6);
    const reg = find(obs, { area: 'E12000007', phase: 'primary', measure: 'num_schools' });
    expect(reg).toMatchObject({ geographic_level: 'Regional', area_name: 'London', old_la_code: '', region_code: '' });
    expect(reg.value).toBe(1450.5);
    const la = find(obs, { area: 'E09000007', phase: 'primary', measure: PA });
    expect(la).toMatchObject({
      geographic_level: 'Local authority',
      area_name: 'Camden',
      old_la_code: '202',
      region_code: 'E12000007',
      value: 15.8,
      symbol: null,
    });
  });

  it('maps register columns to census measure ids', () => {
    const q = { area: 'E92000001', phase: 'total' };
    expect(find(obs, { ...q, measure: 'sess_possible' }).value).toBe(880000000);
    expect(find(obs, { ...q, measure: 'sess_overall' }).value).toBe(66000000);
    expect(find(obs, { ...q, measure: 'sess_authorised' }).value).toBe(48000000);
    expect(find(obs, { ...q, measure: 'sess_unauthorised' }).value).toBe(18000000);
    expect(find(obs, { ...q, measure: 'enrolments' }).value).toBe(7012345.25);
    expect(find(obs, { ...q, measure: PA }).value).toBe(24.1);
  });

  it('keeps c, x, z and low as symbols, never as numbers', () => {
    const sym = (area: string, phase: string, measure: string) => {
      const o = find(obs, { area, phase, measure });
      expect(o.value).toBeNull();
      return o.symbol;
    };
    expect(sym('E09000001', 'primary', 'enrolments')).toBe('c');
    expect(sym('E09000001', 'primary', 'sess_overall_percent')).toBe('c');
    expect(sym('E09000007', 'secondary', 'num_schools')).toBe('x');
    expect(sym('E09000007', 'secondary', 'sess_unauthorised')).toBe('low');
    expect(sym('E09000007', 'secondary', 'sess_unauthorised_percent')).toBe('low');
    expect(sym('E09000007', 'special', 'enrolments_pa_10_exact_percent')).toBe('z');
    expect(find(obs, { area: 'E09000001', phase: 'primary', measure: 'num_schools' }).value).toBe(1);
  });
});

describe('importRegistersFile: other schema variants', () => {
  it('reads a 2024/25 term file with the new register codes', () => {
    const r = importRegistersFile(fixture('term-202425-spr.csv'), 'attendance/202425/EES_spr_data.csv');
    expect(r.unknownColumns).toEqual([]);
    expect(r.figures.toObservations()).toHaveLength(4 * 10);
    expect(new Set(r.figures.toObservations().map((o) => o.time_identifier))).toEqual(new Set(['Spring term']));
    const special = find(r.figures.toObservations(), { area: 'E92000001', phase: 'special', measure: PA });
    expect(special.value).toBe(39.9);
    const la = find(r.figures.toObservations(), { area: 'E08000003', phase: 'secondary', measure: 'sess_unauthorised' });
    expect(la).toMatchObject({ area_name: 'Manchester', old_la_code: '352', region_code: 'E12000002', value: 150000 });
  });

  it('stores a term as periods.readTimeIdentifier spells it ("Autumn and Spring term" as "Autumn and spring term")', () => {
    const text = fixture('term-202425-spr.csv').replaceAll('Spring term', 'Autumn and Spring term');
    const r = importRegistersFile(text, 'attendance/202425/EES_spr_data.csv');
    expect(new Set(r.figures.toObservations().map((o) => o.time_identifier))).toEqual(new Set(['Autumn and spring term']));
  });

  it('reads a 2025/26 ytd file: education_phase, LA Total rows, no academic_year, time_identifier last', () => {
    const text = fixture('ytd-202526.csv');
    const r = importRegistersFile(text, 'attendance/202526/EES_ytd_data.csv');
    expect(r.unknownColumns).toEqual([]);
    expect(r.figures.toObservations()).toHaveLength(6 * 10);
    expect(new Set(r.figures.toObservations().map((o) => `${o.time_period} ${o.time_identifier}`))).toEqual(
      new Set(['202526 Academic year']),
    );
    const laTotal = find(r.figures.toObservations(), { area: 'E09000007', phase: 'total', measure: 'sess_overall' });
    expect(laTotal).toMatchObject({ geographic_level: 'Local authority', value: 180000 });
    expect(find(r.figures.toObservations(), { area: 'E06000053', phase: 'total', measure: PA }).symbol).toBe('c');
    expect(find(r.figures.toObservations(), { area: 'E92000001', phase: 'total', measure: PA }).value).toBe(18.8);

    const ytd = importRegistersFile(text, 'attendance/202526/EES_ytd_data.csv', { timeIdentifier: 'Year to date' });
    expect(new Set(ytd.figures.toObservations().map((o) => o.time_identifier))).toEqual(new Set(['Year to date']));
  });

  it('lets the build name a ytd file "Full year", and refuses other overrides', () => {
    const text = fixture('ytd-202324.csv');
    const r = importRegistersFile(text, 'attendance/202324/EES_ytd_data.csv', { timeIdentifier: 'Full year' });
    expect(r.figures.toObservations()).toHaveLength(3 * 10);
    expect(new Set(r.figures.toObservations().map((o) => o.time_identifier))).toEqual(new Set(['Full year']));
    expect(find(r.figures.toObservations(), { area: 'E92000001', phase: 'total', measure: PA }).value).toBe(20.7);
    // the override makes the file's own time_identifier column unnecessary
    expect(
      importRegistersFile(dropColumn(text, 'time_identifier'), 'y.csv', { timeIdentifier: 'Full year' }).figures.toObservations(),
    ).toHaveLength(30);
    expect(() => importRegistersFile(text, 'y.csv', { timeIdentifier: 'Week 3' })).toThrow(
      'y.csv: timeIdentifier option is not a term or year identifier (value "Week 3")',
    );
    expect(() => importRegistersFile(text, 'y.csv', { timeIdentifier: 'Full Year' })).toThrow(DataError);
  });

  it('reads a weekly file: calendar years, Week NN, no persistent absence, z rates in half-term stubs', () => {
    const r = importRegistersFile(fixture('weekly-202223.csv'), 'attendance/202223/EES_weekly_data.csv');
    expect(r.unknownColumns).toEqual([]);
    expect(r.figures.toObservations()).toHaveLength(4 * 9);
    expect(r.figures.toObservations().some((o) => o.measure === 'enrolments_pa_10_exact_percent')).toBe(false);
    expect(new Set(r.figures.toObservations().map((o) => o.dataset))).toEqual(new Set(['registers-weekly']));
    expect(new Set(r.figures.toObservations().map((o) => `${o.time_period} ${o.time_identifier}`))).toEqual(
      new Set(['2022 Week 50', '2022 Week 51', '2023 Week 1']),
    );
    const stub = (measure: string) => find(r.figures.toObservations(), { area: 'E06000017', phase: 'primary', measure });
    expect(stub('sess_possible')).toMatchObject({ value: 0, symbol: null });
    expect(stub('sess_overall_percent')).toMatchObject({ value: null, symbol: 'z' });
    const wk1 = find(r.figures.toObservations(), {
      area: 'E92000001',
      phase: 'total',
      measure: 'sess_overall_percent',
      period: '2023',
      identifier: 'Week 1',
    });
    expect(wk1.value).toBeCloseTo(6.226415, 6);
  });

  it('reads a NaN session rate as z only when the row has no possible sessions', () => {
    const text = fixture('weekly-202324.csv');
    const r = importRegistersFile(text, 'w.csv');
    const rate = find(r.figures.toObservations(), { area: 'E06000018', phase: 'primary', measure: 'sess_authorised_percent' });
    expect(rate).toMatchObject({ value: null, symbol: 'z' });
    expect(() => importRegistersFile(setCell(text, 2, 'possible_sessions', '120'), 'w.csv')).toThrow(
      'w.csv, row 2, column overall_absence_perc: neither a number nor a known DfE symbol',
    );
    expect(() => importRegistersFile(setCell(text, 3, 'num_schools', 'NaN'), 'w.csv')).toThrow(
      'w.csv, row 3, column num_schools: neither a number',
    );
  });

  it('ignores unknown columns but reports them', () => {
    const text = addColumn(addColumn(fixture('term-202425-spr.csv'), 'reason_q_new_code', '5'), 'q_perc', '1.5');
    const r = importRegistersFile(text, 't.csv');
    expect(r.unknownColumns).toEqual(['reason_q_new_code', 'q_perc']);
    expect(r.figures.toObservations()).toHaveLength(40);
  });
});

describe('importRegistersFile: refused input', () => {
  const term = fixture('term-202223-aut.csv');
  const f = 'attendance/202223/EES_aut_data.csv';

  it('names a missing required column', () => {
    expect(() => importRegistersFile(dropColumn(term, 'overall_absence_perc'), f)).toThrow(
      `${f}, row 1, column overall_absence_perc: required column is missing`,
    );
    expect(() => importRegistersFile(dropColumn(term, 'new_la_code'), f)).toThrow(
      `${f}, row 1, column new_la_code: required column is missing`,
    );
    expect(() => importRegistersFile(dropColumn(term, 'pa_perc'), f)).toThrow(
      `${f}, row 1, column pa_perc: required column is missing`,
    );
    expect(() => importRegistersFile(dropColumn(term, 'school_type'), f)).toThrow(
      `${f}, row 1, column school_type or education_phase: required column is missing`,
    );
    expect(() => importRegistersFile(addColumn(term, 'education_phase', 'Primary'), f)).toThrow(
      'both phase columns are present',
    );
  });

  it('refuses a rate above 100 and a negative rate', () => {
    const e = thrown(() => importRegistersFile(setCell(term, 3, 'overall_absence_perc', '101'), f));
    expect(e.message).toBe(`${f}, row 3, column overall_absence_perc: rate outside 0 to 100 (value "101")`);
    expect(e).toMatchObject({ file: f, row: 3, column: 'overall_absence_perc', value: '101' });
    expect(() => importRegistersFile(setCell(term, 4, 'pa_perc', '-0.5'), f)).toThrow(
      `${f}, row 4, column pa_perc: rate outside 0 to 100 (value "-0.5")`,
    );
    // 100 itself is a possible rate (a week where every possible session was missed)
    expect(() => importRegistersFile(setCell(term, 4, 'pa_perc', '100'), f)).not.toThrow();
  });

  it('refuses a negative count', () => {
    expect(() => importRegistersFile(setCell(term, 5, 'enrolments', '-3'), f)).toThrow(
      `${f}, row 5, column enrolments: negative count (value "-3")`,
    );
    expect(() => importRegistersFile(setCell(term, 2, 'possible_sessions', '-1'), f)).toThrow(
      `${f}, row 2, column possible_sessions: negative count`,
    );
  });

  it('refuses an unknown phase, naming row and column', () => {
    expect(() => importRegistersFile(setCell(term, 6, 'school_type', 'Nursery'), f)).toThrow(
      `${f}, row 6, column school_type: unknown phase`,
    );
    const ytd = fixture('ytd-202526.csv');
    expect(() => importRegistersFile(setCell(ytd, 3, 'education_phase', 'primary'), 'y.csv')).toThrow(
      'y.csv, row 3, column education_phase: unknown phase',
    );
  });

  it('refuses a duplicate row, naming both rows', () => {
    const dup = edit(term, (rows) => rows.push([...rows[4]!]));
    expect(() => importRegistersFile(dup, f)).toThrow(
      `${f}, row 9: duplicate of row 5 (same period, level, area and phase)`,
    );
  });

  it('refuses unknown levels and malformed areas', () => {
    expect(() => importRegistersFile(setCell(term, 2, 'geographic_level', 'Ward'), f)).toThrow(
      `${f}, row 2, column geographic_level: geographic level is not National, Regional or Local authority` +
        ' (value "Ward")',
    );
    const bad = (row: number, column: string, value: string) => () =>
      importRegistersFile(setCell(term, row, column, value), f);
    expect(bad(5, 'new_la_code', '')).toThrow(`${f}, row 5, column new_la_code: not an LA code`);
    expect(bad(5, 'old_la_code', '20')).toThrow(`${f}, row 5, column old_la_code: not a 3-digit old LA code`);
    expect(bad(4, 'region_code', 'London')).toThrow(`${f}, row 4, column region_code: not a region code`);
    expect(bad(3, 'country_name', '')).toThrow(`${f}, row 3, column country_name: name is empty`);
    expect(() => importRegistersFile(setCell(term, 2, 'country_code', 'K02000001'), f)).toThrow(
      `${f}, row 2, column country_code: not England (E92000001)`,
    );
  });

  it('refuses periods that do not fit the file', () => {
    expect(() => importRegistersFile(setCell(term, 3, 'time_period', '202224'), f)).toThrow(
      `${f}, row 3, column time_period: time_period years are not consecutive`,
    );
    expect(() => importRegistersFile(setCell(term, 3, 'academic_year', '202324'), f)).toThrow(
      `${f}, row 3, column academic_year: academic_year differs from time_period 202223`,
    );
    expect(() => importRegistersFile(setCell(term, 3, 'time_identifier', 'Week 40'), f)).toThrow(
      `${f}, row 3, column time_identifier: a week in a term or year file`,
    );
    expect(() => importRegistersFile(setCell(term, 3, 'time_identifier', 'Autumn'), f)).toThrow(
      `${f}, row 3, column time_identifier: not a known term, year or week identifier`,
    );
    const weekly = fixture('weekly-202223.csv');
    expect(() => importRegistersFile(setCell(weekly, 3, 'time_period', '202223'), 'w.csv')).toThrow(
      'w.csv, row 3, column time_period: weekly time_period is not a calendar year',
    );
    expect(() => importRegistersFile(setCell(weekly, 4, 'time_identifier', 'Autumn term'), 'w.csv')).toThrow(
      'w.csv, row 4, column time_identifier: expected "Week NN"',
    );
    expect(() => importRegistersFile(setCell(weekly, 4, 'time_identifier', 'Week 54'), 'w.csv')).toThrow(
      'week number out of range',
    );
  });

  it('refuses cells that are neither numbers nor symbols', () => {
    expect(() => importRegistersFile(setCell(term, 2, 'enrolments', '7,012,345'), f)).toThrow(
      `${f}, row 2, column enrolments: number written with a thousands separator`,
    );
    expect(() => importRegistersFile(setCell(term, 2, 'pa_perc', ''), f)).toThrow(
      `${f}, row 2, column pa_perc: empty cell`,
    );
  });
});

describe('importPersistentAbsenceByWeek', () => {
  const text = fixture('pa-explorer.csv');
  const file = 'pa_explorer/week_29_persistent_absence.csv';

  it('reads persistent absence year to date by week', () => {
    const { figures, unknownColumns } = importPersistentAbsenceByWeek(text, file);
    const obs = figures.toObservations();
    expect(unknownColumns).toEqual([]);
    expect(obs).toHaveLength(6);
    expect(figures.rows).toHaveLength(6);
    for (const o of obs) {
      expect(o).toMatchObject({
        series: 'registers',
        dataset: 'registers-pa-ytd',
        measure: PA,
        time_period: '2025',
        breakdown: ALL_PUPILS,
      });
    }
    const w30 = find(obs, { area: 'E92000001', phase: 'total', measure: PA, identifier: 'Week 30' });
    expect(w30).toMatchObject({ value: 18.7, geographic_level: 'National', area_name: 'England' });
    const reg = find(obs, { area: 'E12000007', phase: 'special', measure: PA });
    expect(reg).toMatchObject({ value: 35.22, region_code: '', area_name: 'London' });
    const col = find(obs, { area: 'E09000001', phase: 'primary', measure: PA });
    expect(col).toMatchObject({ value: null, symbol: 'c', old_la_code: '201', region_code: 'E12000007' });
    const cam = find(obs, { area: 'E09000007', phase: 'secondary', measure: PA });
    expect(cam).toMatchObject({ value: null, symbol: 'low', time_identifier: 'Week 28' });
  });

  it('refuses bad input with located errors', () => {
    expect(() => importPersistentAbsenceByWeek(dropColumn(text, 'persistent_absence_percent'), file)).toThrow(
      `${file}, row 1, column persistent_absence_percent: required column is missing`,
    );
    expect(() => importPersistentAbsenceByWeek(setCell(text, 3, 'persistent_absence_percent', '101'), file)).toThrow(
      `${file}, row 3, column persistent_absence_percent: rate outside 0 to 100 (value "101")`,
    );
    expect(() => importPersistentAbsenceByWeek(setCell(text, 2, 'education_phase', 'All-through'), file)).toThrow(
      `${file}, row 2, column education_phase: unknown phase`,
    );
    expect(() => importPersistentAbsenceByWeek(setCell(text, 4, 'time_frame', 'Week'), file)).toThrow(
      `${file}, row 4, column time_frame: expected "Year to date"`,
    );
    expect(() => importPersistentAbsenceByWeek(setCell(text, 4, 'time_identifier', 'Spring term'), file)).toThrow(
      `${file}, row 4, column time_identifier`,
    );
    const dup = edit(text, (rows) => rows.push([...rows[1]!]));
    expect(() => importPersistentAbsenceByWeek(dup, file)).toThrow(`${file}, row 8: duplicate of row 2`);
  });
});
