/**
 * Writing CSV downloads. Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or
 * carriage return, followed by anything) are prefixed with an apostrophe, except plain numbers such as "-1.5";
 * a lone "-" is the DfE's "not published" symbol and is left as it is.
 */
import Papa from 'papaparse';
import { isDfeSymbol } from '../domain/symbols';

const FORMULA = /^[=+\-@\t\r]./s;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Neutralises one cell for spreadsheets. */
export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return FORMULA.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** CSV text with a header row from `columns`, CRLF line ends as RFC 4180 asks. */
export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  return Papa.unparse(
    { fields: [...columns], data: rows.map((r) => columns.map((c) => safeCell(r[c]))) },
    { newline: '\r\n' },
  ) + '\r\n';
}

const SHOWN_NUMBER = /^-?[\d,]*\d(\.\d+)?%?$/;
const SHOWN_SYMBOL = /\(([^()]+)\)$/;

/**
 * A numeric table cell as a CSV cell: the number as written on the page without thousands separators or
 * a % sign ("2,201" -> "2201", "17.7" -> "17.7"), the DfE symbol code for a cell that shows a symbol's
 * meaning ("suppressed to protect confidentiality (c)" -> "c"), and '' for words that are not a figure
 * ("no figure published"). So a spreadsheet reads the column as numbers and codes, never as text.
 */
export function numericCell(shown: string): string {
  const t = shown.trim();
  if (SHOWN_NUMBER.test(t)) return t.replace(/[,%]/g, '');
  if (isDfeSymbol(t)) return t;
  const sym = SHOWN_SYMBOL.exec(t)?.[1];
  return sym !== undefined && isDfeSymbol(sym) ? sym : '';
}

/**
 * A table as shown on a page, as CSV: a header row of the column labels, text columns as shown, numeric
 * columns through numericCell. `columns[].numeric` marks the numeric ones.
 */
export function shownTableCsv(columns: readonly { key: string; label: string; numeric?: boolean }[], rows: readonly Record<string, string>[]): string {
  const out = rows.map((r) => Object.fromEntries(columns.map((c) => [c.label, c.numeric ? numericCell(r[c.key] ?? '') : r[c.key] ?? ''])));
  return toCsv(out, columns.map((c) => c.label));
}
