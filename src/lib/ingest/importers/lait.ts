/**
 * Importer for the DfE LA Interactive Tool compilation `dfe/lait/bds_long_0.parquet`.
 *
 * LAIT takes its absence indicators from the school-census publication "Pupil absence in schools in
 * England", full year (`1_absence_3term_nat_reg_la.csv`), so every record is `series: 'census'`,
 * `time_identifier: 'Full year'`. The file is long: one row per indicator ("Short Desc") × year × area,
 * every value a string, "-" where not published (2019/20 for everyone; years an LA did not exist).
 *
 * Areas are named, with the DfE 3-digit `LA Number` (`old_la_code`); England is 970 and regions 980-990
 * by name. The LA's ONS code is resolved through the LA lookup for the first day of the academic year,
 * because 3-digit codes were reused when a county became a unitary (815 North Yorkshire, 933 Somerset).
 */
import { parquetMetadata, parquetRead, type Compressors } from 'hyparquet';
import { DataError } from '../../domain/errors';
import { FigureTable } from '../../domain/figure-table';
import { ALL_PUPILS, ENGLAND_CODE, type FigurePlace, type MeasureId, type Phase } from '../../domain/model';
import { cellError, cellValue } from '../../domain/symbols';
import { checkLaIdentity, laByOldCode, operatingOn, type AreaLookup, type LocalAuthority } from '../geo/la-lookup';
import { assertNotFuture } from '../../domain/periods';

/** LAIT absence indicators ("Short Desc") -> phase and DfE census measure. Units as in MEASURES. */
export const LAIT_ITEMS: Record<string, { phase: Phase; measure: MeasureId }> = {
  TotAbs: { phase: 'total', measure: 'sess_overall_percent' },
  PriTotAbs: { phase: 'primary', measure: 'sess_overall_percent' },
  SecTotAbs: { phase: 'secondary', measure: 'sess_overall_percent' },
  total_absence_special: { phase: 'special', measure: 'sess_overall_percent' },
  TotAuthAbs: { phase: 'total', measure: 'sess_authorised_percent' },
  PriAuth: { phase: 'primary', measure: 'sess_authorised_percent' },
  SecAuth: { phase: 'secondary', measure: 'sess_authorised_percent' },
  authorised_absence_special: { phase: 'special', measure: 'sess_authorised_percent' },
  TotUnAuthAbs: { phase: 'total', measure: 'sess_unauthorised_percent' },
  PriUnauth: { phase: 'primary', measure: 'sess_unauthorised_percent' },
  SecUnauth: { phase: 'secondary', measure: 'sess_unauthorised_percent' },
  unauthorised_absence_special: { phase: 'special', measure: 'sess_unauthorised_percent' },
  TotPerAbNew: { phase: 'total', measure: 'enrolments_pa_10_exact_percent' },
  SFPriPerAbNew: { phase: 'primary', measure: 'enrolments_pa_10_exact_percent' },
  SFSecPerAbNew: { phase: 'secondary', measure: 'enrolments_pa_10_exact_percent' },
  SpecPerAbNew: { phase: 'special', measure: 'enrolments_pa_10_exact_percent' },
  TotSevPerAbNew: { phase: 'total', measure: 'enrolments_pa_50_exact_percent' },
  SFPriSevPerAbNew: { phase: 'primary', measure: 'enrolments_pa_50_exact_percent' },
  SFSecSevPerAbNew: { phase: 'secondary', measure: 'enrolments_pa_50_exact_percent' },
  SpecSevPerAbNew: { phase: 'special', measure: 'enrolments_pa_50_exact_percent' },
};

export const LAIT_COLUMNS = ['Short Desc', 'Years', 'LA and Regions', 'Values', 'LA Number', 'Region'] as const;

/** One LAIT row as strings (the parquet's own types, LA Number read as text). */
export type LaitRow = Record<(typeof LAIT_COLUMNS)[number], string>;

