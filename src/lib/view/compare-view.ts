/**
 * The comparison tool's choices and words, apart from the browser: which views, measures and phases it
 * offers, how its address (?areas=&measure=&phase=&series=) is read, with a note for anything asked for
 * that it cannot show (query-notes), and the status line that says which lines are drawn. Pure and
 * browser-safe; src/scripts/compare.ts draws with it.
 */
import { MEASURES, phaseWords, RATE_MEASURES, SCHOOL_PHASES, SERIES_LABEL, type Phase, type RateMeasure, type Series } from '../domain/model';
import { chooseParam } from './query-notes';
import { normaliseName, searchAreas } from './map-logic';
import type { CompareSeries } from '../shape/areas';

/** Most authorities on one chart. */
export const COMPARE_MAX = 5;

/** What the "Statistic" choice shows: census full years, census single terms, or register terms. */
export type CompareViewId = 'census' | 'census-terms' | 'registers';

export interface CompareView {
  id: CompareViewId;
  series: Series;
  /** The part of CompareSeries that holds its lines. */
  key: Exclude<keyof CompareSeries, 'predecessor'>;
  /** For the chart title: "full years (school census)". */
  words: string;
  /** For the source line: "full school years". */
  periods: string;
}

/** Three views, never mixed on one line: census full years, census single terms, register terms. */
export const COMPARE_VIEWS: readonly CompareView[] = [
  { id: 'census', series: 'census', key: 'census', words: 'full years (school census)', periods: 'full school years' },
  { id: 'census-terms', series: 'census', key: 'censusTerms', words: 'by term (school census)', periods: 'autumn, spring and summer terms' },
  { id: 'registers', series: 'registers', key: 'registers', words: 'by term (daily registers)', periods: 'autumn, spring and summer terms' },
];

/** The phases the tool offers. */
export const COMPARE_PHASES: readonly Phase[] = SCHOOL_PHASES;

/** How the "Statistic" choice names a view. */
export function viewLabel(v: CompareView): string {
  return `${SERIES_LABEL[v.series].short} (${v.id === 'census' ? 'full years' : 'terms'})`;
}

export interface CompareQuery {
  codes: string[];
  measure: RateMeasure;
  phase: Phase;
  view: CompareViewId;
  /** One sentence for each thing asked for in the address and not shown (query-notes.askedNote). */
  notes: string[];
}

/**
 * Reads the tool's address. `isLa(code)` says whether a code is an authority the tool has. With no
 * `areas`, Luton (E06000032) is shown; unknown codes, codes past the fifth and unknown measure, phase or
 * statistic values are dropped, each with a note.
 */
export function readCompareQuery(params: URLSearchParams, isLa: (code: string) => boolean): CompareQuery {
  const notes: string[] = [];
  const asked = [...new Set((params.get('areas') ?? 'E06000032').split(',').map((c) => c.trim()).filter(Boolean))];
  const unknown = asked.filter((c) => !isLa(c));
  if (unknown.length) notes.push(`The address asked for ${unknown.map((c) => `“${c}”`).join(', ')}, which ${unknown.length === 1 ? 'is not a local authority code' : 'are not local authority codes'} this site has; ${unknown.length === 1 ? 'it is' : 'they are'} left out.`);
  const known = asked.filter(isLa);
  if (known.length > COMPARE_MAX) notes.push(`The address asked for ${known.length} local authorities; the chart takes ${COMPARE_MAX}, so ${known.slice(COMPARE_MAX).join(', ')} ${known.length - COMPARE_MAX === 1 ? 'is' : 'are'} left out.`);
  const measure = chooseParam(params.get('measure'), RATE_MEASURES, 'enrolments_pa_10_exact_percent', 'measure', (m) => MEASURES[m].label.toLowerCase());
  const phase = chooseParam(params.get('phase'), COMPARE_PHASES, 'total', 'phase', (p) => phaseWords(p));
  const view = chooseParam(params.get('series'), COMPARE_VIEWS.map((v) => v.id), 'census', 'statistic', (id) => viewLabel(COMPARE_VIEWS.find((v) => v.id === id)!).toLowerCase());
  for (const c of [measure, phase, view]) if (c.note) notes.push(c.note);
  return { codes: known.slice(0, COMPARE_MAX), measure: measure.value, phase: phase.value, view: view.value, notes };
}

