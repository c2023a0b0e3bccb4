/**
 * The map's data in the browser: the index, period/phase layers and boundary files, fetched as JSON from
 * the map data folder (`base`: /generated/ on the live site, a pinned release's own copy in its embeds),
 * each fetched once per page.
 */
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { boundaryFile, layerFile, shapesFile } from '../../lib/view/map-logic';
import type { MapShapes } from '../../lib/view/map-shapes';
import type { LaFeature } from '../../lib/view/map-view';
import type { MapIndex, MapLayer, PeriodEntry } from '../../lib/page-models/site-data';
import type { Phase } from '../../lib/domain/model';

/** GETs `url` as JSON; throws "url: HTTP 404" on a failed response. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export interface MapData {
  index: MapIndex;
  /** The layer of a period and phase; null when the period does not publish that phase. */
  layer(p: PeriodEntry, phase: Phase): Promise<MapLayer | null>;
  /** The LA shapes of a boundary year (PeriodEntry.geometry). */
  features(year: number): Promise<LaFeature[]>;
  /** The map of all England for a boundary year, already projected (lib/view/map-shapes). */
  shapes(year: number): Promise<MapShapes>;
}

/** Reads `${base}map/index.json` and returns the map's data reader (throws if the index cannot be read). */
export async function loadMapData(base: string): Promise<MapData> {
  const index = await getJson<MapIndex>(`${base}map/index.json`);
  const layers = new Map<string, Promise<MapLayer | null>>();
  const boundaries = new Map<number, Promise<LaFeature[]>>();
  const projected = new Map<number, Promise<MapShapes>>();
  return {
    index,
    layer(p, phase) {
      const key = layerFile(p.id, phase);
      if (!layers.has(key)) layers.set(key, p.phases.includes(phase) ? getJson<MapLayer>(`${base}map/${key}`) : Promise.resolve(null));
      return layers.get(key)!;
    },
    features(year) {
      if (!boundaries.has(year)) {
        boundaries.set(
          year,
          getJson<Topology>(`${base}geo/${boundaryFile(year)}`).then((t) => {
            const fc = feature(t, t.objects.las as GeometryCollection<{ code: string; name: string }>);
            return (fc as unknown as { features: LaFeature[] }).features;
          }),
        );
      }
      return boundaries.get(year)!;
    },
    shapes(year) {
      if (!projected.has(year)) projected.set(year, getJson<MapShapes>(`${base}geo/${shapesFile(year)}`));
      return projected.get(year)!;
    },
  };
}
