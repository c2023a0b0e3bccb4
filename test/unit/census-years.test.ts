import { describe, expect, it } from 'vitest';
import { censusAnnotations, censusYearNote } from '../../src/lib/domain/census-years';

const halfTerms = { '201011': 5, '201112': 5, '201213': 6, '201314': 6, '202021': 6 } as const;

describe('census years that are not like the others', () => {
  it('notes five-half-term years and the COVID year, and nothing for an ordinary year', () => {
    expect(censusYearNote('201112', halfTerms)).toBe('five half terms (to the end of May)');
    expect(censusYearNote('202021', halfTerms)).toBe('COVID-19 rules: pupils kept at home not counted as absent');
    expect(censusYearNote('201213', halfTerms)).toBe('');
    expect(censusYearNote('201415', {})).toBe('');
  });

  it('marks the first six-half-term year only when a five-half-term year is on the axis', () => {
    expect(censusAnnotations(['2010/11', '2011/12', '2012/13', '2020/21'], halfTerms)).toEqual([
      { label: '2012/13', text: 'six half terms from here' },
      { label: '2020/21', text: 'COVID rules' },
    ]);
    expect(censusAnnotations(['2012/13', '2013/14'], halfTerms)).toEqual([]);
  });
});
