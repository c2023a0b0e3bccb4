/**
 * One area's figures as the pages read them: the columnar area file the data build writes
 * (`data/generated/areas/{code}.json`, an `AreaFile`), and the `AreaStore` that answers `select({...})`
 * queries over it. Pure and browser-safe.
 *
 * A row (`AreaObservation`) is one published figure of the area: an Observation without its area fields.
 * Units are the measure's (domain/model MEASURES: rates in % of sessions or % of enrolments, counts in
 * pupils, sessions or schools). `value` is the number as published, null where the DfE printed a symbol
 * (`symbol`: c x z u low : -), never 0 in its place. Rows keep the file's order: time order
 * (periods.periodSortKey), then the order the importers gave.
 */
import type { BreakdownTopic, DatasetId, MeasureId, Phase, Series } from './model';
import { MEASURE_IDS, enlarged, type FigureTable } from './figure-table';
import type { DfeSymbol } from './symbols';

/** An observation without its area (the file it sits in names the area). */
export interface AreaObservation {
  series: Series;
  dataset: DatasetId;
  /** DfE `time_period`: "202324", or a calendar year for weekly figures. */
  time_period: string;
  /** DfE `time_identifier`: "Full year", "Autumn term", "Week 37"... */
  time_identifier: string;
  phase: Phase;
  topic: BreakdownTopic;
  breakdown: string;
  /** A second characteristic narrowing the breakdown (Breakdown.cross), only where a file crosses two. */
  cross_topic?: BreakdownTopic;
  cross?: string;
  measure: MeasureId;
  value: number | null;
  symbol: DfeSymbol | null;
}

/** The text fields of a row, each stored as codes into a dictionary of its distinct values. */
export const CODED_FIELDS = ['series', 'dataset', 'time_period', 'time_identifier', 'phase', 'topic', 'breakdown', 'cross_topic', 'cross', 'measure', 'symbol'] as const;
export type CodedField = (typeof CODED_FIELDS)[number];

/**
 * The area file: one array per field, `n` rows. `dict[field]` lists the field's distinct values (null: the
 * row has none, e.g. no symbol or no crossed breakdown); `codes[field][i]` is row i's index into it. A field
 * whose only value is null for every row has no `codes` (all rows read code 0). `value[i]` is row i's number
 * as published, or null where `symbol` holds a DfE symbol.
 *
 * As read from JSON the arrays are plain arrays. As AreaFileBuilder makes them in the data build they are
 * typed arrays (Int32Array codes, Float64Array values with NaN for null: no published figure is NaN), which
 * the garbage collector never has to copy; `areaFileJson` writes either form as the same JSON text.
 */
export interface AreaFile {
  /** Format version, raised when the layout changes. */
  v: 1;
  n: number;
  dict: Record<CodedField, (string | null)[]>;
  codes: Partial<Record<CodedField, ArrayLike<number>>>;
  value: ArrayLike<number | null>;
}

/**
 * The JSON text of an area file: what `JSON.stringify` gives for its plain-array form, typed arrays written
 * as arrays of numbers and a NaN value as null.
 */
export function areaFileJson(file: AreaFile): string {
  const codes: Partial<Record<CodedField, number[]>> = {};
  for (const [f, c] of Object.entries(file.codes) as [CodedField, ArrayLike<number>][]) codes[f] = plainCodes(c);
  return JSON.stringify({ v: file.v, n: file.n, dict: file.dict, codes, value: plainValues(file.value) });
}

// Plain arrays for JSON.stringify, built by push: that keeps them packed, the form JSON.stringify writes
// fastest (a typed array's own join, or digits written by hand, took three to four times as long).
function plainCodes(a: ArrayLike<number>): number[] {
  if (Array.isArray(a)) return a as number[];
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]!);
  return out;
}

// NaN is kept: JSON.stringify writes it as null, and an array holding only numbers stays an array of
// unboxed doubles, where a null among them would box each number in an object of its own (a million of
// them for the build's area files).
function plainValues(a: ArrayLike<number | null>): (number | null)[] {
  if (Array.isArray(a)) return a as (number | null)[];
  const out: (number | null)[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]!);
  return out;
}

