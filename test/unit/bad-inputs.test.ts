/**
 * The bad-input corpus (test/fixtures/bad-inputs/, described in its README.md) run through the real data
 * build, buildData(dataDir, outRoot), one input at a time. Each run starts from the tiny valid data folder
 * test/fixtures/mini-data/ (trimmed LA and region lookups, a five-square topology, one register file and
 * one census file), puts one broken input in place, and checks the exact outcome:
 * - refused: a DataError naming the file, and the row and column where the input has them; and the output
 *   a previous good build published is still there, byte for byte;
 * - accepted (a documented correction): the build succeeds and publishes exactly what the clean folder gives.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowDropsFrom, buildData, dataDirFromArgs, type BuildOptions, type Pin } from '../../scripts/build-data';
import { DataError } from '../../src/lib/domain/errors';
import type { SiteIndex } from '../../src/lib/page-models/site-data';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const BASE = path.join(FIXTURES, 'mini-data');
const BAD = path.join(FIXTURES, 'bad-inputs');

/** The files of the clean folder that inputs replace. */
const REGISTERS = 'dfe/attendance/202425/EES_aut_data.csv';
const CENSUS = 'dfe/census/1_absence_3term_nat_reg_la.csv';
const LAS = 'geo/las.csv';
const PRU = 'dfe/absence_pru/4_absence_2term_pru.csv';
const CIN = 'dfe/cin_outcomes/absence_la.csv';
const DISTRIBUTIONS = 'dfe/absence_distributions/absence_bands_distributions.zip';
const LAIT = 'dfe/lait/bds_long_0.parquet';
const TOPOLOGY = 'geo/ONSvisual_uk-topojson_topo.json';

interface Refused {
  file: string;
  row?: number;
  column?: string;
  problem: string | RegExp;
}
interface Accepted {
  /** The documented correction (or report) that lets the input through. */
  accepted: string;
  warnings?: string[];
  /** More to check of the index written (e.g. the source record). */
  check?: (index: SiteIndex) => void;
  /**
   * For an input that adds figures (a file the clean folder lacks): the same input as it should read, put
   * at the same place. The build must publish exactly what that gives, and that must not be the clean build.
   */
  reference?: () => Buffer | string;
}
interface Case {
  /** A file in bad-inputs/, or a name for an input made here. */
  name: string;
  /** What to do to the clean folder: put `input` (bytes of the fixture by default) at `target`. */
  target: string;
  input?: () => Buffer | string | null;
  /** Other changes to the folder: path -> bytes, or null to delete the file. */
  also?: Record<string, (() => Buffer | string) | null>;
  /** Pinned copies the build checks files against (none unless given: the clean folder's files are not pinned). */
  pins?: Pin[];
  expect: Refused | Accepted;
}

const fromFixture = (name: string) => () => fs.readFileSync(path.join(BAD, name));
const NOT_A_NUMBER = 'neither a number nor a known DfE symbol (c, x, z, u, low, :, -)';

/** One line over 1 MB, made here rather than committed: Hartlepool's name in the register file, 1.1 million characters long. */
function overLongLine(): string {
  const text = fs.readFileSync(path.join(BASE, REGISTERS), 'utf8');
  const out = text.replace(',Hartlepool,', `,${'Hartlepool'.repeat(110_000)},`);
  expect(out.split('\n')[5]!.length).toBeGreaterThan(1_048_576);
  return out;
}

/** The clean register file, pinned: its size and SHA-256, as data/sources.json pins the real one. */
const pinOfRegisters = (): Pin[] => {
  const bytes = fs.readFileSync(path.join(BASE, REGISTERS));
  return [{ path: REGISTERS, bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }];
};
const sha256Of = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const cleanRegisters = () => fs.readFileSync(path.join(BASE, REGISTERS));
/** The register file taken out of its place (an EES layout puts it elsewhere). */
const registersMoved = { [REGISTERS]: null };
const EES_ZIP = 'dfe/attendance/202425/pupil-attendance-in-schools_2024-25.zip';

