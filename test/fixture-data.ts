/**
 * Builds small, valid data folders for tests of the whole data build: trimmed DfE/ONS lookups for a
 * handful of LAs, a tiny topology of square "authorities" with those codes, and whatever DfE fixture
 * files a test adds. Nothing here is a copy of the real files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { topology } from 'topojson-server';
import type { FeatureCollection } from 'geojson';

/** The LAs the fixture lookups know: code, name, DfE code, region. */
export const FIXTURE_LAS = [
  ['E06000017', 'Rutland', '857', 'E12000004'],
  ['E06000023', 'Bristol, City of', '801', 'E12000009'],
  ['E06000032', 'Luton', '821', 'E12000006'],
  ['E09000007', 'Camden', '202', 'E12000007'],
] as const;

const REGIONS = [
  ['E12000001', 'North East'],
  ['E12000002', 'North West'],
  ['E12000003', 'Yorkshire and The Humber'],
  ['E12000004', 'East Midlands'],
  ['E12000005', 'West Midlands'],
  ['E12000006', 'East of England'],
  ['E12000007', 'London'],
  ['E12000008', 'South East'],
  ['E12000009', 'South West'],
  ['E13000001', 'Inner London'],
  ['E13000002', 'Outer London'],
] as const;

function square(i: number, code: string, name: string) {
  const x = -2 + i * 0.5;
  return {
    type: 'Feature' as const,
    properties: { areacd: code, areanm: name },
    geometry: { type: 'Polygon' as const, coordinates: [[[x, 52], [x, 52.4], [x + 0.4, 52.4], [x + 0.4, 52], [x, 52]]] },
  };
}

/** Writes geo/ (lookups and topology) into `dir`. */
export function writeFixtureGeo(dir: string): void {
  const geo = path.join(dir, 'geo');
  fs.mkdirSync(geo, { recursive: true });
  fs.writeFileSync(
    path.join(geo, 'las.csv'),
    'new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,entity_code,entity_description,status,old_la_code\n' +
      FIXTURE_LAS.map(([c, n, o, r]) => `${c},"${n}",01/01/2009,,${r},${c.slice(0, 3)},Unitary Authorities,live,${o}`).join('\n') +
      '\n',
  );
  fs.writeFileSync(path.join(geo, 'regions.csv'), 'region_code,region_name\n' + REGIONS.map(([c, n]) => `${c},${n}`).join('\n') + '\n');
  fs.writeFileSync(path.join(geo, 'ONSvisual_uk-topojson_changes.csv'), '\ufeffoldcd,oldnm,newcd,newnm,type,start\nE07000048,Christchurch,E06000058,BCP,merger,2019\n');
  const utla: FeatureCollection = { type: 'FeatureCollection', features: FIXTURE_LAS.map(([c, n], i) => square(i, c, n)) };
  const rgn: FeatureCollection = {
    type: 'FeatureCollection',
    features: REGIONS.filter(([c]) => c.startsWith('E12')).map(([c, n], i) => ({ ...square(i, c, n), properties: { areacd: c, areanm: n } })),
  };
  fs.writeFileSync(path.join(geo, 'ONSvisual_uk-topojson_topo.json'), JSON.stringify(topology({ utla, rgn }, 1e5)));
}

/** A fresh temporary data folder with geo/ and the given DfE files (`{ 'dfe/census/x.csv': text }`). */
export function makeDataDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absence-data-'));
  writeFixtureGeo(dir);
  for (const [rel, body] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
  }
  return dir;
}
