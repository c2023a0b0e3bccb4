/**
 * Everything an area page shows (England, a region or an LA), computed from the generated data:
 * the quotable summary, the charts with their tables, lineage notices and the rows of its CSV.
 * Build-time only; the page component only lays these out.
 */
import { lineChart, type LineSpec } from '../charts/line-chart';
import { barChart } from '../charts/bar-chart';
import { ranking, type RankedValue } from '../charts/ranking-chart';
import { ranks } from '../view/map-logic';
import { academicYearsSpanning, pointsFor, type SeriesPoint, type SeriesQuery } from '../charts/series';
import { fixed, count, longDate } from '../domain/format';
import {
  DATASETS,
  ENGLAND_CODE,
  MEASURES,
  PHASE_LABEL,
  phaseWords,
  PUPIL_COUNT_OF,
  SCHOOL_PHASES,
  type DatasetId,
  type MeasureId,
  type Phase,
  type RateMeasure,
  type Series,
} from '../domain/model';
import { academicYearLabel, periodLabel, periodSortKey, previousYear, SINGLE_TERMS, yearToDateNote } from '../domain/periods';
import { hasEnded, type AreaEntry } from './site-data';
import { AreaStore, type AreaObservation, type AreaQuery } from '../domain/area-store';
import { periodAfterEnd, replacedCell, replacedNote, type Successor } from '../domain/succession';
import { sourceLine } from '../domain/sources';
import type { RepeatedPeriod } from '../shape/quality';
import { storyFacts, storySentence, type MeasureFact, type Rank } from './story';
import { SYMBOL_MEANING } from '../domain/symbols';
import { ethnicityCharts } from './ethnicity-charts';
import { cautionText, SMALL_BASE, type PlacedCaution } from '../shape/cautions';
import { censusAnnotations, censusYearNote, covidYear, COVID_NOTE, NO_TERMS_201920, type HalfTerms } from '../domain/census-years';

export interface ChartModel {
  id: string;
  title: string;
  alt: string;
  /** The chart at desktop width (also the SVG/PNG downloads). */
  svg: string;
  /** The same chart laid out for phones (lib/charts/plot-ssr NARROW_WIDTH); CSS shows one of the two. */
  narrowSvg?: string;
  source: string;
  /** The files the figures come from, for citations and the download manifest. */
  datasets: DatasetId[];
  /** Every published figure behind the chart, unrounded, in long form (the "full series" CSV). */
  series: () => CsvRecord[];
  note?: string;
  /** Pages the note sends the reader to (an ended authority's successors), shown after it. */
  links?: { href: string; label: string }[];
  table: { caption: string; columns: { key: string; label: string; numeric?: boolean }[]; rows: Record<string, string>[]; rowHeader?: string };
}

export interface SectionModel {
  id: string;
  heading: string;
  intro?: string;
  charts: ChartModel[];
}

export interface Notice {
  title: string;
  text: string;
  links: { href: string; label: string }[];
}

export interface AreaPageModel {
  area: AreaEntry;
  region: AreaEntry | null;
  summary: string[];
  /** "Copy figures" paragraphs for a local story (LAs only; [] otherwise). */
  facts: string[];
  notices: Notice[];
  sections: SectionModel[];
  /** Every figure on the page (area and comparators), for its CSV download. */
  csv: CsvRecord[];
  /** For a region: its local authorities, by name. */
  las: AreaEntry[];
}

/** One row of an area's CSV download: DfE column names plus source, measure, value and symbol. */
export interface CsvRecord {
  time_period: string;
  time_identifier: string;
  geographic_level: string;
  area_code: string;
  area_name: string;
  old_la_code: string;
  region_code: string;
  school_type: string;
  breakdown_topic: string;
  breakdown: string;
  source: string;
  dataset: DatasetId;
  measure: MeasureId;
  value: number | null;
  symbol: string;
}

const CENSUS_FY: readonly DatasetId[] = ['census-geographic', 'lait'];

/** The datasets of `datasets` that give `rows` a number: a file that only says "not published" is not cited. */
function withFigures(datasets: readonly DatasetId[], rows: AreaStore): DatasetId[] {
  return datasets.filter((d) => rows.select({ dataset: d }).some((r) => r.value !== null));
}

/** Measures in a persistent-absence chart's full series: the rate and the counts it is made from. */
const PUPIL_MEASURES: readonly MeasureId[] = ['enrolments', 'enrolments_pa_10_exact', 'enrolments_pa_10_exact_percent', 'enrolments_pa_50_exact', 'enrolments_pa_50_exact_percent'];
const TERMS = SINGLE_TERMS;

/**
 * The two measures a story is about: the rate (% of enrolments), the DfE count of pupils behind it
 * (`enrolments` is the denominator), and the words for them.
 */
export const STORY_MEASURES = [
  { id: 'persistent', rate: 'enrolments_pa_10_exact_percent', pupils: 'enrolments_pa_10_exact', label: 'Persistent absence', what: 'persistently absent', definition: 'missing 10% or more of their sessions' },
  { id: 'severe', rate: 'enrolments_pa_50_exact_percent', pupils: 'enrolments_pa_50_exact', label: 'Severe absence', what: 'severely absent', definition: 'missing 50% or more of their sessions' },
] as const satisfies readonly { id: string; rate: RateMeasure; pupils: MeasureId; label: string; what: string; definition: string }[];


/** Cell text for tables: the number to 1 dp (rates) or whole (counts), or the symbol's meaning. */
export function cellText(measure: MeasureId, p: { value: number | null; symbol: string | null } | undefined): string {
  if (!p) return 'no figure published';
  if (p.value === null) return p.symbol ? `${SYMBOL_MEANING[p.symbol as keyof typeof SYMBOL_MEANING] ?? p.symbol} (${p.symbol})` : 'no figure';
  return MEASURES[measure].kind === 'rate' ? fixed(p.value) : count(p.value);
}

/** An area's rows with its comparators' (see areaContext); what every part of its page is made from. */
export interface AreaContext {
  area: AreaEntry;
  rows: AreaStore;
  region: AreaEntry | null;
  /** The region's rows (an LA's page), else an empty store. */
  regionRows: AreaStore;
  englandRows: AreaStore;
  england: AreaEntry | null;
  /** Rows of a predecessor with exactly the same area (a code change), shown as one line. */
  predecessor: { area: AreaEntry; rows: AreaStore } | null;
  halfTerms: HalfTerms;
  /** An ended authority's successors with pages (geo/succession); null for an area that has not ended (site-data.hasEnded). */
  successors: Successor[] | null;
}
type Context = AreaContext;

/** One census period: a `time_period` and its `time_identifier` ("Full year", "Summer term"). */
export interface CensusPeriod {
  time_period: string;
  time_identifier: string;
}

const ALL_DATASETS = new Set(Object.keys(DATASETS) as DatasetId[]);

/** One area's rows for a chart's full-series CSV. */
export interface SeriesSlice {
  area: AreaEntry;
  rows: AreaStore;
  /** Region of a non-LA area, for the region_code column (LAs carry their own). */
  region?: AreaEntry | null;
}

