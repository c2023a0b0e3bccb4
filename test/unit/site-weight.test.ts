/**
 * What keeps the site light: one address per download, /data/ split into sub-pages, Plot's stylesheet
 * once per page, module and data preloads for the home map, inline stylesheets the CSP allows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaCsvHref, areaCsvPath, downloadGroupKey, downloadGroups, type DownloadFile } from '../../src/lib/publish/downloads';
import { inlineChartSvg, plotStyleOf, renderPlot, Plot } from '../../src/lib/charts/plot-ssr';
import { boundaryFile, defaultMapView, layerFile, openingMapFiles, phaseFor, previousMapPeriod } from '../../src/lib/view/map-logic';
import { preloadsFor, staticImports, withModulePreloads } from '../../scripts/module-preload';
import { policyFor } from '../../scripts/csp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('area downloads have one address', () => {
  it('puts England, regions and LAs under /data/v1/', () => {
    expect(areaCsvPath({ code: 'E06000032', level: 'Local authority' })).toBe('local-authorities/E06000032.csv');
    expect(areaCsvPath({ code: 'E12000006', level: 'Regional' })).toBe('regions/E12000006.csv');
    expect(areaCsvPath({ code: 'E92000001', level: 'National' })).toBe('england.csv');
    expect(areaCsvHref({ code: 'E06000032', level: 'Local authority' })).toBe('/data/v1/local-authorities/E06000032.csv');
  });
  it('has no page route of its own beside /data/v1/', () => {
    for (const dir of ['local-authorities', 'regions']) expect(fs.existsSync(path.join(ROOT, 'src', 'pages', dir, '[code]', 'data.csv.ts'))).toBe(false);
  });
});

function chartFile(pageKey: string, chartId: string, kind: DownloadFile['kind'], title = `Chart ${chartId}`): DownloadFile {
  const ext = kind === 'chart-svg' ? '.svg' : kind === 'chart-csv' ? '.csv' : '-series.csv';
  return { path: `${pageKey}/${chartId}${ext}`, type: 'text/csv', title: `${title}: x`, kind, page: { key: pageKey, href: `/${pageKey}/`, name: pageKey }, chart: { id: chartId, title }, datasets: [], body: () => '' };
}
const three = (pageKey: string, chartId: string) => (['chart-svg', 'chart-csv', 'chart-series-csv'] as const).map((k) => chartFile(pageKey, chartId, k));

describe('/data/ sub-pages', () => {
  it('gives each area page its own and the trends and breakdowns pages one each', () => {
    expect(downloadGroupKey('local-authorities/E06000032')).toBe('local-authorities/E06000032');
    expect(downloadGroupKey('regions/E12000006')).toBe('regions/E12000006');
    expect(downloadGroupKey('trends/sess_overall_percent/primary')).toBe('trends');
    expect(downloadGroupKey('breakdowns/total')).toBe('breakdowns');
  });
  it('groups the three files of each chart under its page, in order', () => {
    const area: DownloadFile = { ...chartFile('local-authorities/E06000032', 'x', 'area-csv'), chart: undefined, kind: 'area-csv' };
    const groups = downloadGroups([area, ...three('local-authorities/E06000032', 'pa'), ...three('local-authorities/E06000032', 'sa'), ...three('trends/a/total', 'pa'), ...three('trends/b/total', 'pa')]);
    expect(groups.map((g) => [g.key, g.href, g.name])).toEqual([
      ['local-authorities/E06000032', '/data/local-authorities/E06000032/', 'local-authorities/E06000032'],
      ['trends', '/data/trends/', 'Trends'],
    ]);
    expect(groups[0]!.pages).toHaveLength(1);
    expect(groups[0]!.pages[0]!.charts).toEqual([
      { title: 'Chart pa', svg: '/data/v1/local-authorities/E06000032/pa.svg', csv: '/data/v1/local-authorities/E06000032/pa.csv', series: '/data/v1/local-authorities/E06000032/pa-series.csv' },
      { title: 'Chart sa', svg: '/data/v1/local-authorities/E06000032/sa.svg', csv: '/data/v1/local-authorities/E06000032/sa.csv', series: '/data/v1/local-authorities/E06000032/sa-series.csv' },
    ]);
    // Same chart id on two trends pages: two pages, one chart each.
    expect(groups[1]!.pages.map((p) => [p.key, p.charts.length])).toEqual([['trends/a/total', 1], ['trends/b/total', 1]]);
  });
});

describe("Plot's stylesheet once per page", () => {
  const svg = renderPlot({ marks: [Plot.lineY([1, 3, 2])], width: 300, height: 150 }, 'A test line');
  it('matches src/styles/plot.css, which both page layouts import', () => {
    const style = plotStyleOf(svg);
    expect(style).not.toBeNull();
    const css = fs.readFileSync(path.join(ROOT, 'src', 'styles', 'plot.css'), 'utf8');
    expect(css).toContain(style!);
    for (const layout of ['Layout.astro', 'EmbedLayout.astro']) expect(fs.readFileSync(path.join(ROOT, 'src', 'layouts', layout), 'utf8')).toContain("import '../styles/plot.css';");
  });
  it('drops only the <style> from a chart placed in a page', () => {
    const inline = inlineChartSvg(svg);
    expect(inline).not.toContain('<style>');
    expect(inline.length).toBe(svg.length - plotStyleOf(svg)!.length - '<style></style>'.length);
    expect(inline).toMatch(/^<svg role="img" aria-label="A test line"/);
    expect(inline).toContain('class="plot-d6a7b5"');
  });
});

describe('the home map starts loading with the page', () => {
  const periods = [
    { id: 'census-202223-full-year', series: 'census', time_period: '202223', time_identifier: 'Full year', phases: ['total', 'primary'], geometry: 2019 },
    { id: 'census-202324-autumn-term', series: 'census', time_period: '202324', time_identifier: 'Autumn term', phases: ['total'], geometry: 2023 },
    { id: 'census-202324-full-year', series: 'census', time_period: '202324', time_identifier: 'Full year', phases: ['primary', 'total'], geometry: 2023 },
    { id: 'registers-202425-autumn-term', series: 'registers', time_period: '202425', time_identifier: 'Autumn term', phases: ['total'], geometry: 2024 },
  ];
  it('opens on the latest census period, all schools', () => {
    expect(defaultMapView(periods)).toEqual({ period: periods[2], phase: 'total' });
    expect(defaultMapView(periods.slice(3))?.period.id).toBe('registers-202425-autumn-term');
    expect(defaultMapView([])).toBeNull();
  });
  it('takes the phase asked for when published, else all schools, else the first', () => {
    expect(phaseFor({ phases: ['primary', 'total'] }, 'primary')).toBe('primary');
    expect(phaseFor({ phases: ['primary', 'total'] }, 'special')).toBe('total');
    expect(phaseFor({ phases: ['primary', 'total'] }, null)).toBe('total');
    expect(phaseFor({ phases: ['secondary'] })).toBe('secondary');
  });
  it('sets a period beside the same term of the year before, in the same series', () => {
    expect(previousMapPeriod(periods[2]!, periods)?.id).toBe('census-202223-full-year');
    expect(previousMapPeriod(periods[1]!, periods)).toBeUndefined();
    expect(previousMapPeriod(periods[3]!, periods)).toBeUndefined();
  });
  it('preloads the index, the opening layer, the year before and the boundaries, named as the data build writes them', () => {
    expect(layerFile('census-202324-full-year', 'total')).toBe('census-202324-full-year--total.json');
    expect(boundaryFile(2023)).toBe('las-2023.json');
    expect(openingMapFiles(periods)).toEqual(['map/index.json', 'map/census-202324-full-year--total.json', 'map/census-202223-full-year--total.json', 'geo/shapes-2023.json']);
    // The year before lacks the phase: nothing fetched for it, so nothing preloaded.
    const noTotal = [{ ...periods[0]!, phases: ['primary'] }, periods[2]!];
    expect(openingMapFiles(noTotal)).toEqual(['map/index.json', 'map/census-202324-full-year--total.json', 'geo/shapes-2023.json']);
    expect(openingMapFiles([])).toEqual(['map/index.json']);
  });
});

describe('module preloads', () => {
  it("reads a chunk's leading static imports, resolved to addresses", () => {
    const code = 'import{c as re,R as q}from"./census-years.D5.js";import"./AreaPage.C1.js";function a(){return import("./lazy.js")}const s="import x from \'./no.js\'";';
    expect(staticImports(code, '/_astro/AbsenceMap.X.js')).toEqual(['/_astro/census-years.D5.js', '/_astro/AreaPage.C1.js']);
    expect(staticImports('function f(){}', '/_astro/a.js')).toEqual([]);
  });
  it('follows imports through each other, once each, not the entries', () => {
    const graph: Record<string, string[]> = { '/e1.js': ['/a.js', '/b.js'], '/a.js': ['/c.js', '/b.js'], '/e2.js': ['/e1.js', '/d.js'] };
    expect(preloadsFor(['/e1.js', '/e2.js'], (u) => graph[u] ?? [])).toEqual(['/a.js', '/c.js', '/b.js', '/d.js']);
  });
  it('adds a link per chunk before </head>, once', () => {
    const page = '<html><head><title>x</title></head><body><script type="module" src="/_astro/e.js"></script><script type="module">inline()</script></body></html>';
    const out = withModulePreloads(page, (u) => (u === '/_astro/e.js' ? ['/_astro/chunk.js'] : []));
    expect(out).toContain('<link rel="modulepreload" href="/_astro/chunk.js"></head>');
    expect(out.match(/modulepreload/g)).toHaveLength(1);
    expect(withModulePreloads(out, () => ['/_astro/other.js'])).toBe(out);
    expect(withModulePreloads(page, () => [])).toBe(page);
  });
  it('finds the scripts under the base path the site is served at', () => {
    const page = '<html><head></head><body><script type="module" src="/absence/_astro/e.js"></script></body></html>';
    const imports = (u: string) => (u === '/absence/_astro/e.js' ? staticImports('import"./c.js";', u) : []);
    expect(withModulePreloads(page, imports, '/absence/')).toContain('<link rel="modulepreload" href="/absence/_astro/c.js"></head>');
    expect(withModulePreloads(page, imports)).toBe(page);
  });
  it('stays within the policy: same-origin scripts, inline stylesheets', () => {
    expect(policyFor([])).toMatch(/script-src 'self'/);
    expect(policyFor([])).toMatch(/style-src [^;]*'unsafe-inline'/);
  });
});
