import { describe, expect, it } from 'vitest';
import { announce, classify, classText, normaliseName, patternId, ranks, searchAreas, PALETTES } from '../../src/lib/view/map-logic';

const areas = [{ name: 'Luton' }, { name: 'St. Helens' }, { name: 'Bournemouth, Christchurch and Poole' }, { name: 'Poole' }, { name: 'Isles of Scilly' }];

describe('map classes', () => {
  it('puts numbers in fixed bins and keeps symbols and gaps apart from zero', () => {
    expect(classify(17.69, [10, 15, 20])).toEqual({ kind: 'bin', bin: 3, value: 17.69 });
    expect(classify(0, [10, 15, 20])).toEqual({ kind: 'bin', bin: 1, value: 0 });
    expect(classify('c', [10])).toEqual({ kind: 'symbol', symbol: 'c' });
    expect(classify(undefined, [10])).toEqual({ kind: 'missing' });
    expect(classify('?', [10])).toEqual({ kind: 'missing' });
    expect(patternId(classify('c', []))).toBe('pat-c');
    expect(patternId(classify(':', []))).toBe('pat-colon');
    expect(classText(classify('x', []))).toBe('not available');
  });
  it('has a palette for every class count', () => {
    for (let n = 1; n <= 7; n++) expect(PALETTES[n]).toHaveLength(n);
  });
  it('ranks highest first and lets equal published figures share a rank', () => {
    const r = ranks(new Map([['a', 10.04], ['b', 20], ['c', 10.01], ['d', 5]]));
    expect([...r.entries()]).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
    expect(ranks(new Map()).size).toBe(0);
  });
});

describe('name search', () => {
  it('matches partial, accent-free and punctuation-free names, best first', () => {
    expect(searchAreas('lut', areas).map((a) => a.name)).toEqual(['Luton']);
    expect(searchAreas('st helens', areas).map((a) => a.name)).toEqual(['St. Helens']);
    expect(searchAreas('Sçilly', areas).map((a) => a.name)).toEqual(['Isles of Scilly']);
    expect(searchAreas('poole', areas).map((a) => a.name)).toEqual(['Poole', 'Bournemouth, Christchurch and Poole']);
    expect(searchAreas('   ', areas)).toEqual([]);
    expect(normaliseName('Kingston upon Hull, City of')).toBe('kingston upon hull city of');
  });
  it('finds an authority by its DfE LA number typed in full, the live one before the ended one', () => {
    const las = [
      { code: 'E06000032', name: 'Luton', number: '821' },
      { code: 'E06000055', name: 'Bedford', number: '822' },
      { code: 'E10000023', name: 'North Yorkshire', number: '815', ended: true },
      { code: 'E06000065', name: 'North Yorkshire', number: '815' },
    ];
    expect(searchAreas('821', las).map((a) => a.code)).toEqual(['E06000032']);
    expect(searchAreas(' 815 ', las).map((a) => a.code)).toEqual(['E06000065', 'E10000023']);
    expect(searchAreas('82', las)).toEqual([]);
  });
});

describe('announcement', () => {
  it('names area, value, rank and change', () => {
    expect(
      announce({
        name: 'Luton', measureLabel: 'persistent absence', periodLabel: '2024/25 full year', cls: { kind: 'bin', bin: 4, value: 17.69 },
        rank: 40, of: 153, previous: { label: '2023/24', cls: { kind: 'bin', bin: 5, value: 18.93 } },
      }),
    ).toBe('Luton: persistent absence 17.7%, 2024/25 full year. Rank 40 of 153, where 1 is the highest. Down from 18.9% in 2023/24.');
    expect(announce({ name: 'City of London', measureLabel: 'severe absence', periodLabel: 'x', cls: { kind: 'symbol', symbol: 'c' } })).toBe(
      'City of London: severe absence suppressed to protect confidentiality, x.',
    );
  });
});

import { contrastRatio, divergingPalette, outlineFor, DIVERGING } from '../../src/lib/view/map-logic';

