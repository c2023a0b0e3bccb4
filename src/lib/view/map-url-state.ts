/**
 * The map's view as it lives in the address: `?measure=&period=&phase=&region=&area=&compare=`. Reading
 * checks each value against the map index and says in `notes` whatever was asked for that cannot be shown
 * (query-notes); writing gives the query string a copied link or an embed reopens. Pure and browser-safe
 * (no DOM, no `location`): the browser map (src/scripts/map/) passes `location.search` in.
 */
import { MEASURES, PHASES, RATE_MEASURES, SERIES_LABEL, phaseWords, type Phase, type RateMeasure } from '../domain/model';
import type { MapIndex, PeriodEntry } from '../page-models/site-data';
import { phaseFor } from './map-logic';
import { defaultView } from './map-view';
import { askedNote, chooseParam } from './query-notes';

/** One view of the map. */
export interface MapState {
  measure: RateMeasure;
  /** A PeriodEntry id from the map index. */
  period: string;
  /** Period compared with in change mode ('' = show values). Same series and term as `period`, earlier. */
  compare: string;
  phase: Phase;
  /** Region code ('' = all of England). */
  region: string;
  /** Selected LA code ('' = none). */
  area: string;
}

/** What readMapState and the view model need of the map index. */
export type MapIndexView = Pick<MapIndex, 'periods' | 'regions' | 'areas'>;

/** Periods `p` can be compared with: earlier periods of the same series and the same term (autumn with autumn). */
export function comparablePeriods(p: PeriodEntry, periods: readonly PeriodEntry[]): PeriodEntry[] {
  return periods.filter((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.id !== p.id && x.time_period < p.time_period);
}

/** "2024/25 full year (school census)": a period as the period picker and the notes name it. */
export function periodOptionLabel(p: PeriodEntry): string {
  return `${p.label} (${SERIES_LABEL[p.series].short.toLowerCase()})`;
}

const measureWords = (m: RateMeasure) => MEASURES[m].label.toLowerCase();

/**
 * The view an address asks for (`search`: a query string, with or without '?'), and a note for each thing
 * asked for that cannot be shown: an unknown period or region, a measure or phase the period does not
 * publish, an unknown area code, a change-since period that cannot be compared. Nothing asked = the
 * default view (defaultView: persistent absence, latest census full year, all schools). Throws when the
 * index has no periods (the map has nothing to show).
 */
export function readMapState(search: string, index: MapIndexView): MapState & { notes: string[] } {
  const u = new URLSearchParams(search);
  const periods = new Map(index.periods.map((p) => [p.id, p]));
  const notes: string[] = [];
  const periodLabelOf = (id: string) => periodOptionLabel(periods.get(id)!);
  const asked = chooseParam(u.get('period'), [...periods.keys()], defaultView(index.periods).period.id, 'period', periodLabelOf);
  const period = asked.value;
  if (asked.note) notes.push(asked.note);
  const p = periods.get(period)!;
  const m = chooseParam(u.get('measure'), RATE_MEASURES, 'enrolments_pa_10_exact_percent', 'measure', measureWords);
  if (m.note) notes.push(m.note);
  const measure = p.measures.includes(m.value) ? m.value : p.measures[0]!;
  if (measure !== m.value) notes.push(askedNote('measure', measureWords(m.value), measureWords(measure), `which is not published for ${p.label}`));
  const ph = chooseParam(u.get('phase'), PHASES, 'total', 'phase', (x) => phaseWords(x));
  if (ph.note) notes.push(ph.note);
  const phase = phaseFor(p, ph.value);
  if (phase !== ph.value) notes.push(askedNote('phase', phaseWords(ph.value), phaseWords(phase), `which is not published for ${p.label}`));
  const r = chooseParam(u.get('region'), index.regions.map((x) => x.code), '', 'region', () => 'all of England');
  if (r.note) notes.push(r.note);
  const askedArea = u.get('area') ?? '';
  const area = askedArea && index.areas[askedArea] ? askedArea : '';
  if (askedArea && !area) notes.push(`The address asked for area “${askedArea}”, which is not a code this site has; no area is chosen.`);
  const askedCompare = u.get('compare') ?? '';
  const c = periods.get(askedCompare);
  const compare = c && comparablePeriods(p, index.periods).some((x) => x.id === c.id) ? c.id : '';
  if (askedCompare && !compare) notes.push(askedNote('change since', c ? periodLabelOf(c.id) : askedCompare, `the figures for ${p.label}`, c ? `which cannot be compared with ${p.label} (only an earlier ${p.time_identifier.toLowerCase()} of the same statistic can)` : 'which this site does not have'));
  return { measure, period, phase, region: r.value, area, compare, notes };
}

/**
 * A reader's change (from the controls) applied to a view: the phase falls back by phaseFor when the new
 * period lacks it, a change-since period that no longer compares is dropped, and a measure the period does
 * not publish gives way to its first, with `note` saying so. The selected area and region are kept.
 */
export function changeMapState(state: MapState, next: Partial<MapState>, periods: readonly PeriodEntry[]): { state: MapState; note: string } {
  const s = { ...state, ...next };
  const p = periods.find((x) => x.id === s.period)!;
  s.phase = phaseFor(p, s.phase);
  if (s.compare && !comparablePeriods(p, periods).some((x) => x.id === s.compare)) s.compare = '';
  let note = '';
  if (!p.measures.includes(s.measure)) {
    note = `${MEASURES[s.measure].label} is not published for ${p.label}; showing ${measureWords(p.measures[0]!)} instead.`;
    s.measure = p.measures[0]!;
  }
  return { state: s, note };
}

/** The query string of a view: measure, period and phase always; region, area and compare when set. */
export function mapQuery(state: MapState): URLSearchParams {
  const u = new URLSearchParams();
  u.set('measure', state.measure);
  u.set('period', state.period);
  u.set('phase', state.phase);
  if (state.region) u.set('region', state.region);
  if (state.area) u.set('area', state.area);
  if (state.compare) u.set('compare', state.compare);
  return u;
}

/** `search` with its `area` set to `code`, other parameters as they were (selecting keeps the address's own order). */
export function withArea(search: string, code: string): string {
  const u = new URLSearchParams(search);
  u.set('area', code);
  return u.toString();
}
