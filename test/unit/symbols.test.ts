import { describe, expect, it } from 'vitest';
import { parseCell, cleanFloat } from '../../src/lib/domain/symbols';
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
});
