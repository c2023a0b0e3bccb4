/**
 * The map's logic, apart from drawing: which class or gap each area falls in, its colour or pattern,
 * ranks, the sentence announced for an area, and the name search. Pure and shared by the browser
 * script and the tests.
 */
import { binOf } from '../classes/bins';
import { previousYear } from '../domain/periods';
import { count, fixed, roundHalfAway } from '../domain/format';
import { schemeRdBu, schemeYlGnBu } from 'd3-scale-chromatic';
import { SYMBOL_MEANING, isDfeSymbol, type DfeSymbol } from '../domain/symbols';

/**
 * ColorBrewer YlGnBu (colour-blind safe, sequential), light = low, by number of classes: d3's copy of
 * the ColorBrewer schemes for 3 to 7; one or two classes take colours from the middle of the scheme.
 */
export const PALETTES: Record<number, readonly string[]> = {
  1: [schemeYlGnBu[4]![2]!],
  2: [schemeYlGnBu[6]![1]!, schemeYlGnBu[7]![5]!],
  3: schemeYlGnBu[3]!,
  4: schemeYlGnBu[4]!,
  5: schemeYlGnBu[5]!,
  6: schemeYlGnBu[6]!,
  7: schemeYlGnBu[7]!,
};

/** What an area shows on the map for the chosen measure. */
export type MapClass =
  | { kind: 'bin'; bin: number; value: number }
  | { kind: 'symbol'; symbol: DfeSymbol }
  | { kind: 'missing' };

/**
 * Classifies a layer cell: a number goes in its fixed bin; a DfE symbol stays a symbol; absent is
 * missing. The bin is chosen from the figure as printed (1 decimal place), so a value shown as 17.0 is
 * always in the class "17.0 to under ...", never the one below it.
 */
export function classify(cell: number | string | undefined, breaks: readonly number[]): MapClass {
  if (typeof cell === 'number') return { kind: 'bin', bin: binOf(roundHalfAway(cell, 1), breaks), value: cell };
  if (typeof cell === 'string' && isDfeSymbol(cell)) return { kind: 'symbol', symbol: cell };
  return { kind: 'missing' };
}

/**
 * The change between two printed figures, in percentage points: the difference of the 1-decimal
 * figures, so "unchanged" and "0.0" only appear when the two printed figures are equal.
 */
export function changeBetween(now: number, before: number): number {
  return Number((roundHalfAway(now, 1) - roundHalfAway(before, 1)).toFixed(1));
}

/** Legend and tooltip words for gaps. */
export const MISSING_MEANING = 'no figure published for this authority, phase and period';

/** Words for a class: "17.7%" or the gap's meaning. */
export function classText(c: MapClass): string {
  if (c.kind === 'bin') return `${fixed(c.value)}%`;
  if (c.kind === 'symbol') return SYMBOL_MEANING[c.symbol];
  return MISSING_MEANING;
}

/** Pattern id for a gap (the SVG defs in the map define these). */
export function patternId(c: MapClass): string | null {
  if (c.kind === 'bin') return null;
  if (c.kind === 'missing') return 'pat-missing';
  return `pat-${{ c: 'c', x: 'x', z: 'z', u: 'u', low: 'low', ':': 'colon', '-': 'dash' }[c.symbol]}`;
}

/**
 * Rank of each area by value, 1 = highest (most absence). Ties share the best rank. Areas without a
 * number are not ranked.
 */
export function ranks(values: ReadonlyMap<string, number>): Map<string, number> {
  const sorted = [...values.entries()].sort((a, b) => b[1] - a[1]);
  const out = new Map<string, number>();
  sorted.forEach(([code, v], i) => {
    const prev = sorted[i - 1];
    out.set(code, prev && Number(fixed(prev[1])) === Number(fixed(v)) ? out.get(prev[0])! : i + 1);
  });
  return out;
}

/** Lower-case, accent-free, punctuation-free form of a name for matching ("St. Helens" -> "st helens", "&" -> "and"). */
export function normaliseName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Areas whose name, code (typed in full) or DfE LA number (`number`, the 3-digit `old_la_code`, typed in
 * full: "821" is Luton) matches `query`: code and number matches first, then names starting with it, then
 * word starts, then anywhere; within each group, authorities still in existence before ones that ended,
 * then alphabetical. Empty query -> [].
 */
