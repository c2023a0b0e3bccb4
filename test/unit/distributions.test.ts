import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/domain/errors';
import {
  DISTRIBUTION_COLUMNS,
  findDistributionRow,
  importDistributions,
  type BandDistribution,
} from '../../src/lib/ingest/importers/distributions';
import { BAND_LABELS, type Observation } from '../../src/lib/domain/model';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'distributions', 'sample.csv');
const SAMPLE = fs.readFileSync(FIXTURE, 'utf8');
const ENTRY = 'absence_bands_distributions.csv';
const ERR_FILE = `d.zip/${ENTRY}`;

function zip(text: string, level: 0 | 6 = 6): Uint8Array {
  return zipSync({ [ENTRY]: [strToU8(text), { level }] });
}

/** Yields `bytes` in pieces of `size`, as a file stream would. */
async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const lines = SAMPLE.replace(/^\ufeff/, '').trimEnd().split('\n');
/** The sample with field `col` of line `n` (1-based) replaced. */
function withField(n: number, col: string, value: string): string {
  const i = DISTRIBUTION_COLUMNS.indexOf(col as (typeof DISTRIBUTION_COLUMNS)[number]);
  // Line 3 has no quoted fields, so a plain split keeps the columns aligned.
  const fields = lines[n - 1]!.split(',');
  fields[i] = value;
  return [...lines.slice(0, n - 1), fields.join(','), ...lines.slice(n)].join('\n') + '\n';
}

async function run(text: string) {
  return importDistributions(zip(text), 'd.zip');
}

function find<T extends { area_code: string; phase: string; time_period: string }>(
  list: T[],
  area: string,
  phase: string,
  extra: (x: T) => boolean = () => true,
  period = '202223',
): T[] {
  return list.filter((x) => x.area_code === area && x.phase === phase && x.time_period === period && extra(x));
}

