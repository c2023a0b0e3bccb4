/**
 * The geography of a DfE open-data (EES) row, read and checked once for every importer of EES files
 * (census, PRU, registers, PA by week, CIN, distributions): which level the row is at, which area it is,
 * and the codes and name that area carries. An importer hands over its cells by column name, so files that
 * order the columns differently (CIN puts `la_name` before `new_la_code`; the distributions file has no
 * header) all meet the same rule and the same messages.
 *
 * The rule (EES standard geography columns, see EES_AREA_COLUMNS):
 *  - `geographic_level` is National, Regional or Local authority (other levels are not published here);
 *  - `country_code` is England's, E92000001, on every row: anything else is not an England publication;
 *  - National rows: the area is England (`area_code` E92000001), named by `country_name`;
 *  - Regional rows: the area is `region_code`, an E12 region or an E13 Inner/Outer London sub-region,
 *    named by `region_name`;
 *  - Local authority rows: the area is `new_la_code` (E + 8 digits), named by `la_name`, with its 3-digit
 *    `old_la_code` ("x", not available, is read as no old code: rows of authorities abolished in 2009 carry
 *    none) and its `region_code` (E12, or E13 for London boroughs in some files) as the file gives it;
 *  - every name is plain text (csv.checkName).
 * Whether the name and codes are those of a real authority is checked later, against geo/las.csv
 * (shape/areas.buildAreaEntries); this is the shape of a row only.
 */
import { DataError, type DataLocation } from '../domain/errors';
import { ENGLAND_CODE, type GeographicLevel, type Observation } from '../domain/model';
import { checkName } from './csv';

/**
 * The geography columns of the DfE's open-data files (EES standard), in any order a file gives them.
 * Importers list them once from here.
 */
export const EES_AREA_COLUMNS = [
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'old_la_code',
  'new_la_code',
  'la_name',
] as const;

export type EesAreaColumn = (typeof EES_AREA_COLUMNS)[number];

/** An observation's area fields, as every importer fills them. */
export type EesArea = Pick<Observation, 'geographic_level' | 'area_code' | 'area_name' | 'old_la_code' | 'region_code'>;

const LEVELS: ReadonlySet<string> = new Set<GeographicLevel>(['National', 'Regional', 'Local authority']);
const REGION_CODE = /^E1[23]\d{6}$/;
const LA_CODE = /^E\d{8}$/;
const OLD_LA_CODE = /^\d{3}$/;

/**
 * A row's cell by column name, trimmed; undefined when the file has no such column (a census file without
 * LA columns is fine until it has an LA row).
 */
export type CellOf = (column: EesAreaColumn) => string | undefined;

/**
 * Reads and checks the area of one row (the rule in the module note). `file` and `row` locate errors.
 * Throws DataError (file, row, column, value) for: a level other than National, Regional, Local authority;
 * a country code other than E92000001; a malformed region, LA or old LA code; a name that is empty or not
 * plain text; a column the row's level needs but the file lacks.
 */
export function readEesArea(cell: CellOf, file: string, row: number): EesArea {
  const at = (column: string): DataLocation => ({ file, row, column });
  const level = cell('geographic_level');
  const get = (column: EesAreaColumn): string => {
    const v = cell(column);
    if (v === undefined) throw new DataError(at(column), `column is missing from the header, and this ${level} row needs it`);
    return v;
  };
  const code = (column: EesAreaColumn, pattern: RegExp, what: string): string => {
    const v = get(column);
    if (!pattern.test(v)) throw new DataError(at(column), `not ${what}`, v);
    return v;
  };
  const name = (column: EesAreaColumn): string => checkName(get(column), at(column));
  if (level === undefined || !LEVELS.has(level)) {
    throw new DataError(at('geographic_level'), 'geographic level is not National, Regional or Local authority', level);
  }
  code('country_code', /^E92000001$/, `England (${ENGLAND_CODE})`);
  if (level === 'National') {
    return { geographic_level: level, area_code: ENGLAND_CODE, area_name: name('country_name'), old_la_code: '', region_code: '' };
  }
  const region_code = code('region_code', REGION_CODE, 'a region code (E12, or E13 for Inner/Outer London)');
  if (level === 'Regional') {
    return { geographic_level: level, area_code: region_code, area_name: name('region_name'), old_la_code: '', region_code: '' };
  }
  return {
    geographic_level: 'Local authority',
    area_code: code('new_la_code', LA_CODE, 'an LA code (E + 8 digits)'),
    area_name: name('la_name'),
    old_la_code: get('old_la_code') === 'x' ? '' : code('old_la_code', OLD_LA_CODE, 'a 3-digit old LA code or x'),
    region_code,
  };
}

/**
 * V8 keeps a short piece of a long string as a view of the whole (a name cut from a file's text keeps the
 * text alive); a copy is a string of its own.
 */
function detach(s: string): string {
  return s === '' ? '' : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * readEesArea for a whole file: a file repeats each area's cells on many rows, so each distinct set of
 * cells is checked once and gives one shared, frozen EesArea whose strings do not keep the file's text
 * alive (the build holds a quarter of a million published rows; each pointing at its own copy of the same
 * five strings, or at the text of its file, would cost tens of MB). The first row with a bad set of cells is the one
 * the error names, as with readEesArea.
 */
export class EesAreaReader {
  private readonly seen = new Map<string, EesArea>();
  /** The cells of the last row read, and its area: files give an area's rows one after another. */
  private readonly lastCells: (string | undefined)[] = [];
  private lastArea: EesArea | undefined;

  /** The cells `readCells` was given last, read through `cellOfRow`: one view for every row, not a closure per row. */
  private rowCells: Readonly<Record<string, string | undefined>> = {};
  private readonly cellOfRow: CellOf = (column) => this.rowCells[column];

  constructor(private readonly file: string) {}

  /**
   * The area of row `row` given as its cells by column name (a CsvRow's `cells`; a column the file lacks
   * reads as undefined): as `read`.
   */
  readCells(cells: Readonly<Record<string, string | undefined>>, row: number): EesArea {
    this.rowCells = cells;
    return this.read(this.cellOfRow, row);
  }

  /** The area of row `row` (see readEesArea). */
  read(cell: CellOf, row: number): EesArea {
    let same = this.lastArea !== undefined;
    for (let i = 0; i < EES_AREA_COLUMNS.length; i++) {
      const v = cell(EES_AREA_COLUMNS[i]!);
      if (v !== this.lastCells[i]) {
        same = false;
        this.lastCells[i] = v;
      }
    }
    if (same) return this.lastArea!;
    this.lastArea = undefined;
    const area = this.lookUp(cell, row);
    this.lastArea = area;
    return area;
  }

  private lookUp(cell: CellOf, row: number): EesArea {
    let key = '';
    for (const v of this.lastCells) key += `${v ?? '\u0000'}\u0001`;
    const known = this.seen.get(key);
    if (known) return known;
    const a = readEesArea(cell, this.file, row);
    const area: EesArea = Object.freeze({
      geographic_level: a.geographic_level,
      area_code: detach(a.area_code),
      area_name: detach(a.area_name),
      old_la_code: detach(a.old_la_code),
      region_code: detach(a.region_code),
    });
    this.seen.set(detach(key), area);
    return area;
  }
}
