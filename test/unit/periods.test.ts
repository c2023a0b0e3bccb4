import { describe, expect, it } from 'vitest';
import { previousYear } from '../../src/lib/periods';

describe('previousYear: the same part of the year before', () => {
  it('steps an academic year back by one, across a century', () => {
    expect(previousYear('202425')).toBe('202324');
    expect(previousYear('201011')).toBe('200910');
    expect(previousYear('200001')).toBe('199900');
  });
  it('steps a calendar year (weekly files) back by one', () => {
    expect(previousYear('2025')).toBe('2024');
  });
});
