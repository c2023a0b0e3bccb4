/**
 * Importer for the school-census publication "Pupil absence in schools in England" (PAbs): the
 * national/regional/LA files (`sess_*`, `enrolments_pa_10_exact*`, `enrolments_pa_50_exact*` schema,
 * e.g. `1_absence_3term_nat_reg_la.csv`, `4_absence_2term_pru.csv`) and the pupil-characteristics file
 * (e.g. `6_absence_2term_characteristics.csv`).
 *
 * Pure: CSV text in, figures out (a FigureTable: one row per published row, one figure per measure). Nothing is dropped silently: a row the importer cannot place
 * (unknown level, phase, topic, term, a bad cell) is a DataError naming file, row and column.
 */
import { openCsv, type CsvHeader, type CsvRow, type CsvRows } from '../csv';
import { FirstRows } from '../first-rows';
import { EES_AREA_COLUMNS, EesAreaReader, type EesArea } from '../ees-area';
import { DataError, type DataLocation } from '../../domain/errors';
import { FigureTable } from '../../domain/figure-table';
import {
  ALL_PUPILS,
  breakdownKey,
  MEASURES,
  type Breakdown,
  type BreakdownTopic,
  type DatasetId,
  type MeasureId,
  type Phase,
} from '../../domain/model';
import { assertNotFuture, parseAcademicYear, readTimeIdentifier } from '../../domain/periods';
import { cellError, cellValue, type DfeSymbol } from '../../domain/symbols';

/** What an import returns: the figures, and header columns the importer neither uses nor knows to ignore. */
export interface CensusImport {
  /** One row per published row kept, its figures in the file's measure order (MEASURES order). */
  figures: FigureTable;
  /** Columns in the header that are not read and not known to be safely ignorable. Reported, never fatal. */
  unknownColumns: string[];
  /**
   * Half terms a full year's figures cover, by `time_period`, from the `absence_terms` column ("Five half
   * terms" before 2012/13, when the census left out the second half of the summer term; "Six half terms"
   * after). Empty when the file has no such column.
   */
  halfTerms: Record<string, 5 | 6>;
}

export interface CensusGeographicOptions {
  /**
   * Phase for files with no phase column (the PRU file). If the file does have a phase column, every
   * row's phase must equal this one.
   */
  phase?: Phase;
}

const GEO_COLUMNS = ['time_period', 'time_identifier', ...EES_AREA_COLUMNS] as const;

/** Always needed; the region/LA columns are only needed when a row of that level occurs. */
const PERIOD_AND_LEVEL_COLUMNS = ['time_period', 'time_identifier', 'geographic_level'] as const;

const PHASE_COLUMNS = ['school_type', 'education_phase'] as const;

const MEASURE_IDS = Object.keys(MEASURES) as MeasureId[];

/**
 * Measures every PAbs absence file publishes, whatever its layout. The others (`num_schools`, the
 * authorised/unauthorised counts and rates) are read when the file has them: the termly file has no
 * authorised or unauthorised rates, the ethnicity file neither those nor their counts. A measure a file
 * does not publish is not a figure, so nothing stands for it (no zero, no symbol).
 */
export const CORE_CENSUS_MEASURES = [
  'enrolments',
  'sess_possible',
  'sess_overall',
  'sess_overall_percent',
  'enrolments_pa_10_exact',
  'enrolments_pa_10_exact_percent',
  'enrolments_pa_50_exact',
  'enrolments_pa_50_exact_percent',
] as const satisfies readonly MeasureId[];

/** The measures `table` publishes: every core one (required) and the optional ones present. */
function measuresIn(table: CsvHeader): MeasureId[] {
  return MEASURE_IDS.filter((m) => table.header.includes(m));
}

/** `absence_terms` labels: how many half terms a full year covers. */
const ABSENCE_TERMS = new Map<string, 5 | 6>([
  ['five half terms', 5],
  ['six half terms', 6],
]);

/**
 * Columns published in PAbs files that carry figures this site does not show (absence reasons, the X and
 * Y attendance codes). They are known, so they are not reported as unknown.
 */
