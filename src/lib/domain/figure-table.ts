/**
 * The data build's figures in columns: what every importer fills and every shaping step reads, in place
 * of one Observation object per figure (1.2 M of them made the build's time mostly garbage collection).
 *
 * A published row (its series, dataset, period, area, phase and breakdown: a `FigureRow`) is one object,
 * shared by the figures of its measures; each figure is an entry in four typed columns: its row's index,
 * its measure, its number and its DfE symbol. `observation(i)` gives figure i in the Observation shape
 * when one object is wanted (errors, the agreement check's pairs, tests). Figures keep the order they were
 * added in, which is the order of their files' rows and measures.
 *
 * Units are the measure's (model MEASURES: rates in % of sessions or % of enrolments, counts in pupils,
 * sessions or schools). A figure has a number or a symbol, never both and never neither: a symbol is
 * never stored as 0.
 */
import { MEASURES, type FigurePlace, type DatasetId, type MeasureId, type Observation, type Series } from './model';
import { DFE_SYMBOLS, type DfeSymbol } from './symbols';
import { RowKeys } from './row-keys';

/** What the figures of one published row share: its place, series and dataset. */
export interface FigureRow extends FigurePlace {
  series: Series;
  dataset: DatasetId;
}

/** Every measure, in model order; a figure's measure is its index here. */
export const MEASURE_IDS = Object.keys(MEASURES) as MeasureId[];
const MEASURE_CODE: ReadonlyMap<MeasureId, number> = new Map(MEASURE_IDS.map((m, i) => [m, i]));
/** Symbol codes: 0 for a number, 1 + index in DFE_SYMBOLS for a symbol. */
const SYMBOL_CODE: ReadonlyMap<DfeSymbol, number> = new Map(DFE_SYMBOLS.map((s, i) => [s, i + 1]));

/** The code of `measure` in a FigureTable's measure column (index in MEASURE_IDS). Throws on an unknown one. */
export function measureCode(measure: MeasureId): number {
  const c = MEASURE_CODE.get(measure);
  if (c === undefined) throw new Error(`unknown measure ${measure}`);
  return c;
}

const FIELDS: readonly (keyof FigureRow)[] = ['series', 'dataset', 'time_period', 'time_identifier', 'geographic_level', 'area_code', 'area_name', 'old_la_code', 'region_code', 'phase', 'breakdown'];

/** True when two rows have the same place, series and dataset (the breakdown compared by identity). */
function samePlace(a: FigureRow, b: FigureRow): boolean {
  return FIELDS.every((f) => a[f] === b[f]);
}

/**
 * A typed column `size` long holding the first `used` entries of `a` (all of them by default): how the
 * build's typed columns (this table's, the area files') grow.
 */
export function enlarged<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, size: number, used = a.length): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a.subarray(0, used) as never);
  return b;
}

