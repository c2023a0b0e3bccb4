import { describe, expect, it } from 'vitest';
import { numericCell, safeCell, shownTableCsv, toCsv } from '../../src/lib/publish/csv-out';
import { cellText } from '../../src/lib/page-models/area-page';

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
  it('writes a table as shown with plain numbers and DfE symbol codes in its numeric columns', () => {
    expect(numericCell('2,201')).toBe('2201');
    expect(numericCell('17.7')).toBe('17.7');
    expect(numericCell('-1.5')).toBe('-1.5');
    expect(numericCell(cellText('enrolments', { value: null, symbol: 'c' }))).toBe('c');
    expect(numericCell(cellText('enrolments_pa_10_exact_percent', { value: null, symbol: 'low' }))).toBe('low');
    expect(numericCell('no figure published')).toBe('');
    const csv = shownTableCsv(
      [{ key: 'period', label: 'Period' }, { key: 'a', label: 'Luton', numeric: true }, { key: 'n', label: 'Luton: pupils', numeric: true }, { key: 'note', label: 'Note' }],
      [
        { period: '2023/24', a: '21.3', n: cellText('enrolments_pa_10_exact', { value: 2201, symbol: null }), note: '' },
        { period: '2024/25', a: cellText('enrolments_pa_10_exact_percent', { value: null, symbol: 'x' }), n: 'no figure published', note: 'five half terms (to the end of May)' },
      ],
    );
    expect(csv).toBe('Period,Luton,Luton: pupils,Note\r\n2023/24,21.3,2201,\r\n2024/25,x,,five half terms (to the end of May)\r\n');
  });
});