/**
 * The full series behind a chart: every row of each slice that `keep` selects (and `also` accepts, for
 * what is not a field's value), in long form.
 */
export function seriesOf(slices: (SeriesSlice | null | false | undefined)[], keep: AreaQuery, also?: (r: AreaObservation) => boolean): () => CsvRecord[] {
  return () =>
    slices.flatMap((s) => {
      if (!s) return [];
      const rows = s.rows.select(keep);
      return csvRecords(s.area, also ? rows.filter(also) : rows, ALL_DATASETS, s.region ?? null);
    });
}

/** The area, a same-area predecessor, its region and England, as series slices. */
function slicesOf(ctx: Context, with_: { region?: boolean; england?: boolean; predecessor?: boolean } = {}): (SeriesSlice | null)[] {
  return [
    { area: ctx.area, rows: ctx.rows },
    with_.predecessor !== false && ctx.predecessor ? { area: ctx.predecessor.area, rows: ctx.predecessor.rows } : null,
    with_.region !== false && ctx.region ? { area: ctx.region, rows: ctx.regionRows } : null,
    with_.england !== false && ctx.england && ctx.area.code !== ENGLAND_CODE ? { area: ctx.england, rows: ctx.englandRows } : null,
  ];
}

/**
 * Census points for one `time_identifier` (full years unless told), the area's own figures first, then a
 * same-area predecessor's for earlier years.
 */
function censusPoints(ctx: Context, measure: MeasureId, phase: Phase, identifier = 'Full year'): { own: SeriesPoint[]; region: SeriesPoint[]; england: SeriesPoint[] } {
  const q = { series: 'census' as Series, datasets: CENSUS_FY, measure, phase, identifiers: [identifier] };
  const dedupe = (pts: SeriesPoint[]) => {
    // An area's own figure for a year comes first, then a predecessor's (precedence between datasets is settled in the data build).
    const seen = new Map<string, SeriesPoint>();
    for (const p of pts) if (!seen.has(p.key)) seen.set(p.key, p);
    return [...seen.values()].sort((a, b) => a.key.localeCompare(b.key));
  };
  let own = pointsFor(ctx.area.name, ctx.rows, q);
  if (ctx.predecessor) {
    const mine = new Set(own.filter((p) => p.value !== null).map((p) => p.key));
    const before = pointsFor(ctx.area.name, ctx.predecessor.rows, q).filter((p) => !mine.has(p.key));
    own = [...own.filter((p) => p.value !== null || !before.some((b) => b.key === p.key)), ...before];
  }
  return {
    own: dedupe(own),
    region: ctx.region ? dedupe(pointsFor(ctx.region.name, ctx.regionRows, q)) : [],
    england: ctx.area.code === ENGLAND_CODE ? [] : dedupe(pointsFor('England', ctx.englandRows, q)),
  };
}

/** One row per period, one column per line; `note(label)` adds a Note column when any period has one. */
/**
 * One row per period, one column per line; `pupils` adds a column (after them) of the first line's published pupil
 * counts (text per period label, '' for none) when any period has one; `note(label)` adds a Note column
 * when any period has a note.
 */
function periodTable(measure: MeasureId, periods: string[], lines: LineSpec[], what = '', note: (label: string) => string = () => '', pupils: (label: string) => string = () => '', missing: (line: number, label: string) => string = () => 'no figure published'): ChartModel['table'] {
  const notes = periods.map(note);
  const withNotes = notes.some(Boolean);
  const counts = periods.map(pupils);
  const withCounts = counts.some(Boolean);
  return {
    caption: `${MEASURES[measure].label}${what ? `, ${what}` : ''} (${MEASURES[measure].unit}${withCounts ? `; ${lines[0]!.name}'s pupils counted` : ''})`,
    columns: [
      { key: 'period', label: 'Period' },
      ...lines.map((l, i) => ({ key: `l${i}`, label: l.name, numeric: true })),
      ...(withCounts ? [{ key: 'n', label: `${lines[0]!.name}: pupils`, numeric: true }] : []),
      ...(withNotes ? [{ key: 'note', label: 'Note' }] : []),
    ],
    rowHeader: 'period',
    rows: periods.map((label, j) => {
      const row: Record<string, string> = { period: label };
      lines.forEach((l, i) => {
        const p = l.points.find((x) => x.label === label);
        row[`l${i}`] = p ? cellText(measure, p) : missing(i, label);
      });
      if (withCounts) row.n = counts[j] || missing(0, label);
      if (withNotes) row.note = notes[j]!;
      return row;
    }),
  };
}

/**
 * For an ended authority's chart over `years` (`time_period`s, labelled by academicYearLabel): the cell
 * text for its line in years after it ended, and the note and links that say where those years are.
 * Nothing when the authority has not ended or the chart stops before its end.
 */
function afterEnd(ctx: Context, years: readonly string[]): { missing: (line: number, label: string) => string; note: string; links: ChartModel['links'] } | null {
  const successors = ctx.successors;
  if (!successors) return null;
  const after = years.filter((y) => periodAfterEnd(ctx.area.end, y, 'Full year')).map(academicYearLabel);
  if (!after.length) return null;
  const cell = replacedCell(successors);
  return {
    missing: (line, label) => (line === 0 && after.includes(label) ? cell : 'no figure published'),
    note: replacedNote(ctx.area.name, after[0]!, successors, Boolean(ctx.area.sameAreaSuccessor)),
    links: successors.map((s) => ({ href: `/local-authorities/${s.code}/`, label: `${s.name} (${s.code})` })),
  };
}

/**
 * A table's Note for a census series that is not the full-year file (children in need, PRU terms): the
 * COVID note (census-years.censusYearNote) beside 2020/21; no five-half-term note, which is about full years.
 * `years` are the `time_period`s behind the table's labels, in the same order as academicYearLabel gives them.
 */
function covidTableNote(years: readonly string[]): (label: string) => string {
  const byLabel = new Map(years.map((y) => [academicYearLabel(y), y]));
  return (label) => censusYearNote(byLabel.get(label) ?? '', {});
}

