/**
 * Importer for the DfE "Pupil absence distributions" dashboard file
 * (`absence_bands_distributions.zip`, one headerless CSV inside): full-year school-census enrolment
 * counts in 11 overall-absence bands, by LA/region/England × school type × FSM × SEN × gender × NC year.
 *
 * The CSV is 43 MB unzipped, so it is streamed: zip bytes are inflated chunk by chunk, decoded,
 * split into lines and added into per-area totals as they arrive. Memory depends on the number of
 * area × period × phase groups (a few thousand), not on the number of rows.
 *
 * Speed: the file's 211,000 rows come in runs of about a dozen that share their first 11 cells (period,
 * area, school type). The first row of a run is read in full (every cell split out and checked); the
 * rest of the run is recognised by that same leading text and only its last 15 cells are read, straight
 * from the text without making a string per cell. Anything unusual in those cells (quotes, padding, a
 * symbol, a short row) sends the row down the full path, so every error is the full path's.
 */
import zlib from 'node:zlib';
import { Unzip, UnzipPassThrough, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder, type UnzipFile } from 'fflate';
import { DataError } from '../../domain/errors';
import { FigureTable } from '../../domain/figure-table';
import { type Breakdown, type FigurePlace, type GeographicLevel, type MeasureId, type Phase, SCHOOL_PHASES } from '../../domain/model';
import { trimmed } from '../csv';
import { EES_AREA_COLUMNS, EesAreaReader, type EesArea, type EesAreaColumn } from '../ees-area';
import { assertNotFuture, parseAcademicYear, readTimeIdentifier } from '../../domain/periods';

/**
 * Column names of the headerless CSV, in file order, as the DfE dashboard code names them
 * (`global.R` of dfe-analytical-services/absence-distributions-dashboard). Error messages use them.
 */
export const DISTRIBUTION_COLUMNS = [
  'time_identifier',
  'time_period',
  'geographic_level',
  'country_code',
  'country_name',
  'region_name',
  'region_code',
  'old_la_code',
  'new_la_code',
  'la_name',
  'school_type',
  'fsm_eligible',
  'sen_status',
  'gender',
  'NCyearActual',
  'pct5_OARate',
  'pct10_OARate',
  'pct15_OARate',
  'pct20_OARate',
  'pct25_OARate',
  'pct30_OARate',
  'pct35_OARate',
  'pct40_OARate',
  'pct45_OARate',
  'pct50_OARate',
  'pct50plus_OARate',
] as const;

/** Number of leading non-band columns; the 11 band counts follow. */
const FIRST_BAND_COLUMN = 15;
/** Number of leading columns up to school_type, which a run of rows shares; fsm_eligible is the next. */
const FIRST_CHOICE_COLUMN = 11;
const BAND_COUNT = 11;

/** Index of the first band at or above 10% (persistent absence) and of the 50%-or-more band (severe). */
export const PERSISTENT_FROM_BAND = 2;
export const SEVERE_BAND = 10;

/** The file's `school_type` values and the phases they become. */
const SCHOOL_TYPE_PHASE: ReadonlyMap<string, Phase> = new Map([
  ['State-funded primary', 'primary'],
  ['State-funded secondary', 'secondary'],
  ['Special', 'special'],
]);

/** `fsm_eligible` values, as in the file. "Unclassified" is unknown status, not a total. */
export const FSM_VALUES = ['Eligible', 'Not Eligible', 'Unclassified'] as const;
/** `sen_status` values, in the file's words. "Unclassified" is unknown status, not a total. */
export const SEN_VALUES = [
  'Any special educational need',
  'No identified special educational need',
  'Unclassified',
] as const;
/** `gender` values; the file has a handful of "Unclassified" rows, kept as their own value. */
export const GENDER_VALUES = ['Female', 'Male', 'Unclassified'] as const;
/** `NCyearActual` 1..11 as shown. */
export const YEAR_GROUP_VALUES = Array.from({ length: 11 }, (_, i) => `Year ${i + 1}`);

/**
 * Every breakdown a group is split into, in output order. Slot 0 is all pupils. Each row adds into
 * slot 0 and into exactly one slot of each topic, so each topic's slots sum to slot 0.
 */
const SLOTS: readonly Breakdown[] = [
  { topic: 'Total', value: 'Total' },
  ...FSM_VALUES.map((value): Breakdown => ({ topic: 'FSM eligibility', value })),
  ...SEN_VALUES.map((value): Breakdown => ({ topic: 'SEN provision', value })),
  ...GENDER_VALUES.map((value): Breakdown => ({ topic: 'Gender', value })),
  ...YEAR_GROUP_VALUES.map((value): Breakdown => ({ topic: 'Year group', value })),
];
const FSM_SLOT0 = 1;
const SEN_SLOT0 = FSM_SLOT0 + FSM_VALUES.length;
const GENDER_SLOT0 = SEN_SLOT0 + SEN_VALUES.length;
const YEAR_SLOT0 = GENDER_SLOT0 + GENDER_VALUES.length;

