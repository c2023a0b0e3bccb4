import { describe, expect, it } from 'vitest';
import { binOf, binsFor, fixedBreaks, binLabel, changeBreaks, changeBinLabel } from '../../src/lib/classes/bins';

describe('fixed class breaks', () => {
  it('makes ascending nice breaks from pooled values', () => {
    const values = Array.from({ length: 700 }, (_, i) => 10 + i / 35); // 10 .. 30
    const b = fixedBreaks(values);
    expect(b).toEqual([13, 15.5, 18.5, 21.5, 24.5, 27]);
    expect([...b].sort((x, y) => x - y)).toEqual(b);
  });
  it('gives the same breaks whatever order the periods come in', () => {
    const a = [1.2, 3.4, 2.2, 5.1, 0.9, 4.4, 2.8, 3.9];
    expect(fixedBreaks(a)).toEqual(fixedBreaks([...a].reverse()));
  });
  it('copes with no values and with all-equal values', () => {
    expect(fixedBreaks([])).toEqual([]);
    expect(fixedBreaks([5, 5, 5])).toEqual([]);
    expect(binsFor([])).toEqual([{ index: 1, from: null, to: null }]);
  });
  it('puts a value equal to a break in the bin above', () => {
    expect(binOf(12.9, [13, 15.5])).toBe(1);
    expect(binOf(13, [13, 15.5])).toBe(2);
    expect(binOf(99, [13, 15.5])).toBe(3);
    expect(binsFor([13, 15.5]).map(binLabel)).toEqual(['Under 13.0', '13.0 to under 15.5', '15.5 and over']);
  });
});

describe('change breaks', () => {
  it('are symmetric around zero and ascending', () => {
    const diffs = Array.from({ length: 300 }, (_, i) => (i % 2 ? 1 : -1) * (i / 30));
    const b = changeBreaks(diffs);
    expect(b.length % 2).toBe(0);
    expect(b).toEqual([...b].sort((x, y) => x - y));
    expect(b.map((x) => -x).reverse()).toEqual(b);
    expect(changeBreaks([])).toEqual([]);
  });
  it('labels the middle class as little or no change', () => {
    const bins = binsFor([-2, -0.5, 0.5, 2]);
    expect(bins.map(changeBinLabel)).toEqual([
      'Fall of more than 2.0 points',
      '-2.0 to under -0.5 points',
      'Little or no change (-0.5 to under +0.5)',
      '+0.5 to under +2.0 points',
      'Rise of 2.0 points or more',
    ]);
  });
});
