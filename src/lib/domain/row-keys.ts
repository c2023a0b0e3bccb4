/**
 * Numbered row keys: which published rows of a FigureTable share the same fields, as small integers in
 * place of a key string per row (`${dataset}|${time_period}|…`). Source precedence and the quality checks
 * each ask "which rows are the same dataset, period, area, phase and breakdown?"; with 250,000 rows a
 * string per row per question was most of their time and much of the build's garbage.
 *
 * Each field's values are numbered once per table (`RowKeys` caches them); a key over several fields
 * combines those numbers pair by pair. Breakdowns are compared by value (`breakdownKey`), not by object.
 */
import { breakdownKey, type Breakdown } from './model';
import type { FigureRow } from './figure-table';

/** The fields of a row a key can be made of. */
export type RowField = 'series' | 'dataset' | 'time_period' | 'time_identifier' | 'geographic_level' | 'area_code' | 'region_code' | 'phase' | 'breakdown';

/**
 * Rows numbered by a key: `ids[r]` is row r's number (-1 for a row left out), equal for two rows exactly
 * when their key fields are equal. Numbers run from 0 to `count - 1` in the order of each key's first row,
 * and `first[id]` is that row's index.
 */
export interface RowNumbering {
  ids: Int32Array;
  count: number;
  first: Int32Array;
}

/** Numbers each distinct value of one field, in order of first row. */
interface FieldCodes {
  codes: Int32Array;
  count: number;
}

/** Up to this many (key, value) pairs a step numbers them in a typed array (4 bytes each) rather than a hash table. */
const DIRECT_PAIRS = 1 << 22;

export class RowKeys {
  private readonly fieldCodes = new Map<RowField, FieldCodes>();

  /**
   * `rows`: a table's rows (not copied: the table makes a new RowKeys when it adds rows). `directPairs`:
   * up to how many combinations a step numbers in a typed array rather than a map (a test sets 0 to try
   * the map).
   */
  constructor(
    private readonly rows: readonly FigureRow[],
    private readonly directPairs = DIRECT_PAIRS,
  ) {}

  /**
   * The same keys for `rows`, a copy of this object's rows (the same objects in the same order, as a
   * FigureTable subset holds): the fields numbered so far are shared, not redone. Throws when the number
   * of rows differs.
   */
  forRows(rows: readonly FigureRow[]): RowKeys {
    if (rows.length !== this.rows.length) throw new Error(`row keys for ${this.rows.length} rows cannot serve ${rows.length}`);
    const k = new RowKeys(rows, this.directPairs);
    for (const [f, c] of this.fieldCodes) k.fieldCodes.set(f, c);
    return k;
  }

  /** Number of rows numbered. */
  get length(): number {
    return this.rows.length;
  }

  /**
   * Numbers the rows by `fields` (at least one). Rows for which `include` is false get -1 and do not take
   * part (the numbers stay dense over the rows included).
   */
  number(fields: readonly RowField[], include?: (row: FigureRow) => boolean): RowNumbering {
    if (!fields.length) throw new Error('a row key needs at least one field');
    const n = this.rows.length;
    // The rows included, by index (all of them when no `include` is given): each step visits only these.
    let members: Int32Array;
    if (include) {
      const list = new Int32Array(n);
      let m = 0;
      for (let r = 0; r < n; r++) if (include(this.rows[r]!)) list[m++] = r;
      members = list.subarray(0, m);
    } else {
      members = new Int32Array(n);
      for (let r = 0; r < n; r++) members[r] = r;
    }
    let ids = new Int32Array(n).fill(-1);
    for (const r of members) ids[r] = 0;
    let count = members.length ? 1 : 0;
    for (const field of fields) {
      const { codes, count: width } = this.codesOf(field);
      if (count * width > Number.MAX_SAFE_INTEGER) throw new Error(`row key over ${fields.join(', ')} has too many combinations to number`);
      // (key so far, this field's code) -> its new number: in a typed array indexed by the pair when the
      // pairs are few enough (most steps: datasets by periods by phases), else in a hash table of typed arrays
      // (a Map of 200,000 numbers was most of this function's time); consecutive rows often share both, so
      // the last pair is checked first.
      const pairs = count * width;
      const direct = pairs <= this.directPairs ? new Int32Array(pairs).fill(-1) : undefined;
      const hashed = direct ? undefined : new PairTable(members.length);
      let numbered = 0;
      const next = new Int32Array(n).fill(-1);
      let lastPair = -1;
      let lastId = -1;
      for (let k = 0; k < members.length; k++) {
        const r = members[k]!;
        const pair = ids[r]! * width + codes[r]!;
        if (pair !== lastPair) {
          if (direct) {
            let found = direct[pair]!;
            if (found < 0) direct[pair] = found = numbered++;
            lastId = found;
          } else {
            const found = hashed!.numberOf(pair, numbered);
            if (found === numbered) numbered++;
            lastId = found;
          }
          lastPair = pair;
        }
        next[r] = lastId;
      }
      ids = next;
      count = numbered;
    }
    const first = new Int32Array(count).fill(-1);
    for (const r of members) if (first[ids[r]!] === -1) first[ids[r]!] = r;
    return { ids, count, first };
  }

  private codesOf(field: RowField): FieldCodes {
    let c = this.fieldCodes.get(field);
    if (!c) {
      c =
        field === 'breakdown'
          ? valueCodes(this.rows, (r) => r.breakdown, sameBreakdown, breakdownKey)
          : valueCodes(this.rows, (r) => r[field], (a, b) => a === b, (v) => v);
      this.fieldCodes.set(field, c);
    }
    return c;
  }
}

/**
 * Numbers each distinct value `read` gives of `rows` (as `key` names it), in order of first row. Rows come
 * in runs of one value, so a row `same` as the one before takes its number without a lookup.
 */
function valueCodes<T>(rows: readonly FigureRow[], read: (row: FigureRow) => T, same: (a: T, b: T) => boolean, key: (v: T) => string): FieldCodes {
  const codes = new Int32Array(rows.length);
  const codeOf = new Map<string, number>();
  let last: T | undefined;
  let lastCode = -1;
  for (let r = 0; r < rows.length; r++) {
    const v = read(rows[r]!);
    if (lastCode < 0 || !same(v, last as T)) {
      const k = key(v);
      let c = codeOf.get(k);
      if (c === undefined) codeOf.set(k, (c = codeOf.size));
      last = v;
      lastCode = c;
    }
    codes[r] = lastCode;
  }
  return { codes, count: codeOf.size };
}

/**
 * Numbers for pairs (whole numbers from 0 to 2^53), in an open-addressing hash table sized for `most`
 * entries: no object per entry, unlike a Map.
 */
class PairTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(most: number) {
    let bits = 4;
    while (1 << bits < most * 2) bits++;
    if (bits > 30) throw new Error(`too many rows to number (${most})`);
    this.keys = new Float64Array(1 << bits).fill(-1);
    this.values = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  /** The number of `pair`; when it has none yet, `fresh` becomes its number (and is returned). */
  numberOf(pair: number, fresh: number): number {
    const lo = pair >>> 0;
    const hi = (pair / 4294967296) >>> 0;
    let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === pair) return this.values[slot]!;
      if (k === -1) {
        this.keys[slot] = pair;
        this.values[slot] = fresh;
        return fresh;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

function sameBreakdown(a: Breakdown, b: Breakdown): boolean {
  if (a === b) return true;
  if (a.topic !== b.topic || a.value !== b.value) return false;
  if (!a.cross || !b.cross) return !a.cross && !b.cross;
  return a.cross.topic === b.cross.topic && a.cross.value === b.cross.value;
}