function censusAnnualChart(ctx: Context, measure: RateMeasure, phase: Phase): ChartModel | null {
  const { own, region, england } = censusPoints(ctx, measure, phase);
  if (!own.some((p) => p.value !== null)) return null;
  const years = academicYearsSpanning([...own, ...region, ...england]);
  const periods = years.map(academicYearLabel);
  const yearOf = new Map(years.map((y) => [academicYearLabel(y), y]));
  const lines: LineSpec[] = [{ name: ctx.area.name, points: own }];
  if (ctx.region) lines.push({ name: ctx.region.name, points: region });
  if (england.length) lines.push({ name: 'England', points: england });
  const m = MEASURES[measure];
  const latest = [...own].reverse().find((p) => p.value !== null)!;
  const title = `${m.label}, ${phaseWords(phase)}, full year, ${periods[0]} to ${periods.at(-1)}`;
  const gaps = periods.filter((p) => !lines.some((l) => l.points.some((x) => x.label === p && x.value !== null)));
  const ended = afterEnd(ctx, years);
  const predecessorNote = ctx.predecessor ? ` Before ${academicYearLabel(`${Number(ctx.area.start.slice(0, 4))}${String((Number(ctx.area.start.slice(0, 4)) + 1) % 100).padStart(2, '0')}`)} the line shows ${ctx.predecessor.area.name} (${ctx.predecessor.area.code}), the same area under its earlier code.` : '';
  return {
    id: `census-${measure}-${phase}`,
    title,
    alt: `Line chart of ${m.label.toLowerCase()} (${m.unit}) in ${lines.map((l) => l.name).join(', ')}, each full school year from ${periods[0]} to ${periods.at(-1)}. ${ctx.area.name}: ${fixed(latest.value!)}% in ${latest.label}.${gaps.length ? ` No figures were published for ${gaps.join(', ')}.` : ''}`,
    ...lineChart({ lines, periods, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, alt: title, annotations: censusAnnotations(periods, ctx.halfTerms) }),
    source: sourceLine(withFigures(CENSUS_FY, ctx.rows), `full school years ${periods[0]} to ${periods.at(-1)}`),
    datasets: withFigures(CENSUS_FY, ctx.rows),
    series: seriesOf(slicesOf(ctx), { dataset: CENSUS_FY, measure, phase, topic: 'Total', time_identifier: 'Full year' }),
    note: predecessorNote + (ended?.note ?? '') || undefined,
    links: ended?.links,
    table: periodTable(measure, periods, lines, `${phaseWords(phase)}, full year, school census`, (label) => censusYearNote(yearOf.get(label) ?? '', ctx.halfTerms), (label) => {
      const countMeasure = PUPIL_COUNT_OF[measure];
      const tp = yearOf.get(label);
      if (!countMeasure || !tp) return '';
      const q: AreaQuery = { dataset: 'census-geographic', measure: countMeasure, phase, topic: 'Total', time_identifier: 'Full year', time_period: tp };
      const c = ctx.rows.first(q) ?? ctx.predecessor?.rows.first(q);
      return c ? cellText(countMeasure, c) : '';
    }, ended?.missing),
  };
}

/**
 * The area's line with its region's and England's for one query, and every period any of them has, in
 * time order. `relabel` renames points (e.g. "2025/26 to date"). Null when the area has no figure.
 */
function comparisonLines(ctx: Context, q: SeriesQuery, relabel: (pts: SeriesPoint[]) => SeriesPoint[] = (p) => p): { lines: LineSpec[]; periods: string[] } | null {
  const own = relabel(pointsFor(ctx.area.name, ctx.rows, q));
  if (!own.some((p) => p.value !== null)) return null;
  const lines: LineSpec[] = [{ name: ctx.area.name, points: own }];
  if (ctx.region) lines.push({ name: ctx.region.name, points: relabel(pointsFor(ctx.region.name, ctx.regionRows, q)) });
  if (ctx.area.code !== ENGLAND_CODE) lines.push({ name: 'England', points: relabel(pointsFor('England', ctx.englandRows, q)) });
  const periods = [...new Map(lines.flatMap((l) => l.points).map((p) => [p.key, p.label])).entries()].sort((a, b) => a[0].localeCompare(b[0])).map((e) => e[1]);
  return { lines, periods };
}

/**
 * Census single terms (the DfE's termly file): one line per term over academic years, so a term is compared
 * with the same term of other years and the terms of one year sit one above another. Only the area's own
 * figures are drawn; the table adds the pupils behind each rate, and the CSV the region and England.
 */
function censusTermlyChart(ctx: Context, measure: RateMeasure): ChartModel | null {
  // Older releases published "Autumn and spring term" (two terms together): a line of its own, never joined to a single term.
  const identifiers = ['Autumn term', 'Autumn and spring term', 'Spring term', 'Summer term'];
  const q = { series: 'census' as Series, datasets: ['census-geographic'] as DatasetId[], measure, phase: 'total' as Phase, identifiers };
  const pts = pointsFor(ctx.area.name, ctx.rows, q);
  if (!pts.some((p) => p.value !== null)) return null;
  const years = academicYearsSpanning(pts);
  const periods = years.map(academicYearLabel);
  const lines: LineSpec[] = identifiers.map((term) => ({
    name: term,
    points: pts.filter((p) => p.time_identifier === term).map((p) => ({ ...p, label: academicYearLabel(p.time_period) })),
  })).filter((l) => l.points.length > 0);
  const m = MEASURES[measure];
  const countMeasure = PUPIL_COUNT_OF[measure];
  const countOf = (term: string, tp: string) => countMeasure && ctx.rows.first({ dataset: 'census-geographic', measure: countMeasure, phase: 'total', topic: 'Total', time_identifier: term, time_period: tp });
  const gap = pts.some((p) => p.time_period === '201920') ? '' : ` ${NO_TERMS_201920}`;
  const title = `${m.label} by term, ${ctx.area.name}, school census, ${periods[0]} to ${periods.at(-1)}`;
  return {
    id: `census-termly-${measure}`,
    title,
    alt: `Line chart of ${m.label.toLowerCase()} (${m.unit}) in ${ctx.area.name}, one line for each of ${lines.map((l) => l.name.toLowerCase()).join(', ')}, over school years ${periods[0]} to ${periods.at(-1)}.${gap}`,
    note: ` Each line is one term: compare a term with the same term of other years. Full-year figures are in the chart above.${gap}`,
    ...lineChart({ lines, periods, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, alt: title, annotations: censusAnnotations(periods, ctx.halfTerms) }),
    source: sourceLine(['census-geographic'], `terms ${periods[0]} to ${periods.at(-1)}`),
    datasets: ['census-geographic'],
    series: seriesOf(slicesOf(ctx, { predecessor: false }), { dataset: 'census-geographic', measure: [measure, ...(countMeasure ? [countMeasure] : []), 'enrolments'], phase: 'total', topic: 'Total', time_identifier: q.identifiers }),
    table: {
      caption: `${title}: ${countMeasure ? 'pupils and ' : ''}${m.unit}`,
      columns: [
        { key: 'year', label: 'School year' },
        ...lines.flatMap((l, i) => [
          ...(countMeasure ? [{ key: `n${i}`, label: `${l.name}: pupils`, numeric: true }] : []),
          { key: `p${i}`, label: `${l.name}: %`, numeric: true },
        ]),
      ],
      rowHeader: 'year',
      rows: years.map((tp) => ({
        year: academicYearLabel(tp),
        ...Object.fromEntries(
          lines.flatMap((l, i) => {
            const p = pts.find((x) => x.time_identifier === l.name && x.time_period === tp);
            const c = countOf(l.name, tp);
            return [...(countMeasure ? [[`n${i}`, c ? cellText(countMeasure, c) : 'no figure published']] : []), [`p${i}`, p ? cellText(measure, p) : 'no figure published']];
          }),
        ),
      })),
    },
  };
}

