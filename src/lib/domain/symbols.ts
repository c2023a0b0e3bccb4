/**
 * DfE cell values: a number, or one of the symbols the DfE publishes in place of a number.
 * A symbol is never turned into zero; it travels through the build and is shown with its meaning.
 */
import { DataError, type DataLocation } from './errors';

/** Symbols used in DfE statistics files (EES open-data standards) and the LAIT compilation (`-`). */
export const DFE_SYMBOLS = ['c', 'x', 'z', 'u', 'low', ':', '-'] as const;
export type DfeSymbol = (typeof DFE_SYMBOLS)[number];

/** Plain-English meaning of each symbol, used in legends, tooltips, tables and CSV notes. */
export const SYMBOL_MEANING: Record<DfeSymbol, string> = {
  c: 'suppressed to protect confidentiality',
  x: 'not available',
  z: 'not applicable',
  u: 'low reliability',
  low: 'rounds to 0 but is not 0',
  ':': 'not available',
  '-': 'no figure published',
};

/** A cell as read: either a finite number or a DfE symbol, never both. */
export type Cell = { value: number; symbol: null } | { value: null; symbol: DfeSymbol };

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Removes binary floating-point noise that some exports carry ("17.690000000000001" -> 17.69). */
export function cleanFloat(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * Reads one cell. Leading/trailing spaces are ignored. Numbers with thousands separators ("1,234"),
 * percent signs, and any text that is neither a number nor a known symbol are refused with a DataError
 * naming `where`: a silent NaN or zero would misstate the published figure.
 * `NA` (written by R in some DfE dashboard files) is read as `x`, not available.
 */
export function parseCell(raw: string | undefined | null, where: DataLocation): Cell {
  const v = cellValue(raw);
  if (v === undefined) throw cellError(raw, where);
  return typeof v === 'number' ? { value: v, symbol: null } : { value: null, symbol: v };
}

/**
 * parseCell's reading without its object, for the importers' loops over every cell of a file: the
 * number, or the DfE symbol (`NA` read as `x`); undefined for a cell parseCell refuses, whose error
 * `cellError` gives. Leading/trailing spaces are ignored.
 */
export function cellValue(raw: string | undefined | null): number | DfeSymbol | undefined {
  const text = (raw ?? '').trim();
  if (text === '') return undefined;
  if (NUMBER.test(text)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return undefined;
    // Twelve characters hold at most twelve significant digits, which cleanFloat keeps as they are (it only
    // turns -0 into 0): most cells skip it, and it runs on every cell of every file.
    if (text.length <= 12) return n === 0 ? 0 : n;
    return cleanFloat(n);
  }
  const symbol = SYMBOL_SPELLINGS.get(text.toLowerCase());
  if (symbol !== undefined) return symbol;
  if (text === 'NA') return 'x';
  return undefined;
}

/** Each symbol by its lower-case spelling (a Map, so that a cell reading "constructor" finds nothing). */
const SYMBOL_SPELLINGS: ReadonlyMap<string, DfeSymbol> = new Map(DFE_SYMBOLS.map((s) => [s, s]));

/**
 * The DataError parseCell throws for `raw`, a cell cellValue refuses (undefined): an empty cell, a number
 * out of range, a thousands separator, or text that is neither a number nor a symbol. Located at `where`.
 */
export function cellError(raw: string | undefined | null, where: DataLocation): DataError {
  const text = (raw ?? '').trim();
  if (text === '') return new DataError(where, 'empty cell where a number or a DfE symbol was expected');
  if (NUMBER.test(text)) return new DataError(where, 'number out of range', text);
  if (/^-?[\d,]+(\.\d+)?$/.test(text)) return new DataError(where, 'number written with a thousands separator', text);
  return new DataError(where, 'neither a number nor a known DfE symbol (c, x, z, u, low, :, -)', text);
}

/** True when `s` is one of the DfE symbols. */
export function isDfeSymbol(s: string): s is DfeSymbol {
  return (DFE_SYMBOLS as readonly string[]).includes(s);
}