/**
 * The status line under the controls: how many authorities are drawn, and plainly which have no
 * figures in this view. When none of them has any (the registers publish no LA figures for all schools
 * by term), it says so rather than "Showing 5 local authorities" over a chart with no LA line.
 * `las`: each chosen authority with whether it has any figure (a number or a DfE symbol) in the view.
 */
export function compareStatus(opts: { las: { name: string; hasFigures: boolean }[]; region: string | null; view: CompareView; phase: Phase; measure: RateMeasure }): string {
  const refs = `${opts.region ? `${opts.region} and ` : ''}England`;
  const drawn = opts.las.filter((l) => l.hasFigures);
  const missing = opts.las.filter((l) => !l.hasFigures).map((l) => l.name);
  const statistic = `${SERIES_LABEL[opts.view.series].short.toLowerCase()} (${opts.view.periods})`;
  const what = `${MEASURES[opts.measure].label.toLowerCase()} in ${phaseWords(opts.phase)}`;
  if (opts.las.length && !drawn.length) {
    return `The ${statistic} publish no local authority figures for ${what}, so only ${refs} are drawn. Choose another phase or statistic to compare authorities.`;
  }
  let text = `Showing ${drawn.length} local ${drawn.length === 1 ? 'authority' : 'authorities'}, ${refs}.`;
  if (missing.length) text += ` No figures for ${missing.join(', ')} in the ${statistic} for ${what}.`;
  return text;
}

/**
 * The name each line goes by in the chart's labels and colours, the table's columns and the CSV's header:
 * the area's name, with its code added when another line has the same name (Buckinghamshire E10000002,
 * ended 2020, and Buckinghamshire E06000060), as the chart and the CSV key lines by name and would
 * otherwise merge two authorities into one line and one column. `lines`: each line's ONS code and name.
 */
export function lineNames(lines: readonly { code: string; name: string }[]): string[] {
  const count = new Map<string, number>();
  for (const l of lines) count.set(l.name, (count.get(l.name) ?? 0) + 1);
  return lines.map((l) => (count.get(l.name)! > 1 ? `${l.name} (${l.code})` : l.name));
}

/**
 * A term axis with a gap where whole academic years have no term: each such year between the first and
 * the last term is put in as its own label ("2019/20"), so the line breaks there and the table has a row
 * saying no figure was published, instead of Summer 2018/19 joined straight to Autumn 2020/21.
 * `terms`: labels "Autumn 2018/19", in time order; the result keeps that order.
 */
export function termAxis(terms: readonly string[]): string[] {
  const year = (label: string) => Number(/(\d{4})\/\d{2}$/.exec(label)?.[1]);
  const out: string[] = [];
  for (const label of terms) {
    const prev = out.length ? year(out[out.length - 1]!) : NaN;
    for (let y = prev + 1; y < year(label); y++) out.push(`${y}/${String((y + 1) % 100).padStart(2, '0')}`);
    out.push(label);
  }
  return out;
}

/**
 * The authority "Add" puts on the chart for what was typed: the one whose name it is (of two with one
 * name, the one that has not ended: "Buckinghamshire" is E06000060, not E10000002, which ended in 2020),
 * else the map search's first match (map-logic.searchAreas, the same order as the home page's search).
 */
export function pickLa<T extends { code: string; name: string; number?: string; ended?: boolean }>(typed: string, las: readonly T[]): T | undefined {
  const q = normaliseName(typed);
  const named = las.filter((a) => normaliseName(a.name) === q);
  return named.find((a) => !a.ended) ?? named[0] ?? searchAreas(typed, las)[0];
}

/**
 * Words for a line that carries a same-area predecessor's figures (CompareSeries.predecessor): "Buckinghamshire's
 * line shows Buckinghamshire (E10000002), the same area under its earlier code, before its own figures begin."
 * '' when the line drawn (`view`'s, for `measure` and `phase`) is the area's own throughout. `name` is the line's
 * name as drawn.
 */
export function predecessorNote(name: string, predecessor: CompareSeries['predecessor'], view: CompareView, measure: RateMeasure, phase: Phase): string {
  if (!predecessor?.lines.includes(`${view.key}|${measure}|${phase}`)) return '';
  return `${name}'s line shows ${predecessor.name} (${predecessor.code}), the same area under its earlier code, before its own figures begin.`;
}
