import { describe, expect, it } from 'vitest';
import { COMPARE_VIEWS, compareStatus, lineNames, pickLa, predecessorNote, readCompareQuery, termAxis } from '../../src/lib/view/compare-view';
import { askedNote, chooseParam, laCodeFor } from '../../src/lib/view/query-notes';

const LAS = new Set(['E06000032', 'E06000055', 'E06000056', 'E10000015', 'E06000060', 'E06000042']);
const read = (q: string) => readCompareQuery(new URLSearchParams(q), (c) => LAS.has(c));

describe('an address that asks for something that cannot be shown', () => {
  it('says what was asked for and what is shown instead', () => {
    expect(askedNote('period', '2031/32', '2024/25 full year (school census)')).toBe('The address asked for period “2031/32”, which this site does not have; showing 2024/25 full year (school census) instead.');
    expect(chooseParam('nonsense', ['a', 'b'], 'a', 'measure', (v) => `measure ${v}`)).toEqual({ value: 'a', note: 'The address asked for measure “nonsense”, which this site does not have; showing measure a instead.' });
    expect(chooseParam('b', ['a', 'b'], 'a', 'measure', (v) => v)).toEqual({ value: 'b' });
    expect(chooseParam(null, ['a', 'b'], 'a', 'measure', (v) => v)).toEqual({ value: 'a' });
  });
  it('reads /compare/ addresses, with a note for each thing left out', () => {
    expect(read('')).toEqual({ codes: ['E06000032'], measure: 'enrolments_pa_10_exact_percent', phase: 'total', view: 'census', notes: [] });
    const q = read('areas=E06000032,E99999999&measure=happiness&phase=nursery&series=registers');
    expect(q.codes).toEqual(['E06000032']);
    expect(q.view).toBe('registers');
    expect(q.notes).toEqual([
      'The address asked for “E99999999”, which is not a local authority code this site has; it is left out.',
      'The address asked for measure “happiness”, which this site does not have; showing persistent absence instead.',
      'The address asked for phase “nursery”, which this site does not have; showing all schools instead.',
    ]);
    const six = read(`areas=${[...LAS].join(',')}`);
    expect(six.codes).toHaveLength(5);
    expect(six.notes[0]).toContain('the chart takes 5, so E06000042 is left out');
  });
});

describe('the /compare/ status line', () => {
  const registers = COMPARE_VIEWS.find((v) => v.id === 'registers')!;
  it('says plainly when no authority has a figure, never "Showing 5 local authorities"', () => {
    const text = compareStatus({ las: ['Luton', 'Bedford'].map((name) => ({ name, hasFigures: false })), region: 'East of England', view: registers, phase: 'total', measure: 'enrolments_pa_10_exact_percent' });
    expect(text).toBe('The daily registers (autumn, spring and summer terms) publish no local authority figures for persistent absence in all schools, so only East of England and England are drawn. Choose another phase or statistic to compare authorities.');
  });
  it('counts only the authorities drawn and names the others', () => {
    const text = compareStatus({ las: [{ name: 'Luton', hasFigures: true }, { name: 'Bedford', hasFigures: false }], region: 'East of England', view: registers, phase: 'primary', measure: 'enrolments_pa_10_exact_percent' });
    expect(text).toBe('Showing 1 local authority, East of England and England. No figures for Bedford in the daily registers (autumn, spring and summer terms) for persistent absence in state-funded primary schools.');
  });
});

describe('the names of the lines on /compare/', () => {
  it('adds the code only where two lines share a name, so two authorities are never one line or one CSV column', () => {
    expect(lineNames([
      { code: 'E10000002', name: 'Buckinghamshire' },
      { code: 'E06000060', name: 'Buckinghamshire' },
      { code: 'E06000032', name: 'Luton' },
      { code: 'E12000008', name: 'South East' },
      { code: 'E92000001', name: 'England' },
    ])).toEqual(['Buckinghamshire (E10000002)', 'Buckinghamshire (E06000060)', 'Luton', 'South East', 'England']);
    expect(lineNames([{ code: 'E06000032', name: 'Luton' }])).toEqual(['Luton']);
  });
});