export interface LaitImport {
  /** One row per absence row kept (each LAIT row is one figure), in file order. */
  figures: FigureTable;
  /** Parquet columns that are neither read nor known to be safely ignorable. Reported, never fatal. */
  unknownColumns: string[];
  /** Rows for an LA in a year it did not exist, all "-": not data, counted so nothing goes unseen. */
  notOperatingRows: number;
}

const ENGLAND_LA_NUMBER = '970';

function regionKey(name: string): string {
  const n = name.toLowerCase().trim();
  const m = /^london \((inner|outer)\)$/.exec(n);
  return m ? `${m[1]} london` : n;
}

/** The area fields of a LAIT row's figure. */
type LaitArea = Pick<FigurePlace, 'geographic_level' | 'area_code' | 'area_name' | 'old_la_code' | 'region_code'>;

const ENGLAND: LaitArea = { geographic_level: 'National', area_code: ENGLAND_CODE, area_name: 'England', old_la_code: '', region_code: '' };

/** What a LAIT import keeps of one time_period (see laitRowsToFigures). */
interface LaitPeriod {
  timePeriod: string;
  /** 1 September of the academic year: the day an LA number is resolved on. */
  firstDay: string;
  /** The LA each `LA Number` was on firstDay (undefined: none). */
  las: Map<string, LocalAuthority | undefined>;
  /** Row number of each indicator ("Short Desc"), by area code. */
  seen: Map<string, Map<string, number>>;
}

/**
 * Converts LAIT rows to figures (one row and one figure per absence row). `rows[i]` is reported as row `rowNumbers[i]` of `file`
 * (default i + 1).
 * Throws DataError (file, row, column) for: a year that is not 4 digits or is an academic year that has not
 * begun (periods.assertNotFuture), a value that is neither a number
 * nor a DfE symbol, a rate outside 0..100, an area number unknown to the lookup for that year when the
 * row holds a figure, an LA name (`LA and Regions`) that is not the name in the lookup of the LA its number
 * resolves to nor a variant of it (geo/la-lookup.checkLaIdentity), a region name not in regions.csv, and a
 * repeated indicator × year × area.
 */
