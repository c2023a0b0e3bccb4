/**
 * Reading DfE CSV text into rows, with the checks every importer needs: BOM stripped, header present,
 * required columns present, every row the same width. Parsing is papaparse's; this module only adds
 * the DfE-specific checks and error locations.
 */
import Papa from 'papaparse';
import { DataError, type DataLocation } from '../domain/errors';

/** Longest cell accepted. DfE and ONS cells are names, codes and numbers; a longer one is a broken file. */
export const MAX_CELL_LENGTH = 10_000;

/**
 * One data row with the 1-based number of the line it starts on, as a spreadsheet or an editor shows it
 * (header = row 1, blank lines counted).
 */
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
 * Decodes a file's bytes as UTF-8 (a UTF-8 byte-order mark is dropped). Throws DataError naming `file` for
 * UTF-16 (by its byte-order mark), NUL bytes (UTF-16 without a mark, or a binary file), and bytes that are
 * not UTF-8 (e.g. a file saved as Windows-1252), naming the first line that holds them and, in a `.csv` file,
 * the column the header gives them. Never guesses another encoding: a wrong guess would change names silently.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DataError({ file }, 'file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8');
  }
  if (bytes.includes(0)) throw new DataError({ file }, 'file contains NUL bytes: it is not UTF-8 CSV (UTF-16 or binary?)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(bytes, file);
  }
}

/**
 * Where the first bytes that are not UTF-8 are: the row (as readCsv numbers rows: the line the record starts
 * on) and, for a CSV (`.csv`, or `.csv.gz` inflated), the column the header gives them; in the header itself,
 * the column is that header cell, its bad bytes shown as "?".
 */
function notUtf8(bytes: Uint8Array, file: string): DataError {
  const problem = 'text is not UTF-8 (a binary file, or text saved in another encoding such as Windows-1252?)';
  const bad = firstInvalidByte(bytes);
  if (!/\.csv(\.gz)?$/i.test(file)) {
    let row = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) row++;
    return new DataError({ file, row }, problem);
  }
  // The records before the bad bytes, parsed as readCsv parses them: a quoted field may hold line breaks and
  // commas, so lines and commas alone would misplace the cell. Only done on this error path.
  const data = Papa.parse<string[]>(stripBom(utf8Prefix(bytes.subarray(0, bad))), { delimiter: ',' }).data;
  const lines = recordLines(data);
  const last = data.length - 1;
  const row = lines[last] ?? 1;
  const cell = (data[last] ?? ['']).length - 1;
  if (last <= 0) {
    // A header cell names its column only when what precedes the bad bytes reads as a column name; junk
    // (a binary file) names none.
    if (!/^[A-Za-z_][\w .()-]*$/.test((data[0]?.[cell] ?? '').trim())) return new DataError({ file, row: 1 }, problem);
    let headerEnd = bytes.findIndex((b) => b === 0x0a || b === 0x0d);
    if (headerEnd < 0) headerEnd = bytes.length;
    const lossy = Papa.parse<string[]>(stripBom(new TextDecoder('utf-8').decode(bytes.subarray(0, headerEnd))), { delimiter: ',' }).data[0] ?? [];
    const name = lossy[cell]?.trim().replace(/\uFFFD/g, '?');
    return new DataError(name ? { file, row: 1, column: name } : { file, row: 1 }, problem);
  }
  const column = data[0]!.map((h) => h.trim())[cell];
  return new DataError(column ? { file, row, column } : { file, row }, problem);
}

/** Offset of the first byte that does not belong to valid UTF-8, found by bisecting with a strict decoder. */
function firstInvalidByte(bytes: Uint8Array): number {
  // A streaming decode of a prefix fails only on a byte sequence that is wrong, never on one cut short, so
  // "the prefix of length n fails" is false up to the bad byte and true from just after it.
  const fails = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The valid UTF-8 text of `bytes`, a sequence cut short at the end left out. */
function utf8Prefix(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes, { stream: true });
}

/**
 * Checks a place name read from a file (LA, region or country) and returns it. Names are plain text:
 * one holding "<" or ">", a control character, or starting with =, +, - or @ (how a spreadsheet formula
 * starts) is refused, because no DfE or ONS name does and such a cell is a broken or tampered file.
 */
export function checkName(name: string, where: DataLocation): string {
  if (name.trim() === '') throw new DataError(where, 'name is empty');
  if (/[<>]/.test(name)) throw new DataError(where, 'name contains "<" or ">": not a place name (markup?)', name);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new DataError(where, 'name contains a control character', name);
  if (/^[=+\-@]/.test(name)) throw new DataError(where, 'name starts with =, +, - or @, as a spreadsheet formula does', name);
  return name;
}

