import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { chartEmbedCodes, mapEmbedCode, citation, downloadHref, downloadSvg, embedHeight, embedHeightAt, embedHref, frameId, iframeSnippet, mapEmbedHref, pinnedChartFromPath, pinnedChartParam, pinnedDataFile, svgSize } from '../../src/lib/publish/embeds';
import { wrapText } from '../../src/lib/domain/format';
import { pinnedChartFromHtml } from '../../src/lib/publish/pinned-embeds';
import { heightFromMessage, heightMessages } from '../../src/lib/publish/embed-messages';
import { archivedReleases, pinnedReleasesSource, releaseFor, sourcesHash } from '../../src/lib/publish/release';
import { lineChart, lineChartSvg } from '../../src/lib/charts/line-chart';
import { tableCsv } from '../../src/lib/publish/downloads';
import type { DatasetId } from '../../src/lib/domain/model';

const release = { id: '2026-11-30-0123456789', date: '2026-11-30', hash: '0123456789' };

describe('embed and download addresses', () => {
  it('has live and pinned embed URLs for charts and the map', () => {
    expect(embedHref('local-authorities/E06000032', 'census-phase-split')).toBe('/embed/local-authorities/E06000032/census-phase-split/');
    expect(embedHref('local-authorities/E06000032', 'census-phase-split', release.id)).toBe('/embed/r/2026-11-30-0123456789/?chart=local-authorities/E06000032/census-phase-split');
    expect(mapEmbedHref()).toBe('/embed/map/');
    expect(mapEmbedHref(release.id, { measure: 'sess_overall_percent', region: '', area: 'E06000032' })).toBe('/embed/r/2026-11-30-0123456789/map/?measure=sess_overall_percent&area=E06000032');
  });
  it('has stable download URLs', () => {
    expect(downloadHref('regions/E12000006', 'cin-persistent', 'svg')).toBe('/data/v1/regions/E12000006/cin-persistent.svg');
    expect(downloadHref('regions/E12000006', 'cin-persistent', 'csv')).toBe('/data/v1/regions/E12000006/cin-persistent.csv');
    expect(downloadHref('regions/E12000006', 'cin-persistent', 'series')).toBe('/data/v1/regions/E12000006/cin-persistent-series.csv');
  });
  it('makes iframe code that escapes the title and loads the resizer from the same origin', () => {
    const code = iframeSnippet({ origin: 'https://absence.example', src: '/embed/x/', title: 'A "quoted" <title>', id: frameId('local-authorities/E06000032', 'census-x'), height: 512.4 });
    expect(code).toContain('id="absence-local-authorities-e06000032-census-x"');
    expect(code).toContain('src="https://absence.example/embed/x/"');
    expect(code).toContain('title="A &quot;quoted&quot; &lt;title&gt;"');
    expect(code).toContain('height="512"');
    expect(code).toContain('<script async src="https://absence.example/embed.js"></script>');
  });
  it('writes the three embed codes of a chart from its key, with absolute addresses', () => {
    const codes = chartEmbedCodes({ site: 'https://absence.example/sub', key: 'trends/sess_overall_percent/primary', chartId: 'census-x', title: 'Overall & more', height: 611.6, release });
    expect(codes.map((c) => [c.kind, c.label])).toEqual([
      ['live', 'Live: always shows the latest figures'],
      ['pinned', 'Pinned to data release 2026-11-30-0123456789: these figures, never updated'],
      ['image', 'Image only (no iframe or script)'],
    ]);
    const [live, pinned, image] = codes.map((c) => c.text);
    expect(live).toBe(
      '<iframe id="absence-trends-sess-overall-percent-primary-census-x" src="https://absence.example/sub/embed/trends/sess_overall_percent/primary/census-x/" title="Overall &amp; more" style="width:100%;min-width:280px;border:0" height="612" loading="lazy" scrolling="no"></iframe>\n' +
        '<script async src="https://absence.example/sub/embed.js"></script>',
    );
    expect(pinned).toContain('<iframe id="absence-trends-sess-overall-percent-primary-census-x-0123456789" src="https://absence.example/sub/embed/r/2026-11-30-0123456789/?chart=trends/sess_overall_percent/primary/census-x"');
    expect(pinned).toContain('<script async src="https://absence.example/sub/embed.js"></script>');
    expect(image).toBe('<a href="https://absence.example/sub/trends/sess_overall_percent/primary/#census-x"><img src="https://absence.example/sub/data/v1/trends/sess_overall_percent/primary/census-x.svg" alt="Overall &amp; more" style="max-width:100%;height:auto"></a>');
  });
  it('writes the map embed code for the view on screen, live or pinned, with absolute addresses', () => {
    const live = mapEmbedCode({ site: 'https://absence.example/sub', query: 'measure=sess_overall_percent&area=E06000032', title: 'Map', id: 'absence-map-live', height: 900 });
    expect(live).toBe(
      '<iframe id="absence-map-live" src="https://absence.example/sub/embed/map/?measure=sess_overall_percent&amp;area=E06000032" title="Map" style="width:100%;min-width:280px;border:0" height="900" loading="lazy" scrolling="no"></iframe>\n' +
        '<script async src="https://absence.example/sub/embed.js"></script>',
    );
    expect(mapEmbedCode({ site: 'https://absence.example', release: release.id, query: '', title: 'Map', id: 'm', height: 900 })).toContain('src="https://absence.example/embed/r/2026-11-30-0123456789/map/"');
  });
  it('reads pinned chart addresses, new and as first published', () => {
    expect(pinnedChartParam('?chart=local-authorities/E06000032/census-enrolments_pa_10_exact_percent-total&theme=dark')).toEqual({ key: 'local-authorities/E06000032', chartId: 'census-enrolments_pa_10_exact_percent-total' });
    expect(pinnedChartParam('?chart=census-x')).toBeNull();
    expect(pinnedChartParam('?chart=../x/y')).toBeNull();
    expect(pinnedDataFile('regions/E12000006')).toBe('charts/regions/E12000006.jsonz');
    expect(pinnedChartFromPath('/embed/r/2026-11-30-0123456789/local-authorities/E06000032/census-x/')).toEqual({ prefix: '', release: release.id, chart: 'local-authorities/E06000032/census-x' });
    expect(pinnedChartFromPath('/sub/embed/r/2026-11-30-0123456789/trends/a/b/census-x/')).toEqual({ prefix: '/sub', release: release.id, chart: 'trends/a/b/census-x' });
    expect(pinnedChartFromPath('/embed/r/2026-11-30-0123456789/map/')).toBeNull();
    expect(pinnedChartFromPath('/embed/r/2026-11-30-012345678/local-authorities/E06000032/census-x/')).toBeNull();
    expect(pinnedChartFromPath('/embed/local-authorities/E06000032/census-x/')).toBeNull();
  });
  it('cuts a live embed page into the parts a pinned release stores, and names a missing part', () => {
    const page = '<head><title>A &amp; B | School absence in England</title><meta name="description" content="Line &quot;chart&quot;"><link rel="canonical" href="https://x/local-authorities/E06000032/#c"></head>' +
      '<main class="embed" data-embed-id="absence-c"> <figure class="chart"><h1>A &amp; B</h1></figure> <footer class="embed-foot"><p>in <span data-embed-pubs>“P” and “Q”</span>.</p>' +
      '<p><a href="/local-authorities/E06000032/#c" data-embed-page><span data-embed-page-name>Luton</span>: full page</a></p></footer></main>';
    expect(pinnedChartFromHtml(page)).toEqual({
      title: 'A &amp; B | School absence in England',
      description: 'Line &quot;chart&quot;',
      canonical: 'https://x/local-authorities/E06000032/#c',
      frameId: 'absence-c',
      body: '<figure class="chart"><h1>A &amp; B</h1></figure>',
      pubs: '“P” and “Q”',
      pageHref: '/local-authorities/E06000032/#c',
      pageName: 'Luton',
    });
    expect(() => pinnedChartFromHtml(page.replace(' data-embed-pubs', ''))).toThrow('embed page has no publications');
  });
  it('fetches earlier pinned releases from the deployed site, never from a local address', () => {
    expect(pinnedReleasesSource({ SITE_URL: 'https://absence.example/sub' })).toEqual({ url: 'https://absence.example/sub/' });
    expect(pinnedReleasesSource({ SITE_URL: 'https://absence.example', PINNED_RELEASES_FROM: 'http://127.0.0.1:9000' })).toEqual({ url: 'http://127.0.0.1:9000/' });
    expect(pinnedReleasesSource({ SITE_URL: 'http://127.0.0.1:4321' })).toEqual({ skip: 'SITE_URL (http://127.0.0.1:4321) is a local address' });
    expect(pinnedReleasesSource({ SITE_URL: 'http://localhost:4321' })).toHaveProperty('skip');
    expect(pinnedReleasesSource({})).toEqual({ skip: 'SITE_URL is not set, so there is no deployed site to fetch them from' });
    expect(pinnedReleasesSource({ SITE_URL: 'https://absence.example', PINNED_RELEASES_FROM: 'none' })).toEqual({ skip: 'PINNED_RELEASES_FROM=none' });
  });
  it('cites the DfE publication and this site release', () => {
    expect(citation({ title: 'Persistent absence', datasets: ['lait', 'census-geographic'], release, url: 'https://absence.example/embed/r/x/' })).toBe(
      'Department for Education, “Pupil absence in schools in England”, official statistics. Chart: “Persistent absence”, School absence in England, data release 2026-11-30-0123456789, site built 30 November 2026. https://absence.example/embed/r/x/',
    );
    expect(citation({ title: 'T', datasets: ['registers-term', 'cin'], release, url: 'u' })).toContain('“Pupil attendance in schools” and “Outcomes for children in need, including children looked after by local authorities in England”');
  });
});