function isIgnoredColumn(col: string): boolean {
  return (
    /^sess_(auth|unauth)_/.test(col) ||
    col === 'sess_overall_totalreasons' ||
    col === 'sess_x_covid' ||
    col === 'sess_y_exceptional' ||
    // Sessions of the persistently absent pupils only (ethnicity file): not a figure this site shows.
    col === 'sess_possible_pa_10_exact' ||
    col === 'sess_overall_pa_10_exact'
  );
}

// The lookup tables below are Maps so that a cell reading "toString" cannot find Object.prototype's.

/**
 * The periods a census file can hold, by their spelling from periods.readTimeIdentifier. "Academic year"
 * (EES full-year files) and "Full year" (older files) are the same period: census years are finished years.
 */
const TIME_IDENTIFIERS = new Map<string, string>(Object.entries({
  'Autumn term': 'Autumn term',
  'Autumn and spring term': 'Autumn and spring term',
  'Spring term': 'Spring term',
  'Summer term': 'Summer term',
  'Full year': 'Full year',
  'Academic year': 'Full year',
}));

/** PAbs `school_type` / `education_phase` labels, lower-cased. */
const PHASE_VALUES = new Map<string, Phase>(Object.entries({
  total: 'total',
  'state-funded primary': 'primary',
  'state-funded secondary': 'secondary',
  special: 'special',
  'state-funded special': 'special',
  'pupil referral unit': 'pru',
  'state-funded ap school': 'ap',
} satisfies Record<string, Phase>));

/** Context shared by both importers: which file, which dataset, how each row's phase and breakdown are read. */
interface RowReader {
  file: string;
  dataset: DatasetId;
  table: CsvRows;
  phase: (row: CsvRow) => Phase;
  breakdown: (row: CsvRow) => { breakdown: Breakdown; rawTopic: string };
  measures: readonly MeasureId[];
  /** Read from every row once its figures are (the file's half terms). */
  after: (row: CsvRow) => void;
}

/**
 * Imports a PAbs national/regional/LA file.
 *
 * Input: one row per `time_period` × `time_identifier` × `geographic_level` × area × phase. Columns
 * read: `time_period`, `time_identifier`, `geographic_level`, `country_code`, `country_name`,
 * `region_code`, `region_name`, `old_la_code`, `new_la_code`, `la_name`, the phase column (`school_type`
 * or `education_phase`), and every measure in MEASURES (`num_schools`, `enrolments`, `sess_possible`,
 * `sess_overall`, `sess_authorised`, `sess_unauthorised`, `sess_overall_percent`,
 * `sess_authorised_percent`, `sess_unauthorised_percent`, `enrolments_pa_10_exact`,
 * `enrolments_pa_10_exact_percent`, `enrolments_pa_50_exact`, `enrolments_pa_50_exact_percent`).
 * Reason columns (`sess_auth_*`, `sess_unauth_*`, `sess_overall_totalreasons`, `sess_x_covid`,
 * `sess_y_exceptional`) are ignored; any other column is listed in `unknownColumns`.
 *
 * Output: one figure per row × measure (the row's figures share one FigureRow), `series: 'census'`, `dataset: 'census-geographic'` (or
 * `'census-pru'` when `options.phase === 'pru'`), `breakdown: ALL_PUPILS`, `measure` = the DfE column.
 * Units: `sess_*_percent` are % of possible sessions; `enrolments_pa_*_percent` are % of enrolments
 * (pupils missing 10% / 50% or more of their possible sessions); the other measures are counts.
 * `time_identifier` "Academic year" is stored as "Full year". `area_code` is `country_code` (National),
 * `region_code` (Regional; Inner/Outer London E13 rows are kept as areas of their own) or `new_la_code`
 * (Local authority); an LA's `region_code` is copied from the file as published (London LAs in the PRU
 * file carry E13 Inner/Outer London codes). Areas are read by the shared EES rule (ingest/ees-area.ts).
 *
 * Throws DataError (file, row, column, value) for: a missing required column; both or neither phase
 * column (neither is allowed when `options.phase` is given); a phase other than Total, State-funded
 * primary/secondary, Special, State-funded special, Pupil referral unit, State-funded AP school; a level
 * other than National, Regional, Local authority; a `time_identifier` not listed above; a bad or future
 * `time_period` (one that cannot have begun yet: periods.assertNotFuture); an area name that is not plain
 * text (csv.checkName: markup, control characters, a leading =, +, - or @); a cell that is neither a number
 * nor a DfE symbol (parseCell: thousands separators, unknown symbols, empty cells); a rate outside 0..100;
 * a count that is negative or not an integer; two rows with the same period, level, area and phase.
 */
