/**
 * Importer for the DfE "Pupil attendance in schools" files: figures from the daily attendance registers
 * that schools share with the DfE (available from 2022/23). Every figure is `series: 'registers'`:
 * these are not the school-census absence statistics, even though the measures reuse the census ids.
 *
 * Files handled (paths as in SOURCES.md):
 * - `attendance/<year>/EES_{aut,spr,sum}_data.csv`: one term; `EES_ytd_data.csv`: the academic year so far
 *   (a full year once the summer term is in). Dataset `registers-term`.
 * - `attendance/<year>/EES_weekly_data.csv`: one row per calendar week. Dataset `registers-weekly`.
 * - `pa_explorer/week_29_persistent_absence.csv`: persistent absence, year to date, at a series of weeks.
 *   Dataset `registers-pa-ytd`.
 *
 * Schema drift the importer absorbs (see SOURCES.md): `academic_year` present or not, covid columns
 * (2022/23 only), new register codes from 2024/25, `school_type` renamed `education_phase` in 2025/26
 * (which also adds LA "Total" rows), and ytd files without `academic_year` and with `time_identifier` last.
 * Columns are found by name, so their order never matters.
 */
import { openCsv, pickColumn, type CsvHeader } from '../csv';
import { EES_AREA_COLUMNS, EesAreaReader } from '../ees-area';
import { FirstRows } from '../first-rows';
import { DataError, type DataLocation } from '../../domain/errors';
import { FigureTable } from '../../domain/figure-table';
import {
  ALL_PUPILS,
  MEASURES,
  type DatasetId,
  type MeasureId,
  type Phase,
} from '../../domain/model';
import { assertNotFuture, parseAcademicYear, readTimeIdentifier, TERM_ORDER } from '../../domain/periods';
import { cellError, cellValue } from '../../domain/symbols';

/** What an importer returns: the figures, and header names it did not recognise (ignored). */
export interface RegistersImport {
  /** One row per file row, its figures in REGISTER_MEASURES order (those the file has). */
  figures: FigureTable;
  /** Columns in the file that are neither used nor known-and-ignored, in header order. */
  unknownColumns: string[];
}

export interface RegistersOptions {
  /**
   * Replaces the file's `time_identifier` for every row. The ytd files all say "Academic year" whether
   * they hold a finished year or a year still in progress, so the build says which ("Full year" or
   * "Year to date"). When given, the file need not have a `time_identifier` column.
   */
  timeIdentifier?: string;
}

/** Register column -> census measure id. The `kind` (rate or count) comes from MEASURES. */
const REGISTER_MEASURES: readonly { column: string; measure: MeasureId }[] = [
  { column: 'num_schools', measure: 'num_schools' },
  { column: 'enrolments', measure: 'enrolments' },
  { column: 'possible_sessions', measure: 'sess_possible' },
  { column: 'overall_absence', measure: 'sess_overall' },
  { column: 'authorised_absence', measure: 'sess_authorised' },
  { column: 'unauthorised_absence', measure: 'sess_unauthorised' },
  { column: 'overall_absence_perc', measure: 'sess_overall_percent' },
  { column: 'authorised_absence_perc', measure: 'sess_authorised_percent' },
  { column: 'unauthorised_absence_perc', measure: 'sess_unauthorised_percent' },
  { column: 'pa_perc', measure: 'enrolments_pa_10_exact_percent' },
];

/** Persistent absence is only published for whole terms and years; weekly files lack it. */
const PA_COLUMN = 'pa_perc';

const PA_EXPLORER_COLUMN = 'persistent_absence_percent';

/**
 * In weeks when an area's schools had no possible sessions (half term), the 2022/23 weekly file writes
 * the session rates as `z` but the 2023/24 and 2024/25 files write `NaN` (0 / 0 leaking from the DfE's
 * code). Only that case is read as `z`; a `NaN` anywhere else is still refused by symbols.cellValue.
 */
const SESSION_RATES: ReadonlySet<string> = new Set([
  'overall_absence_perc',
  'authorised_absence_perc',
  'unauthorised_absence_perc',
]);


