/**
 * Checks every importer shares: periods in the future, text that is not UTF-8, names that are not plain
 * text, over-long cells, codes listed twice in the lookups. Each importer is run on its own fixture with
 * one thing changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkName, decodeText, MAX_CELL_LENGTH, readCsv } from '../../src/lib/ingest/csv';
import { DataError } from '../../src/lib/domain/errors';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import { importCinAbsence } from '../../src/lib/ingest/importers/cin';
import { importDistributions } from '../../src/lib/ingest/importers/distributions';
import { laitRowsToFigures } from '../../src/lib/ingest/importers/lait';
import { importPersistentAbsenceByWeek, importRegistersFile } from '../../src/lib/ingest/importers/registers';
import { assertNotFuture, periodEarliestStart } from '../../src/lib/domain/periods';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Replaces every occurrence of `from`, failing if there is none (so no test passes vacuously). */
function swap(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from, to);
  if (out === text) throw new Error(`fixture does not contain ${String(from)}`);
  return out;
}

function caught(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
async function caughtAsync(fn: () => Promise<unknown>): Promise<DataError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('periods: the earliest day a period could begin, and future periods', () => {
  it('dates academic years, terms, weeks and calendar years early', () => {
    expect(periodEarliestStart('202627', 'Autumn term')).toBe('2026-08-01');
    expect(periodEarliestStart('202627', 'Full year')).toBe('2026-08-01');
    expect(periodEarliestStart('202627', 'Spring term')).toBe('2027-01-01');
    expect(periodEarliestStart('202627', 'Summer term')).toBe('2027-03-01');
    expect(periodEarliestStart('2026', 'Week 2')).toBe('2026-01-01');
    expect(periodEarliestStart('2026', 'Week 45')).toBe('2026-10-29');
    expect(periodEarliestStart('2026', 'Week 1')).toBe('2025-12-25');
  });
  it('refuses only a period that cannot have begun', () => {
    const today = new Date('2026-11-30T12:00:00Z');
    const where = { file: 'f.csv', row: 2, column: 'time_period' };
    expect(() => assertNotFuture('202627', 'Autumn term', where, today)).not.toThrow();
    expect(() => assertNotFuture('2026', 'Week 49', where, today)).not.toThrow();
    expect(() => assertNotFuture('202627', 'Spring term', where, today)).toThrow(
      'f.csv, row 2, column time_period: period is in the future: Spring term 202627 cannot begin before 2027-01-01, and today is 2026-11-30 (value "202627")',
    );
    expect(() => assertNotFuture('202728', 'Full year', where, today)).toThrow(/period is in the future/);
    expect(() => assertNotFuture('2027', 'Week 2', where, today)).toThrow(/period is in the future/);
  });
  it('reads "today" afresh from each date given, at the edges of a UTC day too', () => {
    const where = { file: 'f.csv', row: 2, column: 'time_period' };
    const spring = (iso: string) => () => assertNotFuture('202627', 'Spring term', where, new Date(iso));
    expect(spring('2026-12-31T23:59:59.999Z')).toThrow(/today is 2026-12-31/);
    expect(spring('2027-01-01T00:00:00.000Z')).not.toThrow();
    expect(spring('2026-12-31T00:00:00.000Z')).toThrow(/today is 2026-12-31/);
    expect(spring('2026-12-30T23:59:59.999Z')).toThrow(/today is 2026-12-30/);
    expect(spring('1969-12-31T12:00:00Z')).toThrow(/today is 1969-12-31/);
  });
});

describe('a future period is refused by every importer', () => {
  it('registers: term and year files', () => {
    const text = swap(fixture('registers/term-202425-spr.csv'), '"202425"', '"209899"');
    const e = caught(() => importRegistersFile(text, 't.csv'));
    expect([e.row, e.column]).toEqual([2, 'time_period']);
    expect(e.problem).toMatch(/^period is in the future: Spring term 209899 cannot begin before 2099-01-01/);
  });
  it('registers: weekly files', () => {
    const text = swap(fixture('registers/weekly-202324.csv'), /^2023,/gm, '2099,');
    const e = caught(() => importRegistersFile(text, 'w.csv'));
    expect([e.row, e.column]).toEqual([2, 'time_period']);
    expect(e.problem).toMatch(/^period is in the future: Week \d+ 2099/);
  });
  it('registers: the persistent absence by week file', () => {
    const text = swap(fixture('registers/pa-explorer.csv'), /^2025,/gm, '2099,');
    const e = caught(() => importPersistentAbsenceByWeek(text, 'pa.csv'));
    expect([e.row, e.column, e.value]).toEqual([2, 'time_period', '2099']);
  });
  it('LAIT', () => {
    const lookup = readAreaLookup({
      regions: 'region_code,region_name\nE12000006,East of England\n',
      las: 'new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\nE06000032,Luton,01/01/2009,,E12000006,821\n',
      changes: 'oldcd,oldnm,newcd,newnm,type,start\nE10000023,North Yorkshire,,,termination,2023\n',
    });
    const row = { 'Short Desc': 'TotAbs', Years: '2099', 'LA and Regions': 'England', Values: '6.1', 'LA Number': '970', Region: 'NA' };
    const e = caught(() => laitRowsToFigures([row], 'l.parquet', lookup));
    expect([e.row, e.column, e.value]).toEqual([1, 'Years', '209899']);
    expect(e.problem).toMatch(/^period is in the future: Full year 209899 cannot begin before 2098-08-01/);
  });
  it('children in need', () => {
    const text = swap(fixture('cin/absence_la.csv'), /^202223,/gm, '209899,');
    const e = caught(() => importCinAbsence(text, 'cin.csv'));
    expect([e.row, e.column, e.value]).toEqual([2, 'time_period', '209899']);
  });
  it('absence distributions', async () => {
    const text = swap(fixture('distributions/sample.csv'), /^(\ufeff?Academic year),202223,/gm, '$1,209899,');
    const e = await caughtAsync(() => importDistributions(zipSync({ 'd.csv': strToU8(text) }), 'd.zip'));
    expect([e.file, e.row, e.column, e.value]).toEqual(['d.zip/d.csv', 1, 'time_period', '209899']);
  });
});

describe('place names must be plain text', () => {
  const where = { file: 'f.csv', row: 3, column: 'la_name' };
  it('accepts the DfE and ONS spellings', () => {
    for (const n of ['Bristol, City of', 'Southend-on-Sea', 'St. Helens', "King's Lynn", 'Herefordshire, County of', 'Yorkshire and The Humber']) {
      expect(checkName(n, where)).toBe(n);
    }
  });
  it('refuses markup, formulas and control characters, naming the cell', () => {
    expect(() => checkName('<script>alert(1)</script>', where)).toThrow('f.csv, row 3, column la_name: name contains "<" or ">": not a place name (markup?)');
    for (const n of ['=HYPERLINK("http://x","Luton")', '+44', '-1+1', '@SUM(A1)']) {
      expect(() => checkName(n, where)).toThrow(/name starts with =, \+, - or @, as a spreadsheet formula does/);
    }
    expect(() => checkName('Lu\u0007ton', where)).toThrow(/control character/);
    expect(() => checkName(' ', where)).toThrow(/name is empty/);
  });
  it('in each importer that reads names', async () => {
    const registers = swap(fixture('registers/term-202425-spr.csv'), '"Manchester"', '"=HYPERLINK(""http://example.org"",""Manchester"")"');
    expect(caught(() => importRegistersFile(registers, 't.csv')).column).toBe('la_name');
    const cin = swap(fixture('cin/absence_la.csv'), ',Luton,', ',<b>Luton</b>,');
    expect(caught(() => importCinAbsence(cin, 'cin.csv')).column).toBe('la_name');
    const dist = swap(fixture('distributions/sample.csv'), ',Luton,', ',@Luton,');
    const e = await caughtAsync(() => importDistributions(zipSync({ 'd.csv': strToU8(dist) }), 'd.zip'));
    expect([e.row, e.column]).toEqual([1, 'la_name']);
  });
  it('in the LA and region lookups, which also refuse a code listed twice', () => {
    const las = 'new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\nE06000032,<i>Luton</i>,01/01/2009,,E12000006,821\n';
    const changes = 'oldcd,oldnm,newcd,newnm,type,start\nE10000023,North Yorkshire,,,termination,2023\n';
    const regions = 'region_code,region_name\nE12000006,East of England\n';
    expect(() => readAreaLookup({ las, regions, changes })).toThrow('geo/las.csv, row 2, column la_name: name contains "<" or ">"');
    expect(() => readAreaLookup({ las, regions: `${regions}E12000006,East\n`, changes })).toThrow(
      'geo/regions.csv, row 3, column region_code: region code listed twice (value "E12000006")',
    );
  });
});

describe('decodeText: UTF-8 only', () => {
  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]), 'f.csv')).toBe('a,b');
  });
  it('refuses UTF-16, NUL bytes, and names the first line that is not UTF-8', () => {
    expect(() => decodeText(Buffer.from('\ufeffa,b\n', 'utf16le'), 'f.csv')).toThrow('f.csv: file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8');
    expect(() => decodeText(Buffer.from('a,b\n', 'utf16le'), 'f.csv')).toThrow('f.csv: file contains NUL bytes');
    const cp1252 = Buffer.concat([Buffer.from('name,n\nLuton,1\n'), Buffer.from('Lut\xf6n,2\n', 'latin1')]);
    expect(() => decodeText(cp1252, 'f.csv')).toThrow('f.csv, row 3, column name: text is not UTF-8 (a binary file, or text saved in another encoding such as Windows-1252?)');
  });
  it('names the column of the bad bytes in a CSV, counting quoted commas and every kind of line end', () => {
    const at = (text: string, file = 'f.csv') => {
      const e = caught(() => decodeText(Buffer.from(text, 'latin1'), file));
      return [e.row, e.column];
    };
    expect(at('code,name,n\r\nE1,"Bristol, City of",1\r\nE2,"Caf\xe9, Town",2\r\n')).toEqual([3, 'name']);
    expect(at('code,name,n\rE1,Luton,1\r\rE2,Luton,\x96\r')).toEqual([4, 'n']);
    expect(at('code,name\nE1,Lut\xf6n\n')).toEqual([2, 'name']);
    // A quoted cell holding a line break: the row is the line the record starts on, as readCsv numbers it.
    expect(at('code,note,name\nE1,"two\nlines",Lut\xf6n\n')).toEqual([2, 'name']);
    // Inflated from a .csv.gz: still a CSV.
    expect(at('code,name\nE1,Lut\xf6n\n', 'f.csv.gz')).toEqual([2, 'name']);
    // In the header: the header cell, its bad byte shown as "?"; junk with no name before it names none.
    expect(at('code,na\xefme\nE1,x\n')).toEqual([1, 'na?me']);
    expect(at('\xe9\x80,name\nE1,x\n')).toEqual([1, undefined]);
    // A cell past the header's width and a file that is not CSV: the row only.
    expect(at('co\xe9e,name\nE1,x\n')).toEqual([1, 'co?e']);
    expect(at('code,name\nE1,x,\xe9\n')).toEqual([2, undefined]);
    expect(at('{"a":\n"\xe9"}', 'f.json')).toEqual([2, undefined]);
  });
});

describe('readCsv: over-long cells', () => {
  it('refuses a cell longer than MAX_CELL_LENGTH, naming row and column and showing only its start', () => {
    const e = caught(() => readCsv(`a,b\n1,${'x'.repeat(MAX_CELL_LENGTH + 1)}\n`, 'f.csv'));
    expect([e.row, e.column]).toEqual([2, 'b']);
    expect(e.message).toMatch(/^f\.csv, row 2, column b: cell is 10001 characters long \(at most 10000 are accepted\) \(value "x{80}…"\)$/);
  });
});
