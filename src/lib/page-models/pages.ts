/**
 * Shared build-time helpers for pages: the area register as a map, and page models cached per area
 * (an LA page, its downloads and its embeds are made from the same model).
 */
import { buildAreaPage, laRanks, type AreaPageModel, type ChartModel, type LatestRanking } from './area-page';
import type { Rank } from './story';
import { buildBreakdowns, type BreakdownsModel } from './breakdowns-page';
import { buildTrends, type TrendsModel } from './trends-page';
import { ENGLAND_CODE, MEASURES, phaseWords, RATE_MEASURES, type Phase, type RateMeasure, SCHOOL_PHASES } from '../domain/model';
import { latestPeriod } from '../domain/periods';
import { readAreaBands, readAreaStore, readMapLayer, readSiteIndex, type AreaEntry } from './site-data';

let areasByCode: Map<string, AreaEntry> | undefined;

export function areaMap(): Map<string, AreaEntry> {
  areasByCode ??= new Map(readSiteIndex().areas.map((a) => [a.code, a]));
  return areasByCode;
}

const models = new Map<string, AreaPageModel>();
let ranking: LatestRanking | null | undefined;

/** LA persistent absence in the latest census full year, all schools, from the map layer. */
function latestRanking(): LatestRanking | null {
  if (ranking !== undefined) return ranking;
  const period = latestPeriod(readSiteIndex().periods.filter((p) => p.series === 'census'), ['Full year']);
  const layer = period ? readMapLayer(period.id, 'total') : null;
  const las = new Set(readSiteIndex().areas.filter((a) => a.level === 'Local authority').map((a) => a.code));
  ranking =
    period && layer
      ? {
          periodLabel: period.label,
          timePeriod: period.time_period,
          dataset: period.dataset,
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
  const model = buildAreaPage({ area, areas: areaMap(), read: readAreaStore, rankOf: laRank, latestRanking: latestRanking(), repeats: readSiteIndex().repeats, halfTerms: readSiteIndex().halfTerms, cautions: readSiteIndex().cautions });
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

const trendsModels = new Map<string, TrendsModel>();

/** The trends page model for a measure and phase (cached). */
export function trendsPage(measure: RateMeasure, phase: Phase): TrendsModel {
  const key = `${measure}/${phase}`;
  let hit = trendsModels.get(key);
  if (!hit) trendsModels.set(key, (hit = buildTrends(measure, phase, readSiteIndex().areas, readAreaStore, readSiteIndex().halfTerms)));
  return hit;
}

const breakdownModels = new Map<Phase, BreakdownsModel>();

/** England's breakdowns page model for a phase (cached). */
export function breakdownsPage(phase: Phase): BreakdownsModel {
  let hit = breakdownModels.get(phase);
  if (!hit) {
    const england = areaMap().get(ENGLAND_CODE)!;
    breakdownModels.set(phase, (hit = buildBreakdowns(england, readAreaStore(ENGLAND_CODE), readAreaBands(ENGLAND_CODE), phase)));
  }
  return hit;
}

/** A page with charts: its key (path without outer slashes, as in embed and download URLs), address, name and charts. */
export interface ChartPage {
  key: string;
  href: string;
  /** What the page is about, for embed titles: "Luton", "Trends: Persistent absence, all schools". */
  name: string;
  charts: ChartModel[];
}

let chartPageList: ChartPage[] | undefined;
let chartPageByKey: Map<string, ChartPage> | undefined;

/** Every page with charts: LAs, regions, trends (each measure and phase) and breakdowns (each phase). */
export function chartPages(): ChartPage[] {
  if (chartPageList) return chartPageList;
  const out: ChartPage[] = [];
  for (const a of readSiteIndex().areas) {
    if (a.level === 'National') continue;
    const key = `${a.level === 'Regional' ? 'regions' : 'local-authorities'}/${a.code}`;
    out.push({ key, href: `/${key}/`, name: a.name, get charts() { return areaPage(a.code).sections.flatMap((s) => s.charts); } });
  }
  for (const m of RATE_MEASURES) {
    for (const p of SCHOOL_PHASES) {
      const key = `trends/${m}/${p}`;
      out.push({ key, href: `/${key}/`, name: `Trends: ${MEASURES[m].label}, ${phaseWords(p)}`, get charts() { return trendsPage(m, p).charts; } });
    }
  }
  for (const p of SCHOOL_PHASES) {
    out.push({ key: `breakdowns/${p}`, href: p === 'total' ? '/breakdowns/' : `/breakdowns/${p}/`, name: `Breakdowns: ${phaseWords(p)}`, get charts() { return breakdownsPage(p).charts; } });
  }
  chartPageList = out;
  chartPageByKey = new Map(out.map((c) => [c.key, c]));
  return out;
}

export function chartPage(key: string): ChartPage | undefined {
  chartPages();
  return chartPageByKey!.get(key);
}

const rankTables = new Map<string, Map<string, Rank>>();

/**
 * An LA's rank for a census figure (full year unless told) among every LA with a figure that period
 * (1 = highest; equal figures as printed share a rank, as on the map). See area-page.laRanks.
 */
export function laRank(measure: RateMeasure, timePeriod: string, code: string, timeIdentifier = 'Full year'): Rank | null {
  const key = `${measure}|${timePeriod}|${timeIdentifier}`;
  let table = rankTables.get(key);
  if (!table) {
    table = laRanks(readSiteIndex().areas, readAreaStore, measure, { time_period: timePeriod, time_identifier: timeIdentifier });
    rankTables.set(key, table);
  }
  return table.get(code) ?? null;
}
