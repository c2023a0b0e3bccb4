import { describe, expect, it } from 'vitest';
import { parseCell, cleanFloat, cellValue, cellError } from '../../src/lib/domain/symbols';
import { DataError } from '../../src/lib/domain/errors';

const at = { file: 'f.csv', row: 7, column: 'sess_overall_percent' };

describe('parseCell', () => {
  it('reads numbers and strips float noise', () => {
    expect(parseCell('17.690000000000001', at)).toEqual({ value: 17.69, symbol: null });
    expect(parseCell(' 0 ', at)).toEqual({ value: 0, symbol: null });
    expect(parseCell('-1.5', at)).toEqual({ value: -1.5, symbol: null });
  });
  it('keeps every DfE symbol as a symbol, never a zero', () => {
    for (const s of ['c', 'x', 'z', 'u', 'low', ':', '-']) expect(parseCell(s, at)).toEqual({ value: null, symbol: s });
    expect(parseCell('NA', at)).toEqual({ value: null, symbol: 'x' });
  });
  it('refuses thousands separators, unknown symbols and empty cells, naming file, row and column', () => {
    expect(() => parseCell('1,234', at)).toThrow(/f\.csv, row 7, column sess_overall_percent: number written with a thousands separator/);
    expect(() => parseCell('SUPP', at)).toThrow(DataError);
    expect(() => parseCell('', at)).toThrow(/empty cell/);
    expect(() => parseCell('12%', at)).toThrow(/neither a number/);
  });
  it('cleanFloat keeps published decimals', () => {
    expect(cleanFloat(0.1 + 0.2)).toBe(0.3);
    expect(cleanFloat(18.93)).toBe(18.93);
  });
  it('reads short and long numbers alike: noise cleaned from long ones, -0 read as 0', () => {
    expect(parseCell('17.690000000000001', at).value).toBe(17.69);
    expect(parseCell('0.30000000000000004', at).value).toBe(0.3);
    expect(parseCell('123456789012', at).value).toBe(123456789012);
    expect(parseCell('1234567890123', at).value).toBe(cleanFloat(1234567890123));
    expect(Object.is(parseCell('-0', at).value, 0)).toBe(true);
    expect(Object.is(parseCell('-0.00', at).value, 0)).toBe(true);
    for (const text of ['5.175', '0.1', '99.99', '-3', '1e3', '.5', '10.', '450000.5']) expect(parseCell(text, at).value).toBe(cleanFloat(Number(text)));
  });
});

describe('cellValue and cellError', () => {
  it('read what parseCell reads: the number or the symbol', () => {
    for (const text of ['17.690000000000001', ' 0 ', '-1.5', '1e3', '1234567890123', 'c', 'x', 'z', 'u', 'low', 'LOW', ':', '-', 'NA']) {
      const cell = parseCell(text, at);
      expect(cellValue(text)).toBe(cell.value ?? cell.symbol);
    }
    expect(Object.is(cellValue('-0'), 0)).toBe(true);
    expect(cellValue('5')).toBe(5);
    expect(cellValue('NA')).toBe('x');
  });
  it('refuse what parseCell refuses, and cellError is the error parseCell throws', () => {
    for (const text of ['', '  ', undefined, null, '1,234', 'SUPP', '12%', '1e999', 'na', 'k', 'constructor']) {
      expect(cellValue(text)).toBeUndefined();
      expect(() => parseCell(text, at)).toThrow(cellError(text, at).message);
    }
    expect(cellError('', at).message).toMatch(/empty cell/);
    expect(cellError('1e999', at).message).toMatch(/number out of range/);
    expect(cellError('1,234', at).message).toMatch(/thousands separator/);
    expect(cellError('12%', at).message).toMatch(/neither a number nor a known DfE symbol/);
  });
});
