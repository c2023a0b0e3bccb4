/**
 * Every download under /data/v1/ (build-time): per chart its SVG image and two CSVs, per area every
 * figure on its page; and the manifest that lists them with their checksums, the source files behind
 * each (with those files' SHA-256 from the data build), the data release and the build date.
 * The paths are stable: a newsroom script can fetch /data/v1/local-authorities/{code}.csv every release.
 */
import crypto from 'node:crypto';
import type { ChartModel } from '../page-models/area-page';
import { shownTableCsv, toCsv } from './csv-out';
import { downloadHref, downloadSvg } from './embeds';
import { ENGLAND_CODE, type DatasetId, type GeographicLevel } from '../domain/model';
import { areaHref, areaPage, chartPages, CSV_COLUMNS } from '../page-models/pages';
import type { Release } from './release';
import { readAreaStore, readRelease, readSiteIndex } from '../page-models/site-data';
import { STORY_COLUMNS, storyPeriods, storyRows, type StoryRow } from '../page-models/stories';
import { sourceFilesFor } from '../domain/sources';
import { absoluteUrl, siteRoot } from '../domain/site-url';

export const DATA_ROOT = '/data/v1/';

export interface DownloadFile {
  /** Path under /data/v1/, e.g. "local-authorities/E06000032.csv". */
  path: string;
  /** MIME type. */
  type: string;
  title: string;
  /** What it holds, in a few words. */
  kind: 'area-csv' | 'chart-svg' | 'chart-csv' | 'chart-series-csv' | 'stories-csv';
  /** The page it belongs to (for the /data/ page's grouping). */
  page: { key: string; href: string; name: string };
  /** The chart a chart file is of (absent for area files and the story kit). */
  chart?: { id: string; title: string };
  datasets: DatasetId[];
  body: () => string;
}

/** The table of a chart as shown on the page: its column labels, plain numbers and DfE symbol codes (csv-out.shownTableCsv). */
export function tableCsv(table: ChartModel['table']): string {
  return shownTableCsv(table.columns, table.rows);
}

function chartFiles(page: { key: string; href: string; name: string }, chart: ChartModel, release: Release): DownloadFile[] {
  const base = { page, datasets: chart.datasets, chart: { id: chart.id, title: chart.title } };
  const rel = (kind: 'svg' | 'csv' | 'series') => downloadHref(page.key, chart.id, kind).slice(DATA_ROOT.length);
  return [
    {
      ...base,
      path: rel('svg'),
      type: 'image/svg+xml',
      kind: 'chart-svg',
      title: `${chart.title}: image (SVG)`,
      body: () => downloadSvg({ svg: chart.svg, title: chart.title, alt: chart.alt, source: chart.source, note: chart.note, release, url: absoluteUrl(`${page.href}#${chart.id}`) }),
    },
    { ...base, path: rel('csv'), type: 'text/csv', kind: 'chart-csv', title: `${chart.title}: table as shown (CSV)`, body: () => tableCsv(chart.table) },
    { ...base, path: rel('series'), type: 'text/csv', kind: 'chart-series-csv', title: `${chart.title}: full series, unrounded (CSV)`, body: () => toCsv(chart.series(), CSV_COLUMNS) },
  ];
}

let stories: StoryRow[] | undefined;

/** The rows of stories.csv for this build: the latest census full year and term in the index (cached). */
export function buildStoryRows(): StoryRow[] {
  const index = readSiteIndex();
  stories ??= storyRows({ areas: index.areas, read: readAreaStore, periods: storyPeriods(index.periods) });
  return stories;
}

/** The story kit: one file for every current LA (see lib/stories). */
function storiesFile(): DownloadFile {
  return {
    path: 'stories.csv',
    type: 'text/csv',
    kind: 'stories-csv',
    title: 'Story kit: persistent and severe absence in every local authority, latest full year and term, with counts, change, rank and sentences (CSV)',
    page: { key: 'data', href: '/data/', name: 'Downloads' },
    get datasets() {
      return [...new Set(buildStoryRows().flatMap((r) => r.datasets))];
    },
    body: () => toCsv(buildStoryRows(), STORY_COLUMNS),
  };
}

/**
 * Path under /data/v1/ of an area's every-figure CSV: "england.csv", "regions/{code}.csv" or
 * "local-authorities/{code}.csv". The one address of that file: area pages link to it.
 */
export function areaCsvPath(area: { code: string; level: GeographicLevel }): string {
  if (area.code === ENGLAND_CODE || area.level === 'National') return 'england.csv';
  return `${areaHref(area).replace(/^\/|\/$/g, '')}.csv`;
}

/** Full address of an area's every-figure CSV, e.g. "/data/v1/local-authorities/E06000032.csv". */
export function areaCsvHref(area: { code: string; level: GeographicLevel }): string {
  return DATA_ROOT + areaCsvPath(area);
}

let files: DownloadFile[] | undefined;

/** Every download: area files, the story kit, then each page's charts. */
export function downloadFiles(): DownloadFile[] {
  if (files) return files;
  const release = readRelease();
  const out: DownloadFile[] = [];
  for (const a of readSiteIndex().areas) {
    const href = areaHref(a);
    out.push({
      path: areaCsvPath(a),
      type: 'text/csv',
      kind: 'area-csv',
      title: `${a.name}: every figure on its page (CSV)`,
      page: { key: href.replace(/^\/|\/$/g, ''), href, name: a.name },
      get datasets() {
        return [...new Set(areaPage(a.code).csv.map((r) => r.dataset))];
      },
      body: () => toCsv(areaPage(a.code).csv, CSV_COLUMNS),
    });
  }
  out.push(storiesFile());
  for (const page of chartPages()) for (const chart of page.charts) out.push(...chartFiles(page, chart, release));
  files = out;
  return out;
}