const CASES: Case[] = [
  // Whole-file problems
  { name: 'empty.csv', target: REGISTERS, expect: { file: REGISTERS, problem: 'file is empty' } },
  { name: 'header-only.csv', target: REGISTERS, expect: { file: REGISTERS, problem: 'file has a header but no data rows' } },
  { name: 'empty-records.csv', target: REGISTERS, expect: { file: REGISTERS, problem: 'file is empty (no record has anything in it)' } },
  { name: 'truncated-mid-row.csv', target: REGISTERS, expect: { file: REGISTERS, row: 9, problem: /^file does not end with a line break: its last row may be cut off/ } },
  { name: 'truncated-mid-last-field.csv', target: REGISTERS, expect: { file: REGISTERS, row: 9, problem: /^file does not end with a line break/ } },
  { name: 'unclosed-quote.csv', target: REGISTERS, expect: { file: REGISTERS, row: 6, problem: 'malformed CSV: Quoted field unterminated' } },
  { name: 'short-row.csv', target: REGISTERS, expect: { file: REGISTERS, row: 5, problem: 'row has 19 fields but the header has 21 (truncated or shifted row)' } },
  { name: 'semicolon-delimited.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, problem: 'header has one column: the file is not comma-separated' } },
  { name: 'tab-delimited.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, problem: 'header has one column: the file is not comma-separated' } },
  { name: 'utf16le.csv', target: REGISTERS, expect: { file: REGISTERS, problem: 'file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8' } },
  { name: 'windows-1252.csv', target: REGISTERS, expect: { file: REGISTERS, row: 8, column: 'la_name', problem: /^text is not UTF-8/ } },
  // The same file gzip-compressed: located inside the inflated text, as in the plain file.
  { name: 'windows-1252.csv.gz', target: `${REGISTERS}.gz`, also: registersMoved, expect: { file: `${REGISTERS}.gz`, row: 8, column: 'la_name', problem: /^text is not UTF-8/ } },
  // A header cell in Windows-1252 ("année"): the column is that cell, its bad byte shown as "?".
  { name: 'windows-1252-header.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, column: 'ann?e', problem: /^text is not UTF-8/ } },
  { name: 'binary-junk.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, problem: /^text is not UTF-8 \(a binary file/ } },
  { name: 'gzip-bytes.csv', target: REGISTERS, expect: { file: REGISTERS, problem: /^file contains NUL bytes/ } },
  { name: 'line-over-1-MB (made by the test)', target: REGISTERS, input: overLongLine, expect: { file: REGISTERS, row: 6, column: 'la_name', problem: /^cell is 1100000 characters long \(at most 10000 are accepted\)$/ } },
  // Columns
  { name: 'renamed-column.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, column: 'overall_absence_perc', problem: 'required column is missing' } },
  { name: 'missing-column.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, column: 'pa_perc', problem: 'required column is missing' } },
  { name: 'duplicated-header-name.csv', target: REGISTERS, expect: { file: REGISTERS, row: 1, column: 'enrolments', problem: 'column name appears twice in the header' } },
  { name: 'mixed-phase-columns.csv', target: CENSUS, expect: { file: CENSUS, row: 1, column: 'school_type and education_phase', problem: /^both phase columns are present/ } },
  // Cells
  { name: 'thousands-separator-quoted.csv', target: CENSUS, expect: { file: CENSUS, row: 4, column: 'enrolments', problem: 'number written with a thousands separator' } },
  { name: 'thousands-separator-unquoted.csv', target: CENSUS, expect: { file: CENSUS, row: 4, problem: 'row has 25 fields but the header has 24 (truncated or shifted row)' } },
  { name: 'percent-101.csv', target: REGISTERS, expect: { file: REGISTERS, row: 7, column: 'overall_absence_perc', problem: 'rate outside 0 to 100' } },
  { name: 'percent-sign.csv', target: REGISTERS, expect: { file: REGISTERS, row: 7, column: 'pa_perc', problem: NOT_A_NUMBER } },
  { name: 'negative-count.csv', target: CENSUS, expect: { file: CENSUS, row: 5, column: 'sess_overall', problem: 'count is not a non-negative integer' } },
  { name: 'unknown-symbol.csv', target: REGISTERS, expect: { file: REGISTERS, row: 8, column: 'pa_perc', problem: NOT_A_NUMBER } },
  { name: 'nan-rate.csv', target: REGISTERS, expect: { file: REGISTERS, row: 6, column: 'overall_absence_perc', problem: NOT_A_NUMBER } },
  { name: 'empty-number-cell.csv', target: REGISTERS, expect: { file: REGISTERS, row: 9, column: 'num_schools', problem: 'empty cell where a number or a DfE symbol was expected' } },
  { name: 'unknown-phase.csv', target: REGISTERS, expect: { file: REGISTERS, row: 6, column: 'school_type', problem: /^unknown phase/ } },
  { name: 'unknown-geographic-level.csv', target: REGISTERS, expect: { file: REGISTERS, row: 7, column: 'geographic_level', problem: 'geographic level is not National, Regional or Local authority' } },
  { name: 'csv-injection-la-name.csv', target: REGISTERS, expect: { file: REGISTERS, row: 6, column: 'la_name', problem: 'name starts with =, +, - or @, as a spreadsheet formula does' } },
  { name: 'script-la-name.csv', target: CENSUS, expect: { file: CENSUS, row: 5, column: 'la_name', problem: 'name contains "<" or ">": not a place name (markup?)' } },
  // Rows, periods and codes
  // Three blank lines (empty, spaces, a spreadsheet's empty row) before the bad cell: row 12 is line 12, not the 9th record.
  { name: 'blank-lines-before-bad-cell.csv', target: REGISTERS, expect: { file: REGISTERS, row: 12, column: 'pa_perc', problem: NOT_A_NUMBER } },
  { name: 'duplicated-row.csv', target: REGISTERS, expect: { file: REGISTERS, row: 10, problem: 'duplicate of row 6 (same period, level, area and phase)' } },
  { name: 'future-period.csv', target: REGISTERS, expect: { file: REGISTERS, row: 10, column: 'time_period', problem: /^period is in the future: Autumn term 209899 cannot begin before 2098-08-01/ } },
  { name: 'not-an-academic-year.csv', target: REGISTERS, expect: { file: REGISTERS, row: 4, column: 'time_period', problem: 'time_period years are not consecutive' } },
  { name: 'unknown-la-code.csv', target: REGISTERS, expect: { file: REGISTERS, row: 8, column: 'new_la_code', problem: 'LA code is not in geo/las.csv' } },
  // LA identity: code, old code and name must be one authority in geo/las.csv, in every importer family.
  {
    name: 'swapped-la-codes.csv',
    target: CENSUS,
    expect: { file: CENSUS, row: 4, column: 'new_la_code', problem: "the code of Middlesbrough (old_la_code 806) in geo/las.csv, but this row's old_la_code and la_name are those of Hartlepool (E06000001): codes swapped between rows?" },
  },
  { name: 'old-la-codes-swapped.csv', target: REGISTERS, expect: { file: REGISTERS, row: 8, column: 'old_la_code', problem: 'not the old_la_code of E06000003 in geo/las.csv (Redcar and Cleveland, 807): it is that of Stockton-on-Tees (E06000004)' } },
  { name: 'la-name-borough.csv', target: REGISTERS, expect: { file: REGISTERS, row: 6, column: 'la_name', problem: 'not the name of E06000001 in geo/las.csv (Hartlepool) nor a variant of it in LA_NAME_VARIANTS' } },
  {
    name: 'cin-swapped-la-codes.csv',
    target: CIN,
    expect: { file: CIN, row: 4, column: 'new_la_code', problem: /^the code of Middlesbrough .* are those of Hartlepool \(E06000001\)/ },
  },
  {
    name: 'distributions-swapped-la-codes.zip',
    target: DISTRIBUTIONS,
    // The importer sorts its figures by area code, so E06000001 (Middlesbrough's row, line 4) is met first.
    expect: { file: `${DISTRIBUTIONS}/absence_bands_distributions.csv`, row: 4, column: 'new_la_code', problem: /^the code of Hartlepool .* are those of Middlesbrough \(E06000002\)/ },
  },
  {
    name: 'lait-la-numbers-swapped.parquet',
    target: LAIT,
    expect: { file: LAIT, row: 3, column: 'LA and Regions', problem: 'LA Number 805 is E06000001 on 2023-09-01, and this is not the name of E06000001 in geo/las.csv (Hartlepool) nor a variant of it in LA_NAME_VARIANTS: it names Middlesbrough (E06000002)' },
  },
  { name: 'unknown-region-code.csv', target: CENSUS, expect: { file: CENSUS, row: 3, column: 'region_code', problem: 'region code is not in geo/regions.csv' } },
  // Completeness: a known file cut at a line boundary (it still ends with a line break), shorter than its pinned
  // copy and missing the rows of two LAs whose region's totals it has.
  {
    name: 'registers-cut-at-line-boundary.csv',
    target: REGISTERS,
    pins: pinOfRegisters(),
    expect: {
      file: REGISTERS,
      row: 8,
      problem: /^file is shorter than its pinned copy \(\d+ bytes of 1610; SHA-256 [0-9a-f]{64}, pinned [0-9a-f]{64}\) and misses rows its own totals imply: registers-term Autumn term 2024\/25: no row for 2 LAs of regions it has totals for: Redcar and Cleveland \(E06000003\), Stockton-on-Tees \(E06000004\)\. It was probably cut off/,
    },
  },
  {
    name: 'registers.csv.gz beside the plain file (made by the test)',
    target: `${REGISTERS}.gz`,
    input: fromFixture('registers.csv.gz'),
    expect: { file: `${REGISTERS}.gz`, problem: `the same data file as ${REGISTERS} (both are ${REGISTERS} once unpacked): keep one` },
  },
  {
    name: 'distributions-ees-header.zip',
    target: DISTRIBUTIONS,
    expect: {
      file: `${DISTRIBUTIONS}/absence_bands_distributions.csv`,
      row: 1,
      column: 'time_period',
      problem: /^header row in another column order: column 1 is "time_period" where the published \(headerless\) distributions file has "time_identifier"/,
    },
  },
  // Other file families
  { name: 'distributions-truncated.zip', target: 'dfe/absence_distributions/absence_bands_distributions.zip', expect: { file: 'dfe/absence_distributions/absence_bands_distributions.zip', problem: /^zip archive is truncated or corrupt/ } },
  { name: 'lait-not-parquet.parquet', target: 'dfe/lait/bds_long_0.parquet', expect: { file: 'dfe/lait/bds_long_0.parquet', problem: /^not a readable LAIT parquet file/ } },
  // Lookups and boundaries
  { name: 'las-duplicate-code.csv', target: LAS, expect: { file: LAS, row: 6, column: 'new_la_code', problem: 'LA code listed twice' } },
  { name: 'las-script-name.csv', target: LAS, expect: { file: LAS, row: 2, column: 'la_name', problem: 'name contains "<" or ">": not a place name (markup?)' } },
  { name: 'las-unknown-region.csv', target: LAS, expect: { file: LAS, row: 5, column: 'parent_geography_code', problem: 'unknown region code' } },
  { name: 'regions-missing (file deleted)', target: 'geo/regions.csv', input: () => null, expect: { file: 'geo/regions.csv', problem: 'required file is missing from the data folder' } },
  { name: 'topology-not-json.json', target: TOPOLOGY, expect: { file: TOPOLOGY, problem: /^not valid JSON/ } },
  { name: 'topology-not-topojson.json', target: TOPOLOGY, expect: { file: TOPOLOGY, problem: /^not a TopoJSON topology/ } },
  { name: 'topology-missing-la.json', target: TOPOLOGY, expect: { file: TOPOLOGY, problem: /^no boundary vintage holds every LA code of registers-term Autumn term 2024\/25; nearest is 2024, missing E06000003$/ } },
  // Accepted, with a documented correction or a report
  { name: 'crlf-line-endings.csv', target: REGISTERS, expect: { accepted: 'CRLF line ends read as line ends' } },
  { name: 'cr-line-endings.csv', target: REGISTERS, expect: { accepted: 'CR line ends read as line ends' } },
  { name: 'utf8-bom.csv', target: REGISTERS, expect: { accepted: 'UTF-8 byte-order mark dropped' } },
  { name: 'padded-cells-and-blank-lines.csv', target: REGISTERS, expect: { accepted: 'spaces around cells trimmed; blank lines skipped' } },
  {
    name: 'autumn-and-Spring-term.csv',
    target: PRU,
    expect: { accepted: '"Autumn and Spring term" read as "Autumn and spring term"', reference: () => fs.readFileSync(path.join(BAD, 'autumn-and-Spring-term.csv'), 'utf8').replaceAll('Autumn and Spring term', 'Autumn and spring term') },
  },
  { name: 'la-name-spellings.csv', target: CENSUS, expect: { accepted: 'LA names differing only in capitals, "&" for "and" and a space for a hyphen read as the lookup\'s' } },
  { name: 'old-la-code-x.csv', target: CENSUS, expect: { accepted: 'old_la_code "x" (not available) read as no old code; code and name still checked' } },
  { name: 'unknown-extra-column.csv', target: REGISTERS, expect: { accepted: 'unknown column reported, not read', warnings: [`${REGISTERS}: columns not read: new_reason_perc`] } },
  {
    name: 'crlf-line-endings.csv, not the pinned copy (made by the test)',
    target: REGISTERS,
    input: fromFixture('crlf-line-endings.csv'),
    pins: pinOfRegisters(),
    expect: {
      accepted: 'a known file that is not its pinned copy, complete by its own totals, reported with both checksums',
      warnings: [
        `${REGISTERS}: not the pinned copy of ${REGISTERS} (data/sources.json): SHA-256 ${sha256Of(fs.readFileSync(path.join(BAD, 'crlf-line-endings.csv')))} (${fs.statSync(path.join(BAD, 'crlf-line-endings.csv')).size} bytes), pinned ${sha256Of(cleanRegisters())} (1610 bytes)`,
      ],
    },
  },
  { name: 'empty-column-name.csv', target: REGISTERS, expect: { accepted: 'a column with an empty name reported in words, not read', warnings: [`${REGISTERS}: columns not read: (a column with an empty name)`] } },
  // EES layouts: the same register file as EES hands it out publishes what the plain file does.
  {
    name: 'ees-release.zip',
    target: EES_ZIP,
    also: registersMoved,
    expect: {
      accepted: "an EES release zip's data/ files read as if beside it; its data guidance kept with the source record",
      check: (index) => {
        expect(index.sources.map((s) => [s.file, s.guidance])).toEqual([
          ['dfe/attendance/202425/pupil-attendance-in-schools_2024-25.zip/data/EES_aut_data.csv', [`${EES_ZIP}/data-guidance/data-guidance.txt`]],
          [CENSUS, undefined],
        ]);
        // The checksum is that of the file itself, not of its packaging: the same data release as the plain file.
        expect(index.sources[0]!.sha256).toBe(sha256Of(cleanRegisters()));
      },
    },
  },
  {
    name: 'ees-data-guidance.txt',
    target: 'dfe/attendance/202425/data-guidance/data-guidance.txt',
    also: { ...registersMoved, 'dfe/attendance/202425/data/EES_aut_data.csv': cleanRegisters },
    expect: {
      accepted: 'a file in a data/ subfolder read as if beside it; the data-guidance/ beside it kept with the source record, not warned of',
      check: (index) => expect(index.sources[0]!.guidance).toEqual(['dfe/attendance/202425/data-guidance/data-guidance.txt']),
    },
  },
  {
    name: 'registers.csv.gz',
    target: `${REGISTERS}.gz`,
    also: registersMoved,
    expect: {
      accepted: 'a gzip-compressed CSV inflated and read as the plain file',
      check: (index) => expect([index.sources[0]!.file, index.sources[0]!.sha256, index.sources[0]!.notes]).toEqual([`${REGISTERS}.gz`, sha256Of(cleanRegisters()), ['gzip-compressed']]),
    },
  },
  { name: 'readme-in-data.txt', target: 'dfe/attendance/202425/readme.txt', expect: { accepted: 'file no importer reads reported, not used', warnings: ['dfe/attendance/202425/readme.txt: no importer reads this file; it was not used'] } },
];

let tmp = '';
/** Output root of the last good build, and a fingerprint of everything it published. */
let goodOut = '';
let goodFingerprint: Record<string, string> = {};
let base: Record<string, string> = {};
/** Warnings of the clean build: the file families the mini folder lacks. */
let baseWarnings: string[] = [];

/** path (relative to outRoot) -> SHA-256 of every published file; index.json without its build time. */
function fingerprint(outRoot: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const top of ['data/generated', 'public/generated']) {
    const dir = path.join(outRoot, top);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
      const abs = path.join(dir, f);
      if (!fs.statSync(abs).isFile()) continue;
      let bytes: string | Buffer = fs.readFileSync(abs);
      if (f === 'index.json' && top === 'data/generated') {
        const index = JSON.parse(bytes.toString()) as Record<string, unknown>;
        delete index.builtAt;
        bytes = JSON.stringify(index);
      }
      out[`${top}/${f}`] = crypto.createHash('sha256').update(bytes).digest('hex');
    }
  }
  return out;
}

/** What the site publishes from the data, leaving out the per-file report (sizes, checksums, warnings). */
function published(print: Record<string, string>): Record<string, string> {
  // The per-file report and the release id (made from the files' checksums) differ by design.
  return Object.fromEntries(Object.entries(print).filter(([k]) => k !== 'data/generated/index.json' && k !== 'data/generated/release.json'));
}

function dataFolder(c?: Case): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'data-'));
  fs.cpSync(BASE, dir, { recursive: true });
  fs.rmSync(path.join(dir, '.gitattributes'), { force: true });
  if (c) {
    const put = (target: string, bytes: Buffer | string | null) => {
      const abs = path.join(dir, target);
      if (bytes === null) fs.rmSync(abs);
      else {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, bytes);
      }
    };
    for (const [target, bytes] of Object.entries(c.also ?? {})) put(target, bytes && bytes());
    put(c.target, (c.input ?? fromFixture(c.name))());
  }
  return dir;
}