/** Register (daily attendance) persistent absence by term, for one phase. */
function registersChart(ctx: Context, measure: RateMeasure, phase: Phase): ChartModel | null {
  const q = { series: 'registers' as Series, datasets: ['registers-term'] as DatasetId[], measure, phase, identifiers: [...TERMS] };
  const found = comparisonLines(ctx, q);
  if (!found) return null;
  const { lines, periods } = found;
  const m = MEASURES[measure];
  const title = `${m.label}, ${phaseWords(phase)}, by term (daily registers)`;
  return {
    id: `registers-${measure}-${phase}`,
    title,
    alt: `Line chart of ${m.label.toLowerCase()} (${m.unit}) in ${phaseWords(phase)} for each term from ${periods[0]} to ${periods.at(-1)}, for ${lines.map((l) => l.name).join(', ')}, from daily attendance registers.`,
    note: ' Autumn, spring and summer terms differ in illness and holidays: compare a term with the same term of another year.',
    ...lineChart({ lines, periods, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, alt: title }),
    source: sourceLine(['registers-term'], `terms ${periods[0]} to ${periods.at(-1)}`),
    datasets: ['registers-term'],
    series: seriesOf(slicesOf(ctx, { predecessor: false }), { dataset: 'registers-term', measure, phase, topic: 'Total' }),
    table: periodTable(measure, periods, lines, `${phaseWords(phase)}, by term, daily registers`),
  };
}

/**
 * The note under a register chart whose last point is a year to date (periods.yearToDateNote), with the
 * school days per enrolment the area's published possible sessions and enrolments give for it and for
 * the last whole year; undefined when no point is a year to date.
 */
export function ytdNote(rows: AreaStore, phase: Phase, points: readonly Pick<SeriesPoint, 'label' | 'time_period' | 'time_identifier'>[], lead?: string): string | undefined {
  const ytd = points.find((p) => p.time_identifier === 'Year to date');
  if (!ytd) return undefined;
  const whole = [...points].reverse().find((p) => p.time_identifier === 'Full year' && p.time_period < ytd.time_period);
  const wholeDays = whole ? schoolDays(rows, phase, whole.time_period, 'Full year') : null;
  return yearToDateNote(ytd.label, schoolDays(rows, phase, ytd.time_period, 'Year to date'), whole && wholeDays !== null ? { label: whole.label, days: wholeDays } : null, lead);
}

/** School days per enrolment in a register period: published `sess_possible` / `enrolments` / 2 sessions a day; null without both. */
function schoolDays(rows: AreaStore, phase: Phase, tp: string, identifier: string): number | null {
  const get = (m: MeasureId) => rows.first({ dataset: 'registers-term', measure: m, phase, topic: 'Total', time_period: tp, time_identifier: identifier })?.value;
  const sessions = get('sess_possible');
  const enrolments = get('enrolments');
  return sessions != null && enrolments ? sessions / enrolments / 2 : null;
}

/** Register figures for whole school years (and the year to date of the current one), for one phase. */
function registersAnnualChart(ctx: Context, measure: RateMeasure, phase: Phase): ChartModel | null {
  const q = { series: 'registers' as Series, datasets: ['registers-term'] as DatasetId[], measure, phase, identifiers: ['Full year', 'Year to date'] };
  const relabel = (pts: SeriesPoint[]) => pts.map((p) => ({ ...p, label: p.time_identifier === 'Year to date' ? `${academicYearLabel(p.time_period)} to date` : academicYearLabel(p.time_period) }));
  const found = comparisonLines(ctx, q, relabel);
  if (!found) return null;
  const { lines, periods } = found;
  const m = MEASURES[measure];
  const title = `${m.label}, ${phaseWords(phase)}, whole school years (daily registers)`;
  return {
    id: `registers-year-${measure}-${phase}`,
    title,
    alt: `Line chart of ${m.label.toLowerCase()} (${m.unit}) in ${phaseWords(phase)} for each school year from ${periods[0]} to ${periods.at(-1)}, from daily attendance registers, for ${lines.map((l) => l.name).join(', ')}. The last point may be the year so far.`,
    note: ytdNote(ctx.rows, phase, lines[0]!.points),
    ...lineChart({ lines, periods, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, alt: title }),
    source: sourceLine(['registers-term'], `school years ${periods[0]} to ${periods.at(-1)}`),
    datasets: ['registers-term'],
    series: seriesOf(slicesOf(ctx, { predecessor: false }), { dataset: 'registers-term', measure, phase, topic: 'Total', time_identifier: ['Full year', 'Year to date'] }),
    table: periodTable(measure, periods, lines, `${phaseWords(phase)}, whole school years, daily registers`),
  };
}

/** Latest census full year by phase: the area against England. */
function phaseSplitChart(ctx: Context): ChartModel | null {
  const measure: RateMeasure = 'enrolments_pa_10_exact_percent';
  const phases = SCHOOL_PHASES;
  const fy = ctx.rows.select({ series: 'census', dataset: CENSUS_FY, time_identifier: 'Full year', measure, topic: 'Total' }).filter((r) => r.value !== null);
  const latest = fy.map((r) => r.time_period).sort().at(-1);
  if (!latest) return null;
  const pick = (rows: AreaStore, phase: Phase) => rows.first({ series: 'census', dataset: CENSUS_FY, time_period: latest, time_identifier: 'Full year', measure, phase, topic: 'Total' });
  const groups = [{ name: ctx.area.name, rows: ctx.rows }, ...(ctx.area.code !== ENGLAND_CODE ? [{ name: 'England', rows: ctx.englandRows }] : [])];
  const bars = phases.flatMap((phase) => groups.map((g) => ({ group: PHASE_LABEL[phase], series: g.name, value: pick(g.rows, phase)?.value ?? null })));
  const year = academicYearLabel(latest);
  const title = `Persistent absence by phase, ${year} full year`;
  return {
    id: 'census-phase-split',
    title,
    alt: `Bar chart of persistent absence (% of enrolments) in ${year} for each phase, ${groups.map((g) => g.name).join(' and ')}.`,
    ...barChart({ bars, alt: title, xLabel: '% of enrolments persistently absent' }),
    source: sourceLine(withFigures(CENSUS_FY, ctx.rows), `${year} full year`),
    datasets: withFigures(CENSUS_FY, ctx.rows),
    series: seriesOf(slicesOf(ctx, { region: false, predecessor: false }), { dataset: CENSUS_FY, measure, phase: phases, topic: 'Total', time_identifier: 'Full year' }),
    table: {
      caption: `Persistent absence by phase, ${year} (% of enrolments)`,
      columns: [{ key: 'phase', label: 'Phase' }, ...groups.map((g, i) => ({ key: `g${i}`, label: g.name, numeric: true }))],
      rowHeader: 'phase',
      rows: phases.map((phase) => ({ phase: PHASE_LABEL[phase], ...Object.fromEntries(groups.map((g, i) => [`g${i}`, cellText(measure, pick(g.rows, phase))])) })),
    },
  };
}

/**
 * Derived breakdowns from the absence-band distributions for the latest year and one phase:
 * persistent and severe absence by FSM eligibility, SEN, gender and year group.
 */