export function searchAreas<T extends { name: string; code?: string; number?: string; ended?: boolean }>(query: string, areas: readonly T[], limit = 8): T[] {
  const q = normaliseName(query);
  if (!q) return [];
  const scored: { a: T; score: number }[] = [];
  for (const a of areas) {
    const n = normaliseName(a.name);
    const typed = q.replace(/ /g, '');
    const byCode = (a.code !== undefined && a.code.toLowerCase() === typed) || (Boolean(a.number) && a.number === typed);
    const score = byCode ? -1 : n.startsWith(q) ? 0 : n.split(' ').some((w) => w.startsWith(q)) ? 1 : n.includes(q) ? 2 : -2;
    if (score >= -1) scored.push({ a, score });
  }
  return scored
    .sort((x, y) => x.score - y.score || Number(x.a.ended ?? false) - Number(y.a.ended ?? false) || x.a.name.localeCompare(y.a.name))
    .slice(0, limit)
    .map((s) => s.a);
}

/**
 * " (7,264 pupils)" for a published count, "" when there is none; a DfE symbol in place of a count is said
 * as what it means, never as 0.
 */
export function pupilsText(pupils: number | string | undefined): string {
  if (pupils === undefined) return '';
  if (typeof pupils === 'number') return ` (${count(pupils)} ${Math.round(pupils) === 1 ? 'pupil' : 'pupils'})`;
  return ` (number of pupils: ${isDfeSymbol(pupils) ? `${SYMBOL_MEANING[pupils]}, ` : ''}${pupils})`;
}

/** The sentence announced when an area is chosen on the map. */
export function announce(opts: {
  name: string;
  measureLabel: string;
  periodLabel: string;
  cls: MapClass;
  rank?: number;
  of?: number;
  previous?: { label: string; cls: MapClass } | null;
  /** Published pupils behind the rate (MapLayer.counts), when there is a count. */
  pupils?: number | string;
}): string {
  let s = `${opts.name}: ${opts.measureLabel} ${classText(opts.cls)}${pupilsText(opts.pupils)}, ${opts.periodLabel}.`;
  if (opts.rank && opts.of) s += ` Rank ${opts.rank} of ${opts.of}, where 1 is the highest.`;
  if (opts.cls.kind === 'bin' && opts.previous && opts.previous.cls.kind === 'bin') {
    const a = Number(fixed(opts.cls.value));
    const b = Number(fixed(opts.previous.cls.value));
    s += a === b ? ` Unchanged from ${opts.previous.label}.` : ` ${a > b ? 'Up' : 'Down'} from ${fixed(b)}% in ${opts.previous.label}.`;
  }
  return s;
}

/** ColorBrewer RdBu, 7 classes, reversed so blue is a fall in absence and red a rise; colour-blind safe. */
export const DIVERGING: readonly string[] = [...schemeRdBu[7]!].reverse();

