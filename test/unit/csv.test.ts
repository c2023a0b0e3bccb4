import { describe, expect, it } from 'vitest';
import { openCsv, readCsv, readCsvHeader, type CsvRow } from '../../src/lib/ingest/csv';

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
  it('trims tabs and spaces at either end of a cell, and keeps inner ones', () => {
    const t = readCsv('a,b,c\n1 ,x y,\tz\n', 'f.csv');
    expect(t.rows[0]!.cells).toEqual({ a: '1', b: 'x y', c: 'z' });
  });
  it('trims what String.prototype.trim trims: no-break and ideographic spaces too', () => {
    const t = readCsv('a,b\n\u00a01,2\u3000\n', 'f.csv');
    expect(t.rows[0]!.cells).toEqual({ a: '1', b: '2' });
  });
  it('reads column names holding quotes, backslashes and code-like text as plain names', () => {
    const t = readCsv('"a""b",c\\d,"e`${1}"\n1,2,3\n', 'f.csv');
    expect(t.header).toEqual(['a"b', 'c\\d', 'e`${1}']);
    expect(t.rows[0]!.cells).toEqual({ 'a"b': '1', 'c\\d': '2', 'e`${1}': '3' });
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

describe('openCsv', () => {
  const rowsOf = (text: string, chunkSize?: number) => {
    const rows: CsvRow[] = [];
    openCsv(text, 'c.csv', { chunkSize }).forEach((r) => rows.push({ row: r.row, cells: { ...r.cells } }));
    return rows;
  };
  const errorOf = (text: string, chunkSize?: number) => {
    try {
      rowsOf(text, chunkSize);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('gives the same rows and row numbers whatever the chunks the text is parsed in', () => {
    // Blank leading lines, CRLF, a quoted line break and a quoted comma, blank rows, a last row without a line end.
    const text = '\r\n\r\nperiod,name,value\r\n202324,"Luton, UA",1.5\r\n\r\n202324,"two\r\nlines",c\r\n,,\r\n202425,  Bury ,x\r\n202526,End,2';
    const whole = rowsOf(text);
    expect(whole.map((r) => [r.row, r.cells.name])).toEqual([
      [4, 'Luton, UA'],
      [6, 'two\r\nlines'],
      [9, 'Bury'],
      [10, 'End'],
    ]);
    for (const size of [1, 2, 3, 5, 7, 11, 16, 33]) expect(rowsOf(text, size), `chunks of ${size}`).toEqual(whole);
  });

  it('names the same row for an error whatever the chunks', () => {
    const short = 'a,b\n1,2\n\n3\n4,5\n';
    const quote = 'a,b\r\r1,2\r"3,4\r';
    expect(errorOf(short)).toBe('c.csv, row 4: row has 1 fields but the header has 2 (truncated or shifted row)');
    expect(errorOf(quote)).toMatch(/^c\.csv, row 4: malformed CSV: Quoted field unterminated/);
    for (const size of [1, 3, 4, 6, 9]) {
      expect(errorOf(short, size), `chunks of ${size}`).toBe(errorOf(short));
      expect(errorOf(quote, size), `chunks of ${size}`).toBe(errorOf(quote));
    }
    expect(errorOf('a,b\n', 2)).toBe('c.csv: file has a header but no data rows');
    expect(errorOf('\n\n\n\n\n\n\n\n\n\na,b\n1,2\n')).toBe('no error');
    expect(rowsOf('\n\n\n\n\n\n\n\n\n\na,b\n1,2\n')).toEqual([{ row: 12, cells: { a: '1', b: '2' } }]);
  });

  it('reads the header before any row is asked for, and gives rows only when asked', () => {
    const csv = openCsv('a,b\n1,2\n3\n', 'c.csv');
    expect(csv.header).toEqual(['a', 'b']);
    // The short row is found by the parse, not by opening the file.
    expect(() => csv.forEach(() => {})).toThrow('c.csv, row 3: row has 1 fields');
  });

  it('refuses a file whose records are all empty (",,," lines) rather than searching on for a header', () => {
    expect(() => openCsv(',,,\n , ,\n', 'b.csv')).toThrow('b.csv: file is empty (no record has anything in it)');
    expect(() => openCsv(',,,\r\n,,,', 'b.csv')).toThrow('b.csv: file is empty (no record has anything in it)');
  });

  it('finds a header far into the file, and never takes one cut short where its first look at the text ends', () => {
    // Blank lines up to just before 64 K characters: the header record straddles the first look's end.
    const blank = '\n'.repeat(65_533);
    const csv = openCsv(`${blank}time_period,area_code\n202324,E06000032\n`, 'far.csv');
    expect(csv.header).toEqual(['time_period', 'area_code']);
    const rows: CsvRow[] = [];
    csv.forEach((r) => rows.push(r));
    expect(rows).toEqual([{ row: 65_535, cells: { time_period: '202324', area_code: 'E06000032' } }]);
    // A header holding a quoted name longer than the first look.
    const long = 'x'.repeat(70_000);
    expect(openCsv(`"${long}",b\n1,2\n`, 'long.csv').header).toEqual([long, 'b']);
    // A quote left open in the header is an error, not a header.
    expect(() => openCsv(`a,"b\n${'1,2\n'.repeat(30_000)}`, 'open.csv')).toThrow(/open\.csv, row 1: malformed CSV/);
  });

  it('reads the line break as papaparse guesses it: CR alone, and CRLF', () => {
    const rowsOf = (text: string) => {
      const rows: CsvRow[] = [];
      openCsv(text, 'f.csv').forEach((r) => rows.push(r));
      return rows;
    };
    expect(rowsOf('a,b\r1,2\r3,4\r')).toEqual([{ row: 2, cells: { a: '1', b: '2' } }, { row: 3, cells: { a: '3', b: '4' } }]);
    expect(rowsOf('a,b\r\n1,2\r\n3,4\r\n')).toEqual([{ row: 2, cells: { a: '1', b: '2' } }, { row: 3, cells: { a: '3', b: '4' } }]);
    // A carriage return only inside a quoted cell: the line break is still "\n", and the cell keeps it.
    expect(rowsOf('a,b\n"1\r",2\n')).toEqual([{ row: 2, cells: { a: '1', b: '2' } }]);
  });
});

describe('readCsvHeader', () => {
  it('finds the header where openCsv does, after blank lines', () => {
    expect(readCsvHeader('\n \nperiod, name\n1,2\n', 'c.csv')).toEqual(['period', 'name']);
    expect(() => readCsvHeader('', 'e.csv')).toThrow('e.csv: file is empty');
  });
});
