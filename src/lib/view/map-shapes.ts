/**
 * The map of all England, projected once at site build time: each authority's SVG path (in the map's
 * 600 x 720 box, whole units), its centroid (the keyboard moves between centroids) and the London inset's
 * paths (240 x 180 box, 0.1 unit). The browser's first draw reads this (geo/shapes-{year}.json, map-logic
 * shapesFile) in place of the boundary file and projects nothing; a region's map is still projected in
 * the browser from the boundary file (fitted to that region). Pure and browser-safe.
 */
import { fittedPath, INSET_SIZE, LONDON, MAP_SIZE, type LaFeature } from './map-view';

export interface MapShapes {
  /** Every authority of the boundary file, in its order: code, name, path, centroid x and y. */
  areas: [code: string, name: string, d: string, cx: number, cy: number][];
  /** London's boroughs in the inset: code, path. */
  inset: [code: string, d: string][];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Projects `features` (a boundary file's LAs) as the browser map would; `regionOf` gives an LA's region code. */
export function projectShapes(features: readonly LaFeature[], regionOf: (code: string) => string | undefined): MapShapes {
  // Whole units: a 600-unit map is drawn at most ~640 px wide, so rounding moves an edge under a pixel.
  const path = fittedPath(features, MAP_SIZE.width, MAP_SIZE.height, 8).digits(0);
  const london = features.filter((f) => regionOf(f.properties.code) === LONDON);
  const inset = london.length ? fittedPath(london, INSET_SIZE.width, INSET_SIZE.height, 4).digits(1) : null;
  return {
    areas: features.map((f) => {
      const [cx, cy] = path.centroid(f);
      return [f.properties.code, f.properties.name, path(f) ?? '', round1(cx), round1(cy)];
    }),
    inset: inset ? london.map((f) => [f.properties.code, inset(f) ?? '']) : [],
  };
}