/** The diverging colours for `n` classes (odd or even), centred on the middle of DIVERGING. */
export function divergingPalette(n: number): readonly string[] {
  if (n >= 7) return DIVERGING;
  const mid = 3;
  const start = mid - Math.floor(n / 2);
  return n % 2 ? DIVERGING.slice(start, start + n) : [...DIVERGING.slice(start, mid), ...DIVERGING.slice(mid + 1, mid + 1 + n / 2)];
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Outline colour for a shape filled with `fill`: near-black or white, whichever contrasts more (WCAG 1.4.11). */
export function outlineFor(fill: string): '#1b1b1b' | '#ffffff' {
  return contrastRatio(fill, '#1b1b1b') >= contrastRatio(fill, '#ffffff') ? '#1b1b1b' : '#ffffff';
}

/**
 * Why some periods are not on the map, in one sentence: "School-census 2006/07 full year to 2013/14 full
 * year are in the charts and tables but not on the map: the boundary file has no shapes for Cheshire
 * (E10000004), …". `name` gives an LA code's name. '' when every period is mapped.
 */
export function unmappedText(unmapped: readonly { label: string; noShape: readonly string[] }[], name: (code: string) => string): string {
  if (!unmapped.length) return '';
  const codes = [...new Set(unmapped.flatMap((u) => u.noShape))].sort();
  const span = unmapped.length === 1 ? unmapped[0]!.label : `${unmapped[0]!.label} to ${unmapped.at(-1)!.label}`;
  return `${span} (${unmapped.length} ${unmapped.length === 1 ? 'period' : 'periods'}) ${unmapped.length === 1 ? 'is' : 'are'} in the charts and tables but not on the map: the boundary file has no shapes for ${codes.map((c) => `${name(c)} (${c})`).join(', ')}, authorities abolished or recoded before the boundaries it holds, and a map with holes would drop them silently.`;
}

/**
 * What a click or tap on an area does, from the pointer that made it (PointerEvent.pointerType):
 * a mouse click opens the area's page, as links do, its figure having shown on hover already; a touch
 * or pen tap, which has no hover, selects the area and shows its figure card, whose link opens the page.
 * An unknown pointer ('' from a keyboard-made click) opens, like the mouse.
 */
export function pointerAction(pointerType: string): 'open' | 'select' {
  return pointerType === 'touch' || pointerType === 'pen' ? 'select' : 'open';
}

/** Where the live site serves the map's data (public/generated/); pinned embeds use their own copy. */
export const MAP_DATA_BASE = '/generated/';

/** A map layer's file in the map data folder: "map/{periodId}--{phase}.json" (written by the data build). */
export function layerFile(periodId: string, phase: string): string {
  return `${periodId}--${phase}.json`;
}

/** A boundary file in the map data folder: "geo/las-{year}.json", one per boundary year drawn. */
export function boundaryFile(year: number): string {
  return `las-${year}.json`;
}

/**
 * The map of all England for a boundary year, already projected: "geo/shapes-{year}.json" (MapShapes,
 * written at site build time from the boundary file), so the first draw needs no projection.
 */
export function shapesFile(year: number): string {
  return `shapes-${year}.json`;
}

/**
 * The phase the map shows for a period: the one asked for (all schools by default) if published, else all
 * schools if published, else the period's first.
 */
export function phaseFor<T extends string>(period: { phases: readonly T[] }, wanted: string | null = 'total'): T {
  return period.phases.find((p) => p === (wanted ?? 'total')) ?? period.phases.find((p) => p === 'total') ?? period.phases[0]!;
}

/**
 * The map's opening period and phase when the address names none: the latest school-census period
 * (else the latest of any series), and phaseFor it. Periods are in the index's order (oldest first).
 * Null when there are no periods.
 */
export function defaultMapView<P extends { id: string; series: string; phases: readonly string[] }>(periods: readonly P[]): { period: P; phase: string } | null {
  const period = periods.filter((p) => p.series === 'census').at(-1) ?? periods.at(-1);
  return period ? { period, phase: phaseFor(period) } : null;
}

interface MapPeriod {
  id: string;
  series: string;
  time_period: string;
  time_identifier: string;
  phases: readonly string[];
  geometry: number;
}

/** The period a map period is set beside (table column, "year before"): the same term a year earlier, same series. */
export function previousMapPeriod<P extends Omit<MapPeriod, 'phases' | 'geometry'>>(p: P, periods: readonly P[]): P | undefined {
  const prevYear = previousYear(p.time_period);
  return periods.find((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.time_period === prevYear);
}

/**
 * What the map fetches first, relative to its data folder: the index, then the opening view's layer,
 * the year before's layer (if it has that phase) and the projected shapes of its boundaries (defaultMapView). The home page
 * preloads these so they load with the page's scripts.
 */
export function openingMapFiles(periods: readonly MapPeriod[]): string[] {
  const view = defaultMapView(periods);
  if (!view) return ['map/index.json'];
  const prev = previousMapPeriod(view.period, periods);
  return [
    'map/index.json',
    `map/${layerFile(view.period.id, view.phase)}`,
    ...(prev?.phases.includes(view.phase) ? [`map/${layerFile(prev.id, view.phase)}`] : []),
    `geo/${shapesFile(view.period.geometry)}`,
  ];
}