const PHASE_COLUMNS = ['school_type', 'education_phase'] as const;

/**
 * Columns seen in the published files that this importer deliberately leaves out: reason-code counts
 * and rates, attendance (the complement of absence), lateness and the covid code. Listing them keeps
 * `unknownColumns` for what is genuinely new, so the build can flag a changed DfE schema.
 */
const KNOWN_IGNORED = [
  'academic_year', // checked against time_period, not stored
  'time_frame', // checked ("Year to date"), implied by the dataset
  'present_sessions',
  'overall_attendance',
  'approved_educational_activity',
  'late_sessions',
  'total_num_schools',
  'total_enrolments',
  'attendance_perc',
  'illness_perc',
  'appointments_perc',
  'unauth_hol_perc',
  'unauth_oth_perc',
  'unauth_late_registers_closed_perc',
  'unauth_not_yet_perc',
  'auth_religious_perc',
  'auth_study_perc',
  'auth_grt_perc',
  'auth_holiday_perc',
  'auth_excluded_perc',
  'auth_other_perc',
  'auth_mob_perc',
  'auth_performance_perc',
  'auth_interview_perc',
  'auth_part_time_perc',
  'covid_non_compulsory_perc',
  'reason_present_am',
  'reason_present_pm',
  'reason_present',
  'reason_l_present_late_before_registers_closed',
  'reason_i_authorised_illness',
  'reason_m_authorised_medical_dental',
  'reason_r_authorised_religious_observance',
  'reason_s_authorised_study_leave',
  'reason_t_authorised_grt_absence',
  'reason_t_authorised_mobile_child',
  'reason_h_authorised_holiday',
  'reason_e_authorised_excluded',
  'reason_c_authorised_other',
  'reason_c1_authorised_regulated_performance',
  'reason_j1_authorised_interview',
  'reason_c2_authorised_temp_reduced_timetable',
  'reason_b_aea_education_off_site',
  'reason_d_aea_dual_registration',
  'reason_j_aea_interview',
  'reason_p_aea_approved_sporting_activity',
  'reason_v_aea_educational_visit_trip',
  'reason_w_aea_work_experience',
  'reason_k_aea_education_arranged_by_la',
  'reason_g_unauthorised_holiday',
  'reason_u_unauthorised_late_after_registers_closed',
  'reason_o_other_unauthorised',
  'reason_n_no_reason_yet',
  'reason_x_not_attending_covid_non_compulsory',
];

const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  'time_period',
  'time_identifier',
  ...EES_AREA_COLUMNS,
  ...PHASE_COLUMNS,
  ...REGISTER_MEASURES.map((m) => m.column),
  PA_EXPLORER_COLUMN,
  ...KNOWN_IGNORED,
]);

/** "Total" in the attendance files and "All schools" in the PA explorer file both mean every phase. */
const PHASE_MAP: ReadonlyMap<string, Phase> = new Map([
  ['Primary', 'primary'],
  ['Secondary', 'secondary'],
  ['Special', 'special'],
  ['Total', 'total'],
  ['All schools', 'total'],
]);

/**
 * Term and year identifiers accepted in term/ytd files (as spelled by periods.readTimeIdentifier), and as
 * the `timeIdentifier` option.
 */
const TERM_IDENTIFIERS: ReadonlySet<string> = new Set<string>([...TERM_ORDER, 'Year to date']);

const WEEK = /^Week (\d{1,2})$/;
const CALENDAR_YEAR = /^\d{4}$/;