export function laitRowsToFigures(rows: readonly LaitRow[], file: string, lookup: AreaLookup, rowNumbers?: readonly number[]): LaitImport {
  const regionsByName = new Map([...lookup.regions.values()].map((r) => [regionKey(r.name), r]));
  const figures = new FigureTable(rows.length);
  // LA names found to be the LA's, by LA code: each LA and name is checked once.
  const namesChecked = new Map<string, Set<string>>();
  // Each year's period, checked at its first row, the LA each number was that year (la-lookup.laByOldCode
  // searches every LA), and the row each indicator and area came from, for the repeat check: the file has
  // ten years and 30,000 rows. One object per time_period, however its year is spelled.
  const periods = new Map<string, LaitPeriod>();
  const byTimePeriod = new Map<string, LaitPeriod>();
  let notOperatingRows = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const item = LAIT_ITEMS[r['Short Desc']];
    if (!item) continue; // other LAIT topics (finance, workforce...) are not absence figures
    const rowNo = rowNumbers?.[i] ?? i + 1;
    let period = periods.get(r.Years);
    if (period === undefined) {
      const year = r.Years.trim();
      if (!/^\d{4}$/.test(year)) {
        throw new DataError({ file, row: rowNo, column: 'Years' }, 'absence indicator year is not a 4-digit year', year);
      }
      const end = Number(year);
      const timePeriod = `${end - 1}${String(end % 100).padStart(2, '0')}`;
      assertNotFuture(timePeriod, 'Full year', { file, row: rowNo, column: 'Years' });
      period = byTimePeriod.get(timePeriod) ?? { timePeriod, firstDay: `${end - 1}-09-01`, las: new Map(), seen: new Map() };
      byTimePeriod.set(timePeriod, period);
      periods.set(r.Years, period);
    }
    const { timePeriod, firstDay } = period;
    const v = cellValue(r.Values);
    if (v === undefined) throw cellError(r.Values, { file, row: rowNo, column: 'Values' });
    if (typeof v === 'number' && (v < 0 || v > 100)) {
      throw new DataError({ file, row: rowNo, column: 'Values' }, 'rate outside 0 to 100', r.Values);
    }
    const number = r['LA Number'].trim();
    const name = r['LA and Regions'].trim();
    let area: LaitArea;
    if (number === ENGLAND_LA_NUMBER) {
      area = ENGLAND;
    } else if (r.Region.trim() === 'NA') {
      const region = regionsByName.get(regionKey(name));
      if (!region) throw new DataError({ file, row: rowNo, column: 'LA and Regions' }, 'region name not in regions.csv', name);
      area = { geographic_level: 'Regional', area_code: region.code, area_name: region.name, old_la_code: '', region_code: '' };
    } else {
      let la = period.las.get(number);
      if (la === undefined && !period.las.has(number)) period.las.set(number, (la = laByOldCode(lookup, number, firstDay)));
      if (!la || !operatingOn(la, firstDay)) {
        if (v === '-') {
          notOperatingRows++;
          continue;
        }
        throw new DataError(
          { file, row: rowNo, column: 'LA Number' },
          `no LA with this old_la_code was operating on ${firstDay}, yet the row holds a figure`,
          number,
        );
      }
      // The code comes from the number, so the name is the only check that the row is that authority's.
      let names = namesChecked.get(la.code);
      if (names === undefined) namesChecked.set(la.code, (names = new Set()));
      if (!names.has(name)) {
        const wrong = checkLaIdentity(lookup, { code: la.code, oldCode: number, name });
        if (wrong) {
          throw new DataError({ file, row: rowNo, column: 'LA and Regions' }, `LA Number ${number} is ${la.code} on ${firstDay}, and this is ${wrong.problem}`, name);
        }
        names.add(name);
      }
      area = { geographic_level: 'Local authority', area_code: la.code, area_name: la.name, old_la_code: number, region_code: la.region_code };
    }
    let seen = period.seen.get(area.area_code);
    if (seen === undefined) period.seen.set(area.area_code, (seen = new Map()));
    const previous = seen.get(r['Short Desc']);
    if (previous !== undefined) {
      throw new DataError({ file, row: rowNo, column: 'Short Desc' }, `repeats row ${previous} (same indicator, year and area)`, `${r['Short Desc']}|${timePeriod}|${area.area_code}`);
    }
    seen.set(r['Short Desc'], rowNo);
    const index = figures.addRow({
      series: 'census',
      dataset: 'lait',
      time_period: timePeriod,
      time_identifier: 'Full year',
      geographic_level: area.geographic_level,
      area_code: area.area_code,
      area_name: area.area_name,
      old_la_code: area.old_la_code,
      region_code: area.region_code,
      phase: item.phase,
      breakdown: ALL_PUPILS,
    });
    if (typeof v === 'number') figures.add(index, item.measure, v, null);
    else figures.add(index, item.measure, null, v);
  }
  return { figures, unknownColumns: [], notOperatingRows };
}

/**
 * The decoders hyparquet needs for column chunks compressed with `codecs` (parquet codec names): none for
 * snappy (LAIT's codec) and uncompressed, which hyparquet reads itself; hyparquet-compressors' otherwise
 * (gzip, brotli, zstd, lz4), loaded only then, as it is some 20 modules and a WebAssembly one.
 */
export async function decodersFor(codecs: Iterable<string>): Promise<Compressors | undefined> {
  for (const c of codecs) if (c !== 'SNAPPY' && c !== 'UNCOMPRESSED') return (await import('hyparquet-compressors')).compressors;
  return undefined;
}

/** Columns of the LAIT file that are known and not used: the indicator is identified by "Short Desc". */
const LAIT_IGNORED = ['Data item'];

/**
 * Reads the parquet bytes (snappy-compressed as LAIT's are, or in another codec hyparquet-compressors reads)
 * with hyparquet and converts them.
 * Throws DataError naming `file` when the file is not parquet or lacks a LAIT column. Columns other than
 * LAIT_COLUMNS and "Data item" are returned in `unknownColumns`.
 */
