/**
 * Errors raised by the data build. Every problem with an input names the file, the 1-based data row
 * (the header is row 1, so the first data row is row 2, as a spreadsheet shows it) and the column, so a
 * maintainer can open the file and find the cell.
 */

/** Where in an input file a problem was found. `row` and `column` are absent for whole-file problems. */
export interface DataLocation {
  file: string;
  row?: number;
  column?: string;
}

/** An input that the build refuses. The message always starts with `file`, then `row N`, then `column X`. */
export class DataError extends Error {
  readonly file: string;
  readonly row: number | undefined;
  readonly column: string | undefined;
  readonly value: string | undefined;
  /** The problem alone, without the location (so a caller can re-raise it with a fuller location). */
  readonly problem: string;

  constructor(where: DataLocation, problem: string, value?: string) {
    const parts = [where.file];
    if (where.row !== undefined) parts.push(`row ${where.row}`);
    if (where.column !== undefined) parts.push(`column ${where.column}`);
    const shown = value === undefined ? '' : ` (value ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)})`;
    super(`${parts.join(', ')}: ${problem}${shown}`);
    this.name = 'DataError';
    this.file = where.file;
    this.row = where.row;
    this.column = where.column;
    this.value = value;
    this.problem = problem;
  }
}

/**
 * A DataError found on figures rather than on rows (the area checks run on observations, which carry no
 * row number): `match` holds cells, by column, that the row holds, so that the caller can look the row up
 * in the file and re-raise the error with it.
 */
export class RowToFindError extends DataError {
  readonly match: Readonly<Record<string, string>>;

  constructor(where: DataLocation, problem: string, value: string | undefined, match: Readonly<Record<string, string>>) {
    super(where, problem, value);
    this.match = match;
  }
}