describe('height messages', () => {
  it('sends the Datawrapper, pym.js and AMP formats, and reads each back', () => {
    const [dw, pym, amp] = heightMessages('absence-x', 431.2);
    expect(dw).toEqual({ 'datawrapper-height': { 'absence-x': 432 } });
    expect(pym).toBe('pymxPYMxabsence-xxPYMxheightxPYMx432');
    expect(amp).toEqual({ sentinel: 'amp', type: 'embed-size', height: 432 });
    for (const m of [dw, pym, amp]) expect(heightFromMessage(m)).toBe(432);
    expect(heightFromMessage('hello')).toBeNull();
    expect(heightFromMessage({ type: 'embed-size', height: 3 })).toBeNull();
    expect(heightFromMessage(null)).toBeNull();
  });
});

describe('data releases', () => {
  const sources = [
    { file: 'dfe/lait/bds_long_0.parquet', sha256: 'aa' },
    { file: 'dfe/cin_outcomes/absence_la.csv', sha256: 'bb' },
  ];
  it('names a release from the source checksums, whatever their order, and the build date', () => {
    expect(sourcesHash(sources)).toBe(sourcesHash([...sources].reverse()));
    expect(sourcesHash(sources)).toMatch(/^[0-9a-f]{10}$/);
    expect(sourcesHash([{ ...sources[0]!, sha256: 'ab' }, sources[1]!])).not.toBe(sourcesHash(sources));
    expect(releaseFor(sources, '2026-11-30T14:00:00.000Z').id).toBe(`2026-11-30-${sourcesHash(sources)}`);
  });
  it('reuses an archived release with the same sources', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'releases-'));
    fs.mkdirSync(path.join(dir, `2026-01-05-${sourcesHash(sources)}`));
    fs.mkdirSync(path.join(dir, '2025-09-01-ffffffffff'));
    fs.mkdirSync(path.join(dir, 'not-a-release'));
    const archive = archivedReleases(dir);
    expect(archive.map((r) => r.id)).toEqual(['2025-09-01-ffffffffff', `2026-01-05-${sourcesHash(sources)}`]);
    expect(releaseFor(sources, '2026-11-30T14:00:00.000Z', archive).id).toBe(`2026-01-05-${sourcesHash(sources)}`);
    expect(archivedReleases(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('downloadable SVG', () => {
  const chart = lineChartSvg({
    lines: [{ name: 'Luton & Dunstable', points: [{ area: 'L', key: '1', label: '2022/23', time_period: '202223', time_identifier: 'Full year', value: 24.6, symbol: null }] }],
    periods: ['2022/23'],
    yLabel: '%',
    alt: 'chart',
  });
  it('wraps long lines at word boundaries', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('', 9)).toEqual([]);
  });
  it('is well-formed XML with the title, source and release drawn in', () => {
    const file = downloadSvg({ svg: chart, title: 'Persistent absence <in> Luton & Dunstable', alt: 'Line chart', source: 'Source: DfE.', note: ' A note.', release, url: 'https://absence.example/local-authorities/E06000032/#x' });
    const { DOMParser } = parseHTML('');
    const doc = new DOMParser().parseFromString(file.replace(/^<\?xml[^>]*>\n/, ''), 'image/svg+xml');
    const root = doc.documentElement as unknown as Element;
    expect(root.tagName.toLowerCase()).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const text = [...root.querySelectorAll('text')].map((t) => t.textContent).join(' | ');
    expect(text).toContain('Persistent absence <in> Luton & Dunstable');
    expect(text).toContain('Source: DfE.');
    expect(text).toContain('data release 2026-11-30-0123456789, site built 30 November 2026');
    expect(svgSize(file.replace(/^<\?xml[^>]*>\n/, '')).height).toBeGreaterThan(svgSize(chart).height + 50);
    expect(file).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#)/);
  });
});

describe('table as shown', () => {
  it('writes the table with its column labels, and DfE symbol codes in numeric columns', () => {
    const csv = tableCsv({
      caption: 'c',
      columns: [{ key: 'period', label: 'Period' }, { key: 'l0', label: 'Luton', numeric: true }],
      rows: [{ period: '2019/20', l0: 'not published (-)' }, { period: '2023/24', l0: '18.9' }],
    });
    expect(csv).toBe('Period,Luton\r\n2019/20,-\r\n2023/24,18.9\r\n');
  });
});

describe('fallback iframe height', () => {
  const long = lineChart({
    lines: ['Luton', 'East of England', 'England'].map((name) => ({ name, points: ['2022/23', '2023/24', '2024/25'].map((label) => ({ area: name, key: label, label, time_period: '', time_identifier: 'Full year', value: 20, symbol: null })) })),
    periods: ['2022/23', '2023/24', '2024/25'],
    yLabel: '% (of enrolments)',
    alt: 'chart',
  });
  const chart = { ...long, title: 'Persistent absence, all schools, full year, 2006/07 to 2024/25', source: 'Source: Pupil absence in schools in England (DfE). File: national, regional and LA file. Periods: full years.', datasets: ['census-geographic'] as DatasetId[] };
  it('is the taller of the phone and desktop layouts', () => {
    const phone = embedHeightAt(chart, 320);
    const desk = embedHeightAt(chart, 700);
    expect(embedHeight(chart)).toBe(Math.ceil(Math.max(phone, desk) + 16));
    // On a phone the narrow drawing (taller, with its legend) is shown and the words wrap onto more lines.
    expect(phone).toBeGreaterThan(svgSize(long.narrowSvg).height + 150);
    expect(desk).toBeGreaterThan(svgSize(long.svg).height + 100);
    expect(phone).toBeGreaterThan(embedHeightAt({ ...chart, title: 'Short' }, 320));
  });
  it('counts a wide drawing scaled down when there is no narrow one', () => {
    const noNarrow = { ...chart, narrowSvg: undefined };
    const svgH = svgSize(long.svg).height;
    expect(embedHeightAt(noNarrow, 320) - embedHeightAt({ ...noNarrow, svg: long.svg.replace(/height="[\d.]+"/, 'height="0"') }, 320)).toBeCloseTo((svgH * 304) / 680, 5);
  });
});

describe('map embed height', () => {
  it('grows with an area chosen and with a map of change', () => {
    const base = embedHeight({ map: true, area: false, change: false });
    expect(base).toBeGreaterThanOrEqual(1519);
    expect(embedHeight({ map: true, area: true, change: false })).toBeGreaterThanOrEqual(base + 171);
    expect(embedHeight({ map: true, area: true, change: true })).toBeGreaterThanOrEqual(base + 355);
  });
});
