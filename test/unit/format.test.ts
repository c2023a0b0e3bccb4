import { describe, expect, it } from 'vitest';
import { fixed, percentOrSymbol, roundHalfAway, count } from '../../src/lib/domain/format';

describe('published rounding', () => {
  it('rounds half away from zero on the decimal figure', () => {
    expect(fixed(19.95)).toBe('20.0');
    expect(fixed(18.93)).toBe('18.9');
    expect(fixed(24.64)).toBe('24.6');
    expect(fixed(1.45)).toBe('1.5');
    expect(fixed(-1.45)).toBe('-1.5');
    expect(fixed(-0.04)).toBe('0.0');
    expect(roundHalfAway(2.675, 2)).toBe(2.68);
  });
  it('writes symbols as words, never as zero', () => {
    expect(percentOrSymbol(null, 'c')).toBe('suppressed to protect confidentiality');
    expect(percentOrSymbol(0, null)).toBe('0.0%');
    expect(count(1234567.4)).toBe('1,234,567');
  });
});

import { longDate } from '../../src/lib/domain/format';
describe('dates', () => {
  it('writes ISO dates in words', () => {
    expect(longDate('2023-04-01')).toBe('1 April 2023');
    expect(longDate('2019-03-31')).toBe('31 March 2019');
  });
});
