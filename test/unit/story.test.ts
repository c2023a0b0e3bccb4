import { describe, expect, it } from 'vitest';
import { changeWord, pupilsPhrase, storySentence } from '../../src/lib/story';

describe('story sentences', () => {
  it('writes the Luton sentence from the published figures', () => {
    expect(
      storySentence({
        area: 'Luton',
        what: 'persistently absent',
        latest: { period: '2023/24', value: 18.93 },
        previous: { period: '2022/23', value: 24.64 },
        england: 19.95,
      }),
    ).toBe('In 2023/24, 18.9% of pupils in Luton were persistently absent, down from 24.6% in 2022/23. England: 20.0%.');
  });
  it('says unchanged when the printed figures are equal, even if the raw ones differ', () => {
    expect(changeWord(18.93, 18.91)).toBe('unchanged from');
    expect(changeWord(18.96, 18.94)).toBe('up from');
    expect(
      storySentence({ area: 'Rutland', what: 'severely absent', latest: { period: '2024/25', value: 1.04 }, previous: { period: '2023/24', value: 1.0 } }),
    ).toBe('In 2024/25, 1.0% of pupils in Rutland were severely absent, unchanged from 2023/24.');
  });
  it('handles zero and one pupil in the singular and plural', () => {
    expect(pupilsPhrase(0)).toBe('0 pupils');
    expect(pupilsPhrase(1)).toBe('1 pupil');
    expect(pupilsPhrase(1234)).toBe('1,234 pupils');
    expect(storySentence({ area: 'Isles of Scilly', what: 'severely absent', latest: { period: '2023/24', value: 0.5 }, pupils: 1 })).toBe(
      'In 2023/24, 0.5% of pupils in Isles of Scilly (1 pupil) was severely absent.',
    );
    expect(storySentence({ area: 'City of London', what: 'severely absent', latest: { period: '2023/24', value: 0 }, pupils: 0 })).toBe(
      'In 2023/24, 0.0% of pupils in City of London (0 pupils) were severely absent.',
    );
  });
  it('adds the region and England when given', () => {
    expect(
      storySentence({ area: 'Luton', what: 'persistently absent', latest: { period: '2024/25', value: 17.69 }, region: { name: 'East of England', value: 17.5 }, england: 18.14 }),
    ).toBe('In 2024/25, 17.7% of pupils in Luton were persistently absent. East of England: 17.5%. England: 18.1%.');
  });
});
