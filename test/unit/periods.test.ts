import { describe, expect, it } from 'vitest';
import { latestPeriod, periodInWords, previousYear, SINGLE_TERMS } from '../../src/lib/domain/periods';

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

describe('latestPeriod', () => {
  const periods = [
    { time_period: '202425', time_identifier: 'Summer term' },
    { time_period: '202526', time_identifier: 'Autumn term' },
    { time_period: '202425', time_identifier: 'Full year' },
    { time_period: '202526', time_identifier: 'Autumn and spring term' },
    { time_period: '202324', time_identifier: 'Full year' },
  ];
  it('picks the latest period with one of the identifiers, by time not by list order', () => {
    expect(latestPeriod(periods, ['Full year'])).toEqual({ time_period: '202425', time_identifier: 'Full year' });
    expect(latestPeriod(periods, SINGLE_TERMS)).toEqual({ time_period: '202526', time_identifier: 'Autumn term' });
    expect(latestPeriod(periods.slice(0, 1).concat(periods.slice(2, 3)), [...SINGLE_TERMS, 'Full year'])).toEqual({ time_period: '202425', time_identifier: 'Full year' });
    expect(latestPeriod(periods, ['Week 3'])).toBeUndefined();
  });
});

describe('periodInWords', () => {
  it('reads after "in": a full year as the year, a term as "the summer term of"', () => {
    expect(periodInWords('202324', 'Full year')).toBe('2023/24');
    expect(periodInWords('202425', 'Summer term')).toBe('the summer term of 2024/25');
  });
});
