/**
 * Build time (Node): the map's default view drawn as static SVG, for readers without JavaScript and
 * so that the page's map box, title and legend are in place before the script runs (no layout shift).
 * Reads public/generated/map/index.json, the view's layer and its boundary file (all written by the
 * data build); draws with the browser map's own rules (lib/map-view, lib/map-logic).
 */
import fs from 'node:fs';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { classify, patternId } from '../view/map-logic';
import { SMALL_AREAS, valueText, areaFill, areaOutline, defaultView, fittedPath, legendHtml, mapPalette, mapSource, mapTitle, INSET_SIZE, LONDON, MAP_SIZE, PATTERN_DEFS, type LaFeature } from '../view/map-view';
import { readMapLayer, type MapIndex } from './site-data';

const PUBLIC_GENERATED = path.resolve(process.cwd(), 'public', 'generated');

export interface StaticMap {
  title: string;
  source: string;
  legend: string;
  /** SMALL_AREAS on the map, with their figures. */
  small: { code: string; name: string; text: string }[];
  /** Standalone SVG files (with their own patterns): England, and London enlarged. */
  englandSvg: string;
  londonSvg: string;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

let cached: StaticMap | null | undefined;

/** The default view, drawn; null when the data build wrote no map (then the page says so as before). */
export function staticMap(): StaticMap | null {
  if (cached !== undefined) return cached;
  const indexFile = path.join(PUBLIC_GENERATED, 'map', 'index.json');
  if (!fs.existsSync(indexFile)) return (cached = null);
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as MapIndex;
  if (index.periods.length === 0) return (cached = null);
  const view = defaultView(index.periods);
  const layer = readMapLayer(view.period.id, view.phase);
  const topo = JSON.parse(fs.readFileSync(path.join(PUBLIC_GENERATED, 'geo', `las-${view.period.geometry}.json`), 'utf8')) as Topology;
  const features = (feature(topo, topo.objects.las as GeometryCollection<{ code: string; name: string }>) as unknown as { features: LaFeature[] }).features;
  const key = `${view.measure}|${view.phase}`;
  const breaks = index.breaks[key] ?? [];
  const bins = index.bins[key] ?? [{ index: 1, from: null, to: null }];
  const palette = mapPalette(bins.length, false);
  const classes = new Map(features.map((f) => [f.properties.code, classify(layer?.values[f.properties.code]?.[view.measure], breaks)]));
  const title = mapTitle(view);
  const draw = (shown: readonly LaFeature[], width: number, height: number, pad: number, label: string) => {
    const geo = fittedPath(shown, width, height, pad).digits(1);
    const paths = shown
      .map((f) => {
        const c = classes.get(f.properties.code)!;
        return `<path d="${geo(f) ?? ''}" fill="${areaFill(c, palette)}" stroke="${areaOutline(c, palette)}" stroke-width="0.5"><title>${escapeXml(f.properties.name)}</title></path>`;
      })
      .join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}"><defs>${PATTERN_DEFS}</defs>${paths}</svg>\n`;
  };
  const london = features.filter((f) => index.areas[f.properties.code]?.region === LONDON);
  const gaps = new Set([...classes.values()].filter((c) => c.kind !== 'bin').map((c) => patternId(c)!));
  cached = {
    title,
    source: mapSource(view),
    small: SMALL_AREAS.filter((code) => classes.has(code)).map((code) => ({ code, name: index.areas[code]?.name ?? code, text: valueText(classes.get(code)!, false) })),
    legend: legendHtml({ bins, palette, change: false, measure: view.measure, gaps }),
    englandSvg: draw(features, MAP_SIZE.width, MAP_SIZE.height, 8, `Map: ${title}`),
    londonSvg: draw(london, INSET_SIZE.width, INSET_SIZE.height, 4, `London, enlarged: ${title}`),
  };
  return cached;
}