/**
 * Imports one attendance file (term, ytd or weekly) from the "Pupil attendance in schools" collection.
 *
 * Returns one figure per row and measure (a row's figures share one FigureRow), with `series: 'registers'`,
 * `breakdown: ALL_PUPILS`, `dataset: 'registers-weekly'` when `time_identifier` is "Week NN" (then `time_period` is the calendar
 * year, e.g. "2024") and `'registers-term'` otherwise (then `time_period` is the academic year, e.g.
 * "202425"). Measures, from the DfE columns:
 * - counts: `num_schools` -> num_schools, `enrolments` -> enrolments (both averaged over the period by the
 *   DfE, so they can be fractional), `possible_sessions` -> sess_possible, `overall_absence` -> sess_overall,
 *   `authorised_absence` -> sess_authorised, `unauthorised_absence` -> sess_unauthorised (sessions);
 * - rates in % of possible sessions: `overall_absence_perc`, `authorised_absence_perc`,
 *   `unauthorised_absence_perc` -> sess_overall_percent, sess_authorised_percent, sess_unauthorised_percent;
 * - `pa_perc` -> enrolments_pa_10_exact_percent, in % of enrolments missing 10% or more of their sessions.
 *   Required in term and ytd files; weekly files do not publish it, so no PA figure is made for them.
 * Areas (read by the shared EES rule, ingest/ees-area.ts): National (area_code E92000001), Regional
 * (region_code), Local authority (new_la_code, with its
 * old_la_code and region_code). Phases: `school_type` or `education_phase` Primary/Secondary/Special/Total.
 * DfE symbols (c, x, z, low, ...) are kept as `symbol` with `value: null`. A session rate written `NaN` in a
 * row whose `possible_sessions` is 0 (weeks with no sessions, in some weekly files) is read as `z`.
 *
 * `file` is the path relative to the data folder, used only in error messages. `options.timeIdentifier`
 * replaces the file's `time_identifier` (see RegistersOptions). Unrecognised columns are ignored and listed
 * in `unknownColumns`.
 *
 * @throws DataError (with file, and row and column where they apply) when a required column is missing or
 * both phase columns are present; when a row's area breaks the EES area rule (ees-area.readEesArea: level, England's
 * country code on every row, region, LA and old LA codes, names); when a phase is unknown;
 * when `time_period` does not fit `time_identifier` (academic year for terms, calendar year for weeks), an
 * identifier is not a known term or week, `academic_year` differs from `time_period`, the period cannot have
 * begun yet (periods.assertNotFuture), or weekly and term rows are mixed; when an area name is not plain text
 * (csv.checkName); when a cell is neither a number nor a DfE symbol, a rate is outside 0..100 or a count is
 * negative; and when two rows share period, level, area and phase (the message names both rows).
 */
export function importRegistersFile(text: string, file: string, options: RegistersOptions = {}): RegistersImport {
  const override = options.timeIdentifier;
  if (override !== undefined && !TERM_IDENTIFIERS.has(override)) {
    throw new DataError({ file }, 'timeIdentifier option is not a term or year identifier', override);
  }
  const required = [
    'time_period',
    ...(override === undefined ? ['time_identifier'] : []),
    ...EES_AREA_COLUMNS,
    ...REGISTER_MEASURES.filter((m) => m.column !== PA_COLUMN).map((m) => m.column),
  ];
  const table = openCsv(text, file, { required });
  const phaseColumn = phaseColumnOf(table);
  const hasAcademicYear = table.header.includes('academic_year');
  const measures = REGISTER_MEASURES.filter((m) => table.header.includes(m.column)).map((m) => ({
    ...m,
    kind: MEASURES[m.measure].kind,
    sessionRate: SESSION_RATES.has(m.column),
  }));

  const figures = new FigureTable(1 << 14);
  const seen = new FirstRows<number>(5);
  const areas = new EesAreaReader(file);
  // Weekly and term files differ in what time_period means and whether pa_perc exists, so the first row
  // decides the kind of the whole file and any row of the other kind is refused.
  let weeklyFile: boolean | undefined;
  let dataset: DatasetId = 'registers-term';
  table.forEach((current) => {
    const row = current.row;
    const cells = current.cells;
    if (weeklyFile === undefined) {
      weeklyFile = WEEK.test(override ?? cells['time_identifier']!);
      if (!weeklyFile && !table.header.includes(PA_COLUMN)) {
        throw new DataError({ file, row: 1, column: PA_COLUMN }, 'required column is missing');
      }
      dataset = weeklyFile ? 'registers-weekly' : 'registers-term';
    }
    const raw = override ?? cells['time_identifier']!;
    const time_identifier = readTimeIdentifier(raw) ?? raw;
    const time_period = readPeriod(cells['time_period']!, time_identifier, weeklyFile, file, row);
    if (hasAcademicYear) {
      const where = { file, row, column: 'academic_year' };
      const academicYear = parseAcademicYear(cells['academic_year']!, where);
      if (!weeklyFile && academicYear !== time_period) {
        throw new DataError(where, `academic_year differs from time_period ${time_period}`, academicYear);
      }
    }
    const area = areas.readCells(cells, row);
    const phase = readPhase(cells[phaseColumn]!, { file, row, column: phaseColumn });
    checkDuplicate(seen, [time_period, time_identifier, area.geographic_level, area.area_code, phase], file, row);

    const index = figures.addRow({
      series: 'registers',
      dataset,
      time_period,
      time_identifier,
      geographic_level: area.geographic_level,
      area_code: area.area_code,
      area_name: area.area_name,
      old_la_code: area.old_la_code,
      region_code: area.region_code,
      phase,
      breakdown: ALL_PUPILS,
    });
    for (const m of measures) {
      const raw = cells[m.column]!;
      const noSessions = m.sessionRate && raw === 'NaN' && cells['possible_sessions'] === '0';
      const v = noSessions ? 'z' : cellValue(raw);
      if (v === undefined) throw cellError(raw, { file, row, column: m.column });
      if (typeof v === 'number') {
        checkRange(v, m.kind, file, row, m.column, raw);
        figures.add(index, m.measure, v, null);
      } else {
        figures.add(index, m.measure, null, v);
      }
    }
  });
  return { figures, unknownColumns: unknownColumnsOf(table) };
}

