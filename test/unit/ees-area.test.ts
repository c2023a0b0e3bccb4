/**
 * The shared EES area rule (ingest/ees-area.ts): the rule itself, and every EES importer refusing the same
 * bad area with the same located error (file, row, column, value).
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/domain/errors';
import { EesAreaReader, readEesArea, type EesAreaColumn } from '../../src/lib/ingest/ees-area';
import { importCensusGeographic } from '../../src/lib/ingest/importers/census';
import { importPersistentAbsenceByWeek, importRegistersFile } from '../../src/lib/ingest/importers/registers';
import { importCinAbsence } from '../../src/lib/ingest/importers/cin';
import { DISTRIBUTION_COLUMNS, importDistributions } from '../../src/lib/ingest/importers/distributions';

const LA: Record<EesAreaColumn, string> = {
  geographic_level: 'Local authority',
  country_code: 'E92000001',
  country_name: 'England',
  region_code: 'E12000006',
  region_name: 'East of England',
  old_la_code: '821',
  new_la_code: 'E06000032',
  la_name: 'Luton',
};
const cells = (over: Partial<Record<EesAreaColumn, string>> = {}) => {
  const row: Partial<Record<EesAreaColumn, string>> = { ...LA, ...over };
  return (c: EesAreaColumn) => row[c];
};
const thrown = (f: () => unknown): DataError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('readEesArea', () => {
  it('reads each level into the observation area fields', () => {
    expect(readEesArea(cells(), 'f.csv', 2)).toEqual({ geographic_level: 'Local authority', area_code: 'E06000032', area_name: 'Luton', old_la_code: '821', region_code: 'E12000006' });
    expect(readEesArea(cells({ geographic_level: 'Regional' }), 'f.csv', 2)).toEqual({ geographic_level: 'Regional', area_code: 'E12000006', area_name: 'East of England', old_la_code: '', region_code: '' });
    expect(readEesArea(cells({ geographic_level: 'National', region_code: undefined }), 'f.csv', 2)).toEqual({ geographic_level: 'National', area_code: 'E92000001', area_name: 'England', old_la_code: '', region_code: '' });
  });

  it('accepts Inner/Outer London (E13) and an old code "x" (not available) as no old code', () => {
    expect(readEesArea(cells({ geographic_level: 'Regional', region_code: 'E13000001', region_name: 'Inner London' }), 'f.csv', 2).area_code).toBe('E13000001');
    expect(readEesArea(cells({ region_code: 'E13000002' }), 'f.csv', 2).region_code).toBe('E13000002');
    expect(readEesArea(cells({ old_la_code: 'x' }), 'f.csv', 2).old_la_code).toBe('');
  });

  it.each([
    ['geographic_level', 'Ward', 'geographic level is not National, Regional or Local authority'],
    ['country_code', 'W92000004', 'not England (E92000001)'],
    ['region_code', 'E14000001', 'not a region code'],
    ['new_la_code', 'E0600003', 'not an LA code (E + 8 digits)'],
    ['old_la_code', '82', 'not a 3-digit old LA code or x'],
    ['la_name', '', 'name is empty'],
    ['la_name', '=HYPERLINK("x")', 'name starts with =, +, - or @'],
  ] as const)('refuses %s = %j, naming file, row and column', (column, value, problem) => {
    const e = thrown(() => readEesArea(cells({ [column]: value }), 'f.csv', 7));
    expect(e.message).toContain(problem);
    expect(e.message.startsWith(`f.csv, row 7, column ${column}: `)).toBe(true);
  });

  it('checks the country on every level, not only national rows', () => {
    expect(thrown(() => readEesArea(cells({ geographic_level: 'Regional', country_code: 'W92000004' }), 'f.csv', 3)).column).toBe('country_code');
  });

  it('names a column the header lacks only when the row needs it', () => {
    const e = thrown(() => readEesArea(cells({ new_la_code: undefined }), 'f.csv', 4));
    expect(e.message).toBe('f.csv, row 4, column new_la_code: column is missing from the header, and this Local authority row needs it');
    expect(() => readEesArea(cells({ geographic_level: 'Regional', new_la_code: undefined }), 'f.csv', 4)).not.toThrow();
  });
});

describe('EesAreaReader', () => {
  it('gives one shared area per distinct set of cells, and still names the first bad row', () => {
    const reader = new EesAreaReader('f.csv');
    const a = reader.read(cells(), 2);
    expect(reader.read(cells(), 3)).toBe(a);
    expect(reader.read(cells({ la_name: 'Luton ' }), 4)).not.toBe(a);
    expect(thrown(() => reader.read(cells({ old_la_code: '8210' }), 5)).row).toBe(5);
    // A bad set of cells is never remembered: it fails again on the next row that has it.
    expect(thrown(() => reader.read(cells({ old_la_code: '8210' }), 6)).row).toBe(6);
  });

  it('readCells reads each row from the cells it is given, a column the file lacks as missing', () => {
    const reader = new EesAreaReader('f.csv');
    const luton = reader.readCells({ ...LA }, 2);
    expect(luton).toEqual(readEesArea(cells(), 'f.csv', 2));
    expect(reader.readCells({ ...LA, geographic_level: 'Regional' }, 3).area_code).toBe('E12000006');
    expect(reader.readCells({ ...LA }, 4)).toBe(luton);
    const { la_name: _, ...noName } = LA;
    expect(thrown(() => reader.readCells(noName, 5)).message).toBe('f.csv, row 5, column la_name: column is missing from the header, and this Local authority row needs it');
  });
});

/** A CSV with one cell of the first Local authority row changed; that row's 1-based line number. */
function withBadLaCell(text: string, header: readonly string[] | null, column: string, value: string): { text: string; row: number } {
  const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, '').trimEnd(), { delimiter: ',' }).data;
  const names = header ?? rows[0]!;
  const first = header ? 0 : 1;
  const i = rows.findIndex((r, k) => k >= first && r[names.indexOf('geographic_level')] === 'Local authority');
  expect(i).toBeGreaterThanOrEqual(first);
  rows[i]![names.indexOf(column)] = value;
  return { text: `${Papa.unparse(rows, { newline: '\n' })}\n`, row: i + 1 };
}