describe('colour and contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
  it('gives every map class an outline of at least 3:1 against its fill (WCAG 1.4.11)', () => {
    for (const fill of [...PALETTES[7]!, ...DIVERGING]) expect(contrastRatio(fill, outlineFor(fill))).toBeGreaterThanOrEqual(3);
  });
  it('centres diverging palettes on the neutral colour', () => {
    expect(divergingPalette(7)).toEqual(DIVERGING);
    expect(divergingPalette(5)).toEqual(DIVERGING.slice(1, 6));
    expect(divergingPalette(6)).toEqual(['#2166ac', '#67a9cf', '#d1e5f0', '#fddbc7', '#ef8a62', '#b2182b']);
    expect(divergingPalette(1)).toEqual(['#f7f7f7']);
  });
});

import { changeBetween } from '../../src/lib/view/map-logic';
describe('classes follow the printed figure', () => {
  it('puts 16.97 (printed 17.0) in the class that starts at 17.0', () => {
    expect(classify(16.97, [13, 17, 19.5])).toEqual({ kind: 'bin', bin: 3, value: 16.97 });
    expect(classify(16.94, [13, 17, 19.5])).toMatchObject({ bin: 2 });
  });
  it('measures change between printed figures', () => {
    expect(changeBetween(1.48, 1.5)).toBe(0);
    expect(changeBetween(18.14, 19.95)).toBe(-1.9);
    expect(changeBetween(10.58, 10.0)).toBe(0.6);
  });
});

describe('search ranks live authorities first', () => {
  it('prefers Bournemouth, Christchurch and Poole to the abolished Bournemouth, and finds codes and "&"', () => {
    const las = [
      { name: 'Bournemouth', code: 'E06000028', ended: true },
      { name: 'Bournemouth, Christchurch and Poole', code: 'E06000058', ended: false },
      { name: 'Brighton and Hove', code: 'E06000043', ended: false },
    ];
    expect(searchAreas('bournemouth', las)[0]!.code).toBe('E06000058');
    expect(searchAreas('Brighton & Hove', las)[0]!.code).toBe('E06000043');
    expect(searchAreas('e06000043', las)[0]!.code).toBe('E06000043');
  });
});

describe('pupils beside a mapped rate', () => {
  it('says a published count, and a symbol as what it means, never as 0', async () => {
    const { announce, pupilsText } = await import('../../src/lib/view/map-logic');
    expect(pupilsText(7264)).toBe(' (7,264 pupils)');
    expect(pupilsText(1)).toBe(' (1 pupil)');
    expect(pupilsText(undefined)).toBe('');
    expect(pupilsText('c')).toMatch(/^ \(number of pupils: .+, c\)$/);
    expect(announce({ name: 'Luton', measureLabel: 'persistent absence', periodLabel: '2023/24 full year', cls: { kind: 'bin', bin: 3, value: 18.92899 }, pupils: 7264 })).toBe(
      'Luton: persistent absence 18.9% (7,264 pupils), 2023/24 full year.',
    );
  });
});

describe('unmappedText', () => {
  it('names the span of unmapped periods and every authority without a shape, or says nothing', async () => {
    const { unmappedText } = await import('../../src/lib/view/map-logic');
    const names: Record<string, string> = { E10000004: 'Cheshire', E06000048: 'Northumberland' };
    const text = unmappedText(
      [
        { label: '2006/07 full year', noShape: ['E10000004', 'E06000048'] },
        { label: '2013/14 full year', noShape: ['E06000048'] },
      ],
      (c) => names[c] ?? c,
    );
    expect(text).toMatch(/^2006\/07 full year to 2013\/14 full year \(2 periods\) are in the charts and tables but not on the map: the boundary file has no shapes for Northumberland \(E06000048\), Cheshire \(E10000004\),/);
    expect(unmappedText([], String)).toBe('');
  });
});

describe('palettes', () => {
  it('are the published ColorBrewer colours (YlGnBu sequential, RdBu reversed for change)', () => {
    expect(PALETTES[7]).toEqual(['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84']);
    expect(PALETTES[3]).toEqual(['#edf8b1', '#7fcdbb', '#2c7fb8']);
    expect(PALETTES[2]).toEqual(['#c7e9b4', '#225ea8']);
    expect(DIVERGING).toEqual(['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b']);
  });
});