/** Index of each coded field in CODED_FIELDS, for the builder's arrays. */
const at = (f: CodedField) => CODED_FIELDS.indexOf(f);
const SERIES = at('series'), DATASET = at('dataset'), TIME_PERIOD = at('time_period'), TIME_IDENTIFIER = at('time_identifier');
const PHASE = at('phase'), TOPIC = at('topic'), BREAKDOWN = at('breakdown'), CROSS_TOPIC = at('cross_topic'), CROSS = at('cross');
const MEASURE = at('measure'), SYMBOL = at('symbol');
/** The fields of a FigureTable row (CODED_FIELDS before `measure`): addFigure codes them once per row. */
const ROW_FIELDS = [SERIES, DATASET, TIME_PERIOD, TIME_IDENTIFIER, PHASE, TOPIC, BREAKDOWN, CROSS_TOPIC, CROSS];

/**
 * Builds an AreaFile one row at a time (rows must arrive in the order the file keeps). Dictionaries fill
 * in first-seen order, so the same rows always make the same file, however they are added.
 */
export class AreaFileBuilder {
  private readonly lookup: Map<string | null, number>[] = CODED_FIELDS.map(() => new Map());
  private readonly dicts: (string | null)[][] = CODED_FIELDS.map(() => []);
  // Typed columns: off the garbage-collected heap, so a build's million figures are never copied by it.
  private cols: Int32Array[];
  private values: Float64Array;
  private n = 0;
  /** The FigureTable row addFigure coded last, and its codes of the row fields: a row's figures follow one another. */
  private lastTable: FigureTable | undefined;
  private lastRow = -1;
  private readonly rowCodes = new Int32Array(CODED_FIELDS.length);
  /** Dictionary code of each FigureTable measure code (-1: not met yet), so a figure's measure is no Map lookup. */
  private readonly measureCodes = new Int32Array(MEASURE_IDS.length).fill(-1);
  /** Symbol code of a figure with a number (no symbol), once met (-1 before): most figures are numbers. */
  private numberCode = -1;

  /** `capacity`: the number of rows expected (the columns grow past it when needed). */
  constructor(capacity = 64) {
    const size = Math.max(1, capacity);
    this.cols = CODED_FIELDS.map(() => new Int32Array(size));
    this.values = new Float64Array(size);
  }

  /** Index of the next row, the columns made larger first when full. */
  private next(): number {
    const i = this.n++;
    if (i === this.values.length) {
      const size = i * 2;
      this.cols = this.cols.map((c) => enlarged(c, size));
      this.values = enlarged(this.values, size);
    }
    return i;
  }

  private code(field: number, v: string | null): number {
    const map = this.lookup[field]!;
    let c = map.get(v);
    if (c === undefined) {
      c = map.size;
      map.set(v, c);
      this.dicts[field]!.push(v);
    }
    return c;
  }

  /**
   * Adds figure i of `table` (its area fields are dropped). Its row's fields are coded once for all the
   * row's figures in a run; the measure, number and symbol are read from the table's columns.
   */
  addFigure(table: FigureTable, i: number): void {
    const r = table.rowIndex(i);
    const rc = this.rowCodes;
    if (r !== this.lastRow || table !== this.lastTable) {
      const row = table.rows[r]!;
      const b = row.breakdown;
      rc[SERIES] = this.code(SERIES, row.series);
      rc[DATASET] = this.code(DATASET, row.dataset);
      rc[TIME_PERIOD] = this.code(TIME_PERIOD, row.time_period);
      rc[TIME_IDENTIFIER] = this.code(TIME_IDENTIFIER, row.time_identifier);
      rc[PHASE] = this.code(PHASE, row.phase);
      rc[TOPIC] = this.code(TOPIC, b.topic);
      rc[BREAKDOWN] = this.code(BREAKDOWN, b.value);
      rc[CROSS_TOPIC] = this.code(CROSS_TOPIC, b.cross?.topic ?? null);
      rc[CROSS] = this.code(CROSS, b.cross?.value ?? null);
      this.lastTable = table;
      this.lastRow = r;
    }
    const k = this.next();
    const cols = this.cols;
    for (const f of ROW_FIELDS) cols[f]![k] = rc[f]!;
    const m = table.measureCode(i);
    let mc = this.measureCodes[m]!;
    if (mc < 0) mc = this.measureCodes[m] = this.code(MEASURE, MEASURE_IDS[m]!);
    cols[MEASURE]![k] = mc;
    const symbol = table.symbol(i);
    if (symbol !== null) cols[SYMBOL]![k] = this.code(SYMBOL, symbol);
    else {
      if (this.numberCode < 0) this.numberCode = this.code(SYMBOL, null);
      cols[SYMBOL]![k] = this.numberCode;
    }
    this.values[k] = table.value(i) ?? NaN;
  }

