/**
 * Reading DfE CSV text into rows, with the checks every importer needs: BOM stripped, header present,
 * required columns present, every row the same width. Parsing is papaparse's; this module only adds
 * the DfE-specific checks and error locations.
 */
import Papa from 'papaparse';
import { DataError } from './errors';

/** One data row with its 1-based line-in-spreadsheet number (header = row 1). */
export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

export interface ReadCsvOptions {
  /** Columns that must be present; a missing one is a DataError naming it. */
  required?: readonly string[];
  /** For headerless files: the column names to use, in order. */
  columns?: readonly string[];
}

/** Strips a UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses CSV `text` from `file`. Throws DataError for: empty input, text that is not UTF-8 CSV
 * (NUL bytes, as in UTF-16 or binary files), a missing required column, duplicated header names,
 * and any row whose field count differs from the header's (a truncated or shifted row).
 * Cells are returned as trimmed strings; codes such as `old_la_code` stay strings.
 */
export function readCsv(text: string, file: string, options: ReadCsvOptions = {}): CsvTable {
  const body = stripBom(text);
  if (body.trim() === '') throw new DataError({ file }, 'file is empty');
  if (body.includes('\u0000')) {
    throw new DataError({ file }, 'file contains NUL bytes: it is not UTF-8 CSV (UTF-16 or binary?)');
  }
  const parsed = Papa.parse<string[]>(body, { delimiter: ',', skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    throw new DataError({ file, row: (fatal.row ?? 0) + 1 }, `malformed CSV: ${fatal.message}`);
  }
  const data = parsed.data;
  let header: string[];
  let first: number;
  if (options.columns) {
    header = [...options.columns];
    first = 0;
  } else {
    header = (data[0] ?? []).map((h) => h.trim());
    first = 1;
    const seen = new Set<string>();
    for (const h of header) {
      if (seen.has(h)) throw new DataError({ file, row: 1, column: h }, 'column name appears twice in the header');
      seen.add(h);
    }
    if (header.length === 1 && data.length > 0 && /[;\t|]/.test(header[0]!)) {
      throw new DataError({ file, row: 1 }, 'header has one column: the file is not comma-separated', header[0]);
    }
  }
  for (const col of options.required ?? []) {
    if (!header.includes(col)) throw new DataError({ file, row: 1, column: col }, 'required column is missing');
  }
  if (data.length <= first) throw new DataError({ file }, 'file has a header but no data rows');
  const rows: CsvRow[] = [];
  for (let i = first; i < data.length; i++) {
    const fields = data[i]!;
    const rowNumber = i + 1;
    if (fields.length !== header.length) {
      throw new DataError(
        { file, row: rowNumber },
        `row has ${fields.length} fields but the header has ${header.length} (truncated or shifted row)`,
      );
    }
    const cells: Record<string, string> = {};
    for (let j = 0; j < header.length; j++) cells[header[j]!] = fields[j]!.trim();
    rows.push({ row: rowNumber, cells });
  }
  return { file, header, rows };
}

/** Returns the first of `names` present in `header`, or throws naming all of them. */
export function pickColumn(header: readonly string[], names: readonly string[], file: string): string {
  const found = names.find((n) => header.includes(n));
  if (!found) throw new DataError({ file, row: 1, column: names.join(' or ') }, 'required column is missing');
  return found;
}