/** The real build, with no pinned copies unless given (tests say which files are known ones). */
const build = (dir: string, out: string, log: (s: string) => void = quiet, options: BuildOptions = {}) => buildData(dir, out, log, { pins: [], ...options });

function quiet(): void {}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-inputs-'));
  goodOut = path.join(tmp, 'good-out');
  const index = await build(dataFolder(), goodOut);
  baseWarnings = index.warnings;
  goodFingerprint = fingerprint(goodOut);
  base = published(goodFingerprint);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the clean mini data folder', () => {
  it('builds: two map periods on the tiny topology, England, the North East and four LAs', () => {
    expect(Object.keys(base)).toEqual(
      expect.arrayContaining([
        'data/generated/areas/E06000001.json',
        'data/generated/areas/E06000004.json',
        'data/generated/areas/E12000001.json',
        'data/generated/areas/E92000001.json',
        'public/generated/map/census-202324-full-year--total.json',
        'public/generated/map/registers-202425-autumn-term--primary.json',
        'public/generated/geo/las-2023.json',
      ]),
    );
    // 2023 and 2024 hold the same authorities, so both periods draw from one boundary file.
    expect(Object.keys(base)).not.toContain('public/generated/geo/las-2024.json');
  });
});

describe('the summary of file families', () => {
  it('logs the families found with their periods, and warns of each one missing from the data folder', async () => {
    const lines: string[] = [];
    const index = await build(dataFolder(), path.join(tmp, 'out-families'), (s) => lines.push(s));
    expect(lines.filter((l) => l.startsWith('found '))).toEqual([
      'found census (Pupil absence in schools in England): 1 file; Full year: 2023/24',
      'found registers (Pupil attendance in schools): 1 file; Autumn term: 2024/25',
    ]);
    expect(index.warnings).toEqual(baseWarnings);
    expect(baseWarnings).toEqual([
      "no PRU (the census publication's pupil referral unit file) file in the data folder (dfe/absence_pru/*.csv): the site has none of its figures",
      'no registers persistent absence by week file in the data folder (dfe/pa_explorer/*.csv): the site has none of its figures',
      'no LAIT (LA Interactive Tool) file in the data folder (dfe/lait/*.parquet): the site has none of its figures',
      'no CIN (Outcomes for children in need: absence) file in the data folder (dfe/cin_outcomes/absence_la.csv): the site has none of its figures',
      'no distributions (Pupil absence distributions) file in the data folder (dfe/absence_distributions/*.zip): the site has none of its figures',
    ]);
  });
});