export function importCensusGeographic(text: string, file: string, options: CensusGeographicOptions = {}): CensusImport {
  const table = openCsv(text, file, { required: [...PERIOD_AND_LEVEL_COLUMNS, 'country_code', 'country_name', ...CORE_CENSUS_MEASURES] });
  const halfTerms = halfTermsReader(table);
  const phaseColumn = findPhaseColumn(table, options.phase !== undefined);
  const fixed = options.phase;
  const phase = (row: CsvRow): Phase => {
    if (phaseColumn === null) return fixed!;
    const p = readPhase(row, phaseColumn, file);
    if (fixed !== undefined && p !== fixed) {
      throw new DataError(
        { file, row: row.row, column: phaseColumn },
        `phase differs from the phase "${fixed}" this file was imported as`,
        row.cells[phaseColumn],
      );
    }
    return p;
  };
  const figures = importRows({
    file,
    dataset: fixed === 'pru' ? 'census-pru' : 'census-geographic',
    table,
    phase,
    breakdown: () => ({ breakdown: ALL_PUPILS, rawTopic: 'Total' }),
    measures: measuresIn(table),
    after: halfTerms.read,
  });
  const known = new Set<string>([...GEO_COLUMNS, ...PHASE_COLUMNS, ...MEASURE_IDS, 'absence_terms']);
  return { figures, unknownColumns: table.header.filter((c) => !known.has(c) && !isIgnoredColumn(c)), halfTerms: halfTerms.years };
}

/**
 * The `absence_terms` column, one value per `time_period`, read row by row (`read`) into `years`. Throws
 * DataError naming the row and column for a label other than "Five half terms" / "Six half terms", or a
 * year whose rows disagree. A file without the column gives no years.
 */
function halfTermsReader(table: CsvHeader): { read: (row: CsvRow) => void; years: Record<string, 5 | 6> } {
  const years: Record<string, 5 | 6> = {};
  if (!table.header.includes('absence_terms')) return { read: () => {}, years };
  const firstRow = new Map<string, number>();
  const read = (row: CsvRow) => {
    const raw = row.cells.absence_terms!;
    const n = ABSENCE_TERMS.get(raw.trim().toLowerCase());
    const where = { file: table.file, row: row.row, column: 'absence_terms' };
    if (n === undefined) throw new DataError(where, 'absence_terms is not "Five half terms" or "Six half terms"', raw);
    const year = row.cells.time_period!.trim();
    if (years[year] !== undefined && years[year] !== n) {
      throw new DataError(where, `absence_terms differs from row ${firstRow.get(year)} of the same time_period`, raw);
    }
    if (years[year] === undefined) firstRow.set(year, row.row);
    years[year] = n;
  };
  return { read, years };
}

