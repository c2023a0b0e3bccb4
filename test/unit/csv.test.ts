import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/lib/ingest/csv';

describe('readCsv', () => {
  it('strips a BOM and trims cells', () => {
    const t = readCsv('\ufeffa,b\n 1 ,x\n', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([{ row: 2, cells: { a: '1', b: 'x' } }]);
  });
  it('gives every row its own cells, each column in header order', () => {
    const t = readCsv('b,a,c\n1,2,3\n4, 5 ,6\n7,8,9\n', 'f.csv');
    expect(t.rows.map((r) => r.cells)).toEqual([{ b: '1', a: '2', c: '3' }, { b: '4', a: '5', c: '6' }, { b: '7', a: '8', c: '9' }]);
    expect(t.rows.map((r) => Object.keys(r.cells))).toEqual([['b', 'a', 'c'], ['b', 'a', 'c'], ['b', 'a', 'c']]);
  });
  it('reads CRLF line ends', () => {
    expect(readCsv('a,b\r\n1,2\r\n', 'f.csv').rows[0]!.cells).toEqual({ a: '1', b: '2' });
  });
  it('refuses empty, header-only, truncated and non-comma files', () => {
    expect(() => readCsv('', 'e.csv')).toThrow('e.csv: file is empty');
    expect(() => readCsv('a,b\n', 'h.csv')).toThrow('h.csv: file has a header but no data rows');
    expect(() => readCsv('a,b\n1,2\n3\n', 't.csv')).toThrow('t.csv, row 3: row has 1 fields but the header has 2');
    expect(() => readCsv('a;b\n1;2\n', 's.csv')).toThrow(/not comma-separated/);
  });
  it('names a missing required column', () => {
    expect(() => readCsv('a,b\n1,2\n', 'm.csv', { required: ['time_period'] })).toThrow(
      'm.csv, row 1, column time_period: required column is missing',
    );
  });
  it('refuses UTF-16 text', () => {
    const utf16 = Buffer.from('\ufeffa,b\n1,2\n', 'utf16le').toString('latin1');
    expect(() => readCsv(utf16, 'u.csv')).toThrow(/NUL bytes/);
  });
  it('uses given column names for headerless files', () => {
    const t = readCsv('1,2\n3,4\n', 'n.csv', { columns: ['x', 'y'] });
    expect(t.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(t.rows[1]!.cells).toEqual({ x: '3', y: '4' });
  });
  it('numbers rows by the line they start on, blank lines and line breaks inside quotes counted', () => {
    const t = readCsv('a,b\n\n1,2\n  \n,\n"x\r\ny",3\n4,5\n\n', 'b.csv');
    expect(t.rows.map((r) => [r.row, r.cells.a])).toEqual([
      [3, '1'],
      [6, 'x\r\ny'],
      [8, '4'],
    ]);
    expect(() => readCsv('a,b\n\n\n1,2\n3\n', 't.csv')).toThrow('t.csv, row 5: row has 1 fields');
    expect(() => readCsv('a,b\r\r1,2\r"3,4\r', 'q.csv')).toThrow('q.csv, row 4: malformed CSV: Quoted field unterminated');
    expect(() => readCsv('\na,a\n1,2\n', 'h.csv')).toThrow('h.csv, row 2, column a: column name appears twice');
  });
});