/**
 * Imports `pa_explorer/week_29_persistent_absence.csv`: persistent absence for the academic year to date,
 * as it stood at each listed week (2024/25 at calendar-2025 weeks 8 to 30).
 *
 * Returns one figure per row: `series: 'registers'`, `dataset: 'registers-pa-ytd'`,
 * `breakdown: ALL_PUPILS`, `measure: 'enrolments_pa_10_exact_percent'` (from `persistent_absence_percent`:
 * % of enrolments that missed 10% or more of their possible sessions since the start of the year),
 * `time_period` the calendar year ("2025") and `time_identifier` the week ("Week 30") the figure runs to.
 * Phases from `education_phase` (or `school_type`): Primary, Secondary, Special, and "All schools" (or
 * "Total") -> total. Areas as in importRegistersFile. Symbols are kept.
 *
 * @throws DataError (file, row, column) for a missing required column, a `time_frame` other than
 * "Year to date", a `time_identifier` that is not "Week NN" or a `time_period` that is not a calendar year
 * or is in the future, an area name that is not plain text,
 * an unknown level or phase, a malformed area, a cell that is neither a number nor a symbol, a rate outside
 * 0..100, and a duplicate row (period, level, area, phase; both rows named).
 */
export function importPersistentAbsenceByWeek(text: string, file: string): RegistersImport {
  const table = openCsv(text, file, {
    required: ['time_period', 'time_identifier', ...EES_AREA_COLUMNS, PA_EXPLORER_COLUMN],
  });
  const phaseColumn = phaseColumnOf(table);
  const hasTimeFrame = table.header.includes('time_frame');

  const figures = new FigureTable(1 << 12);
  const seen = new FirstRows<number>(5);
  const areas = new EesAreaReader(file);
  table.forEach((current) => {
    const row = current.row;
    const cells = current.cells;
    // A figure for a single week would be a different statistic from a year-to-date one.
    if (hasTimeFrame && cells['time_frame'] !== 'Year to date') {
      throw new DataError({ file, row, column: 'time_frame' }, 'expected "Year to date"', cells['time_frame']);
    }
    const time_identifier = cells['time_identifier']!;
    const time_period = readPeriod(cells['time_period']!, time_identifier, true, file, row);
    const area = areas.readCells(cells, row);
    const phase = readPhase(cells[phaseColumn]!, { file, row, column: phaseColumn });
    checkDuplicate(seen, [time_period, time_identifier, area.geographic_level, area.area_code, phase], file, row);

    const raw = cells[PA_EXPLORER_COLUMN];
    const v = cellValue(raw);
    if (v === undefined) throw cellError(raw, { file, row, column: PA_EXPLORER_COLUMN });
    if (typeof v === 'number') checkRange(v, 'rate', file, row, PA_EXPLORER_COLUMN, raw!);
    const index = figures.addRow({
      series: 'registers',
      dataset: 'registers-pa-ytd',
      time_period,
      time_identifier,
      geographic_level: area.geographic_level,
      area_code: area.area_code,
      area_name: area.area_name,
      old_la_code: area.old_la_code,
      region_code: area.region_code,
      phase,
      breakdown: ALL_PUPILS,
    });
    if (typeof v === 'number') figures.add(index, 'enrolments_pa_10_exact_percent', v, null);
    else figures.add(index, 'enrolments_pa_10_exact_percent', null, v);
  });
  return { figures, unknownColumns: unknownColumnsOf(table) };
}