/** One chart's three downloads (full addresses). */
export interface ChartDownloads {
  title: string;
  svg: string;
  csv: string;
  series: string;
}

/** A /data/ sub-page: the chart downloads of one area's page, or of every trends or breakdowns page. */
export interface DownloadGroup {
  /** "local-authorities/E06000032", "regions/E12000006", "trends", "breakdowns". */
  key: string;
  /** The sub-page's address, "/data/{key}/". */
  href: string;
  /** The area's name, or "Trends", "Breakdowns". */
  name: string;
  /** Chart pages in the group, in the order of the downloads. */
  pages: { key: string; href: string; name: string; charts: ChartDownloads[] }[];
}

/**
 * Which /data/ sub-page lists a chart page's downloads: each area page has its own; the trends pages
 * share one and so do the breakdowns pages ("trends/sess_overall_percent/primary" -> "trends"). Split
 * so that no page of links is heavy (one page for every chart was 2.3 MB).
 */
export function downloadGroupKey(pageKey: string): string {
  const top = pageKey.split('/')[0]!;
  return top === 'trends' || top === 'breakdowns' ? top : pageKey;
}

const GROUP_NAMES: Record<string, string> = { trends: 'Trends', breakdowns: 'Breakdowns' };

/** The chart downloads grouped into /data/ sub-pages (see downloadGroupKey); files in their given order. */
export function downloadGroups(all: readonly DownloadFile[]): DownloadGroup[] {
  const groups = new Map<string, DownloadGroup>();
  const pages = new Map<string, DownloadGroup['pages'][number]>();
  const charts = new Map<string, ChartDownloads>();
  for (const f of all) {
    if (!f.chart || !f.kind.startsWith('chart-')) continue;
    const key = downloadGroupKey(f.page.key);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, href: `/data/${key}/`, name: GROUP_NAMES[key] ?? f.page.name, pages: [] }));
    let p = pages.get(f.page.key);
    if (!p) {
      pages.set(f.page.key, (p = { key: f.page.key, href: f.page.href, name: f.page.name, charts: [] }));
      g.pages.push(p);
    }
    const chartKey = `${f.page.key}|${f.chart.id}`;
    let c = charts.get(chartKey);
    if (!c) {
      charts.set(chartKey, (c = { title: f.chart.title, svg: '', csv: '', series: '' }));
      p.charts.push(c);
    }
    c[f.kind === 'chart-svg' ? 'svg' : f.kind === 'chart-csv' ? 'csv' : 'series'] = DATA_ROOT + f.path;
  }
  return [...groups.values()];
}

export interface Manifest {
  version: 1;
  release: Release;
  builtAt: string;
  /** The site's address without a trailing slash, base path included ("https://example.org/absence"). */
  site: string;
  /** Where `files[].path` lives: the file's URL is site + root + path. */
  root: string;
  /** The periods the figures cover, one line per DfE file family (see lib/file-families). */
  coverage: string[];
  /** Every source file the build read, with its checksum; `guidance`: the EES data guidance shipped with it. */
  sources: { file: string; sha256: string; bytes: number; datasets: DatasetId[]; guidance?: string[] }[];
  /** Every download; `sources` are indexes into the `sources` list above. */
  files: { path: string; title: string; bytes: number; sha256: string; sources: number[] }[];
  /**
   * Pinned releases this site serves under /embed/r/ (added after the build by scripts/pin-releases.ts):
   * each with every file of its folder, `path` relative to the site's root ("embed/r/{id}/charts/…").
   * The next build fetches from here the releases it does not have, so pinned embeds outlive deploys.
   */
  pinned?: PinnedReleaseFiles[];
}

/** One pinned release's folder as listed in the manifest. */
export interface PinnedReleaseFiles extends Release {
  files: { path: string; bytes: number; sha256: string }[];
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

let manifest: Manifest | undefined;

/**
 * The manifest: every file with its checksum and the source files (see `sources`) behind it. Served at
 * /data/v1/manifest.json and, kept with each pinned release, at /embed/r/{release}/manifest.json
 * (made once per build: it reads every download).
 */
export function buildManifest(): Manifest {
  if (manifest) return manifest;
  const index = readSiteIndex();
  const release = readRelease();
  manifest = {
    version: 1,
    release,
    builtAt: index.builtAt,
    site: siteRoot(),
    root: DATA_ROOT,
    coverage: index.coverage ?? [],
    sources: index.sources.map((s) => ({ file: s.file, sha256: s.sha256, bytes: s.bytes, datasets: s.datasets ?? [], ...(s.guidance ? { guidance: s.guidance } : {}) })),
    files: downloadFiles().map((f) => {
      const body = f.body();
      const used = new Set(sourceFilesFor(f.datasets, index.sources));
      return {
        path: f.path,
        title: f.title,
        bytes: Buffer.byteLength(body),
        sha256: sha256(body),
        sources: index.sources.flatMap((s, i) => (used.has(s) ? [i] : [])),
      };
    }),
  };
  return manifest;
}