describe('the /compare/ term axis', () => {
  it('puts a year with no term in as a gap, so Summer 2018/19 is not joined to Autumn 2020/21', () => {
    expect(termAxis(['Autumn 2018/19', 'Summer 2018/19', 'Autumn 2020/21', 'Spring 2020/21'])).toEqual(['Autumn 2018/19', 'Summer 2018/19', '2019/20', 'Autumn 2020/21', 'Spring 2020/21']);
    expect(termAxis(['Summer 2017/18', 'Autumn 2020/21'])).toEqual(['Summer 2017/18', '2018/19', '2019/20', 'Autumn 2020/21']);
    expect(termAxis(['Autumn 2022/23', 'Summer 2022/23', 'Autumn 2023/24'])).toEqual(['Autumn 2022/23', 'Summer 2022/23', 'Autumn 2023/24']);
    expect(termAxis([])).toEqual([]);
  });
});

describe('adding an authority by name on /compare/', () => {
  const las = [
    { code: 'E06000060', name: 'Buckinghamshire', ended: false },
    { code: 'E10000002', name: 'Buckinghamshire', ended: true },
    { code: 'E10000004', name: 'Cheshire', ended: true },
    { code: 'E06000049', name: 'Cheshire East', ended: false },
    { code: 'E06000032', name: 'Luton', number: '821', ended: false },
  ];
  it('takes the authority of that name that has not ended, in either order', () => {
    expect(pickLa('buckinghamshire', las)?.code).toBe('E06000060');
    expect(pickLa('Buckinghamshire', [...las].reverse())?.code).toBe('E06000060');
  });
  it('takes an ended authority typed by its own name, and otherwise searches as the map does', () => {
    expect(pickLa('Cheshire', las)?.code).toBe('E10000004');
    expect(pickLa('821', las)?.code).toBe('E06000032');
    expect(pickLa('ches', las)?.code).toBe('E06000049');
    expect(pickLa('nowhere', las)).toBeUndefined();
  });
});

describe('a mistyped local authority address on the page-not-found page', () => {
  const areas = {
    E06000032: { level: 'Local authority', number: '821' },
    E06000060: { level: 'Local authority', number: '825' },
    E10000002: { level: 'Local authority', number: '825', ended: true },
    E12000006: { level: 'Regional' },
  };
  it('goes on from a code in small letters or a DfE number, preferring the authority that has not ended', () => {
    expect(laCodeFor('/local-authorities/e06000032/', areas)).toBe('E06000032');
    expect(laCodeFor('/local-authorities/821', areas)).toBe('E06000032');
    expect(laCodeFor('/local-authorities/825/', areas)).toBe('E06000060');
  });
  it('gives nothing for an unknown code, a region, an address already right, or another page', () => {
    expect(laCodeFor('/local-authorities/E99999999/', areas)).toBeNull();
    expect(laCodeFor('/local-authorities/e12000006/', areas)).toBeNull();
    expect(laCodeFor('/local-authorities/E06000032/', areas)).toBeNull();
    expect(laCodeFor('/regions/821/', areas)).toBeNull();
  });
});

describe('predecessorNote: says when a line shows an earlier code', () => {
  const census = COMPARE_VIEWS.find((v) => v.id === 'census')!;
  const registers = COMPARE_VIEWS.find((v) => v.id === 'registers')!;
  const p = { code: 'E10000002', name: 'Buckinghamshire', lines: ['census|enrolments_pa_10_exact_percent|total'] };
  it('names the earlier code on the line it fills', () => {
    expect(predecessorNote('Buckinghamshire', p, census, 'enrolments_pa_10_exact_percent', 'total')).toBe("Buckinghamshire's line shows Buckinghamshire (E10000002), the same area under its earlier code, before its own figures begin.");
  });
  it('says nothing on a line it does not fill (another view, measure or phase) or with no predecessor', () => {
    expect(predecessorNote('Buckinghamshire', p, registers, 'enrolments_pa_10_exact_percent', 'total')).toBe('');
    expect(predecessorNote('Buckinghamshire', p, census, 'sess_overall_percent', 'total')).toBe('');
    expect(predecessorNote('Buckinghamshire', p, census, 'enrolments_pa_10_exact_percent', 'primary')).toBe('');
    expect(predecessorNote('Buckinghamshire', undefined, census, 'enrolments_pa_10_exact_percent', 'total')).toBe('');
  });
});
