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
 * A CSV file opened for reading row by row (openCsv): its header is read, its rows are parsed as
 * `forEach` asks for them.
 */
export interface CsvRows {
  file: string;
  header: string[];
  /**
   * Calls `fn` with each data row, in file order. The text is parsed a chunk at a time and no row is
   * kept, so a large file's rows are garbage soon after they are read. Throws DataError as readCsv does,
   * when the parse reaches the row at fault (rows before it have been given to `fn`). Call once.
   */
  forEach(fn: (row: CsvRow) => void): void;
}

/** What checks on a file's columns read: its name and header. */
export type CsvHeader = Pick<CsvRows, 'file' | 'header'>;

/** Characters at the start of a text parsed to find its header (more when they hold no whole header). */
const HEADER_SAMPLE = 1 << 16;

/**
 * "\n" when the text's first megabyte has no carriage return, which is then what papaparse would guess
 * for its line break (it looks at that megabyte, quoted text removed), found without its regular
 * expression over the megabyte; undefined otherwise, for papaparse to guess.
 */
function lineBreakHint(text: string): '\n' | undefined {
  const cr = text.indexOf('\r');
  return cr < 0 || cr >= 1024 * 1024 ? '\n' : undefined;
}

/** Characters of text parsed at a time by CsvRows.forEach (tests set it smaller to cross chunk edges). */
export const CSV_CHUNK = 1 << 16;

/**
 * Opens CSV `text` from `file` for reading row by row, with readCsv's checks: the ones on the whole
 * file and the header here (empty input, NUL bytes, a missing required column, duplicated header names),
 * the ones on rows as `forEach` reaches them (a malformed quote, a row whose field count differs from the
 * header's, a cell longer than MAX_CELL_LENGTH, and a header with no data rows after it). Rows are
 * numbered as readCsv numbers them.
 */