describe('every broken input in the corpus', () => {
  it('has a case, and every case a fixture (made-here inputs apart)', () => {
    const files = fs.readdirSync(BAD).filter((f) => f !== 'README.md' && f !== '.gitattributes').sort();
    expect(CASES.filter((c) => !c.input).map((c) => c.name).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of CASES) {
    if ('accepted' in c.expect) {
      const want = c.expect;
      it(`${c.name}: accepted (${want.accepted})`, async () => {
        const out = path.join(tmp, `out-${c.name}`);
        const index = await build(dataFolder(c), out, quiet, { pins: c.pins ?? [] });
        let expected = base;
        let expectedWarnings = baseWarnings;
        if (want.reference) {
          const refOut = path.join(tmp, `ref-${c.name}`);
          expectedWarnings = (await build(dataFolder({ ...c, input: want.reference }), refOut)).warnings;
          expected = published(fingerprint(refOut));
          expect(expected).not.toEqual(base);
        }
        expect(published(fingerprint(out))).toEqual(expected);
        expect(index.warnings).toEqual([...(want.warnings ?? []), ...expectedWarnings]);
        want.check?.(index);
      });
    } else {
      const want = c.expect;
      it(`${c.name}: refused at ${[want.file, want.row && `row ${want.row}`, want.column && `column ${want.column}`].filter(Boolean).join(', ')}`, async () => {
        let error: unknown;
        try {
          await build(dataFolder(c), goodOut, quiet, { pins: c.pins ?? [] });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        const e = error as DataError;
        expect({ file: e.file, row: e.row, column: e.column }).toEqual({ file: want.file, row: want.row, column: want.column });
        if (typeof want.problem === 'string') expect(e.problem).toBe(want.problem);
        else expect(e.problem).toMatch(want.problem);
        // Nothing half-made was published: the previous good output is there, byte for byte.
        expect(fingerprint(goodOut)).toEqual(goodFingerprint);
        expect(fs.existsSync(path.join(goodOut, 'data', 'generated.tmp'))).toBe(false);
        expect(fs.existsSync(path.join(goodOut, 'public', 'generated.tmp'))).toBe(false);
      });
    }
  }

  it('a good build after all those failures still replaces the output', async () => {
    const index = await build(dataFolder(), goodOut);
    expect(index.warnings).toEqual(baseWarnings);
    expect(published(fingerprint(goodOut))).toEqual(base);
  });
});

describe('a build that would drop what the previous build of the same data folder published', () => {
  /** Builds the clean folder into a fresh output, then returns both for a second build of that same folder. */
  async function firstBuild(name: string) {
    const dir = dataFolder();
    const out = path.join(tmp, `drops-${name}`);
    await build(dir, out);
    return { dir, out, before: fingerprint(out) };
  }
  async function refused(dir: string, out: string, before: Record<string, string>): Promise<DataError> {
    const error = await build(dir, out).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    // Nothing was published: the previous good output is there, byte for byte.
    expect(fingerprint(out)).toEqual(before);
    return error as DataError;
  }

  it('stops, naming the period and phases, when a term file is gone; builds when told the drop is intended', async () => {
    const { dir, out, before } = await firstBuild('term-gone');
    fs.rmSync(path.join(dir, REGISTERS));
    const e = await refused(dir, out, before);
    expect(e.file).toBe(dir);
    expect(e.problem).toBe(
      'this build would drop what the previous build of this data folder published: periods: registers-term Autumn term 2024/25; ' +
        'areas: registers-term Hartlepool (E06000001), registers-term Middlesbrough (E06000002), registers-term Redcar and Cleveland (E06000003), ' +
        'registers-term Stockton-on-Tees (E06000004), registers-term North East (E12000001), registers-term England (E92000001); ' +
        'phases: registers-term primary, registers-term total. Nothing was published. If the drop is intended, build again with --allow-drops (or ALLOW_DROPS=1)',
    );
    const index = await build(dir, out, quiet, { allowDrops: true });
    expect(index.warnings).toContainEqual(expect.stringMatching(/^dropped on purpose \(--allow-drops\), published by the previous build of this data folder: periods: registers-term Autumn term 2024\/25; /));
    expect(fingerprint(out)).not.toEqual(before);
  });

  it('stops when a file without a pinned copy is cut at a line boundary and two LAs lose their rows', async () => {
    const { dir, out, before } = await firstBuild('cut');
    fs.copyFileSync(path.join(BAD, 'registers-cut-at-line-boundary.csv'), path.join(dir, REGISTERS));
    const e = await refused(dir, out, before);
    expect(e.problem).toMatch(/would drop .*: areas: registers-term Redcar and Cleveland \(E06000003\), registers-term Stockton-on-Tees \(E06000004\)\. Nothing was published/);
  });

  it('does not compare builds of different data folders (fixtures, a fresh copy), and a same-folder rebuild passes', async () => {
    const { dir, out } = await firstBuild('other-folder');
    const other = dataFolder({ name: 'no registers', target: REGISTERS, input: () => null, expect: { accepted: '' } });
    await expect(build(other, out)).resolves.toBeDefined();
    await expect(build(other, out)).resolves.toBeDefined();
    // The record is per folder: back to the first folder, nothing is dropped against the other folder's build.
    await expect(build(dir, out)).resolves.toBeDefined();
  });

  it('--allow-drops or ALLOW_DROPS=1 tells the command line the drop is intended', () => {
    expect(allowDropsFrom(['--allow-drops'], {})).toBe(true);
    expect(allowDropsFrom([], { ALLOW_DROPS: '1' })).toBe(true);
    expect(allowDropsFrom([], { ALLOW_DROPS: '0' })).toBe(false);
    expect(allowDropsFrom(['--data-dir', 'x'], {})).toBe(false);
  });
});

describe('which data folder the command line uses', () => {
  it('--data-dir or DATA_DIR is used as given; neither means data/raw/, which fetch-data fills', () => {
    const env = process.env.DATA_DIR;
    try {
      delete process.env.DATA_DIR;
      expect(dataDirFromArgs(['--data-dir', '/x/data'])).toEqual({ dir: '/x/data', given: true });
      const fallback = dataDirFromArgs([]);
      expect(fallback.given).toBe(false);
      expect(fallback.dir).toBe(path.resolve(import.meta.dirname, '..', '..', 'data', 'raw'));
      process.env.DATA_DIR = '/y/data';
      expect(dataDirFromArgs([])).toEqual({ dir: '/y/data', given: true });
      process.env.DATA_DIR = '';
      expect(dataDirFromArgs([]).given).toBe(false);
    } finally {
      if (env === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = env;
    }
  });
});