const fixture = (...p: string[]) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', ...p), 'utf8');
const ENTRY = 'absence_bands_distributions.csv';

/** Each EES importer: its fixture, the header of a headerless file, how to run it, and the file its errors name. */
const IMPORTERS: { name: string; text: string; header: readonly string[] | null; run: (text: string) => Promise<unknown>; errorFile: string }[] = [
  { name: 'census', text: fixture('census', 'full_year_202324.csv'), header: null, run: async (t) => importCensusGeographic(t, 'c.csv'), errorFile: 'c.csv' },
  { name: 'registers', text: fixture('registers', 'term-202223-aut.csv'), header: null, run: async (t) => importRegistersFile(t, 'r.csv'), errorFile: 'r.csv' },
  { name: 'PA by week', text: fixture('registers', 'pa-explorer.csv'), header: null, run: async (t) => importPersistentAbsenceByWeek(t, 'p.csv'), errorFile: 'p.csv' },
  { name: 'CIN', text: fixture('cin', 'absence_la.csv'), header: null, run: async (t) => importCinAbsence(t, 'cin.csv'), errorFile: 'cin.csv' },
  {
    name: 'distributions',
    text: fixture('distributions', 'sample.csv'),
    header: DISTRIBUTION_COLUMNS,
    run: (t) => importDistributions(zipSync({ [ENTRY]: strToU8(t) }), 'd.zip'),
    errorFile: `d.zip/${ENTRY}`,
  },
];

describe('every EES importer refuses the same bad area with the same located error', () => {
  const cases = [
    ['geographic_level', 'Ward', 'geographic level is not National, Regional or Local authority'],
    ['country_code', 'W92000004', 'not England (E92000001)'],
    ['region_code', 'E14000001', 'not a region code'],
    ['new_la_code', 'E0600003', 'not an LA code (E + 8 digits)'],
    ['old_la_code', '8210', 'not a 3-digit old LA code or x'],
    ['la_name', '@SUM(A1)', 'name starts with =, +, - or @, as a spreadsheet formula does'],
  ] as const;
  for (const imp of IMPORTERS) {
    it.each(cases)(`${imp.name}: %s = %j`, async (column, value, problem) => {
      const bad = withBadLaCell(imp.text, imp.header, column, value);
      const e = await imp.run(bad.text).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).message).toBe(`${imp.errorFile}, row ${bad.row}, column ${column}: ${problem}${problem.startsWith('not a region') ? ' (E12, or E13 for Inner/Outer London)' : ''} (value ${JSON.stringify(value)})`);
    });
  }
});
