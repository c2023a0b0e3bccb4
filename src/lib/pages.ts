/**
 * Shared build-time helpers for pages: the area register as a map, and page models cached per area
 * (an LA page and its data.csv are made from the same model).
 */
import { buildAreaPage, type AreaPageModel } from './area-page';
import { readAreaObservations, readMapLayer, readSiteIndex, type AreaEntry } from './site-data';

let areasByCode: Map<string, AreaEntry> | undefined;

export function areaMap(): Map<string, AreaEntry> {
  areasByCode ??= new Map(readSiteIndex().areas.map((a) => [a.code, a]));
  return areasByCode;
}

const models = new Map<string, AreaPageModel>();
let ranking: { periodLabel: string; values: Map<string, number> } | null | undefined;

/** LA persistent absence in the latest census full year, all schools, from the map layer. */
function latestRanking(): { periodLabel: string; values: Map<string, number> } | null {
  if (ranking !== undefined) return ranking;
  const period = readSiteIndex().periods.filter((p) => p.series === 'census' && p.time_identifier === 'Full year').at(-1);
  const layer = period ? readMapLayer(period.id, 'total') : null;
  const las = new Set(readSiteIndex().areas.filter((a) => a.level === 'Local authority').map((a) => a.code));
  ranking =
    period && layer
      ? {
          periodLabel: period.label,
          values: new Map(
            Object.entries(layer.values)
              .filter(([code, v]) => las.has(code) && typeof v.enrolments_pa_10_exact_percent === 'number')
              .map(([code, v]) => [code, v.enrolments_pa_10_exact_percent as number]),
          ),
        }
      : null;
  return ranking;
}

/** The page model for an area code; throws if the code has no page. */
export function areaPage(code: string): AreaPageModel {
  const hit = models.get(code);
  if (hit) return hit;
  const area = areaMap().get(code);
  if (!area) throw new Error(`no area ${code} in data/generated/index.json`);
  const model = buildAreaPage({ area, areas: areaMap(), read: readAreaObservations, latestRanking: latestRanking(), repeats: readSiteIndex().repeats });
  models.set(code, model);
  return model;
}

/** URL of an area's page. */
export function areaHref(a: Pick<AreaEntry, 'code' | 'level'>): string {
  if (a.level === 'National') return '/trends/';
  return a.level === 'Regional' ? `/regions/${a.code}/` : `/local-authorities/${a.code}/`;
}

export const CSV_COLUMNS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'area_code',
  'area_name',
  'old_la_code',
  'region_code',
  'school_type',
  'breakdown_topic',
  'breakdown',
  'source',
  'dataset',
  'measure',
  'value',
  'symbol',
] as const;