export function breakdownCharts(ctx: Pick<Context, 'area' | 'rows'>, phase: Phase = 'total'): ChartModel[] {
  const latest = ctx.rows.select({ dataset: 'distributions', phase }).map((r) => r.time_period).sort().at(-1);
  if (!latest) return [];
  const year = academicYearLabel(latest);
  const out: ChartModel[] = [];
  for (const topic of ['FSM eligibility', 'SEN provision', 'Gender', 'Year group'] as const) {
    const inTopic: AreaQuery = { dataset: 'distributions', phase, time_period: latest, topic };
    const values = [...new Set(ctx.rows.select(inTopic).map((r) => r.breakdown))];
    if (values.length === 0) continue;
    const get = (v: string, m: MeasureId) => ctx.rows.first({ ...inTopic, breakdown: v, measure: m });
    // Groups of under 10 enrolments are left off the chart (a rate of 1 pupil in 3 misleads); the table keeps them.
    const charted = values.filter((v) => (get(v, 'enrolments')?.value ?? 0) >= 10);
    const bars = charted.flatMap((v) => [
      { group: v, series: 'Persistent (10%+)', value: get(v, 'enrolments_pa_10_exact_percent')?.value ?? null },
      { group: v, series: 'Severe (50%+)', value: get(v, 'enrolments_pa_50_exact_percent')?.value ?? null },
    ]);
    const topicWords: Record<string, string> = { 'FSM eligibility': 'free school meal eligibility', 'SEN provision': 'special educational needs (SEN)', Gender: 'gender', 'Year group': 'year group' };
    const title = `Persistent and severe absence by ${topicWords[topic]}, ${phaseWords(phase)}, ${year}`;
    out.push({
      id: `breakdown-${topic.toLowerCase().replace(/[^a-z]+/g, '-')}-${phase}`,
      title,
      alt: `Bar chart of the share of enrolments persistently and severely absent in ${ctx.area.name}, ${year}, for each ${topic.toLowerCase()} group.`,
      note: ' Computed from the published counts of enrolments in each absence band.',
      ...barChart({ bars, alt: title, xLabel: '% of enrolments' }),
      source: sourceLine(['distributions'], `${year} full year`),
      datasets: ['distributions'],
      series: seriesOf([{ area: ctx.area, rows: ctx.rows }], { dataset: 'distributions', phase, topic }),
      table: {
        caption: `${title} (% of enrolments; enrolments counted)`,
        columns: [
          { key: 'group', label: topic },
          { key: 'enrol', label: 'Enrolments', numeric: true },
          { key: 'pa', label: 'Persistent absence %', numeric: true },
          { key: 'sa', label: 'Severe absence %', numeric: true },
        ],
        rowHeader: 'group',
        rows: values.map((v) => ({
          group: v,
          enrol: cellText('enrolments', get(v, 'enrolments')),
          pa: cellText('enrolments_pa_10_exact_percent', get(v, 'enrolments_pa_10_exact_percent')),
          sa: cellText('enrolments_pa_50_exact_percent', get(v, 'enrolments_pa_50_exact_percent')),
        })),
      },
    });
  }
  return out;
}

/** Children in need, on a protection plan, looked after: persistent absence by year. */
function cinChart(ctx: Context): ChartModel | null {
  const measure: RateMeasure = 'enrolments_pa_10_exact_percent';
  const rows = ctx.rows.select({ dataset: 'cin', phase: 'total', measure });
  if (!rows.some((r) => r.value !== null)) return null;
  const groups = [...new Set(rows.map((r) => r.breakdown))];
  const lines: LineSpec[] = groups.map((g) => ({
    name: g,
    points: pointsFor(g, ctx.rows, { series: 'census', datasets: ['cin'], measure, phase: 'total', identifiers: ['Full year'], topic: 'Social care group', breakdown: g }),
  }));
  const years = academicYearsSpanning(lines.flatMap((l) => l.points));
  const periods = years.map(academicYearLabel);
  const title = `Persistent absence of children in need, on a protection plan and looked after, ${ctx.area.name}`;
  return {
    id: 'cin-persistent',
    title,
    alt: `Line chart of the share of pupils persistently absent in each social care group in ${ctx.area.name}, ${periods[0]} to ${periods.at(-1)}.${covidYear(...years) ? ` ${COVID_NOTE}` : ''}`,
    note: covidYear(...years) ? ` ${COVID_NOTE}` : undefined,
    ...lineChart({ lines, periods, yLabel: '% (of pupils in the group)', alt: title, annotations: censusAnnotations(periods, {}) }),
    source: sourceLine(['cin'], `full school years ${periods[0]} to ${periods.at(-1)}`),
    datasets: ['cin'],
    series: seriesOf([{ area: ctx.area, rows: ctx.rows }], { dataset: 'cin', phase: 'total', measure: PUPIL_MEASURES }),
    table: periodTable(measure, periods, lines, '', covidTableNote(years)),
  };
}

/** Pupil referral units: autumn and spring terms. */
function pruChart(ctx: Context): ChartModel | null {
  const measure: RateMeasure = 'enrolments_pa_10_exact_percent';
  const q = { series: 'census' as Series, datasets: ['census-pru'] as DatasetId[], measure, phase: 'pru' as Phase };
  const own = pointsFor(ctx.area.name, ctx.rows, q);
  if (!own.some((p) => p.value !== null)) return null;
  const lines: LineSpec[] = [{ name: ctx.area.name, points: own }];
  if (ctx.area.code !== ENGLAND_CODE) lines.push({ name: 'England', points: pointsFor('England', ctx.englandRows, q) });
  const relabel = (pts: SeriesPoint[]) => pts.map((p) => ({ ...p, label: academicYearLabel(p.time_period) }));
  for (const l of lines) l.points = relabel(l.points);
  const years = academicYearsSpanning(lines.flatMap((l) => l.points));
  const periods = years.map(academicYearLabel);
  const ended = afterEnd(ctx, years);
  const title = `Persistent absence in pupil referral units, autumn and spring terms`;
  return {
    id: 'pru-persistent',
    title,
    alt: `Line chart of persistent absence (% of enrolments) in pupil referral units, autumn and spring terms combined, ${periods[0]} to ${periods.at(-1)}, for ${lines.map((l) => l.name).join(' and ')}.${covidYear(...years) ? ` ${COVID_NOTE}` : ''}`,
    note: `${covidYear(...years) ? ` ${COVID_NOTE}` : ''}${ended?.note ?? ''}` || undefined,
    links: ended?.links,
    ...lineChart({ lines, periods, yLabel: '% (of enrolments)', alt: title, annotations: censusAnnotations(periods, {}) }),
    source: sourceLine(['census-pru'], `autumn and spring terms, ${periods[0]} to ${periods.at(-1)}`),
    datasets: ['census-pru'],
    series: seriesOf(slicesOf(ctx, { region: false, predecessor: false }), { dataset: 'census-pru', measure: PUPIL_MEASURES }),
    table: periodTable(measure, periods, lines, '', covidTableNote(years), undefined, ended?.missing),
  };
}

function latestFullYear(points: SeriesPoint[]): SeriesPoint | undefined {
  return [...points].reverse().find((p) => p.value !== null);
}

/** A census figure for one period with its comparators; each point holds a number or a DfE symbol, absent when nothing was published. */
export interface CensusFigures {
  own?: SeriesPoint;
  /** The same term, or the full year, one year earlier (periods.previousYear). */
  previous?: SeriesPoint;
  region?: SeriesPoint;
  england?: SeriesPoint;
}