export class FigureTable {
  /** The published rows, in the order they were added. */
  readonly rows: FigureRow[] = [];
  private rowCol: Uint32Array;
  private measureCol: Uint8Array;
  private valueCol: Float64Array;
  private symbolCol: Uint8Array;
  private n = 0;
  private keys: RowKeys | undefined;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.rowCol = new Uint32Array(c);
    this.measureCol = new Uint8Array(c);
    this.valueCol = new Float64Array(c);
    this.symbolCol = new Uint8Array(c);
  }

  /** Number of figures. */
  get length(): number {
    return this.n;
  }

  /** Adds a published row and returns its index, for `add`. */
  addRow(row: FigureRow): number {
    this.keys = undefined;
    this.rows.push(row);
    return this.rows.length - 1;
  }

  /**
   * Adds one figure of row `row` (an index from addRow): a number (`symbol` null) or a DfE symbol (`value`
   * null). Throws when both or neither are given, or the row does not exist.
   */
  add(row: number, measure: MeasureId, value: number | null, symbol: DfeSymbol | null): void {
    if ((value === null) === (symbol === null)) throw new Error(`figure of ${measure} needs a number or a symbol, not ${value === null ? 'neither' : 'both'}`);
    if (row >= this.rows.length) throw new Error(`no row ${row}`);
    if (this.n === this.rowCol.length) this.grow(this.n * 2);
    const i = this.n++;
    this.rowCol[i] = row;
    this.measureCol[i] = measureCode(measure);
    if (symbol === null) {
      this.valueCol[i] = value!;
      this.symbolCol[i] = 0;
    } else {
      this.valueCol[i] = 0;
      this.symbolCol[i] = SYMBOL_CODE.get(symbol)!;
    }
  }

  private grow(capacity: number): void {
    this.rowCol = enlarged(this.rowCol, capacity, this.n);
    this.measureCol = enlarged(this.measureCol, capacity, this.n);
    this.valueCol = enlarged(this.valueCol, capacity, this.n);
    this.symbolCol = enlarged(this.symbolCol, capacity, this.n);
  }

  /**
   * The rows' numbered keys (domain/row-keys), made on first use and kept until a row is added. A subset
   * shares its table's, as it shares its rows.
   */
  get rowKeys(): RowKeys {
    return (this.keys ??= new RowKeys(this.rows));
  }

  /** Index in `rows` of figure i's row. Figures of one row follow one another when an importer adds them so. */
  rowIndex(i: number): number {
    return this.rowCol[i]!;
  }

  /** Figure i's row. */
  row(i: number): FigureRow {
    return this.rows[this.rowCol[i]!]!;
  }

  /** Figure i's measure. */
  measure(i: number): MeasureId {
    return MEASURE_IDS[this.measureCol[i]!]!;
  }

  /** Figure i's measure as its index in MEASURE_IDS (see measureCode): for comparing without a lookup. */
  measureCode(i: number): number {
    return this.measureCol[i]!;
  }

  /** Figure i's number as published, or null where the DfE printed a symbol. */
  value(i: number): number | null {
    return this.symbolCol[i] === 0 ? this.valueCol[i]! : null;
  }

  /** Figure i's DfE symbol, or null when it is a number. */
  symbol(i: number): DfeSymbol | null {
    const s = this.symbolCol[i]!;
    return s === 0 ? null : DFE_SYMBOLS[s - 1]!;
  }

  /**
   * Calls `each(row, start, end)` for each run of consecutive figures of one row (figures `start` to `end`,
   * exclusive), in figure order: per-row work (keys, level or breakdown tests) is then done once per row,
   * and each figure of the run read from the columns. A row whose figures are not consecutive gives one
   * run per stretch.
   */
  eachRun(each: (row: FigureRow, start: number, end: number) => void): void {
    const n = this.n;
    const rowCol = this.rowCol;
    let start = 0;
    while (start < n) {
      const r = rowCol[start]!;
      let end = start + 1;
      while (end < n && rowCol[end] === r) end++;
      each(this.rows[r]!, start, end);
      start = end;
    }
  }

  /** Figure i as one Observation object (a new object each call). */
  observation(i: number): Observation {
    // Fields written out rather than spread from the row: measured several times faster (58,000 objects per build).
    const r = this.row(i);
    return {
      series: r.series,
      dataset: r.dataset,
      time_period: r.time_period,
      time_identifier: r.time_identifier,
      geographic_level: r.geographic_level,
      area_code: r.area_code,
      area_name: r.area_name,
      old_la_code: r.old_la_code,
      region_code: r.region_code,
      phase: r.phase,
      breakdown: r.breakdown,
      measure: this.measure(i),
      value: this.value(i),
      symbol: this.symbol(i),
    };
  }

  /** Every figure as an Observation, in order. For tests and small tables: it makes one object per figure. */
  toObservations(): Observation[] {
    const out = new Array<Observation>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.observation(i);
    return out;
  }

  /** Appends every figure of `other` (its rows are added after this table's; the row objects are shared). */
  append(other: FigureTable): void {
    this.keys = undefined;
    const offset = this.rows.length;
    for (const r of other.rows) this.rows.push(r);
    if (this.n + other.n > this.rowCol.length) this.grow(Math.max(this.n + other.n, this.rowCol.length * 2));
    for (let i = 0; i < other.n; i++) this.rowCol[this.n + i] = other.rowCol[i]! + offset;
    this.measureCol.set(other.measureCol.subarray(0, other.n), this.n);
    this.valueCol.set(other.valueCol.subarray(0, other.n), this.n);
    this.symbolCol.set(other.symbolCol.subarray(0, other.n), this.n);
    this.n += other.n;
  }

  /**
   * The figures whose indices are listed (in that order), as a new table sharing this one's row objects
   * and row indices (rows no figure of the subset uses stay in `rows`, unread).
   */
  subset(indices: ArrayLike<number>): FigureTable {
    const t = new FigureTable(indices.length);
    t.rowsFrom(this);
    t.keys = this.keys?.forRows(t.rows);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      t.rowCol[k] = this.rowCol[i]!;
      t.measureCol[k] = this.measureCol[i]!;
      t.valueCol[k] = this.valueCol[i]!;
      t.symbolCol[k] = this.symbolCol[i]!;
    }
    t.n = indices.length;
    return t;
  }

  private rowsFrom(other: FigureTable): void {
    // Pushed one by one: a spread of 250,000 arguments can overflow the stack.
    for (const r of other.rows) this.rows.push(r);
  }

  /** Lets go of every figure and row (the build frees them once they are grouped by area). */
  clear(): void {
    this.keys = undefined;
    this.rows.length = 0;
    this.n = 0;
    this.rowCol = new Uint32Array(16);
    this.measureCol = new Uint8Array(16);
    this.valueCol = new Float64Array(16);
    this.symbolCol = new Uint8Array(16);
  }

  /**
   * A table of `observations`, in order: consecutive observations with the same place, series and dataset
   * (breakdown object compared by identity) share one row, as an importer would have added them.
   */
  static of(observations: readonly Observation[]): FigureTable {
    const t = new FigureTable(observations.length);
    let last: FigureRow | undefined;
    let row = -1;
    for (const o of observations) {
      if (!last || !samePlace(o, last)) {
        const { measure: _m, value: _v, symbol: _s, ...place } = o;
        last = place;
        row = t.addRow(place);
      }
      t.add(row, o.measure, o.value, o.symbol);
    }
    return t;
  }
}
