/**
 * Writing CSV downloads. Cells that a spreadsheet would run as a formula (starting =, +, -, @, tab or
 * carriage return, followed by anything) are prefixed with an apostrophe, except plain numbers such as "-1.5";
 * a lone "-" is the DfE's "not published" symbol and is left as it is.
 */
import Papa from 'papaparse';

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