/**
 * The area's census figure for `measure` (all schools, all pupils) in `period`, the same period a year
 * earlier, and its region's and England's figures for `period`. The rules are the page's: the DfE's
 * geographic file before LAIT, a same-area predecessor's figure for years before the code changed.
 * Rates are as published (% of enrolments for persistent and severe absence), counts are pupils.
 */
export function censusFigures(ctx: AreaContext, measure: MeasureId, period: CensusPeriod): CensusFigures {
  const { own, region, england } = censusPoints(ctx, measure, 'total', period.time_identifier);
  const prevYear = previousYear(period.time_period);
  return {
    own: own.find((p) => p.time_period === period.time_period),
    previous: own.find((p) => p.time_period === prevYear),
    region: region.find((p) => p.time_period === period.time_period),
    england: england.find((p) => p.time_period === period.time_period),
  };
}

/**
 * The area's latest census full-year figure for `measure` (all schools), the year before's if
 * published, and the region's and England's for the same year; null when the area has none.
 */
function latestComparison(ctx: Context, measure: RateMeasure): { latest: SeriesPoint; previous: SeriesPoint | undefined; reg: number | null; eng: number | null } | null {
  const latest = latestFullYear(censusPoints(ctx, measure, 'total').own);
  if (!latest) return null;
  const f = censusFigures(ctx, measure, latest);
  return {
    latest,
    previous: f.previous?.value !== null ? f.previous : undefined,
    reg: f.region?.value ?? null,
    eng: f.england?.value ?? null,
  };
}

/** The quotable summary: persistent and severe absence in the latest census year, and the latest register term. */
function summary(ctx: Context): string[] {
  const out: string[] = [];
  for (const m of STORY_MEASURES) {
    const what = `${m.what} (${m.definition})`;
    const found = latestComparison(ctx, m.rate);
    if (!found) continue;
    const { latest, previous, reg, eng } = found;
    // The published number of pupils, where the DfE's LA file gives one, leads the sentence.
    const countMeasure = PUPIL_COUNT_OF[m.rate];
    const pupilsIn = (tp: string) =>
      (countMeasure && ctx.rows.first({ dataset: 'census-geographic', measure: countMeasure, phase: 'total', topic: 'Total', time_identifier: 'Full year', time_period: tp })?.value) ?? undefined;
    out.push(
      storySentence({
        area: ctx.area.name,
        what,
        latest: { period: latest.label, value: latest.value!, pupils: pupilsIn(latest.time_period) },
        previous: previous ? { period: previous.label, value: previous.value!, pupils: pupilsIn(previous.time_period) } : null,
        region: ctx.region && reg !== null ? { name: ctx.region.name, value: reg } : null,
        england: eng,
      }) + (covidYear(latest.time_period, previous?.time_period) ? ` (School census, full year. ${COVID_NOTE})` : ' (School census, full year.)'),
    );
  }
  return out;
}

/**
 * One notice for an LA's cautions: each enrolment drop said in full, small all-schools bases summed up
 * (City of London's are every period).
 */