function obs(list: Observation[], area: string, phase: string, topic: string, value: string, measure: string): Observation {
  const hits = find(list, area, phase, (o) => o.breakdown.topic === topic && o.breakdown.value === value && o.measure === measure);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

describe('importDistributions', () => {
  it('reads the headerless, BOM-prefixed, padded file and counts rows by level', async () => {
    const r = await run(SAMPLE);
    expect(r.rowsByLevel).toEqual({ National: 1, Regional: 1, 'Local authority': 6 });
    const luton = find(r.bands, 'E06000032', 'total', (b) => b.breakdown.topic === 'Total');
    expect(luton).toHaveLength(1);
    expect(luton[0]).toMatchObject({
      time_identifier: 'Full year',
      geographic_level: 'Local authority',
      area_name: 'Luton',
      old_la_code: '821',
      region_code: 'E12000006',
    });
    expect(find(r.bands, 'E06000023', 'primary')[0]!.area_name).toBe('Bristol, City of');
    const england = find(r.bands, 'E92000001', 'primary')[0]!;
    expect(england).toMatchObject({ area_name: 'England', old_la_code: '', region_code: '', geographic_level: 'National' });
    const inner = find(r.bands, 'E13000001', 'secondary')[0]!;
    expect(inner).toMatchObject({ area_name: 'Inner London', geographic_level: 'Regional', region_code: '' });
    expect(BAND_LABELS).toHaveLength(11);
  });

  it('sums bands into phases, the all-phase total and each breakdown', async () => {
    const { bands } = await run(SAMPLE);
    const get = (phase: string, topic: string, value: string): BandDistribution =>
      find(bands, 'E06000032', phase, (b) => b.breakdown.topic === topic && b.breakdown.value === value)[0]!;
    // Luton 2022/23: rows 1-2 primary, 3 secondary, 4 special.
    expect(get('primary', 'Total', 'Total').bands).toEqual([40, 15, 7, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(get('primary', 'Total', 'Total').enrolments).toBe(65);
    expect(get('total', 'Total', 'Total').bands).toEqual([46, 20, 11, 6, 2, 1, 1, 1, 1, 1, 3]);
    expect(get('total', 'Total', 'Total').enrolments).toBe(93);
    expect(get('total', 'FSM eligibility', 'Eligible').enrolments).toBe(46);
    expect(get('total', 'FSM eligibility', 'Not Eligible').enrolments).toBe(45);
    expect(get('total', 'FSM eligibility', 'Unclassified').enrolments).toBe(2);
    expect(get('total', 'SEN provision', 'Any special educational need').enrolments).toBe(20);
    expect(get('total', 'SEN provision', 'No identified special educational need').enrolments).toBe(71);
    expect(get('total', 'SEN provision', 'Unclassified').enrolments).toBe(2);
    expect(get('total', 'Gender', 'Female').enrolments).toBe(22);
    expect(get('total', 'Gender', 'Male').enrolments).toBe(71);
    expect(get('primary', 'Year group', 'Year 3').enrolments).toBe(65);
    expect(get('secondary', 'Year group', 'Year 9').enrolments).toBe(26);
    expect(get('special', 'Year group', 'Year 11').enrolments).toBe(2);
    // Each topic's values add up to the all-pupils total.
    for (const topic of ['FSM eligibility', 'SEN provision', 'Gender', 'Year group']) {
      const sum = find(bands, 'E06000032', 'total', (b) => b.breakdown.topic === topic).reduce((s, b) => s + b.enrolments, 0);
      expect(sum).toBe(93);
    }
    // Breakdowns with no rows are not invented.
    expect(find(bands, 'E06000032', 'primary', (b) => b.breakdown.value === 'Year 9')).toHaveLength(0);
    // Another period is its own group; an Unclassified gender is kept as a value.
    expect(find(bands, 'E06000032', 'primary', (b) => b.breakdown.value === 'Unclassified' && b.breakdown.topic === 'Gender', '201819')[0]!.enrolments).toBe(4);
  });

  it('derives persistent (10%+) and severe (50%+) absence from the bands', async () => {
    const observations = (await run(SAMPLE)).figures.toObservations();
    const o = (phase: string, measure: string, topic = 'Total', value = 'Total') =>
      obs(observations, 'E06000032', phase, topic, value, measure);
    // Total: 93 enrolments; bands from 10% up: 11+6+2+1+1+1+1+1+3 = 27; 50% or more: 3.
    expect(o('total', 'enrolments').value).toBe(93);
    expect(o('total', 'enrolments_pa_10_exact').value).toBe(27);
    expect(o('total', 'enrolments_pa_10_exact_percent').value).toBe((100 * 27) / 93);
    expect(o('total', 'enrolments_pa_10_exact_percent').value).toBeCloseTo(29.0323, 4);
    expect(o('total', 'enrolments_pa_50_exact').value).toBe(3);
    expect(o('total', 'enrolments_pa_50_exact_percent').value).toBe((100 * 3) / 93);
    // Primary: 65 enrolments, 10 at 10% or more, none at 50%.
    expect(o('primary', 'enrolments_pa_10_exact_percent').value).toBe((100 * 10) / 65);
    expect(o('primary', 'enrolments_pa_50_exact_percent').value).toBe(0);
    // FSM eligible: rows 1 and 3: 46 enrolments, 5 + 16 = 21 at 10% or more.
    expect(o('total', 'enrolments_pa_10_exact_percent', 'FSM eligibility', 'Eligible').value).toBe((100 * 21) / 46);
    const all = observations.filter((x) => x.area_code === 'E06000032');
    for (const x of all) {
      expect(x).toMatchObject({ series: 'census', dataset: 'distributions', time_identifier: 'Full year', symbol: null });
    }
    // 5 measures for each breakdown present.
    expect(new Set(observations.map((x) => x.measure)).size).toBe(5);
  });

  it('gives the same result whole, streamed in tiny chunks, and stored without compression', async () => {
    const whole = await run(SAMPLE);
    const streamed = await importDistributions(chunked(zip(SAMPLE), 7), 'd.zip');
    const stored = await importDistributions(zip(SAMPLE, 0), 'd.zip');
    expect(streamed).toEqual(whole);
    expect(stored).toEqual(whole);
  });

  it('reads CRLF line ends, no final newline, and a multi-byte name split across chunks', async () => {
    const crlf = SAMPLE.replace(/\n/g, '\r\n').trimEnd();
    expect(await run(crlf)).toEqual(await run(SAMPLE));
    expect(await importDistributions(chunked(zip(crlf, 0), 5), 'd.zip')).toEqual(await run(SAMPLE));
    const text = SAMPLE.replace(/Bristol, City of/, 'Bristol, Cité of');
    const r = await importDistributions(chunked(zip(text, 0), 3), 'd.zip');
    expect(find(r.bands, 'E06000023', 'primary')[0]!.area_name).toBe('Bristol, Cité of');
  });

  it('accepts a header row only if it names the expected columns', async () => {
    const withHeader = DISTRIBUTION_COLUMNS.join(',') + '\n' + SAMPLE.replace(/^\ufeff/, '');
    expect((await run(withHeader)).rowsByLevel.National).toBe(1);
    const swapped = [...DISTRIBUTION_COLUMNS];
    [swapped[5], swapped[6]] = [swapped[6]!, swapped[5]!];
    await expect(run(swapped.join(',') + '\n' + SAMPLE)).rejects.toThrow(
      `${ERR_FILE}, row 1, column region_code: header row in another column order: column 6 is "region_code" where the published (headerless) distributions file has "region_name"`,
    );
    // A header in the order EES data files use (time_period first) is named as such, not read as a data row.
    const ees = ['time_period', 'time_identifier', ...DISTRIBUTION_COLUMNS.slice(2)];
    await expect(run(ees.join(',') + '\n' + SAMPLE)).rejects.toThrow(
      `${ERR_FILE}, row 1, column time_period: header row in another column order: column 1 is "time_period" where the published (headerless) distributions file has "time_identifier"`,
    );
    await expect(run(DISTRIBUTION_COLUMNS.slice(0, -1).join(',') + '\n' + SAMPLE)).rejects.toThrow(/row 1: header row in another column order: column 26 is nothing where .* has "pct50plus_OARate"/);
  });

  it.each([
    ['NCyearActual', '12', 'expected a national curriculum year 1 to 11'],
    ['NCyearActual', 'R', 'expected a national curriculum year 1 to 11'],
    ['pct20_OARate', '1.5', 'enrolment count is not a whole number'],
    ['pct20_OARate', 'c', 'enrolment count is not a whole number'],
    ['pct50plus_OARate', '', 'enrolment count is not a whole number'],
    ['pct5_OARate', '-3', 'enrolment count is negative'],
    ['geographic_level', 'Ward', 'geographic level is not National, Regional or Local authority'],
    ['school_type', 'Total', 'unknown school type'],
    ['fsm_eligible', 'Total', 'unknown value'],
    ['sen_status', 'SEN support', 'unknown value'],
    ['gender', 'Boys', 'unknown value'],
    ['time_period', '202224', 'time_period years are not consecutive'],
    ['time_period', '2023', 'time_period is not an academic year'],
    ['time_identifier', 'Autumn term', 'expected "Academic year"'],
    ['new_la_code', 'Luton', 'not an LA code'],
    ['old_la_code', '', 'not a 3-digit old LA code'],
    ['country_code', 'W92000004', 'not England (E92000001)'],
    ['NCyearActual', '0', 'expected a national curriculum year 1 to 11'],
    ['pct5_OARate', '1234567890123456', 'enrolment count is not a whole number'],
    ['pct30_OARate', ' 4x', 'enrolment count is not a whole number'],
    ['pct50plus_OARate', 'z', 'enrolment count is not a whole number'],
    ['pct10_OARate', '"', 'malformed CSV'],
  ])('refuses %s = %j with file, row, column and value', async (col, value, problem) => {
    // Row 2 continues row 1's run (same first 11 cells, so only its last 15 are read); row 3 starts a run.
    for (const row of [2, 3]) {
      const err = await run(withField(row, col, value)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      const e = err as DataError;
      expect(e.file).toBe(ERR_FILE);
      expect(e.row).toBe(row);
      expect(e.message).toContain(problem);
      if (problem === 'malformed CSV') continue;
      expect(e.column).toBe(col);
      expect(e.message.startsWith(`${ERR_FILE}, row ${row}, column ${col}: `)).toBe(true);
      expect(e.message).toContain(JSON.stringify(value));
    }
  });

  it('reads a run of rows sharing their first 11 cells as it reads each row in full', async () => {
    // Luton primary rows repeated with other choices, so that rows 2.. continue row 1's run; in the copy,
    // the LA code is written quoted and unquoted in turn, so that every row starts a new run and is read
    // cell by cell. Both must give the same figures.
    const base = lines[0]!.replace(/^\ufeff/, '').split(',').slice(0, 11);
    const rest = [
      'Eligible,Any special educational need,Female,3,10,5,3,2,0,0,0,0,0,0,0',
      'Eligible,Any special educational need,Male,3,1,2,3,4,5,6,7,8,9,10,11',
      'Not Eligible,Any special educational need,Male,3,0,0,0,0,0,0,0,0,0,0,7',
      'Not Eligible,Any special educational need,Male,4,2,0,0,0,0,0,0,0,0,0,0',
      // Same choices as the row before but two rows back, then new ones: the remembered choice changes.
      'Eligible,Any special educational need,Male,5,1,1,1,1,1,1,1,1,1,1,1',
      'Unclassified,Unclassified,Unclassified,11,100000000000000,0,0,0,0,0,0,0,0,0,3',
      // Values the file may pad or write in other capitals are read (by the full path) all the same.
      'eligible,Unclassified,Female,6, 5,1,0,0,0,0,0,0,0,0,0',
      'Eligible,Unclassified,Female,07,5,1,0,0,0,0,0,0,0,0,0',
      'Eligible,Unclassified,Female,8,0,0,0,0,0,0,0,0,0,0,2',
    ];
    const quoted = base.join(',');
    const plain = [...base.slice(0, 8), 'E06000032', ...base.slice(9)].join(',');
    const inRun = rest.map((r) => `${quoted},${r}`).join('\n') + '\n';
    const oneByOne = rest.map((r, i) => `${i % 2 ? plain : quoted},${r}`).join('\n') + '\n';
    const a = await run(inRun);
    expect(a).toEqual(await run(oneByOne));
    const total = a.bands.find((b) => b.phase === 'total' && b.breakdown.topic === 'Total')!;
    expect(total.bands).toEqual([100000000000024, 10, 7, 7, 6, 7, 8, 9, 10, 11, 24]);
    expect(a.bands.find((b) => b.phase === 'primary' && b.breakdown.value === 'Year 6')!.enrolments).toBe(6);
    expect(a.bands.find((b) => b.phase === 'primary' && b.breakdown.value === 'Year 7')!.enrolments).toBe(6);
    expect(a.bands.find((b) => b.phase === 'primary' && b.breakdown.topic === 'SEN provision' && b.breakdown.value === 'Unclassified')!.enrolments).toBe(
      100000000000003 + 6 + 6 + 2,
    );
    expect(a.bands.find((b) => b.phase === 'primary' && b.breakdown.topic === 'FSM eligibility' && b.breakdown.value === 'Eligible')!.enrolments).toBe(
      20 + 66 + 11 + 6 + 6 + 2,
    );
    expect(a.rowsByLevel['Local authority']).toBe(rest.length);
    // A row that changes school type mid-run starts its own group.
    const special = `${quoted.replace('State-funded primary', 'Special')},Eligible,Any special educational need,Female,3,1,0,0,0,0,0,0,0,0,0,0`;
    const mixed = await run(`${quoted},${rest[0]}\n${special}\n${quoted},${rest[1]}\n`);
    expect(mixed.bands.find((b) => b.phase === 'special' && b.breakdown.topic === 'Total')!.enrolments).toBe(1);
    expect(mixed.bands.find((b) => b.phase === 'primary' && b.breakdown.topic === 'Total')!.enrolments).toBe(20 + 66);
    // A duplicate within a run is refused as one read in full is.
    await expect(run(`${quoted},${rest[0]}\n${quoted},${rest[1]}\n${quoted},${rest[1]}\n`)).rejects.toThrow(
      `${ERR_FILE}, row 3: duplicate row: same area, period, school type, FSM, SEN, gender and year as row 2`,
    );
  });

  it('refuses rows with the wrong number of fields and broken quoting', async () => {
    const short = [...lines.slice(0, 4), lines[4]!.replace(/,0$/, ''), ...lines.slice(5)].join('\n');
    await expect(run(short)).rejects.toThrow(`${ERR_FILE}, row 5: row has 25 fields but 26 were expected`);
    // The same within a run (row 2 shares row 1's first 11 cells), also cut in its text cells or lengthened.
    const row2 = (line: string) => [lines[0]!, line, ...lines.slice(2)].join('\n');
    await expect(run(row2(lines[1]!.replace(/,0$/, '')))).rejects.toThrow(`${ERR_FILE}, row 2: row has 25 fields but 26 were expected`);
    await expect(run(row2(lines[1]!.replace(/,Male,.*$/, ',Ma')))).rejects.toThrow(`${ERR_FILE}, row 2: row has 14 fields but 26 were expected`);
    await expect(run(row2(`${lines[1]!},0`))).rejects.toThrow(`${ERR_FILE}, row 2: row has 27 fields but 26 were expected`);
    await expect(run(row2(`${lines[1]!},`))).rejects.toThrow(`${ERR_FILE}, row 2: row has 27 fields but 26 were expected`);
    const quote = [...lines.slice(0, 1), lines[1]!.replace('"E06000032           ",', '"E06000032,'), ...lines.slice(2)].join('\n');
    await expect(run(quote)).rejects.toThrow(`${ERR_FILE}, row 2: malformed CSV`);
  });

  it('refuses a duplicated row and an area whose name changes', async () => {
    await expect(run(SAMPLE + lines[2] + '\n')).rejects.toThrow(
      `${ERR_FILE}, row 9: duplicate row: same area, period, school type, FSM, SEN, gender and year as row 3`,
    );
    await expect(run(withField(3, 'la_name', 'Luton Borough'))).rejects.toThrow(
      /row 3: area E06000032 in 202223 is "Luton Borough" .* but row 1 said "Luton"/,
    );
  });

  it('refuses empty files, non-zips, truncated zips and zips with two files', async () => {
    await expect(run('')).rejects.toThrow(`${ERR_FILE}: file has no data rows`);
    await expect(run('\ufeff\n\n')).rejects.toThrow('file has no data rows');
    await expect(importDistributions(strToU8(SAMPLE), 'd.zip')).rejects.toThrow('d.zip: no file found in the zip archive');
    const z = zip(SAMPLE);
    await expect(importDistributions(z.subarray(0, z.length - 400), 'd.zip')).rejects.toThrow('d.zip: zip archive is truncated or corrupt');
    const two = zipSync({ 'a.csv': strToU8(SAMPLE), 'b.csv': strToU8(SAMPLE) });
    await expect(importDistributions(two, 'd.zip')).rejects.toThrow('zip archive holds more than one file: a.csv, b.csv');
    const latin1 = zipSync({ [ENTRY]: Uint8Array.from(Buffer.from(SAMPLE.replace('Luton', 'Lut\u00f6n'), 'latin1')) });
    await expect(importDistributions(latin1, 'd.zip')).rejects.toThrow(`${ERR_FILE}: file is not UTF-8 text`);
    // Deflated bytes that do not inflate (the container itself is whole).
    const bad = zip(SAMPLE.repeat(20));
    const dataStart = 30 + ENTRY.length;
    for (let i = dataStart + 20; i < dataStart + 60; i++) bad[i] = 0xff;
    await expect(importDistributions(bad, 'd.zip')).rejects.toThrow(`${ERR_FILE}: cannot inflate the zip entry: `);
  });

  it('stops at the first bad row of a long file, whole or streamed', async () => {
    const long = [SAMPLE.replace(/^\ufeff/, '').trimEnd(), 'nonsense', ...Array.from({ length: 2000 }, () => lines[1]!)].join('\n');
    const expected = `${ERR_FILE}, row 9: row has 1 fields but 26 were expected`;
    await expect(run(long)).rejects.toThrow(expected);
    await expect(importDistributions(chunked(zip(long), 1000), 'd.zip')).rejects.toThrow(expected);
  });
});

describe('findDistributionRow', () => {
  it('names the first row holding the values, inside the archive', async () => {
    expect(await findDistributionRow(zip(SAMPLE), 'd.zip', { la_name: 'Luton', school_type: 'Special' })).toEqual({ file: ERR_FILE, row: 4 });
    expect(await findDistributionRow(chunked(zip(SAMPLE), 11), 'd.zip', { time_identifier: 'Academic year' })).toEqual({ file: ERR_FILE, row: 1 });
    expect(await findDistributionRow(zip(SAMPLE), 'd.zip', { new_la_code: 'E06000023', gender: 'Male' })).toEqual({ file: ERR_FILE, row: 5 });
    expect(await findDistributionRow(zip(SAMPLE), 'd.zip', { la_name: 'Luton', gender: 'Boys' })).toBeUndefined();
    expect(await findDistributionRow(zip(SAMPLE), 'd.zip', { no_such_column: 'x' })).toBeUndefined();
    expect(await findDistributionRow(strToU8(SAMPLE), 'd.zip', { la_name: 'Luton' })).toBeUndefined();
  });
});