  /** Adds a row already in the area form. */
  addRow(r: AreaObservation): void {
    const k = this.next();
    const cols = this.cols;
    cols[SERIES]![k] = this.code(SERIES, r.series);
    cols[DATASET]![k] = this.code(DATASET, r.dataset);
    cols[TIME_PERIOD]![k] = this.code(TIME_PERIOD, r.time_period);
    cols[TIME_IDENTIFIER]![k] = this.code(TIME_IDENTIFIER, r.time_identifier);
    cols[PHASE]![k] = this.code(PHASE, r.phase);
    cols[TOPIC]![k] = this.code(TOPIC, r.topic);
    cols[BREAKDOWN]![k] = this.code(BREAKDOWN, r.breakdown);
    cols[CROSS_TOPIC]![k] = this.code(CROSS_TOPIC, r.cross_topic ?? null);
    cols[CROSS]![k] = this.code(CROSS, r.cross ?? null);
    cols[MEASURE]![k] = this.code(MEASURE, r.measure);
    cols[SYMBOL]![k] = this.code(SYMBOL, r.symbol);
    this.values[k] = r.value ?? NaN;
  }

  /**
   * The file, its columns typed arrays (see AreaFile); fields that are null on every row have no codes.
   * The builder is not to be used after.
   */
  finish(): AreaFile {
    const dict = {} as AreaFile['dict'];
    const codes: AreaFile['codes'] = {};
    const n = this.n;
    CODED_FIELDS.forEach((f, k) => {
      const d = this.dicts[k]!;
      if (d.length <= 1 && (d[0] ?? null) === null) dict[f] = [null];
      else {
        dict[f] = d;
        codes[f] = this.cols[k]!.subarray(0, n);
      }
    });
    return { v: 1, n, dict, codes, value: this.values.subarray(0, n) };
  }
}

/** Row i's value: null for a symbol (null in JSON, NaN in a built file's Float64Array). */
function numberAt(values: ArrayLike<number | null>, i: number): number | null {
  const v = values[i];
  return v === undefined || v === null || Number.isNaN(v) ? null : v;
}

type OneOrMany<T> = T | readonly T[];