/**
 * Imports a PAbs pupil-characteristics file.
 *
 * Input: the geographic file's columns (period, level, area, phase column `school_type` or
 * `education_phase`, which is required here) plus a breakdown in one of two layouts:
 * - EES layout: `breakdown_topic` and `breakdown`;
 * - older layout: `characteristic_group` and `characteristic`, or `characteristic` alone with values
 *   written "Topic - Value" (e.g. "SEN - SEN support"; a bare "Total" is all pupils).
 * A value that repeats its topic as a prefix ("FSM - FSM eligible" under group "FSM") has the prefix
 * removed. Measures as in importCensusGeographic; `num_schools` is optional here (read when present).
 *
 * Topics (case-insensitive) map to BREAKDOWN_TOPICS:
 * - "Total" / "All pupils" -> Total (value must be "Total");
 * - "FSM", "FSM eligible", "FSM eligibility", "FSM status", "Free school meals" -> FSM eligibility, values
 *   "FSM eligible" (also "Eligible", "Eligible for FSM", "Known to be eligible for FSM"), "FSM not eligible"
 *   (also "Not eligible", "Not eligible for FSM", "Not known to be eligible for FSM"), "FSM unclassified"
 *   (also "Unclassified");
 * - "SEN", "SEN provision", "SEN status" -> SEN provision, values "SEN support", "EHC plan" (also "EHCP"),
 *   "Statement or EHC plan" (also "Statement or EHCP", "EHCP or Statement"), "No SEN" (also "No identified
 *   SEN"), "SEN unclassified" (also "Unclassified"). "EHC plan" and "Statement or EHC plan" are kept apart:
 *   they are different DfE definitions, not spellings;
 * - "Gender", "Sex" -> Gender, values "Female" (also "Girls"), "Male" (also "Boys");
 * - "Ethnicity", "Ethnicity major", "Ethnicity minor", "Ethnic group", "Ethnic group major/minor",
 *   "Major/Minor ethnic group" -> Ethnicity, value kept as the DfE text. Where a major and a minor group
 *   share a label (e.g. "Chinese") and carry identical figures they are one group and are imported once;
 *   differing figures are a duplicate-row DataError;
 * - "Year group", "NC year", "National curriculum year" -> Year group, values "Nursery", "Reception",
 *   "Year 1" ... "Year 14" (also "Year 01", "NC year 1", "Y1").
 * Every topic also accepts the value "Total" (kept as that topic's Total, not merged into all pupils).
 *
 * Output: as importCensusGeographic with `dataset: 'census-characteristics'` and the mapped `breakdown`.
 * Throws DataError as importCensusGeographic, plus: no breakdown columns or both layouts; an unknown
 * topic or value (naming the topic or value column); a duplicate period × level × area × phase ×
 * breakdown.
 */
export function importCensusCharacteristics(text: string, file: string): CensusImport {
  const table = openCsv(text, file, { required: [...PERIOD_AND_LEVEL_COLUMNS, 'country_code', 'country_name', ...CORE_CENSUS_MEASURES] });
  const halfTerms = halfTermsReader(table);
  const phaseColumn = findPhaseColumn(table, false)!;
  const layout = findBreakdownLayout(table);
  const figures = importRows({
    file,
    dataset: 'census-characteristics',
    table,
    phase: (row) => readPhase(row, phaseColumn, file),
    breakdown: (row) => readBreakdown(row, layout, file),
    measures: measuresIn(table),
    after: halfTerms.read,
  });
  const known = new Set<string>([...GEO_COLUMNS, ...PHASE_COLUMNS, ...MEASURE_IDS, 'absence_terms', ...BREAKDOWN_LAYOUT_COLUMNS]);
  return { figures, unknownColumns: table.header.filter((c) => !known.has(c) && !isIgnoredColumn(c)), halfTerms: halfTerms.years };
}

/** True when a PAbs file's header is a characteristics layout (any of its breakdown columns is present). */
export function isCharacteristicsHeader(header: readonly string[]): boolean {
  return header.some((c) => (BREAKDOWN_LAYOUT_COLUMNS as readonly string[]).includes(c));
}

function findPhaseColumn(table: CsvHeader, optional: boolean): string | null {
  const found = PHASE_COLUMNS.filter((c) => table.header.includes(c));
  if (found.length === 2) {
    throw new DataError(
      { file: table.file, row: 1, column: 'school_type and education_phase' },
      'both phase columns are present: which one describes the rows is ambiguous',
    );
  }
  if (found.length === 0) {
    if (optional) return null;
    throw new DataError({ file: table.file, row: 1, column: 'school_type or education_phase' }, 'required column is missing');
  }
  return found[0]!;
}

function readPhase(row: CsvRow, column: string, file: string): Phase {
  const raw = row.cells[column]!;
  const phase = PHASE_VALUES.get(raw.toLowerCase());
  if (!phase) throw new DataError({ file, row: row.row, column }, 'unknown phase', raw);
  return phase;
}

/** What the duplicate check keeps of a row: its number, and for an ethnic group its raw topic and figures. */
interface SeenRow {
  row: number;
  rawTopic: string;
  figures: string;
}