export async function importLait(bytes: Uint8Array, file: string, lookup: AreaLookup): Promise<LaitImport> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let columns: string[];
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
    columns = metadata.schema.slice(1).map((s) => s.name);
  } catch (e) {
    throw new DataError({ file }, `not a readable LAIT parquet file: ${(e as Error).message}`);
  }
  for (const col of LAIT_COLUMNS) {
    if (!columns.includes(col)) throw new DataError({ file, column: col }, 'required column is missing');
  }
  if (Number(metadata.num_rows) === 0) throw new DataError({ file }, 'parquet file has no rows');
  const compressors = await decodersFor(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')));
  // One row group at a time, keeping only absence indicators (about 5% of rows), so memory holds a
  // group's rows rather than all 641,000 of every LAIT topic. Row numbers stay those of the whole file.
  // Each group's "Short Desc" is read first; the other columns are read only over the stretch from its first
  // absence row to its last (the file keeps an indicator's rows together), which halves the import's time.
  // Columns are read as columns (arrays of cells), not as an object per parquet row: only the absence rows
  // kept become objects.
  const rows: LaitRow[] = [];
  const rowNumbers: number[] = [];
  /** Cells of `columns` over rows rowStart..rowEnd - 1 of the file, one array per column. */
  const read = async (columns: readonly string[], rowStart: number, rowEnd: number): Promise<unknown[][]> => {
    const data = columns.map(() => new Array<unknown>(rowEnd - rowStart));
    const byName = new Map(columns.map((c, k) => [c, data[k]!]));
    try {
      await parquetRead({
        file: buffer,
        metadata,
        compressors,
        columns: [...columns],
        rowStart,
        rowEnd,
        onChunk: (chunk) => {
          const out = byName.get(chunk.columnName);
          if (!out) return;
          // A chunk can hold rows outside the range asked for.
          const to = Math.min(chunk.rowEnd, rowEnd);
          for (let r = Math.max(chunk.rowStart, rowStart); r < to; r++) out[r - rowStart] = chunk.columnData[r - chunk.rowStart];
        },
      });
    } catch (e) {
      throw new DataError({ file }, `not a readable LAIT parquet file: ${(e as Error).message}`);
    }
    return data;
  };
  // A group's "Short Desc" repeats one indicator over thousands of rows: each run is looked up once.
  let lastDesc: unknown;
  let lastIsAbsence = false;
  const isAbsence = (desc: unknown) => {
    if (desc !== lastDesc) {
      lastDesc = desc;
      lastIsAbsence = String(desc) in LAIT_ITEMS;
    }
    return lastIsAbsence;
  };
  const text = (cell: unknown) => (cell === null || cell === undefined ? '' : String(cell));
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const [descs] = (await read(['Short Desc'], groupStart, groupEnd)) as [unknown[]];
    const first = descs.findIndex(isAbsence);
    if (first >= 0) {
      const last = descs.findLastIndex(isAbsence);
      const from = groupStart + first;
      const cells = await read(LAIT_COLUMNS, from, groupStart + last + 1);
      const kept = cells[LAIT_COLUMNS.indexOf('Short Desc')]!;
      const n = last - first + 1;
      for (let i = 0; i < n; i++) {
        if (!isAbsence(kept[i])) continue;
        const out = {} as LaitRow;
        for (let k = 0; k < LAIT_COLUMNS.length; k++) out[LAIT_COLUMNS[k]!] = text(cells[k]![i]);
        rows.push(out);
        rowNumbers.push(from + i + 1);
      }
    }
    groupStart = groupEnd;
  }
  const known = new Set<string>([...LAIT_COLUMNS, ...LAIT_IGNORED]);
  return { ...laitRowsToFigures(rows, file, lookup, rowNumbers), unknownColumns: columns.filter((c) => !known.has(c)) };
}