/** Two ascending lists of row numbers merged into one ascending list. */
function mergeSorted(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * What `select` matches: each key given is a value or a list of values (any of them); keys left out match
 * everything. `cross: null` and `cross_topic: null` ask for rows without a crossed breakdown; `symbol: null`
 * for rows with a number.
 */
export interface AreaQuery {
  series?: OneOrMany<Series>;
  dataset?: OneOrMany<DatasetId>;
  time_period?: OneOrMany<string>;
  time_identifier?: OneOrMany<string>;
  phase?: OneOrMany<Phase>;
  topic?: OneOrMany<BreakdownTopic>;
  breakdown?: OneOrMany<string>;
  cross_topic?: OneOrMany<BreakdownTopic | null>;
  cross?: OneOrMany<string | null>;
  measure?: OneOrMany<MeasureId>;
  symbol?: OneOrMany<DfeSymbol | null>;
}

/**
 * Indexes kept per store, built on first use: a query giving every key of one is answered from that
 * index's buckets (the smallest such answer when several apply) instead of a scan of the whole area.
 * Measure and phase are in nearly every page query.
 */
const INDEXES: readonly (readonly CodedField[])[] = [['measure', 'phase'], ['dataset'], ['measure'], ['time_period']];

/** One area's rows, decoded from its AreaFile only as far as queries reach. */
export class AreaStore {
  /** A store with no rows (an area with no file). */
  static readonly empty: AreaStore = AreaStore.fromRows([]);

  private readonly decoded: (AreaObservation | undefined)[];
  private readonly indexes = new Map<string, Map<number, number[]>>();

  private constructor(private readonly file: AreaFile) {
    this.decoded = new Array<AreaObservation | undefined>(file.n);
  }

  /** Reads a parsed area file; throws on a format it does not know. */
  static fromFile(file: AreaFile): AreaStore {
    if (file.v !== 1) throw new Error(`area file format ${String(file.v)} is not known (expected 1): rebuild the data`);
    return new AreaStore(file);
  }

  /** A store over rows in memory (tests, fixtures), kept in the order given. */
  static fromRows(rows: readonly AreaObservation[]): AreaStore {
    const b = new AreaFileBuilder();
    for (const r of rows) b.addRow(r);
    return new AreaStore(b.finish());
  }

  /** Number of rows. */
  get size(): number {
    return this.file.n;
  }

  private codeAt(field: CodedField, i: number): number {
    return this.file.codes[field]?.[i] ?? 0;
  }

  /** Row i's value of a text field (null: none), read from the columns without decoding the row. */
  textAt(field: CodedField, i: number): string | null {
    return this.file.dict[field][this.file.codes[field]?.[i] ?? 0] ?? null;
  }

  /** Row i's number as published, or null where a symbol stands (see textAt(`symbol`, i)). */
  valueAt(i: number): number | null {
    return numberAt(this.file.value, i);
  }

  /** Row i (0-based, file order), decoded once. */
  row(i: number): AreaObservation {
    let r = this.decoded[i];
    if (r) return r;
    const crossTopic = this.textAt('cross_topic', i);
    r = {
      series: this.textAt('series', i) as Series,
      dataset: this.textAt('dataset', i) as DatasetId,
      time_period: this.textAt('time_period', i)!,
      time_identifier: this.textAt('time_identifier', i)!,
      phase: this.textAt('phase', i) as Phase,
      topic: this.textAt('topic', i) as BreakdownTopic,
      breakdown: this.textAt('breakdown', i)!,
      ...(crossTopic !== null ? { cross_topic: crossTopic as BreakdownTopic, cross: this.textAt('cross', i)! } : {}),
      measure: this.textAt('measure', i) as MeasureId,
      value: numberAt(this.file.value, i),
      symbol: this.textAt('symbol', i) as DfeSymbol | null,
    };
    this.decoded[i] = r;
    return r;
  }

  /** Every row, in file order. */
  all(): AreaObservation[] {
    const out: AreaObservation[] = new Array<AreaObservation>(this.file.n);
    for (let i = 0; i < this.file.n; i++) out[i] = this.row(i);
    return out;
  }

  /** The query as sets of codes per field; null when a key asks only for values the area never has. */
  private compile(q: AreaQuery): [CodedField, Set<number>][] | null {
    const out: [CodedField, Set<number>][] = [];
    for (const f of CODED_FIELDS) {
      const want = q[f];
      if (want === undefined) continue;
      const values: readonly (string | null)[] = Array.isArray(want) ? want : [want as string | null];
      const codes = new Set<number>();
      const dict = this.file.dict[f];
      for (const v of values) {
        const c = dict.indexOf(v);
        if (c >= 0) codes.add(c);
      }
      if (codes.size === 0) return null;
      out.push([f, codes]);
    }
    return out;
  }

  private index(fields: readonly CodedField[]): Map<number, number[]> {
    const name = fields.join('+');
    let idx = this.indexes.get(name);
    if (idx) return idx;
    idx = new Map();
    // The key of each row as in `key`, read straight from the columns (a field without codes reads 0).
    const cols = fields.map((f) => this.file.codes[f]);
    const sizes = fields.map((f) => this.file.dict[f].length);
    for (let i = 0; i < this.file.n; i++) {
      let k = 0;
      for (let j = 0; j < cols.length; j++) k = k * sizes[j]! + (cols[j]?.[i] ?? 0);
      const bucket = idx.get(k);
      if (bucket) bucket.push(i);
      else idx.set(k, [i]);
    }
    this.indexes.set(name, idx);
    return idx;
  }

  /** One number for a combination of codes of `fields`. */
  private key(fields: readonly CodedField[], codeOf: (f: CodedField) => number): number {
    let k = 0;
    for (const f of fields) k = k * this.file.dict[f].length + codeOf(f);
    return k;
  }

  /** The rows an index gives for the compiled query (sorted, file order), or null when no index applies. */
  private candidates(compiled: [CodedField, Set<number>][]): { index: string; rows: number[] } | null {
    const sets = new Map(compiled);
    let best: { index: string; buckets: number[][]; count: number } | null = null;
    for (const fields of INDEXES) {
      if (!fields.every((f) => sets.has(f))) continue;
      const idx = this.index(fields);
      // Every combination of the asked codes, one bucket each.
      let combos: number[][] = [[]];
      for (const f of fields) combos = combos.flatMap((c) => [...sets.get(f)!].map((code) => [...c, code]));
      const buckets = combos.map((c) => idx.get(this.key(fields, (f) => c[fields.indexOf(f)]!)) ?? []).filter((b) => b.length > 0);
      const count = buckets.reduce((n, b) => n + b.length, 0);
      if (!best || count < best.count) best = { index: fields.join('+'), buckets, count };
    }
    if (!best) return null;
    // Each bucket is in file order and no row is in two: merged pairwise, not sorted again.
    const rows = best.buckets.reduce(mergeSorted, []);
    return { index: best.index, rows };
  }

  private matches(compiled: [CodedField, Set<number>][], i: number): boolean {
    for (const [f, codes] of compiled) if (!codes.has(this.codeAt(f, i))) return false;
    return true;
  }

  /** The rows matching `q`, in file order (time order), answered from an index when the query allows. */
  select(q: AreaQuery): AreaObservation[] {
    return this.selectIndices(q).map((i) => this.row(i));
  }

  /**
   * The indices of the rows select(q) gives, in the same order: for reading a few fields of many rows
   * (textAt, valueAt) without decoding each row into an object.
   */
  selectIndices(q: AreaQuery): number[] {
    const compiled = this.compile(q);
    if (!compiled) return [];
    const found = this.candidates(compiled);
    const out: number[] = [];
    if (!found) {
      for (let i = 0; i < this.file.n; i++) if (this.matches(compiled, i)) out.push(i);
    } else {
      for (const i of found.rows) if (this.matches(compiled, i)) out.push(i);
    }
    return out;
  }

  /** The first row matching `q` in file order, or undefined. */
  first(q: AreaQuery): AreaObservation | undefined {
    return this.select(q)[0];
  }

  /** The same answer as select, always by reading every row (to check the indexes against). */
  scan(q: AreaQuery): AreaObservation[] {
    const compiled = this.compile(q);
    if (!compiled) return [];
    const out: AreaObservation[] = [];
    for (let i = 0; i < this.file.n; i++) if (this.matches(compiled, i)) out.push(this.row(i));
    return out;
  }

  /** Which index `select(q)` would use and how many rows it would read ('scan': all of them). */
  plan(q: AreaQuery): { index: string; reads: number } {
    const compiled = this.compile(q);
    if (!compiled) return { index: 'none', reads: 0 };
    const found = this.candidates(compiled);
    return found ? { index: found.index, reads: found.rows.length } : { index: 'scan', reads: this.file.n };
  }
}