/**
 * Parses CSV `text` from `file`. Throws DataError for: empty input, text that is not UTF-8 CSV
 * (NUL bytes, as in UTF-16 or binary files), a missing required column, duplicated header names,
 * any row whose field count differs from the header's (a truncated or shifted row), and a cell longer
 * than MAX_CELL_LENGTH characters.
 * Cells are returned as trimmed strings; codes such as `old_la_code` stay strings. Blank lines and rows
 * of empty cells are skipped, but counted in row numbers: every row and every error names the line the
 * row starts on in the file.
 */
export function readCsv(text: string, file: string, options: ReadCsvOptions = {}): CsvTable {
  const body = stripBom(text);
  if (body.trim() === '') throw new DataError({ file }, 'file is empty');
  if (body.includes('\u0000')) {
    throw new DataError({ file }, 'file contains NUL bytes: it is not UTF-8 CSV (UTF-16 or binary?)');
  }
  // Blank lines are kept through parsing (and skipped below) so that every row keeps the number of the line
  // it starts on, as a spreadsheet or an editor shows it: papaparse's skipEmptyLines would renumber them.
  const parsed = Papa.parse<string[]>(body, { delimiter: ',' });
  const data = parsed.data;
  const lineOf = recordLines(data);
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    throw new DataError({ file, row: lineOf[fatal.row ?? 0] ?? 1 }, `malformed CSV: ${fatal.message}`);
  }
  const records: number[] = [];
  for (let i = 0; i < data.length; i++) if (!isBlank(data[i]!)) records.push(i);
  let header: string[];
  let first: number;
  let headerRow: number | undefined;
  if (options.columns) {
    header = [...options.columns];
    first = 0;
  } else {
    headerRow = lineOf[records[0]!]!;
    header = data[records[0]!]!.map((h) => h.trim());
    first = 1;
    const seen = new Set<string>();
    for (const h of header) {
      if (seen.has(h)) throw new DataError({ file, row: headerRow, column: h }, 'column name appears twice in the header');
      seen.add(h);
    }
    if (header.length === 1 && /[;\t|]/.test(header[0]!)) {
      throw new DataError({ file, row: headerRow }, 'header has one column: the file is not comma-separated', header[0]);
    }
  }
  for (const col of options.required ?? []) {
    if (!header.includes(col)) throw new DataError({ file, row: headerRow, column: col }, 'required column is missing');
  }
  if (records.length <= first) throw new DataError({ file }, 'file has a header but no data rows');
  const rows: CsvRow[] = [];
  // Each row's cells start as a copy of the first row's: the copy has every column's slot from the start,
  // where an empty object would be regrown column by column (tens of columns, thousands of rows).
  let template: Record<string, string> | undefined;
  for (let k = first; k < records.length; k++) {
    const fields = data[records[k]!]!;
    const rowNumber = lineOf[records[k]!]!;
    if (fields.length !== header.length) {
      throw new DataError(
        { file, row: rowNumber },
        `row has ${fields.length} fields but the header has ${header.length} (truncated or shifted row)`,
      );
    }
    const cells: Record<string, string> = template ? { ...template } : {};
    for (let j = 0; j < header.length; j++) {
      const cell = fields[j]!;
      if (cell.length > MAX_CELL_LENGTH) {
        throw new DataError({ file, row: rowNumber, column: header[j]! }, `cell is ${cell.length} characters long (at most ${MAX_CELL_LENGTH} are accepted)`, cell);
      }
      cells[header[j]!] = cell.trim();
    }
    template ??= cells;
    rows.push({ row: rowNumber, cells });
  }
  return { file, header, rows };
}

/** A record with nothing but spaces in every field: a blank line, or a spreadsheet's empty row (",,,"). */
function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/**
 * The 1-based line each parsed record starts on. A record takes one line plus one for each line break
 * inside its quoted fields, so a field holding a line break does not shift the numbers after it.
 */
function recordLines(data: readonly (readonly string[])[]): number[] {
  const out: number[] = [];
  let line = 1;
  for (const fields of data) {
    out.push(line);
    line += 1;
    for (const f of fields) {
      // Most fields hold no line break; the cheap test keeps this pass small next to the parse.
      if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) line += f.match(/\r\n|\r|\n/g)!.length;
    }
  }
  return out;
}

/**
 * The trimmed header names of CSV `text` (the first record only, so a file can be sorted into an importer
 * before it is read). Throws DataError naming `file` when the text is empty.
 */
export function readCsvHeader(text: string, file: string): string[] {
  const body = stripBom(text);
  if (body.trim() === '') throw new DataError({ file }, 'file is empty');
  const parsed = Papa.parse<string[]>(body, { delimiter: ',', preview: 1 });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

/** A column name as a message shows it: an empty one (a header cell with nothing in it) said in words. */
export function columnName(name: string): string {
  return name === '' ? '(a column with an empty name)' : name;
}

/** Returns the first of `names` present in `header`, or throws naming all of them. */
export function pickColumn(header: readonly string[], names: readonly string[], file: string): string {
  const found = names.find((n) => header.includes(n));
  if (!found) throw new DataError({ file, row: 1, column: names.join(' or ') }, 'required column is missing');
  return found;
}
