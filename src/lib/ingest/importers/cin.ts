/**
 * Importer for the absence table of "Outcomes for children in need, including children looked after
 * by local authorities in England" (`absence_la.csv`): full-year school-census absence of three
 * social-care groups, by England / region / LA × phase. The file has no all-pupils rows.
 */
import { openCsv } from '../csv';
import { EES_AREA_COLUMNS, EesAreaReader } from '../ees-area';
import { FirstRows } from '../first-rows';
import { DataError, type DataLocation } from '../../domain/errors';
import { FigureTable } from '../../domain/figure-table';
import { type Breakdown, type MeasureId, type Phase } from '../../domain/model';
import { assertNotFuture, parseAcademicYear, readTimeIdentifier } from '../../domain/periods';
import { cellError, cellValue, type DfeSymbol } from '../../domain/symbols';

/** DfE column -> measure. `pt_*` are percentages; `t_*` are counts. */
export const CIN_MEASURES = {
  t_pupils: 'enrolments',
  t_sess_possible: 'sess_possible',
  t_sess_overall: 'sess_overall',
  pt_overall: 'sess_overall_percent',
  t_sess_authorised: 'sess_authorised',
  pt_sess_authorised: 'sess_authorised_percent',
  t_sess_unauthorised: 'sess_unauthorised',
  pt_sess_unauthorised: 'sess_unauthorised_percent',
  t_pupils_pa_10_exact: 'enrolments_pa_10_exact',
  pt_pupils_pa_10_exact: 'enrolments_pa_10_exact_percent',
  t_pupils_pa_50_exact: 'enrolments_pa_50_exact',
  pt_pupils_pa_50_exact: 'enrolments_pa_50_exact_percent',
} as const satisfies Record<string, MeasureId>;

/** `social_care_group` -> the value shown under the 'Social care group' topic. */
export const SOCIAL_CARE_GROUPS: Readonly<Record<string, string>> = {
  'CINO at 31 March': 'Children in need',
  'CPPO at 31 March': 'Child protection plan',
  'CLA 12 months at 31 March': 'Looked after for 12 months',
};

/**
 * `phase_type_grouping` -> phase. The real file spells AP out ("State-funded alternative provision
 * school"); the short form is accepted too because other DfE CIN tables use it.
 */
const PHASES: Readonly<Record<string, Phase>> = {
  Total: 'total',
  'State-funded primary': 'primary',
  'State-funded secondary': 'secondary',
  Special: 'special',
  'State-funded alternative provision school': 'ap',
  'State-funded AP school': 'ap',
};

const ID_COLUMNS = [
  'time_period',
  'time_identifier',
  ...EES_AREA_COLUMNS,
  'absence_terms',
  'social_care_group',
  'phase_type_grouping',
] as const;
const REQUIRED = [...ID_COLUMNS, ...Object.keys(CIN_MEASURES)];

/** The measure columns in CIN_MEASURES order, their measures, and which are percentages (`pt_*`). */
const MEASURE_COLUMNS = Object.keys(CIN_MEASURES) as (keyof typeof CIN_MEASURES)[];
const MEASURE_OF: readonly MeasureId[] = MEASURE_COLUMNS.map((c) => CIN_MEASURES[c]);
const IS_PERCENT: readonly boolean[] = MEASURE_COLUMNS.map((c) => c.startsWith('pt_'));

/**
 * Reads a cell (symbols.cellValue), throwing its DataError at `column` of `row`. "k" is the GSS symbol for
 * "less than half the last digit shown" (e.g. 6 unauthorised sessions in 18,052 shown as a rate): it means
 * what the DfE's "low" means, and symbols.ts has no "k", so it is read as "low" rather than refused or
 * turned into 0.
 */
function readCell(raw: string, file: string, row: number, column: string): number | DfeSymbol {
  const v = cellValue(raw);
  if (v !== undefined) return v;
  if (raw.trim().toLowerCase() === 'k') return 'low';
  throw cellError(raw, { file, row, column });
}

export interface CinImport {
  /** One row per published row, its figures in CIN_MEASURES order. */
  figures: FigureTable;
  /** Header columns this importer does not read (reported, not refused, so a new column is noticed). */
  unknownColumns: string[];
}

