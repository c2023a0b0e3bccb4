/**
 * The one normalised model every importer produces and every page reads.
 *
 * An Observation is one published figure: a period, an area, a phase of education, a breakdown
 * (pupil characteristic), a measure named with its DfE column, and either a number or a DfE symbol.
 * Every observation carries its `series`: the school census and the daily-register attendance
 * collection are different statistics and are never joined into one line.
 */
import type { DfeSymbol } from './symbols';

/** The two statistics this site shows. Never compare or join across them without saying so. */
export const SERIES = ['census', 'registers'] as const;
export type Series = (typeof SERIES)[number];

/** Publication and collection behind each series, as printed in source lines. */
export const SERIES_LABEL: Record<Series, { short: string; publication: string; collection: string }> = {
  census: {
    short: 'School census',
    publication: 'Pupil absence in schools in England (DfE)',
    collection: 'school census, termly absence returns',
  },
  registers: {
    short: 'Daily registers',
    publication: 'Pupil attendance in schools (DfE)',
    collection: 'daily attendance registers shared by schools',
  },
};

/** The files (datasets) an observation can come from. */
export const DATASETS = {
  lait: 'LA Interactive Tool compilation (from Pupil absence in schools in England, full year)',
  'census-geographic': 'Pupil absence in schools in England: national, regional and LA file',
  'census-characteristics': 'Pupil absence in schools in England: pupil characteristics file',
  'census-pru': 'Pupil absence in schools in England: pupil referral units, autumn and spring terms',
  distributions: 'Pupil absence distributions (full year, enrolments by overall absence band)',
  cin: 'Outcomes for children in need, including children looked after: absence',
  'registers-term': 'Pupil attendance in schools: term and academic-year figures',
  'registers-weekly': 'Pupil attendance in schools: weekly figures',
  'registers-pa-ytd': 'Pupil attendance in schools: persistent absence, year to date by week',
} as const;
export type DatasetId = keyof typeof DATASETS;

export const GEOGRAPHIC_LEVELS = ['National', 'Regional', 'Local authority'] as const;
export type GeographicLevel = (typeof GEOGRAPHIC_LEVELS)[number];

export const ENGLAND_CODE = 'E92000001';

/**
 * Phases (DfE `school_type` / `education_phase` / LAIT item prefix) normalised to short ids.
 * `total` is all state-funded schools covered by the file (its "Total" row).
 */
export const PHASES = ['total', 'primary', 'secondary', 'special', 'pru', 'ap'] as const;
export type Phase = (typeof PHASES)[number];
/**
 * The phases the site's pages, charts and selectors offer, in display order: all state-funded schools and
 * its three school types. PRU and AP figures appear only where their own files are shown.
 */
export const SCHOOL_PHASES: readonly Phase[] = ['total', 'primary', 'secondary', 'special'];
export const PHASE_LABEL: Record<Phase, string> = {
  total: 'All schools',
  primary: 'State-funded primary',
  secondary: 'State-funded secondary',
  special: 'Special',
  pru: 'Pupil referral units',
  ap: 'State-funded alternative provision',
};

/**
 * A phase as words inside a title or sentence: "all schools", "state-funded primary schools", "special
 * schools", "pupil referral units". The one place "schools" is added, so no title says "all schools schools".
 */
export function phaseWords(phase: Phase): string {
  const label = PHASE_LABEL[phase].toLowerCase();
  return /\b(schools|units|provision)$/.test(label) ? label : `${label} schools`;
}

/**
 * Measures, named by the DfE school-census column. Register (attendance) files use other column
 * names for the same idea; their importer maps them here and keeps `series: 'registers'`.
 * Units: `sess_*_percent` are % of possible sessions; `enrolments_pa_*_percent` are % of enrolments.
 */
export const MEASURES = {
  sess_overall_percent: { label: 'Overall absence rate', unit: '% of possible sessions', kind: 'rate' },
  sess_authorised_percent: { label: 'Authorised absence rate', unit: '% of possible sessions', kind: 'rate' },
  sess_unauthorised_percent: { label: 'Unauthorised absence rate', unit: '% of possible sessions', kind: 'rate' },
  enrolments_pa_10_exact_percent: {
    label: 'Persistent absence',
    unit: '% of enrolments missing 10% or more of sessions',
    kind: 'rate',
  },
  enrolments_pa_50_exact_percent: {
    label: 'Severe absence',
    unit: '% of enrolments missing 50% or more of sessions',
    kind: 'rate',
  },
  enrolments: { label: 'Enrolments', unit: 'pupil enrolments', kind: 'count' },
  enrolments_pa_10_exact: { label: 'Persistently absent enrolments', unit: 'pupil enrolments', kind: 'count' },
  enrolments_pa_50_exact: { label: 'Severely absent enrolments', unit: 'pupil enrolments', kind: 'count' },
  sess_possible: { label: 'Possible sessions', unit: 'sessions', kind: 'count' },
  sess_overall: { label: 'Sessions missed', unit: 'sessions', kind: 'count' },
  sess_authorised: { label: 'Authorised absence sessions', unit: 'sessions', kind: 'count' },
  sess_unauthorised: { label: 'Unauthorised absence sessions', unit: 'sessions', kind: 'count' },
  num_schools: { label: 'Schools', unit: 'schools', kind: 'count' },
} as const;
export type MeasureId = keyof typeof MEASURES;

