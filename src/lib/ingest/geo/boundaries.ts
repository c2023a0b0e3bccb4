/**
 * LA boundary vintages for the maps, cut from the ONS multi-year TopoJSON
 * (`geo/ONSvisual_uk-topojson_topo.json`, object `utla`, each geometry with optional `start` / `end` years).
 * Topology year Y holds the authorities live at the start of academic year Y/Y+1 (Cumbria ends 2022,
 * Cumberland starts 2023), so a period is drawn on the vintage of its first calendar year unless its data
 * use codes of another vintage (the register series publishes 2022/23 on the 2023 authorities).
 */
import { feature, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, quantile } from 'topojson-simplify';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataError } from '../../domain/errors';

interface UtlaProperties {
  areacd: string;
  areanm: string;
  start?: number;
  end?: number;
}

const ENGLISH_UPPER_TIER = /^E(06|08|09|10)\d{6}$/;
const REGION = /^E12\d{6}$/;

/** The topology's English upper-tier and region layers as GeoJSON, ready to cut by year. */
export interface BoundarySource {
  file: string;
  las: Feature<Geometry, UtlaProperties>[];
  regions: Feature<Geometry, { areacd: string; areanm: string }>[];
  years: number[];
}

/** Reads the multi-year topology. Throws DataError naming `file` if it is not a TopoJSON topology or `utla` or `rgn` is missing. */
export function readBoundarySource(topo: Topology, file: string): BoundarySource {
  const t = topo as Partial<Topology> | null;
  if (!t || typeof t !== 'object' || t.type !== 'Topology' || !t.objects || typeof t.objects !== 'object' || !Array.isArray(t.arcs)) {
    throw new DataError({ file }, 'not a TopoJSON topology (expected "type": "Topology" with "objects" and "arcs")');
  }
  for (const name of ['utla', 'rgn']) {
    if (!topo.objects[name]) throw new DataError({ file, column: `objects.${name}` }, 'topology object is missing');
  }
  const las = (feature(topo, topo.objects.utla as GeometryCollection<UtlaProperties>) as FeatureCollection<Geometry, UtlaProperties>).features.filter(
    (f) => ENGLISH_UPPER_TIER.test(f.properties.areacd),
  );
  const regions = (feature(topo, topo.objects.rgn as GeometryCollection<{ areacd: string; areanm: string }>) as FeatureCollection<
    Geometry,
    { areacd: string; areanm: string }
  >).features.filter((f) => REGION.test(f.properties.areacd));
  const bounds = las.flatMap((f) => [f.properties.start, f.properties.end]).filter((y): y is number => typeof y === 'number');
  // Years before the first change, and after the last, hold the same authorities as their neighbours;
  // 2010 to this year covers every DfE series.
  const years: number[] = [];
  for (let y = 2010; y <= Math.max(new Date().getUTCFullYear(), ...bounds); y++) years.push(y);
  return { file, las, regions, years };
}

/** Codes of the authorities live in topology year `year`. */
export function liveCodes(source: BoundarySource, year: number): Set<string> {
  return new Set(
    source.las
      .filter((f) => (f.properties.start === undefined || f.properties.start <= year) && (f.properties.end === undefined || f.properties.end >= year))
      .map((f) => f.properties.areacd),
  );
}

/**
 * Picks the boundary year for a period's LA codes: of the years whose live authorities include every
 * code, the one nearest `preferredYear` (later wins a tie). Throws DataError naming `what` and the codes
 * no single vintage holds, so a period is never drawn with holes.
 */
export function chooseVintage(source: BoundarySource, codes: Iterable<string>, preferredYear: number, what: string): number {
  const wanted = [...new Set(codes)];
  const fits = source.years.filter((y) => {
    const live = liveCodes(source, y);
    return wanted.every((c) => live.has(c));
  });
  if (fits.length === 0) {
    const best = source.years
      .map((y) => ({ y, missing: wanted.filter((c) => !liveCodes(source, y).has(c)) }))
      .sort((a, b) => a.missing.length - b.missing.length || Math.abs(a.y - preferredYear) - Math.abs(b.y - preferredYear))[0]!;
    throw new DataError(
      { file: source.file },
      `no boundary vintage holds every LA code of ${what}; nearest is ${best.y}, missing ${best.missing.join(', ')}`,
    );
  }
  return fits.sort((a, b) => Math.abs(a - preferredYear) - Math.abs(b - preferredYear) || b - a)[0]!;
}

/**
 * A compact topology for one year: object `las` (authorities live that year; properties `code`, `name`)
 * and object `regions` (the nine English regions), with shared borders, simplified and quantised.
 * `keep` (0..1) is the topojson-simplify weight quantile below which vertices are kept: smaller is coarser.
 */
export function vintageTopology(source: BoundarySource, year: number, keep = 0.3): Topology {
  const live = liveCodes(source, year);
  const las: FeatureCollection = {
    type: 'FeatureCollection',
    features: source.las
      .filter((f) => live.has(f.properties.areacd))
      .map((f) => ({ type: 'Feature', id: f.properties.areacd, properties: { code: f.properties.areacd, name: f.properties.areanm }, geometry: f.geometry })),
  };
  const regions: FeatureCollection = {
    type: 'FeatureCollection',
    features: source.regions.map((f) => ({
      type: 'Feature',
      id: f.properties.areacd,
      properties: { code: f.properties.areacd, name: f.properties.areanm },
      geometry: f.geometry,
    })),
  };
  // Quantise only after simplifying: topojson-simplify works on unquantised arcs.
  const topo = presimplify(topology({ las, regions }) as unknown as Parameters<typeof presimplify>[0]);
  const simplified = simplify(topo, quantile(topo, keep)) as unknown as Parameters<typeof quantize>[0];
  return quantize(simplified, 1e4) as Topology;
}