/**
 * Imports `cin_outcomes/absence_la.csv` (CSV text, BOM allowed; columns are read by name, since
 * this file puts `la_name` before `new_la_code`, unlike other DfE files).
 *
 * Returns `figures` (one row per file row) with series 'census', dataset 'cin', time_identifier 'Full year' (the file
 * says "Academic year"), breakdown topic 'Social care group' with value 'Children in need' (CINO at
 * 31 March), 'Child protection plan' (CPPO at 31 March) or 'Looked after for 12 months' (CLA 12 months
 * at 31 March), phase from phase_type_grouping (Total, State-funded primary/secondary, Special,
 * State-funded alternative provision school -> total/primary/secondary/special/ap), and one
 * figure per measure in CIN_MEASURES:
 * - counts: t_pupils (enrolments), t_sess_possible / t_sess_overall / t_sess_authorised /
 *   t_sess_unauthorised (sessions), t_pupils_pa_10_exact / t_pupils_pa_50_exact (enrolments);
 * - rates: pt_overall / pt_sess_authorised / pt_sess_unauthorised (% of possible sessions),
 *   pt_pupils_pa_10_exact / pt_pupils_pa_50_exact (% of enrolments), as published (1 dp).
 * Symbols (c, x, z, ...) stay symbols; "k" is read as "low". Regional rows include London
 * (E12000007) and Inner/Outer London (E13); London boroughs carry an E13 `region_code`.
 * Also returns `unknownColumns`: header columns not read.
 *
 * Throws DataError (file, row, column, value) for: anything readCsv refuses (empty, missing column,
 * ragged row); a bad or future time_period; an area name that is not plain text (csv.checkName); time_identifier other than "Academic year"/"Full year";
 * absence_terms other than "six half terms" (another basis would not be comparable); an unknown
 * geographic_level, social_care_group or phase_type_grouping; an area that breaks the EES area rule (ees-area.readEesArea); a cell that is
 * neither a number nor a DfE symbol; a rate outside 0..100; a count that is negative or not whole;
 * two rows for the same period, area, group and phase.
 */
export function importCinAbsence(text: string, file: string): CinImport {
  const table = openCsv(text, file, { required: REQUIRED });
  const known = new Set<string>(REQUIRED);
  const unknownColumns = table.header.filter((h) => !known.has(h));
  const breakdowns = new Map<string, Breakdown>(
    Object.entries(SOCIAL_CARE_GROUPS).map(([raw, value]) => [raw, { topic: 'Social care group', value }]),
  );
  const seen = new FirstRows<number>(5);
  const figures = new FigureTable(1 << 16);
  const areas = new EesAreaReader(file);
  // Made once, not per row: the error for `column` of the row being read.
  let row = 0;
  let cells: Record<string, string> = {};
  const at = (column: string): DataLocation => ({ file, row, column });
  const fail = (column: string, problem: string): never => {
    throw new DataError(at(column), problem, cells[column]);
  };

  table.forEach((current) => {
    row = current.row;
    cells = current.cells;
    const timePeriod = parseAcademicYear(cells.time_period!, at('time_period'));
    assertNotFuture(timePeriod, 'Full year', at('time_period'));
    const ti = readTimeIdentifier(cells.time_identifier!);
    if (ti !== 'Academic year' && ti !== 'Full year') fail('time_identifier', 'expected "Academic year" (full-year data)');
    if (cells.absence_terms !== 'six half terms') {
      fail('absence_terms', 'expected "six half terms": absence over another span is not comparable');
    }
    const area = areas.readCells(cells, row);
    const breakdown = breakdowns.get(cells.social_care_group!);
    if (!breakdown) fail('social_care_group', `unknown group (expected ${Object.keys(SOCIAL_CARE_GROUPS).join(', ')})`);
    const phase = PHASES[cells.phase_type_grouping!];
    if (!phase) fail('phase_type_grouping', `unknown phase (expected ${Object.keys(PHASES).join(', ')})`);

    const earlier = seen.claim([timePeriod, area.geographic_level, area.area_code, cells.social_care_group!, phase!], row);
    if (earlier !== undefined) {
      throw new DataError(
        { file, row },
        `duplicate row: same period, area, social_care_group and phase_type_grouping as row ${earlier}`,
      );
    }

    const index = figures.addRow({
      series: 'census',
      dataset: 'cin',
      time_period: timePeriod,
      time_identifier: 'Full year',
      geographic_level: area.geographic_level,
      area_code: area.area_code,
      area_name: area.area_name,
      old_la_code: area.old_la_code,
      region_code: area.region_code,
      phase: phase!,
      breakdown: breakdown!,
    });
    for (let k = 0; k < MEASURE_COLUMNS.length; k++) {
      const column = MEASURE_COLUMNS[k]!;
      const v = readCell(cells[column]!, file, row, column);
      if (typeof v === 'number') {
        if (IS_PERCENT[k]) {
          if (v < 0 || v > 100) fail(column, 'percentage outside 0 to 100');
        } else if (v < 0) {
          fail(column, 'count is negative');
        } else if (!Number.isInteger(v)) {
          fail(column, 'count is not a whole number');
        }
        figures.add(index, MEASURE_OF[k]!, v, null);
      } else {
        figures.add(index, MEASURE_OF[k]!, null, v);
      }
    }
  });
  return { figures, unknownColumns };
}
