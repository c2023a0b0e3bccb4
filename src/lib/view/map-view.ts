/**
 * What the map shows for a view, as words, colours and shapes: palette, fill and outline of each
 * area, the title, source line and legend, and the projection. Pure and browser-safe: the browser map
 * (src/scripts/absence-map.ts) and the build-time picture of the default view (lib/map-static) both
 * use these, so the picture a reader sees without JavaScript is drawn by the same rules.
 */
import { geoPath, geoTransverseMercator, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { MISSING_MEANING, PALETTES, classText, defaultMapView, divergingPalette, outlineFor, patternId, type MapClass } from './map-logic';
import { fixed } from '../domain/format';
import { binLabel, changeBinLabel, type Bin } from '../classes/bins';
import { MEASURES, phaseWords, SERIES_LABEL, type Phase, type RateMeasure } from '../domain/model';
import { DFE_SYMBOLS, SYMBOL_MEANING } from '../domain/symbols';
import type { PeriodEntry } from '../page-models/site-data';

export type LaFeature = Feature<Geometry, { code: string; name: string }>;

/** The map's SVG box (viewBox 0 0 600 720) and the London inset's (0 0 240 180). */
export const MAP_SIZE = { width: 600, height: 720 } as const;
export const INSET_SIZE = { width: 240, height: 180 } as const;
/** The region drawn enlarged in the inset. */
export const LONDON = 'E12000007';

/** Colours of the classes: YlGnBu for values, a diverging scale for change, as many as there are bins. */
export function mapPalette(binCount: number, change: boolean): readonly string[] {
  return change ? divergingPalette(binCount) : PALETTES[Math.min(7, Math.max(1, binCount))]!;
}

/** An area's fill: its class colour, or the pattern of its gap (a DfE symbol or no figure). */
export function areaFill(c: MapClass, palette: readonly string[]): string {
  return c.kind === 'bin' ? palette[c.bin - 1]! : `url(#${patternId(c)})`;
}

/** An area's outline: dark or white, whichever stands out against its fill. */
export function areaOutline(c: MapClass, palette: readonly string[]): string {
  return c.kind === 'bin' ? outlineFor(palette[c.bin - 1]!) : '#1b1b1b';
}

/** A geoPath for `features` fitted into a box, `pad` px from its edges (transverse Mercator centred on England). */
export function fittedPath(features: readonly LaFeature[], width: number, height: number, pad: number) {
  return geoPath(geoTransverseMercator().rotate([2, -49]).fitExtent([[pad, pad], [width - pad, height - pad]], { type: 'FeatureCollection', features: [...features] } as GeoPermissibleObjects));
}

/** "Persistent absence, all schools, 2024/25 (school census)", or the change-mode title. */
export function mapTitle(o: { measure: RateMeasure; phase: Phase; period: PeriodEntry; base?: PeriodEntry }): string {
  const measureLabel = MEASURES[o.measure].label;
  const series = SERIES_LABEL[o.period.series].short.toLowerCase();
  return o.base
    ? `Change in ${measureLabel.toLowerCase()}, ${phaseWords(o.phase)}, from ${o.base.label} to ${o.period.label} (${series}, percentage points)`
    : `${measureLabel}, ${phaseWords(o.phase)}, ${o.period.label} (${series})`;
}

/** The map's source line: publication, periods, unit and boundaries. */
export function mapSource(o: { measure: RateMeasure; period: PeriodEntry; base?: PeriodEntry }): string {
  const p = o.period;
  const change = Boolean(o.base);
  return `Source: ${SERIES_LABEL[p.series].publication} (${SERIES_LABEL[p.series].short.toLowerCase()}), ${change ? `${o.base!.label} and ${p.label}` : p.label}. ${change ? 'Difference in percentage points of ' : ''}${MEASURES[o.measure].unit}. Boundaries: ONS, local authorities as in ${p.vintage}. Colour classes are the same for every period.`;
}

/**
 * The legend's HTML: numbered classes with their ranges, then one entry per kind of gap present on
 * the map (`gaps`: pattern ids of the areas shown). Text is escaped by construction (labels are ours).
 */
export function legendHtml(o: { bins: readonly Bin[]; palette: readonly string[]; change: boolean; measure: RateMeasure; gaps: ReadonlySet<string> }): string {
  const swatch = (fill: string) => `<svg width="28" height="18" aria-hidden="true"><rect x="1" y="1" width="26" height="16" fill="${fill}" class="swatch"/></svg>`;
  const items: string[] = o.bins.map((b, i) => `<li>${swatch(o.palette[i]!)}<span><b>${b.index}</b> ${o.change ? changeBinLabel(b) : binLabel(b)}</span></li>`);
  for (const sym of DFE_SYMBOLS) {
    const id = patternId({ kind: 'symbol', symbol: sym })!;
    if (o.gaps.has(id)) items.push(`<li data-legend-symbol="${id}">${swatch(`url(#${id})`)}<span><b>${sym}</b> ${SYMBOL_MEANING[sym]}</span></li>`);
  }
  if (o.gaps.has('pat-missing')) items.push(`<li data-legend-symbol="pat-missing">${swatch('url(#pat-missing)')}<span>${MISSING_MEANING}</span></li>`);
  return `<p class="legend-title">${o.change ? 'Change, percentage points' : MEASURES[o.measure].unit}</p><ul>${items.join('')}</ul>`;
}

/** The view a reader gets with no choices made: persistent absence, all schools, the latest census full year (map-logic defaultMapView). */
export function defaultView(periods: readonly PeriodEntry[]): { measure: RateMeasure; phase: Phase; period: PeriodEntry } {
  const { period, phase } = defaultMapView(periods)!;
  const measure: RateMeasure = period.measures.includes('enrolments_pa_10_exact_percent') ? 'enrolments_pa_10_exact_percent' : period.measures[0]!;
  return { measure, phase: phase as Phase, period };
}

/** SVG patterns of the map's gaps (ids from map-logic patternId): in the page's map and in the static picture. */
export const PATTERN_DEFS = [
  '<pattern id="pat-c" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#4d4d4d" stroke-width="3"/></pattern>',
  '<pattern id="pat-x" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.5" fill="#4d4d4d"/></pattern>',
  '<pattern id="pat-colon" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.5" fill="#4d4d4d"/></pattern>',
  '<pattern id="pat-z" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="4" x2="8" y2="4" stroke="#4d4d4d" stroke-width="2"/></pattern>',
  '<pattern id="pat-u" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><line x1="4" y1="0" x2="4" y2="8" stroke="#4d4d4d" stroke-width="2"/></pattern>',
  '<pattern id="pat-low" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><path d="M0 0L8 8M8 0L0 8" stroke="#4d4d4d" stroke-width="1.5"/></pattern>',
  '<pattern id="pat-dash" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#4d4d4d" stroke-width="2"/></pattern>',
  '<pattern id="pat-missing" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="10" height="10" fill="#d9d9d9"/><circle cx="5" cy="5" r="1" fill="#4d4d4d"/></pattern>',
].join('');

/** An area's figure as the map words it: "24.6%", "+1.2 points" in change mode, or its gap's meaning. */
export function valueText(c: MapClass, change: boolean): string {
  return c.kind !== 'bin' ? classText(c) : change ? `${c.value > 0 ? '+' : ''}${fixed(c.value)} points` : `${fixed(c.value)}%`;
}

/** Authorities too small to see at national scale (City of London, Scilly, Rutland), listed beside the map. */
export const SMALL_AREAS = ['E09000001', 'E06000053', 'E06000017'] as const;
