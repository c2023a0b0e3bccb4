import { describe, expect, it } from 'vitest';
import { changePhrase, changeWord, ordinal, pupilsPhrase, pupilsWere, rankPhrase, storyFacts, storySentence } from '../../src/lib/story';

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

describe('story facts', () => {
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 102, 111, 112, 153].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '102nd', '111th', '112th', '153rd']);
  });
  it('says was for one pupil and were for zero or many', () => {
    expect(pupilsWere(0)).toBe('0 pupils were');
    expect(pupilsWere(1)).toBe('1 pupil was');
    expect(pupilsWere(2)).toBe('2 pupils were');
    expect(pupilsWere(12345)).toBe('12,345 pupils were');
  });
  it('gives the change in percentage points between the printed figures', () => {
    expect(changePhrase(17.69, { period: '2023/24', value: 18.93 })).toBe('down 1.2 percentage points from 18.9% in 2023/24');
    expect(changePhrase(2.44, { period: '2023/24', value: 1.36 })).toBe('up 1.0 percentage point from 1.4% in 2023/24');
    expect(changePhrase(1.04, { period: '2023/24', value: 0.96 })).toBe('unchanged from 2023/24 (1.0%)');
    expect(changePhrase(0, { period: '2023/24', value: 0.1 })).toBe('down 0.1 percentage points from 0.1% in 2023/24');
    expect(changePhrase(0, { period: '2023/24', value: 0 })).toBe('unchanged from 2023/24 (0.0%)');
  });
  it('names the rank, with joint ranks, the highest, the lowest and a single authority', () => {
    expect(rankPhrase({ rank: 1, of: 153, tied: false }, '2024/25')).toBe('the highest rate of the 153 local authorities with a figure for 2024/25');
    expect(rankPhrase({ rank: 1, of: 153, tied: true }, '2024/25')).toBe('the joint highest rate of the 153 local authorities with a figure for 2024/25');
    expect(rankPhrase({ rank: 12, of: 153, tied: true }, '2024/25')).toBe('the joint 12th highest rate of the 153 local authorities with a figure for 2024/25');
    expect(rankPhrase({ rank: 153, of: 153, tied: false }, '2024/25')).toBe('the lowest rate of the 153 local authorities with a figure for 2024/25');
    expect(rankPhrase({ rank: 151, of: 153, tied: true }, '2024/25')).toBe('the joint 151st highest rate of the 153 local authorities with a figure for 2024/25');
    expect(rankPhrase({ rank: 1, of: 1, tied: false }, '2024/25')).toBe('the only rate of the 1 local authority with a figure for 2024/25');
  });
  it('writes the Luton facts', () => {
    const text = storyFacts({
      area: 'Luton',
      measures: [
        {
          label: 'Persistent absence',
          what: 'persistently absent (missing 10% or more of their sessions)',
          latest: { period: '2024/25', value: 17.69 },
          previous: { period: '2023/24', value: 18.93 },
          region: { name: 'East of England', value: 17.5 },
          england: 18.14,
          rank: { rank: 62, of: 153, tied: false },
        },
      ],
      counts: { period: '2022/23', persistent: 12345, severe: 1, source: 'absence distributions' },
    });
    expect(text).toEqual([
      'Persistent absence: in 2024/25, 17.7% of pupils in Luton were persistently absent (missing 10% or more of their sessions), down 1.2 percentage points from 18.9% in 2023/24. The same year: East of England 17.5%, England 18.1%. Luton had the 62nd highest rate of the 153 local authorities with a figure for 2024/25.',
      'Pupils: in 2022/23, the latest year with published counts, 12,345 pupils were persistently absent and 1 pupil was severely absent in Luton (absence distributions).',
    ]);
  });
  it('handles zero, one and an unchanged rate, and no year before', () => {
    const [severe, pupils] = storyFacts({
      area: 'Isles of Scilly',
      measures: [{ label: 'Severe absence', what: 'severely absent', latest: { period: '2024/25', value: 0 }, previous: { period: '2023/24', value: 0.04 } }],
      counts: { period: '2022/23', persistent: 1, severe: 0, source: 'absence distributions' },
    });
    expect(severe).toBe('Severe absence: in 2024/25, 0.0% of pupils in Isles of Scilly were severely absent, unchanged from 2023/24 (0.0%).');
    expect(pupils).toBe('Pupils: in 2022/23, the latest year with published counts, 1 pupil was persistently absent and 0 pupils were severely absent in Isles of Scilly (absence distributions).');
    const [first] = storyFacts({ area: 'Cumberland', measures: [{ label: 'Persistent absence', what: 'persistently absent', latest: { period: '2023/24', value: 20 } }] });
    expect(first).toBe('Persistent absence: in 2023/24, 20.0% of pupils in Cumberland were persistently absent. There is no figure for the year before to compare with.');
  });
});