export function openCsv(text: string, file: string, options: ReadCsvOptions & { chunkSize?: number } = {}): CsvRows {
  const body = stripBom(text);
  if (body.trim() === '') throw new DataError({ file }, 'file is empty');
  if (body.includes('\u0000')) {
    throw new DataError({ file }, 'file contains NUL bytes: it is not UTF-8 CSV (UTF-16 or binary?)');
  }
  // papaparse's guess of the line break is made once here and given to every parse of the text. The header
  // is the first record with something in it: the first few records of the start of the text are parsed to
  // find it (parsing the whole text would split all of it into lines first), more of both when those are
  // all blank.
  let header: string[];
  let headerRow: number | undefined;
  let headerRecords = 0;
  const newline = lineBreakHint(body) ?? Papa.parse<string[]>(body, { delimiter: ',', preview: 1 }).meta.linebreak;
  if (options.columns) {
    header = [...options.columns];
  } else {
    let preview = 4;
    let size = HEADER_SAMPLE;
    for (;;) {
      const whole = size >= body.length;
      const parsed = Papa.parse<string[]>(whole ? body : body.slice(0, size), { delimiter: ',', preview, newline } as Papa.ParseConfig<string[]>);
      const data = parsed.data;
      // The last record of a sample may be cut short where the sample ends; any before it is whole.
      const known = whole ? data.length : data.length - 1;
      const lineOf = recordLines(data);
      const at = data.findIndex((fields) => !isBlank(fields));
      if (at >= 0 && at < known) {
        const fatal = parsed.errors.find((e) => e.type === 'Quotes' && (e.row ?? 0) <= at);
        if (fatal) throw new DataError({ file, row: lineOf[fatal.row ?? 0] ?? 1 }, `malformed CSV: ${fatal.message}`);
        headerRow = lineOf[at]!;
        header = data[at]!.map((h) => h.trim());
        headerRecords = at + 1;
        break;
      }
      if (whole && data.length < preview) {
        // Every record of the text read, and none has anything in it (",,," lines, say).
        const fatal = parsed.errors.find((e) => e.type === 'Quotes');
        if (fatal) throw new DataError({ file, row: lineOf[fatal.row ?? 0] ?? 1 }, `malformed CSV: ${fatal.message}`);
        throw new DataError({ file }, 'file is empty (no record has anything in it)');
      }
      // Only blank records so far, or the one found may be cut short: more records, more text.
      if (data.length >= preview) preview *= 4;
      if (!whole) size *= 4;
    }
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
  const makeCells = cellsMaker(header);
  const width = header.length;
  return {
    file,
    header,
    forEach(fn) {
      let skip = headerRecords;
      let line = 1;
      let count = 0;
      // Blank lines are kept through parsing (and skipped below) so that every row keeps the number of the
      // line it starts on, as a spreadsheet or an editor shows it: papaparse's skipEmptyLines would renumber them.
      // Records come one at a time (papaparse's `step`), the text fed a chunk at a time: each record's
      // fields are garbage once it is read, where a chunk's worth of records held together survived young
      // garbage collections (this halved the time of a bare parse of the CIN file).
      const config: Papa.ParseConfig<string[]> & { chunkSize: number; step(results: Papa.ParseStepResult<string[]>): void } = {
        delimiter: ',',
        newline: newline as Papa.ParseConfig['newline'],
        chunkSize: options.chunkSize ?? CSV_CHUNK,
        step(results) {
          const fields = results.data;
          const fatal = results.errors.find((e) => e.type === 'Quotes');
          if (fatal) throw new DataError({ file, row: line }, `malformed CSV: ${fatal.message}`);
          const rowNumber = line;
          line += linesIn(fields);
          if (skip > 0) {
            skip--;
            return;
          }
          if (isBlank(fields)) return;
          if (fields.length !== width) {
            throw new DataError({ file, row: rowNumber }, `row has ${fields.length} fields but the header has ${width} (truncated or shifted row)`);
          }
          for (let j = 0; j < fields.length; j++) {
            const cell = fields[j]!;
            if (cell.length > MAX_CELL_LENGTH) {
              throw new DataError({ file, row: rowNumber, column: header[j]! }, `cell is ${cell.length} characters long (at most ${MAX_CELL_LENGTH} are accepted)`, cell);
            }
          }
          count++;
          fn({ row: rowNumber, cells: makeCells(fields) });
        },
      };
      Papa.parse<string[]>(body, config as Papa.ParseConfig<string[]> as Parameters<typeof Papa.parse<string[]>>[1]);
      if (count === 0) throw new DataError({ file }, 'file has a header but no data rows');
    },
  };
}

/**
 * Parses CSV `text` from `file` into rows. Throws DataError for: empty input, text that is not UTF-8 CSV
 * (NUL bytes, as in UTF-16 or binary files), a missing required column, duplicated header names,
 * any row whose field count differs from the header's (a truncated or shifted row), and a cell longer
 * than MAX_CELL_LENGTH characters.
 * Cells are returned as trimmed strings; codes such as `old_la_code` stay strings. Blank lines and rows
 * of empty cells are skipped, but counted in row numbers: every row and every error names the line the
 * row starts on in the file. For a large file, openCsv reads the rows without holding them all.
 */
export function readCsv(text: string, file: string, options: ReadCsvOptions = {}): CsvTable {
  const csv = openCsv(text, file, options);
  const rows: CsvRow[] = [];
  csv.forEach((row) => rows.push(row));
  return { file, header: csv.header, rows };
}

/**
 * `cell.trim()`, without the copy when there is nothing to trim (most DfE cells): only a cell that starts
 * or ends with a character that can be white space (at most U+0020, U+00A0, or U+1680 and above) is trimmed.
 */
export function trimmed(cell: string): string {
  const n = cell.length;
  if (n === 0) return cell;
  const a = cell.charCodeAt(0);
  const z = cell.charCodeAt(n - 1);
  return a <= 32 || a === 0xa0 || a >= 0x1680 || z <= 32 || z === 0xa0 || z >= 0x1680 ? cell.trim() : cell;
}

/**
 * A function turning one record's fields into its cells object (column name -> trimmed cell), for `header`.
 * The object is built by a constructor written for the header, so every row has the same shape from its
 * first property on: building rows key by key or by copying a template was most of readCsv's time on the
 * wide attendance files. Column names go into the constructor as JSON string literals, never as code.
 */
function cellsMaker(header: readonly string[]): (fields: readonly string[]) => Record<string, string> {
  const body = header.map((h, j) => `this[${JSON.stringify(h)}] = trimmed(fields[${j}]);`).join('\n');
  const Cells = new Function('trimmed', `return function Cells(fields) {\n${body}\n};`)(trimmed) as new (fields: readonly string[]) => Record<string, string>;
  return (fields) => new Cells(fields);
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
    line += linesIn(fields);
  }
  return out;
}

/** Lines a parsed record takes: one, and one more for each line break inside its fields. */
function linesIn(fields: readonly string[]): number {
  let n = 1;
  for (const f of fields) {
    // Most fields hold no line break; the cheap test keeps this small next to the parse.
    if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) n += f.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

/**
 * The trimmed header names of CSV `text` (the header only, as openCsv finds it: the first record with
 * something in it), so a file can be sorted into an importer before it is read. Throws DataError as
 * openCsv does for the file and its header.
 */
export function readCsvHeader(text: string, file: string): string[] {
  return openCsv(text, file).header;
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
