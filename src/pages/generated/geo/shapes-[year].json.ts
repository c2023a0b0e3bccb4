/**
 * /generated/geo/shapes-{year}.json: the map of all England for each boundary year the map draws,
 * projected at build time (lib/view/map-shapes) from the data build's boundary file, so the browser's
 * first draw projects nothing. Pinned embeds get their release's copy with the rest of /generated/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIRoute } from 'astro';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { PUBLIC_GENERATED_DIR, readMapIndex } from '../../../lib/page-models/site-data';
import { boundaryFile } from '../../../lib/view/map-logic';
import { projectShapes } from '../../../lib/view/map-shapes';
import type { LaFeature } from '../../../lib/view/map-view';

export function getStaticPaths() {
  if (!fs.existsSync(path.join(PUBLIC_GENERATED_DIR, 'map', 'index.json'))) return [];
  return [...new Set(readMapIndex().periods.map((p) => p.geometry))].map((year) => ({ params: { year: String(year) } }));
}

export const GET: APIRoute = ({ params }) => {
  const index = readMapIndex();
  const topo = JSON.parse(fs.readFileSync(path.join(PUBLIC_GENERATED_DIR, 'geo', boundaryFile(Number(params.year))), 'utf8')) as Topology;
  const features = (feature(topo, topo.objects.las as GeometryCollection<{ code: string; name: string }>) as unknown as { features: LaFeature[] }).features;
  return new Response(JSON.stringify(projectShapes(features, (code) => index.areas[code]?.region)), { headers: { 'Content-Type': 'application/json' } });
};