/** Measures a reader can map and chart (the rates). */
export const RATE_MEASURES = [
  'enrolments_pa_10_exact_percent',
  'enrolments_pa_50_exact_percent',
  'sess_overall_percent',
  'sess_authorised_percent',
  'sess_unauthorised_percent',
] as const satisfies readonly MeasureId[];
export type RateMeasure = (typeof RATE_MEASURES)[number];

/**
 * The published pupil count behind a rate, where there is one: persistent and severe absence are % of
 * enrolments, and the DfE publishes the number of pupils (`enrolments_pa_10_exact`, `enrolments_pa_50_exact`)
 * beside them. Session rates have no pupil count.
 */
export const PUPIL_COUNT_OF: Partial<Record<RateMeasure, MeasureId>> = {
  enrolments_pa_10_exact_percent: 'enrolments_pa_10_exact',
  enrolments_pa_50_exact_percent: 'enrolments_pa_50_exact',
};

/**
 * Breakdown topics, in the words the site shows. Values are the DfE's own labels, tidied only where the
 * files disagree on spelling (documented in each importer).
 */
export const BREAKDOWN_TOPICS = [
  'Total',
  'FSM eligibility',
  'SEN provision',
  'Gender',
  'Ethnicity',
  'Year group',
  'Social care group',
] as const;
export type BreakdownTopic = (typeof BREAKDOWN_TOPICS)[number];

/**
 * A pupil-characteristic breakdown; `{ topic: 'Total', value: 'Total' }` means all pupils. `cross` narrows
 * it by a second characteristic where a file crosses two (ethnicity x FSM: "African" pupils who are "FSM
 * eligible"); without `cross` the breakdown covers every pupil of that value.
 */
export interface Breakdown {
  topic: BreakdownTopic;
  value: string;
  cross?: { topic: BreakdownTopic; value: string };
}
export const ALL_PUPILS: Breakdown = { topic: 'Total', value: 'Total' };

/** One string per distinct breakdown, `cross` included: for keys and de-duplication. */
export function breakdownKey(b: Breakdown): string {
  return b.cross ? `${b.topic}|${b.value}|${b.cross.topic}|${b.cross.value}` : `${b.topic}|${b.value}`;
}

/** Where and when a figure applies: its period, area, phase and breakdown (shared by Observation and band distributions). */
export interface FigurePlace {
  /** DfE `time_period`: academic year as 6 digits ("202324"), or calendar year ("2024") for weekly data. */
  time_period: string;
  /** DfE `time_identifier`: "Autumn term", "Autumn and spring term", "Full year", "Week 37"... */
  time_identifier: string;
  geographic_level: GeographicLevel;
  /** E92000001 for England, the region code, or the LA's `new_la_code`. */
  area_code: string;
  area_name: string;
  /** DfE 3-digit `old_la_code` for LAs, else ''. */
  old_la_code: string;
  /** The region of an LA as its file gives it, or '' for national and regional rows. */
  region_code: string;
  phase: Phase;
  breakdown: Breakdown;
}

/** One published figure. `value` and `symbol` are never both set and never both null. */
export interface Observation extends FigurePlace {
  series: Series;
  dataset: DatasetId;
  measure: MeasureId;
  value: number | null;
  symbol: DfeSymbol | null;
}

/**
 * Labels of the 11 bands, in file order, as the share of the enrolment's own possible sessions
 * missed (overall absence). Each band includes its lower bound and excludes its upper bound.
 *
 * Why lower-inclusive: the dashboard's plots label the bands "0-5%", ">5-10%", ... ">50%", which
 * would put a pupil at exactly 10% into `pct10`. But the DfE metadata for the same dashboard
 * describes the bands as "5.00 - 9.99", "10.00 - 14.99" ..., and the data agree with it: the share
 * of enrolments in `pct15`..`pct50plus` equals the published persistent absence rate ("10% or
 * more", LAIT `TotPerAbNew`/`SFPriPerAbNew`/`SFSecPerAbNew`/`SpecPerAbNew`) to 2 decimal places for
 * 3,672 of 3,674 LA/region/England × phase × year cells, and `pct50plus` alone equals the severe
 * absence rate ("50% or more", `TotSevPerAbNew`) for 925 of 926. Pupils at exactly 10% are common
 * enough that the other reading would miss by about 0.3 points everywhere.
 */
export const BAND_LABELS = [
  'Under 5%',
  '5% to under 10%',
  '10% to under 15%',
  '15% to under 20%',
  '20% to under 25%',
  '25% to under 30%',
  '30% to under 35%',
  '35% to under 40%',
  '40% to under 45%',
  '45% to under 50%',
  '50% or more',
] as const;