function importRows(r: RowReader): FigureTable {
  const { file, table, measures } = r;
  const areas = new EesAreaReader(file);
  const seen = new FirstRows<SeenRow>(6);
  const figures = new FigureTable(1 << 16);
  const rates = measures.map((m) => MEASURES[m].kind === 'rate');
  // The row's figures, all read and checked before any is added (a repeated ethnic group adds none): one
  // array for every row, not an object per figure.
  const values = new Array<number | DfeSymbol>(measures.length);
  // Made once, not per row (a closure per row of 100,000 rows is most of a loop this small): `row` is the
  // row being read.
  let row: CsvRow = { row: 0, cells: {} };
  const at = (column: string): DataLocation => ({ file, row: row.row, column });
  const readRow = () => {
    const cells = row.cells;
    const time_period = parseAcademicYear(cells.time_period!, at('time_period'));
    const time_identifier = TIME_IDENTIFIERS.get(readTimeIdentifier(cells.time_identifier!) ?? '');
    if (!time_identifier) {
      throw new DataError(at('time_identifier'), 'unknown time_identifier for a census absence file', cells.time_identifier);
    }
    assertNotFuture(time_period, time_identifier, at('time_period'));
    // A column the header lacks reads as undefined (needed only by rows of the level that uses it).
    const area: EesArea = areas.readCells(cells, row.row);
    const phase = r.phase(row);
    const { breakdown, rawTopic } = r.breakdown(row);

    for (let k = 0; k < measures.length; k++) {
      const measure = measures[k]!;
      const raw = cells[measure];
      const v = cellValue(raw);
      if (v === undefined) throw cellError(raw, at(measure));
      if (typeof v === 'number') {
        const problem = rangeProblem(rates[k]!, v);
        if (problem) throw new DataError(at(measure), problem, raw!);
      }
      values[k] = v;
    }

    // Figures are compared only between ethnic groups (below); the key holds the breakdown, so `before` is one
    // too. A row's figures as one string (each number as String() writes it, or its symbol) tell whether two
    // rows agree.
    const seenRow: SeenRow = { row: row.row, rawTopic, figures: breakdown.topic === 'Ethnicity' ? values.join('|') : '' };
    const before = seen.claim([time_period, time_identifier, area.geographic_level, area.area_code, phase, breakdownKey(breakdown)], seenRow);
    if (before) {
      // Major and minor ethnic groups can share a label ("Chinese"): the same pupils, so the same figures.
      const sameGroup = breakdown.topic === 'Ethnicity' && before.rawTopic !== rawTopic && before.figures === seenRow.figures;
      if (sameGroup) return;
      throw new DataError(
        { file, row: row.row },
        `duplicate of row ${before.row}: same period, level, area, phase and breakdown`,
        `${time_period} ${time_identifier} ${area.area_code} ${phase} ${breakdownKey(breakdown)}`,
      );
    }

    const index = figures.addRow({
      series: 'census',
      dataset: r.dataset,
      time_period,
      time_identifier,
      geographic_level: area.geographic_level,
      area_code: area.area_code,
      area_name: area.area_name,
      old_la_code: area.old_la_code,
      region_code: area.region_code,
      phase,
      breakdown,
    });
    for (let k = 0; k < measures.length; k++) {
      const v = values[k]!;
      if (typeof v === 'number') figures.add(index, measures[k]!, v, null);
      else figures.add(index, measures[k]!, null, v);
    }
  };
  table.forEach((current) => {
    row = current;
    readRow();
    r.after(current);
  });
  return figures;
}

/** What is wrong with a number read from a rate (`rate`) or a count column, or undefined when nothing is. */
function rangeProblem(rate: boolean, value: number): string | undefined {
  if (rate) return value < 0 || value > 100 ? 'rate outside 0..100' : undefined;
  return value < 0 || !Number.isInteger(value) ? 'count is not a non-negative integer' : undefined;
}

type BreakdownLayout =
  | { kind: 'pair'; topicColumn: string; valueColumn: string }
  | { kind: 'prefixed'; column: string }
  | { kind: 'columns'; columns: string[] };

/**
 * One column per characteristic, crossed (the EES "Absence by pupil ethnicity and FSM eligibility" file:
 * `fsm` x `ethnicity_minor`, each with its own "Total"). The column names the topic; listed in the order
 * a crossed row's main breakdown is chosen (ethnicity first, then FSM as its `cross`).
 */
const CHARACTERISTIC_COLUMNS = new Map<string, string>([
  ['ethnicity_minor', 'ethnicity minor'],
  ['ethnicity_major', 'ethnicity major'],
  ['sen_provision', 'sen provision'],
  ['gender', 'gender'],
  ['sex', 'sex'],
  ['fsm', 'fsm'],
  ['fsm_eligibility', 'fsm eligibility'],
]);