/**
 * File values are matched ignoring case so that "tidy capitalisation" is the only change made:
 * the canonical spelling is the one in the lists above.
 */
function lookup(values: readonly string[]): ReadonlyMap<string, number> {
  return new Map(values.map((v, i) => [v.toLowerCase(), i]));
}
const FSM_INDEX = lookup(FSM_VALUES);
const SEN_INDEX = lookup(SEN_VALUES);
const GENDER_INDEX = lookup(GENDER_VALUES);
/** Row-level combinations per phase group, for the duplicate check. */
const COMBINATIONS = FSM_VALUES.length * SEN_VALUES.length * GENDER_VALUES.length * YEAR_GROUP_VALUES.length;

/** Stored spellings (periods.readTimeIdentifier) of the full year, the only period the file holds. */
const TIME_IDENTIFIERS: ReadonlySet<string | undefined> = new Set(['Academic year', 'Full year']);
/** Where each EES area column is in the headerless file. */
const COLUMN_INDEX: ReadonlyMap<EesAreaColumn, number> = new Map(EES_AREA_COLUMNS.map((c) => [c, DISTRIBUTION_COLUMNS.indexOf(c)]));

const PHASE_ORDER = SCHOOL_PHASES;
const LEVEL_ORDER: readonly GeographicLevel[] = ['National', 'Regional', 'Local authority'];

/**
 * One area × period × phase × breakdown distribution: enrolment counts in each overall-absence
 * band (see BAND_LABELS), and their sum. `phase: 'total'` is the sum of primary, secondary and
 * special; the file has no other school types. `time_identifier` is always "Full year" (the file
 * says "Academic year"); `region_code` is as the file gives it (E13 Inner/Outer London for boroughs).
 */
export interface BandDistribution extends FigurePlace {
  /** 11 enrolment counts, in BAND_LABELS order. */
  bands: number[];
  /** Sum of `bands`. */
  enrolments: number;
}

export interface DistributionsImport {
  /** The derived figures (see importDistributions), one table row per band distribution, 5 figures each. */
  figures: FigureTable;
  bands: BandDistribution[];
  /** Data rows read at each level, so a caller can check that no row was skipped. */
  rowsByLevel: Record<GeographicLevel, number>;
}

/** Identity of an area within one period. */
interface AreaMeta {
  time_period: string;
  geographic_level: GeographicLevel;
  area_code: string;
  area_name: string;
  old_la_code: string;
  region_code: string;
  /** Line where this area was first seen, for consistency errors. */
  firstRow: number;
}

/** Running totals for one area × period × phase. */
interface Group {
  meta: AreaMeta;
  phase: Phase;
  /** SLOTS.length × 11 band counts. */
  sums: Float64Array;
  /** Rows added into each slot; a slot with none is not output. */
  rows: Uint32Array;
  /** Line number that filled each FSM × SEN × gender × year combination (0 = none); null for `total`. */
  seen: Uint32Array | null;
}

/**
 * V8 keeps a substring as a view of its parent, so a name sliced from a 64 KB text chunk would keep
 * the whole chunk alive. Group metadata is copied out once per group to keep memory flat.
 */