function phaseColumnOf(table: CsvHeader): string {
  const present = PHASE_COLUMNS.filter((c) => table.header.includes(c));
  // With both, which one the DfE meant would be a guess.
  if (present.length > 1) {
    throw new DataError({ file: table.file, row: 1, column: present.join(' and ') }, 'both phase columns are present');
  }
  return pickColumn(table.header, PHASE_COLUMNS, table.file);
}

function unknownColumnsOf(table: CsvHeader): string[] {
  return table.header.filter((h) => !KNOWN_COLUMNS.has(h));
}

/** Validates `time_period` against the kind of `time_identifier` (and refuses a future one) and returns it. */
function readPeriod(timePeriod: string, timeIdentifier: string, weekly: boolean, file: string, row: number): string {
  const week = WEEK.exec(timeIdentifier);
  if (weekly !== (week !== null)) {
    throw new DataError(
      { file, row, column: 'time_identifier' },
      weekly ? 'expected "Week NN" as in the rest of this weekly file' : 'a week in a term or year file',
      timeIdentifier,
    );
  }
  const where = { file, row, column: 'time_period' };
  if (week) {
    const n = Number(week[1]);
    if (n < 1 || n > 53) {
      throw new DataError({ file, row, column: 'time_identifier' }, 'week number out of range', timeIdentifier);
    }
    if (!CALENDAR_YEAR.test(timePeriod)) {
      throw new DataError(where, 'weekly time_period is not a calendar year', timePeriod);
    }
    assertNotFuture(timePeriod, timeIdentifier, where);
    return timePeriod;
  }
  if (!TERM_IDENTIFIERS.has(timeIdentifier)) {
    throw new DataError({ file, row, column: 'time_identifier' }, 'not a known term, year or week identifier', timeIdentifier);
  }
  const academicYear = parseAcademicYear(timePeriod, where);
  assertNotFuture(academicYear, timeIdentifier, where);
  return academicYear;
}

function readPhase(raw: string, where: DataLocation): Phase {
  const phase = PHASE_MAP.get(raw);
  if (!phase) {
    throw new DataError(where, 'unknown phase (expected Primary, Secondary, Special, Total or All schools)', raw);
  }
  return phase;
}

/** Refuses a rate outside 0..100 or a negative count read from `column` of `row` (the location made only then). */
function checkRange(value: number, kind: 'rate' | 'count', file: string, row: number, column: string, raw: string): void {
  if (kind === 'rate' && (value < 0 || value > 100)) throw new DataError({ file, row, column }, 'rate outside 0 to 100', raw);
  if (kind === 'count' && value < 0) throw new DataError({ file, row, column }, 'negative count', raw);
}

/**
 * One row per period, area and phase: a second one would double-count or silently replace a figure. `key`
 * is the row's period, identifier, level, area code and phase.
 */
function checkDuplicate(seen: FirstRows<number>, key: readonly string[], file: string, row: number): void {
  const first = seen.claim(key, row);
  if (first !== undefined) {
    throw new DataError({ file, row }, `duplicate of row ${first} (same period, level, area and phase)`);
  }
}
