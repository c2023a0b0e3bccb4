import { describe, expect, it } from 'vitest';
import { changePhrase, changeWord, leadClause, ordinal, pointsPhrase, pupilsPhrase, pupilsWere, rankPhrase, storyFacts, storySentence } from '../../src/lib/page-models/story';

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
    expect(storySentence({ area: 'Isles of Scilly', what: 'severely absent', latest: { period: '2023/24', value: 0.5, pupils: 1 } })).toBe(
      '1 pupil in Isles of Scilly was severely absent in 2023/24 (0.5% of pupils).',
    );
    expect(storySentence({ area: 'City of London', what: 'severely absent', latest: { period: '2023/24', value: 0, pupils: 0 } })).toBe(
      '0 pupils in City of London were severely absent in 2023/24 (0.0% of pupils).',
    );
  });
  it('adds the region and England when given', () => {
    expect(
      storySentence({ area: 'Luton', what: 'persistently absent', latest: { period: '2024/25', value: 17.69 }, region: { name: 'East of England', value: 17.5 }, england: 18.14 }),
    ).toBe('In 2024/25, 17.7% of pupils in Luton were persistently absent. East of England: 17.5%. England: 18.1%.');
  });
});

describe('story sentences that lead with the count', () => {
  const luton = { area: 'Luton', what: 'persistently absent' };
  it('writes the Luton sentence as a reporter would', () => {
    expect(
      storySentence({
        ...luton,
        latest: { period: '2023/24', value: 18.92899, pupils: 7264 },
        previous: { period: '2022/23', value: 24.64186, pupils: 9392 },
        region: { name: 'East of England', value: 19.24 },
        england: 19.95,
      }),
    ).toBe('7,264 pupils in Luton were persistently absent in 2023/24 (18.9% of pupils), down from 9,392 (24.6%) in 2022/23. East of England: 19.2%. England: 20.0%.');
  });
  it('says up, down or unchanged from the printed rates, not the raw ones', () => {
    // 18.95 prints as 19.0 (half away from zero) and 18.94 as 18.9: up by the printed figures, though only 0.01 apart.
    expect(leadClause({ ...luton, latest: { period: '2024/25', value: 18.95, pupils: 101 }, previous: { period: '2023/24', value: 18.94, pupils: 100 } })).toBe(
      '101 pupils in Luton were persistently absent in 2024/25 (19.0% of pupils), up from 100 (18.9%) in 2023/24',
    );
    // 18.94 and 18.86 are 0.08 apart but both print as 18.9.
    expect(leadClause({ ...luton, latest: { period: '2024/25', value: 18.94, pupils: 100 }, previous: { period: '2023/24', value: 18.86, pupils: 100 } })).toBe(
      '100 pupils in Luton were persistently absent in 2024/25 (18.9% of pupils), unchanged from 100 (18.9%) in 2023/24',
    );
  });
  it('names the rate when the count moved the other way, so it never says "down from" a smaller number', () => {
    expect(leadClause({ ...luton, latest: { period: '2024/25', value: 17.7, pupils: 9500 }, previous: { period: '2023/24', value: 18.9, pupils: 9392 } })).toBe(
      '9,500 pupils in Luton were persistently absent in 2024/25 (17.7% of pupils), the rate down from 18.9% in 2023/24 (9,392 pupils)',
    );
    expect(leadClause({ ...luton, latest: { period: '2024/25', value: 18.94, pupils: 101 }, previous: { period: '2023/24', value: 18.86, pupils: 100 } })).toBe(
      '101 pupils in Luton were persistently absent in 2024/25 (18.9% of pupils), the rate unchanged from 18.9% in 2023/24 (100 pupils)',
    );
  });
  it('names the rate when the year before has no published count', () => {
    expect(leadClause({ ...luton, latest: { period: '2024/25', value: 17.7, pupils: 6759 }, previous: { period: '2023/24', value: 18.9, pupils: null } })).toBe(
      '6,759 pupils in Luton were persistently absent in 2024/25 (17.7% of pupils), the rate down from 18.9% in 2023/24',
    );
  });
  it('keeps the rate-only form when no count was published for the latest figure', () => {
    expect(storySentence({ ...luton, latest: { period: '2024/25', value: 17.7, pupils: null }, previous: { period: '2023/24', value: 18.9, pupils: 7264 } })).toBe(
      'In 2024/25, 17.7% of pupils in Luton were persistently absent, down from 18.9% in 2023/24.',
    );
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
  it('leads each measure with its count when one was published, then gives the change in percentage points', () => {
    const [persistent, severe, scilly] = [
      ...storyFacts({
        area: 'Luton',
        measures: [
          {
            label: 'Persistent absence (missing 10% or more of their sessions)',
            what: 'persistently absent',
            latest: { period: '2024/25', value: 17.68631, pupils: 6759 },
            previous: { period: '2023/24', value: 18.92899, pupils: 7264 },
            region: { name: 'East of England', value: 17.5 },
            england: 18.14,
            rank: { rank: 62, of: 153, tied: false },
          },
          { label: 'Severe absence', what: 'severely absent', latest: { period: '2024/25', value: 1.47844, pupils: 565 }, previous: { period: '2023/24', value: 1.49837, pupils: 575 } },
        ],
      }),
      ...storyFacts({ area: 'Isles of Scilly', measures: [{ label: 'Severe absence', what: 'severely absent', latest: { period: '2024/25', value: 2.44, pupils: 1 } }] }),
    ];
    expect(persistent).toBe(
      'Persistent absence (missing 10% or more of their sessions): 6,759 pupils in Luton were persistently absent in 2024/25 (17.7% of pupils), down from 7,264 (18.9%) in 2023/24, a fall of 1.2 percentage points. The same year: East of England 17.5%, England 18.1%. Luton had the 62nd highest rate of the 153 local authorities with a figure for 2024/25.',
    );
    // Unchanged as printed (1.5%), so no change in points; the count fell, so the sentence names the rate.
    expect(severe).toBe('Severe absence: 565 pupils in Luton were severely absent in 2024/25 (1.5% of pupils), the rate unchanged from 1.5% in 2023/24 (575 pupils).');
    expect(scilly).toBe('Severe absence: 1 pupil in Isles of Scilly was severely absent in 2024/25 (2.4% of pupils). There is no figure for the year before to compare with.');
    expect(pointsPhrase(2.44, 1.36)).toBe('1.0 percentage point');
  });
});