function cautionNotices(all: readonly PlacedCaution[]): Notice[] {
  const cautions = all.filter((c) => c.caution.kind === 'drop' || c.phase === 'total');
  if (!cautions.length) return [];
  const lines: string[] = [];
  for (const c of cautions) {
    if (c.caution.kind === 'drop') lines.push(`${periodLabel(c.time_period, c.time_identifier)}, ${phaseWords(c.phase)}: ${cautionText(c.caution)}`);
  }
  // Small bases are said for all schools, the figures the page leads with; a phase's small base (special
  // schools in many LAs) is said where that phase is chosen on the map and in the quality report.
  for (const phase of ['total'] as const) {
    const small = cautions.filter((c) => c.phase === phase && c.caution.kind === 'small');
    if (!small.length) continue;
    const fewest = Math.min(...small.map((c) => c.caution.enrolments));
    lines.push(`${PHASE_LABEL[phase]}: ${small.length === 1 ? `the ${periodLabel(small[0]!.time_period, small[0]!.time_identifier)} rate is` : `${small.length} periods' rates are`} based on fewer than ${count(SMALL_BASE)} enrolments (as few as ${count(fewest)}), so a few pupils move them by whole percentage points.`);
  }
  return [{ title: `Read some of ${cautions[0]!.area_name}'s school-census figures with care`, text: lines.join(' '), links: [{ href: '/data/quality/#cautions', label: 'Every caution, in the data quality report' }] }];
}

function notices(ctx: Context, areas: Map<string, AreaEntry>): Notice[] {
  const out: Notice[] = [];
  const link = (code: string) => ({ href: `/local-authorities/${code}/`, label: `${areas.get(code)?.name ?? code} (${code})` });
  const a = ctx.area;
  if (a.level !== 'Local authority') return out;
  if (a.end && a.sameAreaSuccessor && !areas.has(a.sameAreaSuccessor)) {
    // A code change whose new code has no figures yet: the authority carries on, all on this page.
    out.push({
      title: `${a.name} has a new code, ${a.sameAreaSuccessor}, from ${longDate(nextDayIso(a.end))}`,
      text: `The area is unchanged. The DfE files this site was built from still use ${a.code}, so all of ${a.name}'s figures are on this page.`,
      links: [],
    });
  } else if (a.end) {
    const succ = a.successors.filter((c) => areas.has(c));
    out.push({
      title: `${a.name} (${a.code}) ended on ${longDate(a.end)}`,
      text: a.sameAreaSuccessor
        ? 'The same area continues under a new code; figures from then on are on its page.'
        : `Its area is now covered by the authorities below; their figures are not comparable with ${a.name}'s.`,
      links: succ.map(link),
    });
  }
  const preds = a.predecessors.filter((c) => areas.has(c));
  if (preds.length) {
    out.push({
      title: `${a.name} (${a.code}) began on ${longDate(a.start)}`,
      text: a.sameAreaPredecessor
        ? 'It covers the same area as the authority it replaced, so earlier years are shown on the same line.'
        : `It was formed from the authorities below. Figures before ${a.start.slice(0, 4)} are on their pages and cover different areas.`,
      links: preds.map(link),
    });
  }
  return out;
}

function nextDayIso(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function csvRecords(area: AreaEntry, rows: AreaObservation[], shownDatasets: Set<DatasetId>, region: AreaEntry | null): CsvRecord[] {
  return rows
    .filter((r) => shownDatasets.has(r.dataset))
    .map((r) => ({
      time_period: r.time_period,
      time_identifier: r.time_identifier,
      geographic_level: area.level,
      area_code: area.code,
      area_name: area.name,
      old_la_code: area.old_la_code,
      region_code: area.level === 'Local authority' ? area.region_code : region?.code ?? '',
      school_type: PHASE_LABEL[r.phase],
      // A crossed breakdown (ethnicity x FSM) names both characteristics, in the same order, "; " between.
      breakdown_topic: r.cross_topic ? `${r.topic}; ${r.cross_topic}` : r.topic,
      breakdown: r.cross_topic ? `${r.breakdown}; ${r.cross}` : r.breakdown,
      source: r.series === 'census' ? 'School census' : 'Daily registers',
      dataset: r.dataset,
      measure: r.measure,
      value: r.value,
      symbol: r.symbol ?? '',
    }))
    .sort((a, b) => periodSortKey(a.time_period, a.time_identifier).localeCompare(periodSortKey(b.time_period, b.time_identifier)));
}

/** Every LA's persistent absence (% of enrolments) in the latest census full year, and the dataset it came from. */
export interface LatestRanking {
  periodLabel: string;
  timePeriod: string;
  dataset: DatasetId;
  values: Map<string, number>;
}

/** Where the LA stands among all LAs in the latest census full year (persistent absence, all schools). */
function rankingChart(ctx: Context, latest: LatestRanking | null, areas: Map<string, AreaEntry>): ChartModel | null {
  if (!latest || !latest.values.has(ctx.area.code)) return null;
  const r = ranks(latest.values);
  const values: RankedValue[] = [...latest.values.entries()].map(([code, value]) => ({ code, name: areas.get(code)?.name ?? code, value, rank: r.get(code)! }));
  const mine = values.find((v) => v.code === ctx.area.code)!;
  const title = `Persistent absence in every local authority, ${latest.periodLabel}: ${ctx.area.name} ranks ${mine.rank} of ${values.length}`;
  const sorted = [...values].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  return {
    id: 'ranking',
    title,
    alt: `Bar chart of persistent absence (% of enrolments) in all ${values.length} local authorities, highest first; ${ctx.area.name} is highlighted at ${fixed(mine.value)}%, rank ${mine.rank} where 1 is the highest.`,
    ...ranking({ values, highlight: ctx.area.code, alt: title, yLabel: '% of enrolments' }),
    source: sourceLine([latest.dataset], latest.periodLabel),
    datasets: [latest.dataset],
    series: seriesOf([{ area: ctx.area, rows: ctx.rows }], { dataset: CENSUS_FY, measure: 'enrolments_pa_10_exact_percent', phase: 'total', topic: 'Total', time_identifier: 'Full year', time_period: latest.timePeriod }),
    table: {
      caption: `Persistent absence by local authority, ${latest.periodLabel} (% of enrolments; rank 1 = highest)`,
      columns: [{ key: 'rank', label: 'Rank', numeric: true }, { key: 'name', label: 'Local authority' }, { key: 'value', label: '%', numeric: true }],
      rows: sorted.map((v) => ({ rank: String(v.rank), name: v.code === ctx.area.code ? `${v.name} (this authority)` : v.name, value: fixed(v.value) })),
    },
  };
}

export interface AreaPageInput {
  area: AreaEntry;
  areas: Map<string, AreaEntry>;
  /** An area's rows by code (site-data.readAreaStore); an empty store for an area with none. */
  read: (code: string) => AreaStore;
  /** An LA's rank among all LAs for a census full-year figure (see pages.laRank). */
  rankOf?: (measure: RateMeasure, timePeriod: string, code: string) => Rank | null;
  /** LA values of the latest census full year (persistent absence, all schools), for the ranking chart. */
  latestRanking?: LatestRanking | null;
  /** Periods whose published figures repeat the year before's, to warn readers beside the charts. */
  repeats?: RepeatedPeriod[];
  /** Half terms per census full year (SiteIndex.halfTerms), to mark five-half-term years. */
  halfTerms?: HalfTerms;
  /** Cautions on LA census figures (SiteIndex.cautions); the page shows its own. */
  cautions?: PlacedCaution[];
}

/** The census value (all schools, all pupils) an area's own rows give for a period: the DfE's geographic file first, then LAIT. */
export function censusValue(rows: AreaStore, measure: MeasureId, period: CensusPeriod): number | null {
  for (const d of CENSUS_FY) {
    const r = rows.first({ dataset: d, measure, phase: 'total', topic: 'Total', time_identifier: period.time_identifier, time_period: period.time_period });
    if (r) return r.value;
  }
  return null;
}

/**
 * Every LA's rank for a census rate in one period, among the LAs of `areas` with a number for it
 * (1 = highest; equal figures as printed share a rank, as on the map: map-logic.ranks). LAs with a
 * symbol or no figure are not ranked.
 */
export function laRanks(areas: readonly AreaEntry[], read: (code: string) => AreaStore, measure: RateMeasure, period: CensusPeriod): Map<string, Rank> {
  const values = new Map<string, number>();
  for (const a of areas) {
    if (a.level !== 'Local authority') continue;
    const v = censusValue(read(a.code), measure, period);
    if (v !== null) values.set(a.code, v);
  }
  const r = ranks(values);
  const sharing = new Map<number, number>();
  for (const n of r.values()) sharing.set(n, (sharing.get(n) ?? 0) + 1);
  return new Map([...r].map(([c, n]) => [c, { rank: n, of: values.size, tied: sharing.get(n)! > 1 }]));
}

/** The "Copy figures" paragraphs: persistent and severe absence in the latest census year, with change, comparators, rank and counts. */
function facts(ctx: Context, rankOf: AreaPageInput['rankOf']): string[] {
  if (ctx.area.level !== 'Local authority') return [];
  const measures: MeasureFact[] = [];
  for (const m of STORY_MEASURES) {
    const found = latestComparison(ctx, m.rate);
    if (!found) continue;
    const { latest, previous, reg, eng } = found;
    // Counts from the same period and file as the rates beside them; none (a symbol or no figure) keeps the rate-only wording.
    const pupils = censusFigures(ctx, m.pupils, latest);
    measures.push({
      label: `${m.label} (${m.definition})`,
      what: m.what,
      latest: { period: latest.label, value: latest.value!, pupils: pupils.own?.value ?? null },
      previous: previous ? { period: previous.label, value: previous.value!, pupils: pupils.previous?.value ?? null } : null,
      region: ctx.region && reg !== null ? { name: ctx.region.name, value: reg } : null,
      england: eng,
      rank: rankOf?.(m.rate, latest.time_period, ctx.area.code) ?? null,
      covid: covidYear(latest.time_period, previous?.time_period),
    });
  }
  if (!measures.length) return [];
  // The counts paragraph is for counts of another year, when the sentences above could not lead with them.
  if (measures.some((m) => typeof m.latest.pupils === 'number')) return storyFacts({ area: ctx.area.name, measures });
  // Published counts: the DfE's own LA file for a year if loaded, else the absence distributions.
  const countOf = (dataset: DatasetId, measure: MeasureId, period: string) =>
    ctx.rows.first({ dataset, measure, phase: 'total', topic: 'Total', time_identifier: 'Full year', time_period: period })?.value ?? null;
  let counts: { period: string; persistent: number | null; severe: number | null; source: string } | null = null;
  for (const [dataset, source] of [
    ['census-geographic', 'school census, the DfE\'s national, regional and LA file'],
    ['distributions', 'counted as enrolments in the DfE\'s absence distributions'],
  ] as [DatasetId, string][]) {
    const years = ctx.rows.select({ dataset, measure: 'enrolments_pa_10_exact', phase: 'total', topic: 'Total' }).filter((r) => r.value !== null).map((r) => r.time_period).sort();
    const year = years.at(-1);
    if (year && (!counts || year > counts.period)) {
      counts = { period: year, persistent: countOf(dataset, 'enrolments_pa_10_exact', year), severe: countOf(dataset, 'enrolments_pa_50_exact', year), source };
    }
  }
  if (counts) counts.period = academicYearLabel(counts.period);
  return storyFacts({ area: ctx.area.name, measures, counts });
}

/** The rows a page of `area` is made from: its own, a same-area predecessor's, its region's (LAs) and England's. */
export function areaContext(area: AreaEntry, areas: ReadonlyMap<string, AreaEntry>, read: (code: string) => AreaStore, halfTerms: HalfTerms = {}): AreaContext {
  const region = area.level === 'Local authority' ? areas.get(area.region_code) ?? null : null;
  const predecessorCode = area.sameAreaPredecessor;
  return {
    area,
    rows: read(area.code),
    region,
    regionRows: region ? read(region.code) : AreaStore.empty,
    englandRows: read(ENGLAND_CODE),
    england: areas.get(ENGLAND_CODE) ?? null,
    predecessor: predecessorCode && areas.has(predecessorCode) ? { area: areas.get(predecessorCode)!, rows: read(predecessorCode) } : null,
    halfTerms,
    successors: area.level === 'Local authority' && hasEnded(area, areas) ? area.successors.flatMap((c) => (areas.has(c) ? [{ code: c, name: areas.get(c)!.name }] : [])) : null,
  };
}

/** Builds the page model for `area`. */
export function buildAreaPage({ area, areas, read, rankOf, latestRanking = null, repeats = [], halfTerms = {}, cautions = [] }: AreaPageInput): AreaPageModel {
  const ctx = areaContext(area, areas, read, halfTerms);
  const region = ctx.region;
  const sections: SectionModel[] = [];
  const census = (['enrolments_pa_10_exact_percent', 'enrolments_pa_50_exact_percent', 'sess_overall_percent', 'sess_authorised_percent', 'sess_unauthorised_percent'] as RateMeasure[])
    .map((m) => censusAnnualChart(ctx, m, 'total'))
    .filter((c): c is ChartModel => c !== null);
  const termly = (['enrolments_pa_10_exact_percent', 'enrolments_pa_50_exact_percent'] as RateMeasure[]).map((m) => censusTermlyChart(ctx, m)).filter((c): c is ChartModel => c !== null);
  if (census.length || termly.length) {
    sections.push({
      id: 'census',
      heading: 'School census: absence over time',
      intro: 'From the school census, published in "Pupil absence in schools in England". No full-year figures were published for 2019/20, when schools closed in the pandemic. In 2020/21 pupils kept at home under COVID-19 rules were not counted as absent, so that year is not comparable with the others.',
      charts: [...census, ...termly],
    });
  }
  const ranking = area.level === 'Local authority' ? rankingChart(ctx, latestRanking, areas) : null;
  if (ranking) sections.push({ id: 'ranking', heading: 'Compared with every local authority', charts: [ranking] });
  const phase = phaseSplitChart(ctx);
  if (phase) sections.push({ id: 'phases', heading: 'By phase of education', charts: [phase] });
  const registers = SCHOOL_PHASES
    .flatMap((p) => [registersAnnualChart(ctx, 'enrolments_pa_10_exact_percent', p), registersChart(ctx, 'enrolments_pa_10_exact_percent', p)])
    .filter((c): c is ChartModel => c !== null);
  if (registers.length) {
    sections.push({
      id: 'registers',
      heading: 'Daily registers: persistent absence by year and term',
      intro:
        'From "Pupil attendance in schools", made from the daily registers of schools that share them. It is a different statistic from the school census and is never drawn on the same line. Local authority totals across all phases were first published for 2025/26.' +
        repeats
          .filter((r) => r.dataset === 'registers-term')
          .map((r) => ` Caution: in the published ${periodLabel(r.time_period, r.time_identifier)} file, ${MEASURES[r.measure].label.toLowerCase()} is identical to every digit to ${periodLabel(r.earlier, r.time_identifier)} for ${r.same} of ${r.of} authority and phase rows, which suggests the file repeats the earlier year's figures; treat ${periodLabel(r.time_period, r.time_identifier)} with care.`)
          .join(''),
      charts: registers,
    });
  }
  const breakdowns = breakdownCharts(ctx);
  const ethnicity = area.code === ENGLAND_CODE ? [] : ethnicityCharts(area, ctx.rows, 'total');
  if (breakdowns.length || ethnicity.length) {
    sections.push({
      id: 'breakdowns',
      heading: 'Pupil characteristics',
      intro:
        (breakdowns.length ? 'FSM, SEN, gender and year group are computed from the published counts of enrolments in each overall-absence band (absence distributions, school census, full year). ' : '') +
        (ethnicity.length
          ? 'Ethnicity is from the DfE\'s pupil characteristics file.'
          : `Ethnicity: the DfE publishes absence by ethnic group for each ${area.level === 'Regional' ? 'region' : 'local authority'} in the pupil characteristics file of "Pupil absence in schools in England", which is not in the data loaded for this site; England's figures by ethnic group are on the breakdowns page (/breakdowns/).`),
      charts: [...breakdowns, ...ethnicity],
    });
  }
  const cin = cinChart(ctx);
  const pru = pruChart(ctx);
  if (cin || pru) sections.push({ id: 'groups', heading: 'Children in need and pupil referral units', charts: [cin, pru].filter((c): c is ChartModel => c !== null) });

  const shown = new Set<DatasetId>(['lait', 'census-geographic', 'census-characteristics', 'registers-term', 'distributions', 'cin', 'census-pru']);
  const csv = [
    // Absence-band figures of all schools only (England's file also has each phase's, for the breakdowns pages).
    ...csvRecords(area, ctx.rows.all().filter((r) => r.dataset !== 'distributions' || r.phase === 'total'), shown, region),
    ...(ctx.predecessor ? csvRecords(ctx.predecessor.area, ctx.predecessor.rows.select({ dataset: CENSUS_FY, topic: 'Total' }), shown, region) : []),
    ...(region ? csvRecords(region, ctx.regionRows.select({ dataset: [...CENSUS_FY, 'registers-term'], topic: 'Total' }), shown, null) : []),
    ...(area.code !== ENGLAND_CODE
      ? csvRecords(areas.get(ENGLAND_CODE)!, ctx.englandRows.select({ dataset: [...CENSUS_FY, 'registers-term', 'census-pru'], topic: 'Total' }), shown, null)
      : []),
  ];
  const las = area.level === 'Regional' ? [...areas.values()].filter((a) => a.level === 'Local authority' && a.region_code === area.code).sort((a, b) => a.name.localeCompare(b.name)) : [];
  return { area, region, summary: summary(ctx), facts: facts(ctx, rankOf), notices: [...notices(ctx, areas), ...cautionNotices(cautions.filter((c) => c.area_code === area.code))], sections, csv, las };
}

export { periodLabel };
