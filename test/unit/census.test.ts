import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importCensusCharacteristics, importCensusGeographic } from '../../src/lib/ingest/importers/census';
import { DataError } from '../../src/lib/domain/errors';
import { ALL_PUPILS, MEASURES, type MeasureId, type Observation } from '../../src/lib/domain/model';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'census');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** Replaces one exact piece of a fixture, failing loudly if the piece is not there (so a test cannot pass vacuously). */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function dropColumn(text: string, column: string): string {
  const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  const i = rows[0]!.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}`);
  return Papa.unparse(rows.map((r) => r.filter((_, j) => j !== i)), { newline: '\n' }) + '\n';
}

function addColumn(text: string, column: string, value: string): string {
  const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  return Papa.unparse(rows.map((r, i) => [...r, i === 0 ? column : value]), { newline: '\n' }) + '\n';
}

function pick(obs: Observation[], where: Partial<Omit<Observation, 'breakdown'>> & { breakdown?: string }): Observation[] {
  return obs.filter(
    (o) =>
      Object.entries(where).every(([k, v]) =>
        k === 'breakdown' ? `${o.breakdown.topic}: ${o.breakdown.value}` === v : o[k as keyof Observation] === v,
      ),
  );
}

function one(obs: Observation[], where: Parameters<typeof pick>[1]): Observation {
  const found = pick(obs, where);
  if (found.length !== 1) throw new Error(`expected 1 observation for ${JSON.stringify(where)}, found ${found.length}`);
  return found[0]!;
}

/** Runs `fn`, expecting a DataError; returns it for field checks. */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError, nothing was thrown');
}

describe('importCensusGeographic: autumn term 2019/20 (school_type)', () => {
  const file = 'autumn_201920_school_type.csv';
  const { figures, unknownColumns } = importCensusGeographic(fixture(file), file);
  const obs = figures.toObservations();

  it('yields one observation per row and measure, and knows every column', () => {
    expect(obs).toHaveLength(9 * 13);
    expect(unknownColumns).toEqual([]);
  });

  it('adds one row per file row, shared by its 13 figures in MEASURES order', () => {
    expect(figures.rows).toHaveLength(9);
    for (let i = 0; i < figures.length; i++) expect(figures.rowIndex(i)).toBe(Math.floor(i / 13));
    expect(obs.slice(0, 13).map((o) => o.measure)).toEqual(Object.keys(MEASURES));
  });

  it('reads the England total row exactly', () => {
    const england = pick(obs, { area_code: 'E92000001', phase: 'total' });
    expect(england).toHaveLength(13);
    expect(one(england, { measure: 'sess_overall_percent' })).toEqual({
      series: 'census',
      dataset: 'census-geographic',
      time_period: '201920',
      time_identifier: 'Autumn term',
      geographic_level: 'National',
      area_code: 'E92000001',
      area_name: 'England',
      old_la_code: '',
      region_code: '',
      phase: 'total',
      breakdown: ALL_PUPILS,
      measure: 'sess_overall_percent',
      value: 4.86,
      symbol: null,
    });
    const values = Object.fromEntries(england.map((o) => [o.measure, o.value]));
    expect(values).toEqual({
      num_schools: 21400,
      enrolments: 7312000,
      sess_possible: 1001744000,
      sess_overall: 48684758,
      sess_authorised: 37974111,
      sess_unauthorised: 10710647,
      sess_overall_percent: 4.86,
      sess_authorised_percent: 3.7908,
      sess_unauthorised_percent: 1.0692,
      enrolments_pa_10_exact: 957872,
      enrolments_pa_10_exact_percent: 13.1,
      enrolments_pa_50_exact: 65808,
      enrolments_pa_50_exact_percent: 0.9,
    } satisfies Record<MeasureId, number>);
  });

  it('maps every phase label', () => {
    const phases = pick(obs, { geographic_level: 'National', measure: 'enrolments' }).map((o) => [o.phase, o.value]);
    expect(phases).toEqual([
      ['total', 7312000],
      ['primary', 4542000],
      ['secondary', 2650000],
      ['special', 120000],
    ]);
  });

  it('places regions and LAs, keeping Inner London (E13) as a region of its own', () => {
    const ne = one(obs, { area_code: 'E12000001', measure: 'enrolments_pa_10_exact_percent' });
    expect([ne.geographic_level, ne.area_name, ne.region_code, ne.old_la_code, ne.value]).toEqual(['Regional', 'North East', '', '', 13.7]);
    const inner = one(obs, { area_code: 'E13000001', geographic_level: 'Regional', measure: 'sess_overall_percent' });
    expect([inner.area_name, inner.value]).toEqual(['Inner London', 4.66]);
    const bristol = one(obs, { area_code: 'E06000023', measure: 'sess_overall_percent' });
    expect(bristol).toMatchObject({ geographic_level: 'Local authority', area_name: 'Bristol, City of', old_la_code: '801', region_code: 'E12000009', value: 5.2 });
    // The file's own region code is kept for an LA, E13 included.
    expect(one(obs, { area_code: 'E09000007', measure: 'enrolments' }).region_code).toBe('E13000001');
  });

  it('keeps symbols as symbols', () => {
    const rutland = pick(obs, { area_code: 'E06000017', phase: 'special' });
    expect(one(rutland, { measure: 'enrolments_pa_50_exact' })).toMatchObject({ value: null, symbol: 'c' });
    expect(one(rutland, { measure: 'enrolments_pa_50_exact_percent' })).toMatchObject({ value: null, symbol: 'c' });
    expect(one(rutland, { measure: 'enrolments_pa_10_exact_percent' })).toMatchObject({ value: 25.71429, symbol: null });
  });
});

describe('importCensusGeographic: autumn and spring 2023/24 (education_phase)', () => {
  const file = 'autumn_spring_202324_education_phase.csv';
  const obs = importCensusGeographic(fixture(file), file).figures.toObservations();

  it('reads education_phase, including state-funded AP schools', () => {
    expect(obs).toHaveLength(5 * 13);
    expect(new Set(obs.map((o) => o.time_identifier))).toEqual(new Set(['Autumn and spring term']));
    expect(one(obs, { area_code: 'E92000001', phase: 'total', measure: 'enrolments_pa_10_exact_percent' }).value).toBe(20.8);
    expect(one(obs, { area_code: 'E92000001', phase: 'ap', measure: 'enrolments_pa_50_exact_percent' }).value).toBe(36.2029);
  });

  it('reads the spelling "Autumn and Spring term" as the same period, and no other capitalisation', () => {
    const text = fixture(file);
    const capital = importCensusGeographic(text.replaceAll('Autumn and spring term', 'Autumn and Spring term'), file).figures.toObservations();
    expect(capital).toEqual(obs);
    expect(() => importCensusGeographic(text.replaceAll('Autumn and spring term', 'autumn and spring term'), file)).toThrow(/column time_identifier: unknown time_identifier/);
  });

  it('keeps c and x for the Luton AP row', () => {
    const luton = pick(obs, { area_code: 'E06000032', phase: 'ap' });
    expect(one(luton, { measure: 'enrolments_pa_10_exact' }).symbol).toBe('c');
    expect(one(luton, { measure: 'enrolments_pa_10_exact_percent' }).symbol).toBe('c');
    expect(one(luton, { measure: 'enrolments_pa_50_exact' }).symbol).toBe('x');
    expect(one(luton, { measure: 'sess_overall_percent' })).toMatchObject({ value: 40.09887, symbol: null });
  });
});

describe('importCensusGeographic: full year 2023/24 ("Academic year")', () => {
  const file = 'full_year_202324.csv';
  const { figures, unknownColumns } = importCensusGeographic(fixture(file), file);
  const obs = figures.toObservations();

  it('reads a BOM file and stores "Academic year" as "Full year"', () => {
    expect(obs).toHaveLength(4 * 13);
    expect(new Set(obs.map((o) => `${o.time_period} ${o.time_identifier}`))).toEqual(new Set(['202324 Full year']));
  });

  it('reads England and Luton persistent and severe absence', () => {
    const get = (area: string, measure: MeasureId) => one(obs, { area_code: area, phase: 'total', measure }).value;
    expect(get('E92000001', 'enrolments_pa_10_exact_percent')).toBe(20);
    expect(get('E92000001', 'enrolments_pa_50_exact_percent')).toBe(2.3);
    expect(get('E92000001', 'enrolments_pa_10_exact')).toBe(1480000);
    expect(get('E06000032', 'enrolments_pa_10_exact_percent')).toBe(18.9);
    expect(get('E06000032', 'enrolments_pa_50_exact_percent')).toBe(1.5);
    expect(one(obs, { area_code: 'E06000032', measure: 'enrolments' })).toMatchObject({
      area_name: 'Luton',
      old_la_code: '821',
      region_code: 'E12000006',
      value: 40000,
    });
  });

  it('reports a column it does not know, without failing', () => {
    expect(unknownColumns).toEqual(['sess_overall_percent_pa_10_exact']);
  });
});

describe('importCensusGeographic: phase given by the caller (PRU-style file)', () => {
  const file = 'autumn_201920_school_type.csv';
  const noPhase = dropColumn(fixture(file), 'school_type').split('\n').slice(0, 2).join('\n') + '\n';

  it("uses options.phase and the 'census-pru' dataset when the file has no phase column", () => {
    const observations = importCensusGeographic(noPhase, 'pru.csv', { phase: 'pru' }).figures.toObservations();
    expect(observations).toHaveLength(13);
    expect(new Set(observations.map((o) => `${o.dataset} ${o.phase}`))).toEqual(new Set(['census-pru pru']));
  });

  it('refuses a file with no phase column when no phase is given', () => {
    expect(() => importCensusGeographic(noPhase, 'pru.csv')).toThrow(
      'pru.csv, row 1, column school_type or education_phase: required column is missing',
    );
  });

  it('refuses a phase column that disagrees with options.phase', () => {
    expect(() => importCensusGeographic(fixture(file), file, { phase: 'pru' })).toThrow(
      `${file}, row 2, column school_type: phase differs from the phase "pru" this file was imported as (value "Total")`,
    );
  });
});

describe('importCensusGeographic: broken files', () => {
  const cases: [string, number, string, RegExp][] = [
    ['broken_missing_column.csv', 1, 'enrolments_pa_10_exact_percent', /required column is missing/],
    ['broken_both_phase_columns.csv', 1, 'school_type and education_phase', /both phase columns/],
    ['broken_rate_101.csv', 3, 'sess_overall_percent', /rate outside 0\.\.100 \(value "101"\)/],
    ['broken_negative_count.csv', 4, 'enrolments', /count is not a non-negative integer \(value "-120"\)/],
    ['broken_thousands_separator.csv', 3, 'num_schools', /thousands separator \(value "1,234"\)/],
    ['broken_unknown_symbol.csv', 4, 'enrolments_pa_50_exact_percent', /neither a number nor a known DfE symbol .*\(value "SUPP"\)/],
    ['broken_unknown_phase.csv', 4, 'school_type', /unknown phase \(value "Independent school"\)/],
  ];
  it.each(cases)('%s: names row %i and column %s', (name, row, column, problem) => {
    const e = dataError(() => importCensusGeographic(fixture(name), name));
    expect([e.file, e.row, e.column]).toEqual([name, row, column]);
    expect(e.message.startsWith(`${name}, row ${row}, column ${column}: `)).toBe(true);
    expect(e.message).toMatch(problem);
  });

  it('does not take Object.prototype names for phases or terms', () => {
    const name = 'broken_unknown_phase.csv';
    const bad = fixture(name).replace('Independent school', 'toString');
    expect(() => importCensusGeographic(bad, name)).toThrow(`${name}, row 4, column school_type: unknown phase (value "toString")`);
    const term = fixture(name).replace(/Autumn term/g, 'constructor');
    expect(() => importCensusGeographic(term, name)).toThrow(`${name}, row 2, column time_identifier: unknown time_identifier`);
  });

  it('names both rows of a duplicate', () => {
    const name = 'broken_duplicate_row.csv';
    const e = dataError(() => importCensusGeographic(fixture(name), name));
    expect(e.row).toBe(5);
    expect(e.message).toMatch(/^broken_duplicate_row\.csv, row 5: duplicate of row 3: same period, level, area, phase and breakdown/);
    expect(e.message).toContain('201920 Autumn term E92000001 primary');
  });
});

describe('importCensusGeographic: levels, periods and codes', () => {
  const file = 'autumn_201920_school_type.csv';
  const text = fixture(file);
  const lastRow = '201920,Autumn term,Local authority,E92000001,England,E12000004,East Midlands,857,E06000017,Rutland';

  it('refuses School and LA district levels, naming row and column', () => {
    for (const level of ['School', 'Local authority district']) {
      const bad = edit(text, lastRow, lastRow.replace('Local authority', level));
      expect(() => importCensusGeographic(bad, file)).toThrow(
        `${file}, row 10, column geographic_level: geographic level is not National, Regional or Local authority (value "${level}")`,
      );
    }
  });

  it('refuses an unknown time_identifier', () => {
    const bad = edit(text, lastRow, lastRow.replace('Autumn term', 'Spring and summer term'));
    expect(() => importCensusGeographic(bad, file)).toThrow(`${file}, row 10, column time_identifier: unknown time_identifier`);
  });

  it('refuses a malformed or future time_period', () => {
    const malformed = edit(text, lastRow, lastRow.replace('201920', '201921'));
    expect(() => importCensusGeographic(malformed, file)).toThrow(`${file}, row 10, column time_period: time_period years are not consecutive`);
    const future = edit(text, lastRow, lastRow.replace('201920', '209899'));
    expect(() => importCensusGeographic(future, file)).toThrow(
      new RegExp(`^${file}, row 10, column time_period: period is in the future: Autumn term 209899 cannot begin before 2098-08-01`),
    );
  });

  it('refuses a count with decimals and an empty cell', () => {
    const bad = edit(text, `${lastRow},Special,1,70,`, `${lastRow},Special,1,70.5,`);
    expect(() => importCensusGeographic(bad, file)).toThrow(`${file}, row 10, column enrolments: count is not a non-negative integer (value "70.5")`);
    const empty = edit(text, `${lastRow},Special,1,70,`, `${lastRow},Special,,70,`);
    expect(() => importCensusGeographic(empty, file)).toThrow(`${file}, row 10, column num_schools: empty cell`);
  });

  it('refuses an LA row with no new_la_code or a malformed old_la_code', () => {
    expect(() => importCensusGeographic(edit(text, 'E06000017,Rutland', ',Rutland'), file)).toThrow(
      `${file}, row 10, column new_la_code: not an LA code`,
    );
    expect(() => importCensusGeographic(edit(text, '857,E06000017', '85,E06000017'), file)).toThrow(
      `${file}, row 10, column old_la_code: not a 3-digit old LA code or x (value "85")`,
    );
  });

  it('needs region columns only when a regional or LA row occurs', () => {
    const national = text.split('\n').slice(0, 3).join('\n') + '\n';
    let slim = national;
    for (const c of ['region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name']) slim = dropColumn(slim, c);
    expect(importCensusGeographic(slim, file).figures.toObservations()).toHaveLength(2 * 13);
    const withRegion = dropColumn(text.split('\n').slice(0, 7).join('\n') + '\n', 'region_name');
    expect(() => importCensusGeographic(withRegion, file)).toThrow(
      `${file}, row 6, column region_name: column is missing from the header, and this Regional row needs it`,
    );
  });
});

describe('importCensusCharacteristics: EES layout (breakdown_topic / breakdown)', () => {
  const file = 'characteristics_ees_202324.csv';
  const text = fixture(file);
  const { figures, unknownColumns } = importCensusCharacteristics(text, file);
  const obs = figures.toObservations();
  const pa = (breakdown: string, area = 'E92000001', phase: Observation['phase'] = 'total') =>
    one(obs, { area_code: area, phase, breakdown, measure: 'enrolments_pa_10_exact_percent' });

  it('reads every row once (the Chinese major and minor rows are one group), without num_schools', () => {
    expect(obs).toHaveLength(17 * 12);
    // The repeated Chinese row adds no row of its own.
    expect(figures.rows).toHaveLength(17);
    expect(unknownColumns).toEqual([]);
    expect(obs.some((o) => o.measure === 'num_schools')).toBe(false);
    expect(new Set(obs.map((o) => o.dataset))).toEqual(new Set(['census-characteristics']));
  });

  it('maps topics and values to the model', () => {
    const breakdowns = [...new Set(pick(obs, { area_code: 'E92000001' }).map((o) => `${o.breakdown.topic}: ${o.breakdown.value}`))];
    expect(breakdowns).toEqual([
      'Total: Total',
      'FSM eligibility: FSM eligible',
      'FSM eligibility: FSM not eligible',
      'SEN provision: SEN support',
      'SEN provision: EHC plan',
      'SEN provision: No SEN',
      'Ethnicity: White',
      'Ethnicity: Chinese',
      'Ethnicity: White British',
      'Ethnicity: Gypsy/Roma',
      'Gender: Female',
      'Gender: Male',
      'Year group: Year 11',
    ]);
    expect(pa('Total: Total').breakdown).toEqual(ALL_PUPILS);
  });

  it('reads exact values', () => {
    expect(pa('Total: Total').value).toBe(20.8);
    expect(pa('FSM eligibility: FSM eligible').value).toBe(35.6);
    expect(pa('SEN provision: EHC plan').value).toBe(38.2);
    expect(pa('Ethnicity: Gypsy/Roma').value).toBe(62.1);
    expect(pa('Gender: Female').value).toBe(21);
    expect(pa('Year group: Year 11', 'E92000001', 'secondary').value).toBe(31.5);
    expect(pa('Year group: Reception', 'E06000032').value).toBe(17.8);
    expect(one(obs, { area_code: 'E92000001', breakdown: 'Gender: Male', measure: 'sess_overall_percent' }).value).toBe(6.75);
  });

  it('keeps c and x', () => {
    const gypsy = pick(obs, { area_code: 'E06000032', breakdown: 'Ethnicity: Gypsy/Roma' });
    expect(one(gypsy, { measure: 'enrolments_pa_50_exact_percent' })).toMatchObject({ value: null, symbol: 'c' });
    expect(one(gypsy, { measure: 'enrolments_pa_10_exact_percent' })).toMatchObject({ value: 60, symbol: null });
    const uncl = pick(obs, { area_code: 'E06000032', breakdown: 'SEN provision: SEN unclassified' });
    expect(uncl.filter((o) => o.symbol === 'x').map((o) => o.measure).sort()).toEqual([
      'enrolments_pa_10_exact',
      'enrolments_pa_10_exact_percent',
      'enrolments_pa_50_exact',
      'enrolments_pa_50_exact_percent',
    ]);
    expect(one(uncl, { measure: 'enrolments' })).toMatchObject({ value: 12, symbol: null });
  });

  it('refuses a major and minor ethnic group with the same label but different figures', () => {
    const minorChinese = '202324,Autumn and spring term,National,E92000001,England,,,,,,Total,Ethnicity minor,Chinese,33000,';
    const bad = edit(text, minorChinese, minorChinese.replace('33000', '33001'));
    expect(() => importCensusCharacteristics(bad, file)).toThrow(`${file}, row 12: duplicate of row 9`);
  });

  it('refuses an unknown topic or value, naming row, column and value', () => {
    const topic = edit(text, 'Total,Sex,Female,', 'Total,First language,English,');
    expect(() => importCensusCharacteristics(topic, file)).toThrow(
      `${file}, row 13, column breakdown_topic: unknown breakdown topic (value "First language")`,
    );
    const value = edit(text, 'Total,Sex,Female,', 'Total,Sex,Unknown,');
    expect(() => importCensusCharacteristics(value, file)).toThrow(
      `${file}, row 13, column breakdown: unknown value for breakdown topic Gender (value "Unknown")`,
    );
    const total = edit(text, 'Total,Total,Total,7420000', 'Total,Total,Girls,7420000');
    expect(() => importCensusCharacteristics(total, file)).toThrow(`${file}, row 2, column breakdown: unknown value for breakdown topic Total`);
    const year = edit(text, 'Year group,Reception', 'Year group,Year 15');
    expect(() => importCensusCharacteristics(year, file)).toThrow(`${file}, row 19, column breakdown: unknown value for breakdown topic Year group`);
  });

  it('needs a phase column and exactly one breakdown layout', () => {
    expect(() => importCensusCharacteristics(dropColumn(text, 'education_phase'), file)).toThrow(
      `${file}, row 1, column school_type or education_phase: required column is missing`,
    );
    expect(() => importCensusCharacteristics(dropColumn(text, 'breakdown'), file)).toThrow(`${file}, row 1, column breakdown: required column is missing`);
    const both = addColumn(text, 'characteristic', 'Total');
    expect(() => importCensusCharacteristics(both, file)).toThrow(`${file}, row 1, column breakdown_topic and characteristic: more than one breakdown layout`);
  });
});

describe('importCensusCharacteristics: older layout (characteristic_group / characteristic)', () => {
  const file = 'characteristics_old_202122.csv';
  const { figures, unknownColumns } = importCensusCharacteristics(fixture(file), file);
  const obs = figures.toObservations();

  it('reads every row, with num_schools', () => {
    expect(obs).toHaveLength(12 * 13);
    expect(unknownColumns).toEqual([]);
    expect(one(obs, { area_code: 'E92000001', breakdown: 'Total: Total', measure: 'num_schools' }).value).toBe(21600);
  });

  it('strips the repeated topic from values and maps the topics', () => {
    const breakdowns = [...new Set(obs.map((o) => `${o.breakdown.topic}: ${o.breakdown.value}`))];
    expect(breakdowns).toEqual([
      'Total: Total',
      'FSM eligibility: FSM eligible',
      'FSM eligibility: FSM not eligible',
      'SEN provision: Statement or EHC plan',
      'SEN provision: SEN support',
      'SEN provision: No SEN',
      'Ethnicity: Black',
      'Gender: Female',
      'Gender: Male',
    ]);
    const get = (area: string, breakdown: string, measure: MeasureId) => one(obs, { area_code: area, breakdown, phase: 'total', measure }).value;
    expect(get('E92000001', 'SEN provision: Statement or EHC plan', 'enrolments_pa_10_exact_percent')).toBe(39.5);
    expect(get('E12000001', 'FSM eligibility: FSM eligible', 'enrolments_pa_10_exact_percent')).toBe(39);
    expect(get('E06000023', 'Ethnicity: Black', 'enrolments')).toBe(5200);
  });

  it('keeps c and x', () => {
    expect(one(obs, { area_code: 'E06000023', breakdown: 'Ethnicity: Black', measure: 'enrolments_pa_50_exact' }).symbol).toBe('c');
    const special = pick(obs, { area_code: 'E06000023', phase: 'special', breakdown: 'Gender: Female' });
    expect(one(special, { measure: 'sess_overall_percent' })).toMatchObject({ value: null, symbol: 'x' });
    expect(one(special, { measure: 'enrolments_pa_50_exact_percent' })).toMatchObject({ value: 4.16667, symbol: null });
  });

  it('reads the characteristic-only variant ("SEN - SEN support") the same way', () => {
    const name = 'characteristics_prefixed_202122.csv';
    const prefixed = importCensusCharacteristics(fixture(name), name).figures.toObservations();
    expect(prefixed).toEqual(obs.slice(0, 4 * 13));
  });
});

describe('importCensusGeographic: the 2024/25 release full-year file (Academic year, absence_terms)', () => {
  const file = 'full_years_absence_terms.csv';
  const r = importCensusGeographic(fixture(file), file);

  it('reads "Academic year" as the full year and knows every column', () => {
    expect(r.unknownColumns).toEqual([]);
    expect(new Set(r.figures.toObservations().map((o) => o.time_identifier))).toEqual(new Set(['Full year']));
    expect(r.figures.toObservations()).toHaveLength(8 * 13);
  });

  it('records five half terms for 2006/07 and six for 2023/24', () => {
    expect(r.halfTerms).toEqual({ '200607': 5, '202324': 6 });
  });

  it('keeps the persistent-absence pupil count with its rate (Luton 2023/24: 7,264, 18.92899%)', () => {
    const luton = pick(r.figures.toObservations(), { area_code: 'E06000032', time_period: '202324' });
    expect(one(luton, { measure: 'enrolments_pa_10_exact' }).value).toBe(7264);
    expect(one(luton, { measure: 'enrolments_pa_10_exact_percent' }).value).toBe(18.92899);
    expect(one(luton, { measure: 'enrolments_pa_50_exact' })).toMatchObject({ value: null, symbol: 'x' });
  });

  it('reads an authority abolished in 2009 whose old_la_code is "x" (Cheshire 2006/07), with no old code', () => {
    const cheshire = one(r.figures.toObservations(), { area_code: 'E10000004', measure: 'enrolments' });
    expect(cheshire).toMatchObject({ old_la_code: '', area_name: 'Cheshire', region_code: 'E12000002', value: 87810 });
  });

  it('refuses an absence_terms label it does not know, and a year whose rows disagree', () => {
    const text = fixture(file);
    expect(() => importCensusGeographic(edit(text, 'Total,Five half terms,21818', 'Total,Four half terms,21818'), file)).toThrow(
      `${file}, row 2, column absence_terms: absence_terms is not "Five half terms" or "Six half terms" (value "Four half terms")`,
    );
    expect(() => importCensusGeographic(edit(text, 'Total,Five half terms,335', 'Total,Six half terms,335'), file)).toThrow(
      `${file}, row 4, column absence_terms: absence_terms differs from row 2 of the same time_period`,
    );
  });

  it('still refuses an old_la_code that is neither 3 digits nor x', () => {
    expect(() => importCensusGeographic(edit(fixture(file), ',x,E10000004', ',X1,E10000004'), file)).toThrow(`${file}, row 4, column old_la_code`);
  });
});

describe('importCensusGeographic: the termly file (no num_schools, no authorised/unauthorised rates)', () => {
  const file = 'termly_202223.csv';
  const r = importCensusGeographic(fixture(file), file);

  it('reads the measures the file publishes and invents none of the others', () => {
    expect(r.unknownColumns).toEqual([]);
    const measures = new Set(r.figures.toObservations().map((o) => o.measure));
    expect(measures.has('sess_authorised')).toBe(true);
    for (const absent of ['num_schools', 'sess_authorised_percent', 'sess_unauthorised_percent'] as const) expect(measures.has(absent)).toBe(false);
    expect(r.figures.toObservations()).toHaveLength(4 * 10);
    expect(r.halfTerms).toEqual({});
  });

  it('reads single terms and keeps u as a symbol', () => {
    const cumbria = pick(r.figures.toObservations(), { area_code: 'E10000006', measure: 'enrolments' });
    expect(cumbria.map((o) => [o.time_identifier, o.value])).toEqual([
      ['Autumn term', 58715],
      ['Summer term', 987],
    ]);
    expect(one(r.figures.toObservations(), { area_code: 'E06000032', measure: 'enrolments_pa_50_exact_percent' })).toMatchObject({ phase: 'primary', value: null, symbol: 'u' });
    expect(one(r.figures.toObservations(), { area_code: 'E92000001', measure: 'enrolments_pa_10_exact' }).value).toBe(1688649);
  });

  it('still requires every core measure', () => {
    expect(() => importCensusGeographic(dropColumn(fixture(file), 'enrolments_pa_10_exact'), file)).toThrow(
      `${file}, row 1, column enrolments_pa_10_exact: required column is missing`,
    );
  });
});

describe('importCensusCharacteristics: one column per characteristic, crossed (ethnicity x FSM)', () => {
  const file = 'ethnicity_fsm_202324.csv';
  const r = importCensusCharacteristics(fixture(file), file);
  const label = (o: Observation) => `${o.breakdown.topic}: ${o.breakdown.value}${o.breakdown.cross ? ` x ${o.breakdown.cross.topic}: ${o.breakdown.cross.value}` : ''}`;

  it('reads a Total in every column as all pupils, one non-Total as that breakdown, two as a crossed one', () => {
    expect(r.unknownColumns).toEqual([]);
    expect([...new Set(r.figures.toObservations().map(label))]).toEqual([
      'Total: Total',
      'Ethnicity: African',
      'FSM eligibility: FSM eligible',
      'Ethnicity: African x FSM eligibility: FSM eligible',
      'Ethnicity: Gypsy Roma x FSM eligibility: FSM eligible',
    ]);
  });

  it('keeps the published figures: England 2023/24 persistent absence 19.95004% (1,487,022 pupils)', () => {
    const all = r.figures.toObservations().filter((o) => o.breakdown.topic === 'Total');
    expect(all.find((o) => o.measure === 'enrolments_pa_10_exact_percent')!.value).toBe(19.95004);
    expect(all.find((o) => o.measure === 'enrolments_pa_10_exact')!.value).toBe(1487022);
    const crossed = r.figures.toObservations().filter((o) => o.breakdown.value === 'African' && o.breakdown.cross);
    expect(crossed.find((o) => o.measure === 'enrolments_pa_10_exact_percent')!.value).toBe(18.57022);
    const notCrossed = r.figures.toObservations().filter((o) => o.breakdown.value === 'African' && !o.breakdown.cross);
    expect(notCrossed.find((o) => o.measure === 'enrolments_pa_10_exact_percent')!.value).toBe(11.58549);
  });

  it('keeps z and c as symbols in a small group', () => {
    const roma = r.figures.toObservations().filter((o) => o.breakdown.value === 'Gypsy Roma');
    expect(roma.find((o) => o.measure === 'enrolments_pa_10_exact_percent')).toMatchObject({ value: null, symbol: 'z' });
    expect(roma.find((o) => o.measure === 'enrolments_pa_50_exact')).toMatchObject({ value: null, symbol: 'c' });
    expect(roma[0]!.phase).toBe('special');
  });

  it('tells a crossed row from the uncrossed one of the same group when finding duplicates', () => {
    const text = fixture(file);
    const lines = text.split('\n');
    expect(() => importCensusCharacteristics(`${text}${lines[4]}\n`, file)).toThrow(`${file}, row 7: duplicate of row 5`);
  });

  it('refuses an unknown FSM value, naming its column', () => {
    expect(() => importCensusCharacteristics(edit(fixture(file), 'Total,FSM eligible,Total', 'Total,Maybe eligible,Total'), file)).toThrow(
      `${file}, row 4, column fsm: unknown value for breakdown topic FSM eligibility (value "Maybe eligible")`,
    );
  });

  it('refuses a row crossing three characteristics, and a file mixing this layout with another', () => {
    const three = addColumn(fixture(file), 'sen_provision', 'SEN support');
    expect(() => importCensusCharacteristics(three, file)).toThrow(`${file}, row 5, column ethnicity_minor, sen_provision, fsm: a row crosses more than two characteristics`);
    const mixed = addColumn(fixture(file), 'breakdown_topic', 'Total');
    expect(() => importCensusCharacteristics(mixed, file)).toThrow('more than one breakdown layout is present');
  });
});
