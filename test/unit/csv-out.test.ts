import { describe, expect, it } from 'vitest';
import { safeCell, toCsv } from '../../src/lib/csv-out';

describe('CSV downloads', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(safeCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(safeCell('+1+1')).toBe(`'+1+1`);
    expect(safeCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(safeCell('-2+3')).toBe(`'-2+3`);
  });
  it('keeps numbers, the "-" symbol and empty cells as they are', () => {
    expect(safeCell(-1.5)).toBe('-1.5');
    expect(safeCell('-')).toBe('-');
    expect(safeCell(null)).toBe('');
    expect(safeCell(0)).toBe('0');
  });
  it('writes a header and quoted fields with CRLF line ends', () => {
    expect(toCsv([{ a: 'Kingston upon Hull, City of', b: 1 }], ['a', 'b'])).toBe('a,b\r\n"Kingston upon Hull, City of",1\r\n');
  });
});