/** Every column a characteristics layout can use: read, so never reported as unknown. */
const BREAKDOWN_LAYOUT_COLUMNS = ['breakdown_topic', 'breakdown', 'characteristic_group', 'characteristic', ...CHARACTERISTIC_COLUMNS.keys()] as const;

function findBreakdownLayout(table: CsvHeader): BreakdownLayout {
  const has = (c: string) => table.header.includes(c);
  const ees = has('breakdown_topic') || has('breakdown');
  const old = has('characteristic_group') || has('characteristic');
  const columns = [...CHARACTERISTIC_COLUMNS.keys()].filter(has);
  if ([ees, old, columns.length > 0].filter(Boolean).length > 1) {
    throw new DataError(
      { file: table.file, row: 1, column: [ees && 'breakdown_topic', old && 'characteristic', ...columns].filter(Boolean).join(' and ') },
      'more than one breakdown layout is present: which one describes the rows is ambiguous',
    );
  }
  if (columns.length) return { kind: 'columns', columns };
  if (ees) {
    for (const c of ['breakdown_topic', 'breakdown']) {
      if (!has(c)) throw new DataError({ file: table.file, row: 1, column: c }, 'required column is missing');
    }
    return { kind: 'pair', topicColumn: 'breakdown_topic', valueColumn: 'breakdown' };
  }
  if (has('characteristic')) {
    return has('characteristic_group')
      ? { kind: 'pair', topicColumn: 'characteristic_group', valueColumn: 'characteristic' }
      : { kind: 'prefixed', column: 'characteristic' };
  }
  throw new DataError({ file: table.file, row: 1, column: 'breakdown_topic or characteristic' }, 'required column is missing');
}

/** Raw topic labels (lower-cased) as the PAbs files write them. */
const TOPICS = new Map<string, BreakdownTopic>(Object.entries({
  total: 'Total',
  'all pupils': 'Total',
  fsm: 'FSM eligibility',
  'fsm eligible': 'FSM eligibility',
  'fsm eligibility': 'FSM eligibility',
  'fsm status': 'FSM eligibility',
  'free school meals': 'FSM eligibility',
  sen: 'SEN provision',
  'sen provision': 'SEN provision',
  'sen status': 'SEN provision',
  gender: 'Gender',
  sex: 'Gender',
  ethnicity: 'Ethnicity',
  'ethnicity major': 'Ethnicity',
  'ethnicity minor': 'Ethnicity',
  'ethnic group': 'Ethnicity',
  'ethnic group major': 'Ethnicity',
  'ethnic group minor': 'Ethnicity',
  'major ethnic group': 'Ethnicity',
  'minor ethnic group': 'Ethnicity',
  'year group': 'Year group',
  'nc year': 'Year group',
  'national curriculum year': 'Year group',
} satisfies Record<string, BreakdownTopic>));

const VALUES = new Map<BreakdownTopic, Map<string, string>>(
  Object.entries({
    'FSM eligibility': {
      'fsm eligible': 'FSM eligible',
      eligible: 'FSM eligible',
      'eligible for fsm': 'FSM eligible',
      'known to be eligible for fsm': 'FSM eligible',
      'fsm not eligible': 'FSM not eligible',
      'not eligible': 'FSM not eligible',
      'not eligible for fsm': 'FSM not eligible',
      'not known to be eligible for fsm': 'FSM not eligible',
      'fsm unclassified': 'FSM unclassified',
      unclassified: 'FSM unclassified',
    },
    'SEN provision': {
      'sen support': 'SEN support',
      'ehc plan': 'EHC plan',
      ehcp: 'EHC plan',
      'statement or ehc plan': 'Statement or EHC plan',
      'statement or ehcp': 'Statement or EHC plan',
      'ehcp or statement': 'Statement or EHC plan',
      'no sen': 'No SEN',
      'no identified sen': 'No SEN',
      'sen unclassified': 'SEN unclassified',
      unclassified: 'SEN unclassified',
    },
    Gender: { female: 'Female', girls: 'Female', male: 'Male', boys: 'Male' },
  }).map(([topic, values]) => [topic as BreakdownTopic, new Map(Object.entries(values))]),
);