function detach(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * Splits one CSV line. Handles quoted fields (with "" escapes) because LA names contain commas
 * ("Bristol, City of") and codes are quoted with padding. Returns a string describing the problem
 * when the quoting is broken, since a field spanning lines would shift every column after it.
 */
function splitLine(line: string): string[] | string {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return 'quoted field is not closed on its line';
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += line.slice(j, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return fields;
      if (line.charCodeAt(i) !== 44) return 'text after a closing quote';
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** A non-negative whole number, or -1. Hand-rolled because it runs 2.3 million times. */
function parseCount(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Finds the lines in a sequence of decoded text pieces and hands each over as a place in a piece
 * (`text`, start, end, line number; end excludes the line break), so that no string is made per line.
 */
class LineSplitter {
  private rest = '';
  private lineNo = 0;
  constructor(private readonly onLine: (text: string, start: number, end: number, lineNo: number) => void) {}

  push(text: string): void {
    let start = 0;
    if (this.rest !== '') {
      // Only the line cut by the piece's edge is joined up: joining whole pieces would make every line
      // a read through a two-part string.
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.rest = detach(this.rest + text);
        return;
      }
      const joined = this.rest + text.slice(0, nl + 1);
      this.rest = '';
      this.emit(joined, 0, joined.length - 1);
      start = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.emit(text, start, nl);
      start = nl + 1;
    }
    // Detached so the carried-over piece does not keep the whole chunk alive.
    if (start < text.length) this.rest = detach(text.slice(start));
  }

  /** Hands over the line from `start` to the line feed at `nl`, without a CR before it. */
  private emit(text: string, start: number, nl: number): void {
    this.onLine(text, start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, ++this.lineNo);
  }

  end(): void {
    if (this.rest !== '') {
      const last = this.rest;
      this.rest = '';
      this.onLine(last, 0, last.endsWith('\r') ? last.length - 1 : last.length, ++this.lineNo);
    }
  }
}

/**
 * Index just after the separator that ends field `n` (1-based) of a line splitLine has accepted with more
 * than `n` fields: the length of the line's first `n` cells as written, quotes and padding included.
 */
function fieldsEnd(line: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n; k++) {
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (line.charCodeAt(q + 1) === 34) {
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    } else {
      i = line.indexOf(',', i);
    }
    i++;
  }
  return i;
}

/**
 * Index in `values` of the cell at `at` in `text` when it is exactly one of them followed by a comma, or -1
 * (also for a cell the full path would still accept, such as one in other capitals or padded).
 */
function matchCell(text: string, at: number, end: number, values: readonly string[]): number {
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (at + v.length < end && text.charCodeAt(at + v.length) === 44 && text.startsWith(v, at)) return k;
  }
  return -1;
}

/** Adds parsed rows into groups. Kept separate from the unzip plumbing so the logic reads plainly. */
class Aggregator {
  readonly groups = new Map<string, Group>();
  private readonly areas = new Map<string, AreaMeta>();
  private readonly counts = new Float64Array(BAND_COUNT);
  private readonly periodsChecked = new Set<string>();
  private readonly areaReader: EesAreaReader;
  /** The run of rows being read: its area, period and groups by phase. */
  private run: { area?: EesArea; period?: string; areaKey?: string; meta?: AreaMeta; groups: Map<Phase, Group> } = { groups: new Map() };
  /** The last time_period cell read and the period it gave: a file holds a handful, in long runs. */
  private lastPeriodCell: string | undefined;
  private lastPeriod = '';
  /** The fields of the row being read, and the area reader's view of them, made once (not once per row). */
  private fields: readonly string[] = [];
  private readonly areaCell = (column: EesAreaColumn): string => trimmed(this.fields[COLUMN_INDEX.get(column)!]!);
  rowsRead = 0;
  readonly rowsByLevel: Record<GeographicLevel, number> = { National: 0, Regional: 0, 'Local authority': 0 };
  /**
   * The first 11 cells of the last row read in full, as written (through the comma after school_type),
   * with its level and groups: a row that begins with the same text has the same period, area and school
   * type, so only its last 15 cells need reading. '' before the first data row.
   */
  private lead = '';
  private leadLevel: GeographicLevel = 'National';
  private leadGroup: Group | null = null;
  /**
   * The fsm_eligible, sen_status and gender cells (with their commas) last matched by restOfRun, and
   * their values: consecutive rows often share them too.
   */
  private choice = '';
  private choiceFsm = 0;
  private choiceSen = 0;
  private choiceGender = 0;

  constructor(private readonly file: string) {
    this.areaReader = new EesAreaReader(file);
  }

  private fail(row: number, column: string | undefined, problem: string, value?: string): never {
    throw new DataError(column === undefined ? { file: this.file, row } : { file: this.file, row, column }, problem, value);
  }

  /** Reads line `row`, the text from `start` to `end` (line break excluded) of `text`. */
  line(text: string, start: number, end: number, row: number): void {
    const lead = this.lead;
    // Compared as a slice: string equality is a block compare, startsWith one character at a time.
    if (lead !== '' && start + lead.length < end && text.slice(start, start + lead.length) === lead && this.restOfRun(text, start + lead.length, end, row)) return;
    this.fullLine(text.slice(start, end), row);
  }

  /**
   * Reads the last 15 cells of a row that begins with `lead` (from `at` to `end` in `text`) when they are
   * written plainly: values in the file's spelling, whole numbers of digits. Returns false, having counted
   * nothing, for anything else, which fullLine then reads (and refuses with its own message if need be).
   */
  private restOfRun(text: string, at: number, end: number, row: number): boolean {
    let p = at;
    let fsm: number;
    let sen: number;
    let gender: number;
    const choice = this.choice;
    if (choice !== '' && p + choice.length < end && text.slice(p, p + choice.length) === choice) {
      fsm = this.choiceFsm;
      sen = this.choiceSen;
      gender = this.choiceGender;
      p += choice.length;
    } else {
      fsm = matchCell(text, p, end, FSM_VALUES);
      if (fsm < 0) return false;
      p += FSM_VALUES[fsm]!.length + 1;
      sen = matchCell(text, p, end, SEN_VALUES);
      if (sen < 0) return false;
      p += SEN_VALUES[sen]!.length + 1;
      gender = matchCell(text, p, end, GENDER_VALUES);
      if (gender < 0) return false;
      p += GENDER_VALUES[gender]!.length + 1;
      // Only a memo of what this text means, so it is kept even if the row is then read in full. Like
      // `lead`, it keeps at most one piece of text alive.
      this.choice = text.slice(at, p);
      this.choiceFsm = fsm;
      this.choiceSen = sen;
      this.choiceGender = gender;
    }
    const counts = this.counts;
    let year = 0;
    // Cell 0 is NCyearActual, cells 1..11 the band counts; each is 1 to 15 digits, then a comma or the line end.
    for (let k = 0; k <= BAND_COUNT; k++) {
      const from = p;
      let v = 0;
      while (p < end) {
        const c = text.charCodeAt(p) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
        p++;
      }
      if (p === from || p - from > 15) return false;
      if (k < BAND_COUNT) {
        if (p === end || text.charCodeAt(p) !== 44) return false;
        p++;
      } else if (p !== end) {
        return false;
      }
      if (k === 0) year = v;
      else counts[k - 1] = v;
    }
    if (year < 1 || year > 11) return false;
    this.rowsRead++;
    this.rowsByLevel[this.leadLevel]++;
    this.addRow(this.leadGroup!, fsm, sen, gender, year, row);
    return true;
  }

  /** Reads line `row` cell by cell, checking every cell. */
  private fullLine(line: string, row: number): void {
    if (row === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    const f = splitLine(line);
    if (typeof f === 'string') this.fail(row, undefined, `malformed CSV: ${f}`);
    if (row === 1 && f.some((h) => (DISTRIBUTION_COLUMNS as readonly string[]).includes(h.trim()))) {
      // The published file has no header; accept one only if it names the columns in the published order.
      // A header in another order (EES files put time_period first) would put every cell in the wrong
      // column, so it is refused, naming the first column out of place.
      const i = DISTRIBUTION_COLUMNS.findIndex((c, k) => f[k]?.trim() !== c);
      if (i >= 0 || f.length !== DISTRIBUTION_COLUMNS.length) {
        const at = i >= 0 ? i : DISTRIBUTION_COLUMNS.length;
        const found = f[at] === undefined ? 'nothing' : `"${f[at]!.trim()}"`;
        const expected = DISTRIBUTION_COLUMNS[at] === undefined ? 'no more columns' : `"${DISTRIBUTION_COLUMNS[at]}"`;
        this.fail(
          row,
          f[at]?.trim() || undefined,
          `header row in another column order: column ${at + 1} is ${found} where the published (headerless) distributions file has ${expected}. Give the columns in its order (${DISTRIBUTION_COLUMNS.join(',')}) or leave the header out`,
        );
      }
      return;
    }
    if (f.length !== DISTRIBUTION_COLUMNS.length) {
      this.fail(row, undefined, `row has ${f.length} fields but ${DISTRIBUTION_COLUMNS.length} were expected (truncated or shifted row)`);
    }
    this.rowsRead++;
    // Cells are read by index with `trimmed`, not through a closure made per row: this runs for each of
    // the file's 300,000 rows.
    const timeIdentifier = trimmed(f[0]!);
    if (!TIME_IDENTIFIERS.has(readTimeIdentifier(timeIdentifier))) {
      this.fail(row, 'time_identifier', 'expected "Academic year" (full-year data)', f[0]);
    }
    const periodCell = f[1]!;
    if (periodCell !== this.lastPeriodCell) {
      const timePeriod = parseAcademicYear(periodCell, { file: this.file, row, column: 'time_period' });
      if (!this.periodsChecked.has(timePeriod)) {
        assertNotFuture(timePeriod, 'Full year', { file: this.file, row, column: 'time_period' });
        this.periodsChecked.add(timePeriod);
      }
      this.lastPeriodCell = periodCell;
      this.lastPeriod = timePeriod;
    }
    const timePeriod = this.lastPeriod;
    this.fields = f;
    const area = this.areaReader.read(this.areaCell, row);
    const level = area.geographic_level;
    this.rowsByLevel[level]++;

    const phase = SCHOOL_TYPE_PHASE.get(trimmed(f[10]!));
    if (!phase) {
      const expected = [...SCHOOL_TYPE_PHASE.keys()].join(', ');
      this.fail(row, 'school_type', `unknown school type (expected ${expected})`, f[10]);
    }
    const fsm = FSM_INDEX.get(trimmed(f[11]!).toLowerCase());
    if (fsm === undefined) this.fail(row, 'fsm_eligible', `unknown value (expected ${FSM_VALUES.join(', ')})`, f[11]);
    const sen = SEN_INDEX.get(trimmed(f[12]!).toLowerCase());
    if (sen === undefined) this.fail(row, 'sen_status', `unknown value (expected ${SEN_VALUES.join(', ')})`, f[12]);
    const gender = GENDER_INDEX.get(trimmed(f[13]!).toLowerCase());
    if (gender === undefined) this.fail(row, 'gender', `unknown value (expected ${GENDER_VALUES.join(', ')})`, f[13]);
    const year = parseCount(trimmed(f[14]!));
    if (year < 1 || year > 11) this.fail(row, 'NCyearActual', 'expected a national curriculum year 1 to 11', f[14]);

    const counts = this.counts;
    for (let b = 0; b < BAND_COUNT; b++) {
      const raw = trimmed(f[FIRST_BAND_COLUMN + b]!);
      const v = parseCount(raw);
      if (v < 0) {
        const column = DISTRIBUTION_COLUMNS[FIRST_BAND_COLUMN + b];
        const problem = /^-\d+$/.test(raw) ? 'enrolment count is negative' : 'enrolment count is not a whole number';
        this.fail(row, column, problem, f[FIRST_BAND_COLUMN + b]);
      }
      counts[b] = v;
    }

    // Rows come in runs of one area and period: the run's groups are looked up once (the area is the same
    // shared object for every row of a run, see EesAreaReader).
    if (area !== this.run.area || timePeriod !== this.run.period) {
      const { area_code: areaCode, area_name: areaName, old_la_code: oldCode, region_code: regionCode } = area;
      const areaKey = `${timePeriod}|${level}|${areaCode}`;
      let meta = this.areas.get(areaKey);
      if (!meta) {
        meta = { time_period: detach(timePeriod), ...area, firstRow: row };
        this.areas.set(detach(areaKey), meta);
      } else if (meta.area_name !== areaName || meta.old_la_code !== oldCode || meta.region_code !== regionCode) {
        // One code with two names or parents would make the totals belong to no single area.
        this.fail(
          row,
          undefined,
          `area ${areaCode} in ${timePeriod} is "${areaName}" (old code "${oldCode}", region "${regionCode}") ` +
            `but row ${meta.firstRow} said "${meta.area_name}" (old code "${meta.old_la_code}", region "${meta.region_code}")`,
        );
      }
      this.run = { area, period: timePeriod, areaKey, meta, groups: new Map() };
    }

    const own = this.runGroup(phase);
    this.addRow(own, fsm, sen, gender, year, row);
    // The rows that follow with the same first 11 cells belong to the same run and groups.
    const leadEnd = fieldsEnd(line, FIRST_CHOICE_COLUMN);
    // Not detached: it keeps at most the piece of text it was cut from alive, until the next run.
    if (leadEnd !== this.lead.length || !line.startsWith(this.lead)) this.lead = line.slice(0, leadEnd);
    this.leadLevel = level;
    this.leadGroup = own;
  }

  /** Adds the row whose counts are in `counts` into its phase group `own`, once. */
  private addRow(own: Group, fsm: number, sen: number, gender: number, year: number, row: number): void {
    const combo = ((fsm * SEN_VALUES.length + sen) * GENDER_VALUES.length + gender) * YEAR_GROUP_VALUES.length + year - 1;
    const earlier = own.seen![combo]!;
    if (earlier !== 0) {
      this.fail(row, undefined, `duplicate row: same area, period, school type, FSM, SEN, gender and year as row ${earlier}`);
    }
    own.seen![combo] = row;
    // All pupils, then one value of each topic.
    const s1 = FSM_SLOT0 + fsm;
    const s2 = SEN_SLOT0 + sen;
    const s3 = GENDER_SLOT0 + gender;
    const s4 = YEAR_SLOT0 + year - 1;
    this.add(own, 0);
    this.add(own, s1);
    this.add(own, s2);
    this.add(own, s3);
    this.add(own, s4);
  }

  /**
   * Every group read, with each area and period's all-phase (`total`) group: the sum of its phase groups,
   * made once at the end rather than added row by row.
   */
  withTotals(): Group[] {
    const totals = new Map<AreaMeta, Group>();
    const out: Group[] = [];
    for (const g of this.groups.values()) {
      out.push(g);
      let t = totals.get(g.meta);
      if (!t) {
        t = { meta: g.meta, phase: 'total', sums: new Float64Array(SLOTS.length * BAND_COUNT), rows: new Uint32Array(SLOTS.length), seen: null };
        totals.set(g.meta, t);
        out.push(t);
      }
      for (let k = 0; k < g.sums.length; k++) t.sums[k]! += g.sums[k]!;
      for (let k = 0; k < g.rows.length; k++) t.rows[k]! += g.rows[k]!;
    }
    return out;
  }

  /** The group of the current run's area and period in `phase`. */
  private runGroup(phase: Phase): Group {
    const run = this.run;
    let g = run.groups.get(phase);
    if (!g) run.groups.set(phase, (g = this.group(run.areaKey!, run.meta!, phase)));
    return g;
  }

  private group(areaKey: string, meta: AreaMeta, phase: Phase): Group {
    const key = `${areaKey}|${phase}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        meta,
        phase,
        sums: new Float64Array(SLOTS.length * BAND_COUNT),
        rows: new Uint32Array(SLOTS.length),
        seen: new Uint32Array(COMBINATIONS),
      };
      this.groups.set(detach(key), g);
    }
    return g;
  }

  /** Adds `counts` into slot `s` of group `g`. */
  private add(g: Group, s: number): void {
    const sums = g.sums;
    const counts = this.counts;
    g.rows[s]!++;
    const base = s * BAND_COUNT;
    for (let b = 0; b < BAND_COUNT; b++) sums[base + b]! += counts[b]!;
  }
}

/**
 * fflate decoder for deflated zip entries (compression method 8) on node:zlib's native inflate, about
 * twice as fast as fflate's own. fflate still reads the zip container; this only inflates the entry's
 * bytes. node:zlib works asynchronously: data arrives through `ondata` after `push` has returned, and the
 * entry is done when `ondata` is called with `final` (an empty piece).
 */
class NativeInflate implements UnzipDecoder {
  static readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => {};
  // Read in paused mode, with room for 16 pieces: zlib inflates the next pieces on the thread pool while
  // the text of the last is read here. (A 'data' handler runs inside zlib's callback, before it starts
  // on the next piece, so inflating and reading took turns and the main thread waited on every piece.)
  private readonly stream = zlib.createInflateRaw({ chunkSize: 1 << 16, readableHighWaterMark: 1 << 20 } as zlib.ZlibOptions);

  constructor() {
    // zlib's output is in plain (not shared) ArrayBuffers.
    this.stream.on('readable', () => {
      let data: Buffer<ArrayBuffer> | null;
      while ((data = this.stream.read() as Buffer<ArrayBuffer> | null) !== null) this.ondata(null, data, false);
    });
    this.stream.on('end', () => this.ondata(null, new Uint8Array(0), true));
    this.stream.on('error', (e: Error) => this.ondata(e as FlateError, new Uint8Array(0), true));
  }

  push(chunk: Uint8Array, final: boolean): void {
    // Copied: the stream reads it later, and the caller's buffer is not ours to keep.
    if (chunk.length > 0) this.stream.write(Buffer.from(chunk));
    if (final) this.stream.end();
  }

  terminate(): void {
    this.stream.destroy();
  }
}

/**
 * Feeds zip bytes through fflate's streaming Unzip and hands decoded text to `onText`. Inflating runs
 * asynchronously (NativeInflate), so `onText` may be called after `push` returns; `end` waits for the
 * last piece.
 */
class ZipCsvStream {
  private readonly unzip = new Unzip();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private entry: string | null = null;
  private entryStream: UnzipFile | null = null;
  private finished = false;
  private error: unknown = null;
  private readonly others: string[] = [];
  /** Called when the entry has been read to its end or has failed, for `end` to stop waiting. */
  private wake: (() => void) | null = null;

  constructor(
    private readonly file: string,
    private readonly onText: (text: string, entryFile: string) => void,
  ) {
    this.unzip.register(NativeInflate);
    this.unzip.register(UnzipPassThrough);
    this.unzip.onfile = (f) => this.onFile(f);
  }

  /** The name errors use for rows inside the archive. */
  get entryFile(): string {
    return `${this.file}/${this.entry ?? ''}`;
  }

  /** Records the first error, stops inflating and lets `end` go on. */
  private failWith(e: unknown): void {
    if (this.error) return;
    this.error = e;
    this.entryStream?.terminate();
    this.settle();
  }

  private settle(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private onFile(f: UnzipFile): void {
    if (this.error) return;
    if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/')) return;
    if (this.entry !== null) {
      this.others.push(f.name);
      return;
    }
    this.entry = f.name;
    this.entryStream = f;
    f.ondata = (err, data, final) => {
      if (this.error) return;
      try {
        if (err) throw new DataError({ file: this.entryFile }, `cannot inflate the zip entry: ${err.message}`);
        let text: string;
        try {
          text = this.decoder.decode(data, { stream: !final });
        } catch {
          throw new DataError({ file: this.entryFile }, 'file is not UTF-8 text');
        }
        if (text !== '') this.onText(text, this.entryFile);
        if (final) {
          this.finished = true;
          this.settle();
        }
      } catch (e) {
        this.failWith(e);
      }
    };
    try {
      f.start();
    } catch (e) {
      this.failWith(new DataError({ file: this.file }, `unsupported zip entry ${f.name}: ${(e as Error).message}`));
    }
  }

  push(chunk: Uint8Array, final: boolean): void {
    if (this.error) throw this.error;
    // Small pieces: a decoder is handed everything it is given in one go, so a whole 2.7 MB zip pushed
    // at once would become one 43 MB buffer.
    const piece = 1 << 16;
    try {
      if (chunk.length <= piece) {
        this.unzip.push(chunk, final);
      } else {
        for (let i = 0; i < chunk.length; i += piece) {
          this.unzip.push(chunk.subarray(i, i + piece), final && i + piece >= chunk.length);
          if (this.error) break;
        }
      }
    } catch (e) {
      this.failWith(
        e instanceof DataError ? e : new DataError({ file: this.file }, `zip archive is truncated or corrupt: ${(e as Error).message}`),
      );
    }
    if (this.error) throw this.error;
  }

  /**
   * After the final push: waits until the entry is read to its end, then throws the first error met
   * while reading it, or a DataError for an archive with no file, more than one, or a file cut short.
   */
  async end(): Promise<void> {
    // Once the final piece is pushed without error, the entry's decoder has had all its bytes and
    // will call ondata with `final` (or an error): the wait always ends.
    while (this.entry !== null && !this.finished && !this.error) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.error) throw this.error;
    if (this.entry === null) throw new DataError({ file: this.file }, 'no file found in the zip archive (is it a zip?)');
    if (this.others.length > 0) {
      throw new DataError({ file: this.file }, `zip archive holds more than one file: ${[this.entry, ...this.others].join(', ')}`);
    }
  }
}

async function* asChunks(input: AsyncIterable<Uint8Array> | Uint8Array): AsyncIterable<Uint8Array> {
  if (input instanceof Uint8Array) yield input;
  else yield* input;
}

/**
 * Imports `absence_bands_distributions.zip` (a zip holding one headerless CSV; BOM and padded
 * `new_la_code` handled) from `chunks`: the zip's bytes, whole or as a stream (e.g. a
 * `fs.createReadStream`). `file` names the zip in errors; rows are named `<file>/<entry>, row N`
 * where N is the line number inside the CSV (line 1 is the first data row, as there is no header).
 *
 * Columns read (see DISTRIBUTION_COLUMNS): time_identifier ("Academic year", output as "Full year"),
 * time_period, geographic_level, country_code, country_name, region_name, region_code, old_la_code,
 * new_la_code, la_name, school_type, fsm_eligible, sen_status, gender, NCyearActual and the 11 band
 * counts pct5_OARate .. pct50plus_OARate.
 *
 * Each row is added into its area × period × phase (primary, secondary, special, and `total` = their
 * sum), under all pupils and under one value of each topic: 'FSM eligibility' (FSM_VALUES),
 * 'SEN provision' (SEN_VALUES), 'Gender' (GENDER_VALUES), 'Year group' ("Year 1".."Year 11").
 * "Unclassified" FSM/SEN/gender is unknown status and stays its own value. Inner and Outer London
 * (E13) are kept as Regional areas with their own codes; the file has no London (E12000007) rows, and
 * London boroughs carry an E13 `region_code`.
 *
 * Returns `bands`, one BandDistribution per area × period × phase × breakdown with at least one row,
 * and `figures` (series 'census', dataset 'distributions'): one table row per band distribution, with
 * five figures in this order:
 * - `enrolments`: sum of the 11 bands;
 * - `enrolments_pa_10_exact`: enrolments in bands pct15..pct50plus (10% or more of sessions missed);
 * - `enrolments_pa_10_exact_percent`: that count as % of `enrolments` (of enrolments, not of sessions), unrounded;
 * - `enrolments_pa_50_exact`: enrolments in pct50plus (50% or more);
 * - `enrolments_pa_50_exact_percent`: that count as % of `enrolments`, unrounded.
 * These are COMPUTED from the published band counts, not published rates: the DfE never published
 * them in this file. They match the published persistent and severe absence rates (see BAND_LABELS),
 * but the file covers NC years 1 to 11 only, in state-funded primary, secondary and special schools.
 * A breakdown with zero enrolments gets the symbol 'z' (not applicable) for its percentages.
 *
 * Also returns `rowsByLevel`, the data rows read per geographic level.
 *
 * Output is sorted by period, level (National, Regional, LA), area code, phase, breakdown.
 *
 * Throws DataError (naming file, row, column and value) for: a file that is not a zip, holds no or
 * more than one file, is truncated, or is not UTF-8; a row with other than 26 fields or broken
 * quoting; time_identifier other than "Academic year"/"Full year"; a bad time_period; an unknown
 * geographic_level, school_type, fsm_eligible, sen_status or gender; NCyearActual outside 1..11;
 * a time_period that cannot have begun yet; an area name that is not plain text (csv.checkName);
 * an area that breaks the EES area rule (ees-area.readEesArea); a band count that is negative or not a whole number; an area code whose
 * name, old code or region changes within a period; a duplicated row; a file with no data rows.
 */
export async function importDistributions(
  chunks: AsyncIterable<Uint8Array> | Uint8Array,
  file: string,
): Promise<DistributionsImport> {
  let agg: Aggregator | null = null;
  let lines: LineSplitter | null = null;
  const zip = new ZipCsvStream(file, (text, entryFile) => {
    if (!lines) {
      const a = new Aggregator(entryFile);
      agg = a;
      lines = new LineSplitter((t, start, end, row) => a.line(t, start, end, row));
    }
    lines.push(text);
  });
  for await (const chunk of asChunks(chunks)) zip.push(chunk, false);
  zip.push(new Uint8Array(0), true);
  await zip.end();
  (lines as LineSplitter | null)?.end();
  const done = agg as Aggregator | null;
  if (!done || done.rowsRead === 0) throw new DataError({ file: zip.entryFile }, 'file has no data rows');
  return { ...output(done.withTotals()), rowsByLevel: done.rowsByLevel };
}

/**
 * The first row of the zip's CSV (`chunks`, as for importDistributions) whose columns hold the values in
 * `match` (column names from DISTRIBUTION_COLUMNS, cells trimmed as the importer reads them), with the name
 * errors use for rows inside the archive; undefined when no row matches or the archive cannot be read. For
 * naming the row of a problem found after import, on figures that no longer carry rows.
 */
export async function findDistributionRow(
  chunks: AsyncIterable<Uint8Array> | Uint8Array,
  file: string,
  match: Readonly<Record<string, string>>,
): Promise<{ file: string; row: number } | undefined> {
  const wanted = Object.entries(match).map(([column, value]) => [(DISTRIBUTION_COLUMNS as readonly string[]).indexOf(column), value] as const);
  if (wanted.some(([i]) => i < 0)) return undefined;
  // Thrown out of the stream to stop inflating once the row is found.
  class Found {
    constructor(readonly at: { file: string; row: number }) {}
  }
  let lines: LineSplitter | null = null;
  const zip = new ZipCsvStream(file, (text, entryFile) => {
    lines ??= new LineSplitter((t, start, end, row) => {
      const line = t.slice(row === 1 && t.charCodeAt(start) === 0xfeff ? start + 1 : start, end);
      const f = splitLine(line);
      if (typeof f !== 'string' && wanted.every(([i, v]) => f[i]?.trim() === v)) throw new Found({ file: entryFile, row });
    });
    lines.push(text);
  });
  try {
    for await (const chunk of asChunks(chunks)) zip.push(chunk, false);
    zip.push(new Uint8Array(0), true);
    await zip.end();
    (lines as LineSplitter | null)?.end();
  } catch (e) {
    if (e instanceof Found) return e.at;
  }
  return undefined;
}

/**
 * Code-unit order of two strings. For periods (6 digits) and area codes (E + 8 digits, checked on
 * reading) it is the order localeCompare gives, at a fraction of the cost.
 */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function output(groups: Group[]): Omit<DistributionsImport, 'rowsByLevel'> {
  const sorted = groups.sort((a, b) => {
    const m = a.meta;
    const n = b.meta;
    return (
      byText(m.time_period, n.time_period) ||
      LEVEL_ORDER.indexOf(m.geographic_level) - LEVEL_ORDER.indexOf(n.geographic_level) ||
      byText(m.area_code, n.area_code) ||
      PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase)
    );
  });
  let distributions = 0;
  for (const g of sorted) for (let s = 0; s < SLOTS.length; s++) if (g.rows[s] !== 0) distributions++;
  const figures = new FigureTable(distributions * 5);
  const bands: BandDistribution[] = [];
  for (const g of sorted) {
    const m = g.meta;
    for (let s = 0; s < SLOTS.length; s++) {
      if (g.rows[s] === 0) continue;
      const counts: number[] = [];
      for (let b = s * BAND_COUNT; b < (s + 1) * BAND_COUNT; b++) counts.push(g.sums[b]!);
      let enrolments = 0;
      let persistent = 0;
      for (let b = 0; b < BAND_COUNT; b++) {
        enrolments += counts[b]!;
        if (b >= PERSISTENT_FROM_BAND) persistent += counts[b]!;
      }
      const severe = counts[SEVERE_BAND]!;
      const breakdown = SLOTS[s]!;
      bands.push({
        time_period: m.time_period,
        time_identifier: 'Full year',
        geographic_level: m.geographic_level,
        area_code: m.area_code,
        area_name: m.area_name,
        old_la_code: m.old_la_code,
        region_code: m.region_code,
        phase: g.phase,
        breakdown,
        bands: counts,
        enrolments,
      });
      const row = figures.addRow({
        series: 'census',
        dataset: 'distributions',
        time_period: m.time_period,
        time_identifier: 'Full year',
        geographic_level: m.geographic_level,
        area_code: m.area_code,
        area_name: m.area_name,
        old_la_code: m.old_la_code,
        region_code: m.region_code,
        phase: g.phase,
        breakdown,
      });
      figures.add(row, 'enrolments', enrolments, null);
      figures.add(row, 'enrolments_pa_10_exact', persistent, null);
      addShare(figures, row, 'enrolments_pa_10_exact_percent', persistent, enrolments);
      figures.add(row, 'enrolments_pa_50_exact', severe, null);
      addShare(figures, row, 'enrolments_pa_50_exact_percent', severe, enrolments);
    }
  }
  return { figures, bands };
}

/** Adds `part` as a % of `whole` to row `row`; with no `whole`, the symbol 'z' (not applicable), never 0. */
function addShare(figures: FigureTable, row: number, measure: MeasureId, part: number, whole: number): void {
  if (whole > 0) figures.add(row, measure, (100 * part) / whole, null);
  else figures.add(row, measure, null, 'z');
}
