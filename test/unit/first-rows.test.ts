import { describe, expect, it } from 'vitest';
import { FirstRows } from '../../src/lib/ingest/first-rows';

describe('FirstRows: the first row of each key in a file', () => {
  it('records the first row of a key and gives it back for a later row with the same key', () => {
    const seen = new FirstRows<number>(3);
    expect(seen.claim(['202324', 'E06000032', 'primary'], 2)).toBeUndefined();
    expect(seen.claim(['202324', 'E06000032', 'secondary'], 3)).toBeUndefined();
    expect(seen.claim(['202324', 'E06000032', 'primary'], 9)).toBe(2);
    // The first row stays the one recorded.
    expect(seen.claim(['202324', 'E06000032', 'primary'], 10)).toBe(2);
  });

  it('tells keys apart by every part, and never by how the parts would join', () => {
    const seen = new FirstRows<number>(2);
    expect(seen.claim(['a|b', 'c'], 1)).toBeUndefined();
    expect(seen.claim(['a', 'b|c'], 2)).toBeUndefined();
    expect(seen.claim(['b', 'a'], 3)).toBeUndefined();
    expect(seen.claim(['a', 'b'], 4)).toBeUndefined();
    expect(seen.claim(['', 'a'], 5)).toBeUndefined();
    expect(seen.claim(['a', 'b|c'], 6)).toBe(2);
  });

  it('keeps any value, and refuses a key of the wrong length', () => {
    const seen = new FirstRows<{ row: number }>(1);
    const first = { row: 7 };
    expect(seen.claim(['x'], first)).toBeUndefined();
    expect(seen.claim(['x'], { row: 8 })).toBe(first);
    expect(() => new FirstRows<number>(2).claim(['only one'], 1)).toThrow('a key of 2 parts, not 1');
    expect(() => new FirstRows<number>(0)).toThrow(/at least one part/);
  });
});