function readBreakdown(row: CsvRow, layout: BreakdownLayout, file: string): { breakdown: Breakdown; rawTopic: string } {
  if (layout.kind === 'columns') return readCrossedBreakdown(row, layout.columns, file);
  return readOneBreakdown(row, layout, file);
}

/**
 * A row of a one-column-per-characteristic file: the columns that are not "Total" give the breakdown.
 * None: all pupils; one: that breakdown; two: the first (in CHARACTERISTIC_COLUMNS order) with the
 * second as its `cross` ("African" pupils who are "FSM eligible"). More than two is refused.
 */
function readCrossedBreakdown(row: CsvRow, columns: readonly string[], file: string): { breakdown: Breakdown; rawTopic: string } {
  const parts: Breakdown[] = [];
  for (const column of columns) {
    const raw = row.cells[column]!;
    if (raw.trim().toLowerCase() === 'total') continue;
    const topicLabel = CHARACTERISTIC_COLUMNS.get(column)!;
    const { breakdown } = readOneBreakdown({ row: row.row, cells: { [column]: raw, __topic: topicLabel } }, { kind: 'pair', topicColumn: '__topic', valueColumn: column }, file);
    parts.push(breakdown);
  }
  if (parts.length === 0) return { breakdown: ALL_PUPILS, rawTopic: 'Total' };
  if (parts.length > 2) {
    throw new DataError({ file, row: row.row, column: columns.join(', ') }, 'a row crosses more than two characteristics, which this site cannot show');
  }
  const [main, cross] = parts as [Breakdown, Breakdown | undefined];
  return { breakdown: cross ? { ...main, cross: { topic: cross.topic, value: cross.value } } : main, rawTopic: columns.join('+') };
}

function readOneBreakdown(row: CsvRow, layout: Exclude<BreakdownLayout, { kind: 'columns' }>, file: string): { breakdown: Breakdown; rawTopic: string } {
  let rawTopic: string;
  let rawValue: string;
  let topicColumn: string;
  let valueColumn: string;
  if (layout.kind === 'pair') {
    topicColumn = layout.topicColumn;
    valueColumn = layout.valueColumn;
    rawTopic = row.cells[topicColumn]!;
    rawValue = row.cells[valueColumn]!;
  } else {
    topicColumn = valueColumn = layout.column;
    const text = row.cells[layout.column]!;
    const dash = text.indexOf(' - ');
    [rawTopic, rawValue] = dash < 0 ? [text, text] : [text.slice(0, dash), text.slice(dash + 3)];
  }
  const topic = TOPICS.get(rawTopic.trim().toLowerCase());
  if (!topic) throw new DataError({ file, row: row.row, column: topicColumn }, 'unknown breakdown topic', rawTopic);

  let value = rawValue.trim();
  // Older files repeat the topic in the value ("SEN - SEN support" under "SEN").
  const dash = value.indexOf(' - ');
  if (dash > 0 && TOPICS.get(value.slice(0, dash).trim().toLowerCase()) === topic) value = value.slice(dash + 3).trim();

  const bad = () => new DataError({ file, row: row.row, column: valueColumn }, `unknown value for breakdown topic ${topic}`, rawValue);
  if (value.toLowerCase() === 'total') {
    return { breakdown: topic === 'Total' ? ALL_PUPILS : { topic, value: 'Total' }, rawTopic };
  }
  if (topic === 'Total') throw bad();
  if (value === '') throw bad();
  if (topic === 'Ethnicity') return { breakdown: { topic, value }, rawTopic };
  if (topic === 'Year group') {
    const lower = value.toLowerCase();
    if (lower === 'reception' || lower === 'nursery') return { breakdown: { topic, value: lower === 'reception' ? 'Reception' : 'Nursery' }, rawTopic };
    const m = /^(?:year|nc year|y)\s*0?(\d{1,2})$/.exec(lower);
    const n = m ? Number(m[1]) : NaN;
    if (n >= 1 && n <= 14) return { breakdown: { topic, value: `Year ${n}` }, rawTopic };
    throw bad();
  }
  const mapped = VALUES.get(topic)?.get(value.toLowerCase());
  if (!mapped) throw bad();
  return { breakdown: { topic, value: mapped }, rawTopic };
}
