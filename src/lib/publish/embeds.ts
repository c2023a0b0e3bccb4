/**
 * Embeds, downloads and citations of charts: their URLs, the code a newsroom pastes, the citation
 * line, and the downloadable SVG with title, source and date drawn in. Pure functions.
 *
 * URLs (a chart page `key` is the page's path without slashes at the ends, e.g.
 * "local-authorities/E06000032", "regions/E12000006", "trends/sess_overall_percent/primary",
 * "breakdowns/total"):
 *   /embed/{key}/{chartId}/                 live: shows the latest release
 *   /embed/r/{release}/?chart={key}/{chartId}   pinned: the figures of one release, never updated, drawn
 *                                           by the release's one shared renderer from its stored data
 *   /embed/r/{release}/{key}/{chartId}/     the pinned address published before the shared renderer;
 *                                           still served (see pinnedChartFromPath)
 *   /embed/map/?measure=&period=&phase=&region=&area=&theme=    (and /embed/r/{release}/map/)
 *   /data/v1/{key}/{chartId}.svg            the chart with title, source and date drawn in
 *   /data/v1/{key}/{chartId}.csv            the chart's table, as shown
 *   /data/v1/{key}/{chartId}-series.csv     every published figure behind the chart, unrounded
 */
import type { DatasetId } from '../domain/model';
import { DATASET_PUBLICATION } from '../domain/sources';
import { longDate, wrapText } from '../domain/format';
import type { Release } from './release';

export const SITE_NAME = 'School absence in England';

export function embedHref(key: string, chartId: string, release?: string): string {
  return release ? `${pinnedRoot(release)}?chart=${key}/${chartId}` : `/embed/${key}/${chartId}/`;
}

/** A data release id, "2026-11-30-3f2a9c1b7d" (date it was first built, hash of its source files; lib/release). */
export const RELEASE_ID = /^(\d{4}-\d{2}-\d{2})-([0-9a-f]{10})$/;

/** The folder of one pinned release: its shared chart renderer, its map and their data. */
export function pinnedRoot(release: string): string {
  return `/embed/r/${release}/`;
}

/**
 * The pinned chart a path names in the shape published before the shared renderer
 * (`…/embed/r/{release}/{key}/{chartId}/`, any base path before it), or null. The map's pinned page
 * (`…/map/`) is a page of its own and is not matched.
 */
export function pinnedChartFromPath(pathname: string): { prefix: string; release: string; chart: string } | null {
  const id = RELEASE_ID.source.slice(1, -1).replace(/[()]/g, '');
  const m = new RegExp(`^(.*/embed/r/)(${id})/((?:[A-Za-z0-9_-]+/)+[A-Za-z0-9_-]+)/?$`).exec(pathname);
  if (!m) return null;
  return { prefix: m[1]!.slice(0, -'/embed/r/'.length), release: m[2]!, chart: m[3]! };
}

/** The chart (`{key}/{chartId}`) a shared renderer's `?chart=` names, or null if malformed. */
export function pinnedChartParam(search: string): { key: string; chartId: string } | null {
  const chart = new URLSearchParams(search).get('chart') ?? '';
  const m = /^((?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(chart);
  return m ? { key: m[1]!, chartId: m[2]! } : null;
}

/**
 * Where a release's shared renderer finds the stored embeds of one chart page (relative to its
 * folder): gzipped JSON. Not named .gz: static servers (sirv, some hosts) send .gz files with
 * Content-Encoding: gzip, so clients would unpack them and the bytes would not match the checksums
 * the manifest lists for the next build to check.
 */
export function pinnedDataFile(key: string): string {
  return `charts/${key}.jsonz`;
}

export function mapEmbedHref(release?: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `${release ? `/embed/r/${release}/map/` : '/embed/map/'}${q ? `?${q}` : ''}`;
}

export type DownloadKind = 'svg' | 'csv' | 'series';

export function downloadHref(key: string, chartId: string, kind: DownloadKind): string {
  return `/data/v1/${key}/${chartId}${kind === 'svg' ? '.svg' : kind === 'csv' ? '.csv' : '-series.csv'}`;
}

/** A page key from its path: "/local-authorities/E06000032/" -> "local-authorities/E06000032". */
export function pageKey(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** Id for the iframe and the height messages: "absence-e06000032-census-..." (letters, digits, dashes). */
export function frameId(key: string, chartId: string): string {
  return `absence-${`${key}-${chartId}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 120);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The iframe code for a newsroom: a full-width iframe at a height that fits without scripts, and our
 * resizer script (optional: pym.js, Datawrapper's and AMP's resizers understand the page's messages too).
 */
export function iframeSnippet(o: { origin: string; src: string; title: string; id: string; height: number }): string {
  return (
    `<iframe id="${o.id}" src="${escapeHtml(o.origin + o.src)}" title="${escapeHtml(o.title)}" ` +
    `style="width:100%;min-width:280px;border:0" height="${Math.round(o.height)}" loading="lazy" scrolling="no"></iframe>\n` +
    `<script async src="${o.origin}/embed.js"></script>`
  );
}

/** The label above each kind of embed code (charts and the map). */
export function embedCodeLabel(kind: 'live' | 'pinned' | 'image', releaseId: string): string {
  if (kind === 'live') return 'Live: always shows the latest figures';
  if (kind === 'pinned') return `Pinned to data release ${releaseId}: these figures, never updated`;
  return 'Image only (no iframe or script)';
}

/**
 * The three embed codes of a chart (live, pinned to `release`, image only), written in the browser when
 * a reader opens "Embed this chart" (src/scripts/chart-tools.ts), so pages carry only the chart's key.
 * `site` is the deployed site's absolute root (origin, and base path if any), so the codes work on any
 * host page; `height` is the fallback iframe height from embedHeight.
 */
export function chartEmbedCodes(o: { site: string; key: string; chartId: string; title: string; height: number; release: { id: string; hash: string } }): { kind: 'live' | 'pinned' | 'image'; label: string; text: string }[] {
  const fid = frameId(o.key, o.chartId);
  const frame = (src: string, id: string) => iframeSnippet({ origin: o.site, src, title: o.title, id, height: o.height });
  return [
    { kind: 'live', label: embedCodeLabel('live', o.release.id), text: frame(embedHref(o.key, o.chartId), fid) },
    { kind: 'pinned', label: embedCodeLabel('pinned', o.release.id), text: frame(embedHref(o.key, o.chartId, o.release.id), `${fid}-${o.release.hash}`) },
    { kind: 'image', label: embedCodeLabel('image', o.release.id), text: imageSnippet({ origin: o.site, svg: downloadHref(o.key, o.chartId, 'svg'), href: `/${o.key}/#${o.chartId}`, alt: o.title }) },
  ];
}

/**
 * The map's embed code for the view on screen (`query`: measure, period, … as on the home page), live or
 * pinned to `release`; written in the browser by src/scripts/absence-map.ts. `site` as for chartEmbedCodes.
 */
export function mapEmbedCode(o: { site: string; release?: string; query: string; title: string; id: string; height: number }): string {
  return iframeSnippet({ origin: o.site, src: `${mapEmbedHref(o.release)}${o.query ? `?${o.query}` : ''}`, title: o.title, id: o.id, height: o.height });
}

/** No iframe, no script: the chart image (title, source and date drawn in) linking to the full page. */
export function imageSnippet(o: { origin: string; svg: string; href: string; alt: string }): string {
  return `<a href="${escapeHtml(o.origin + o.href)}"><img src="${escapeHtml(o.origin + o.svg)}" alt="${escapeHtml(o.alt)}" style="max-width:100%;height:auto"></a>`;
}

/** DfE publications behind a chart, in order, without repeats. */
export function publications(datasets: readonly DatasetId[]): string[] {
  return [...new Set(datasets.map((d) => DATASET_PUBLICATION[d]))];
}

/**
 * "data release 2026-11-30-3f2a9c1b7d, site built 30 November 2026": the one way a release and its date
 * are named. The date is when this site first built these figures, not when the DfE published them.
 */
export function releaseWords(release: Release): string {
  return `data release ${release.id}, site built ${longDate(release.date)}`;
}

/**
 * "Department for Education, “Pupil absence in schools in England”, official statistics. Chart: “Title”,
 *  School absence in England, data release 2026-11-30-3f2a9c1b7d, site built 30 November 2026. https://…/embed/r/…/"
 */
export function citation(o: { title: string; datasets: readonly DatasetId[]; release: Release; url: string }): string {
  const pubs = publications(o.datasets).map((p) => `“${p}”`).join(' and ');
  return `Department for Education, ${pubs}, official statistics. Chart: “${o.title}”, ${SITE_NAME}, ${releaseWords(o.release)}. ${o.url}`;
}

/** "School absence in England, data release 2026-11-30-3f2a9c1b7d, site built 30 November 2026." */
export function releaseLine(release: Release): string {
  return `${SITE_NAME}, ${releaseWords(release)}.`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function xml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/** Width and height of a rendered chart SVG (from its root attributes). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1] ?? 680);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1] ?? 320);
  return { width, height };
}

/**
 * A standalone SVG file of a chart with its title above and its source, release and address below,
 * on a white background, so that a downloaded or re-published image always says what it shows.
 */
export function downloadSvg(o: { svg: string; title: string; alt: string; source: string; note?: string; release: Release; url: string }): string {
  const { width, height } = svgSize(o.svg);
  const pad = 16;
  const titleLines = wrapText(o.title, Math.floor((width - 2 * pad) / 9.2));
  const small = [...(o.note ? wrapText(o.note.trim(), Math.floor((width - 2 * pad) / 6.1)) : []), ...wrapText(o.source, Math.floor((width - 2 * pad) / 6.1))];
  const foot = wrapText(`${releaseLine(o.release)} ${o.url}`, Math.floor((width - 2 * pad) / 6.1));
  const titleH = pad + titleLines.length * 21 + 8;
  const smallTop = titleH + height + 8;
  const total = Math.ceil(smallTop + (small.length + foot.length) * 15 + pad);
  const tspans = (lines: string[], x: number, y0: number, step: number) => lines.map((l, i) => `<tspan x="${x}" y="${y0 + i * step}">${xml(l)}</tspan>`).join('');
  // The chart's own <svg> becomes a group, keeping its class (its <style> is scoped to it) and text styles.
  const root = /^<svg\b([^>]*)>/.exec(o.svg);
  const attrs = root?.[1] ?? '';
  const keep = (name: string) => {
    const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
    return m ? ` ${name}="${m[1]}"` : '';
  };
  const inner = o.svg.slice(root?.[0].length ?? 0).replace(/<\/svg>\s*$/, '');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">` +
    `<title>${xml(o.title)}</title><desc>${xml(o.alt)}</desc>` +
    `<rect width="${width}" height="${total}" fill="#ffffff"/>` +
    `<text fill="#1b1b1b" font-size="16" font-weight="700" data-role="title">${tspans(titleLines, pad, pad + 14, 21)}</text>` +
    `<g transform="translate(0,${titleH})"${keep('class')}${keep('fill')}${keep('font-family')}${keep('font-size')}${keep('text-anchor')}${keep('style')}>${inner}</g>` +
    `<text fill="#4a4a4a" font-size="11" data-role="source">${tspans([...small, ...foot], pad, smallTop + 11, 15)}</text>` +
    `</svg>\n`
  );
}

/** What of a chart decides its embed's height: its drawings and the text around them. */
export interface EmbedHeightInput {
  svg: string;
  narrowSvg?: string;
  title: string;
  note?: string;
  source: string;
  datasets: readonly DatasetId[];
}

/** Content widths, in CSS px, an embed is laid out at: a 320 px phone and a desktop column (styles/embed.css padding 8 px). */
export const EMBED_WIDTHS = [320, 700] as const;

/**
 * Height in CSS px of a chart embed (EmbedLayout + ChartFigure, styles/embed.css) laid out in an
 * iframe `width` px wide, before any script runs. Text is wrapped at a generous average character
 * width (0.56 em, 0.6 em bold), so the estimate errs tall; below 600 px the narrow drawing is shown.
 */
export function embedHeightAt(c: EmbedHeightInput, width: number): number {
  const content = width - 16;
  const rem = 16;
  const lines = (text: string, em: number, bold = false) => Math.max(1, wrapText(text, Math.floor(content / (em * rem * (bold ? 0.6 : 0.56)))).length);
  const useNarrow = c.narrowSvg !== undefined && content < 600;
  const drawing = svgSize(useNarrow ? c.narrowSvg! : c.svg);
  // A drawing wider than the column is scaled down with its height (max-width: 100%; height: auto).
  const svgHeight = drawing.height * Math.min(1, content / drawing.width);
  const foot = `Published by the Department for Education in ${publications(c.datasets).map((p) => `“${p}”`).join(' and ')}. Charted by ${SITE_NAME}, data release 2026-11-30-0123456789 of 30 September 2026: pinned, these figures will not change.`;
  const px =
    8 + // main padding-top
    lines(c.title, 1.1, true) * 1.1 * rem * 1.3 + 4 +
    (c.note ? lines(c.note, 0.9) * 0.9 * rem * 1.45 : 0) +
    svgHeight + 4 +
    lines(c.source, 0.8) * 0.8 * rem * 1.45 + 8 +
    lines(`Data table: ${c.title}`, 0.9) * 0.9 * rem * 1.45 +
    9 + 4 + // footer rule, margin and padding
    (lines(foot, 0.8) + lines('Page name: full page, downloads and notes', 0.8)) * 0.8 * rem * 1.45 + 4 * 0.15 * 0.8 * rem +
    4; // main padding-bottom
  return px;
}

/** A map embed's view, as far as its height goes: an area chosen (its words under the legend), a map of change. */
export interface MapEmbedView {
  map: true;
  area: boolean;
  change: boolean;
}

/**
 * Map embed heights in CSS px at 320 px, the tallest width (the map, inset, legend and table stack):
 * measured on the built /embed/map/ (1,519 px for the default view, +171 with an area chosen, +355
 * with an area and a change) and rounded up for a legend with gap rows and longer names.
 */
const MAP_EMBED_PX = { base: 1600, area: 200, change: 200 } as const;

/**
 * The iframe height written into embed codes: for a chart, the tallest of its layouts
 * (EMBED_WIDTHS) plus a 16 px allowance for fonts wider than the estimate; for the map, its measured
 * height at 320 px. Either way the whole embed shows without our script at any width from 320 px.
 * The one place embed heights are decided.
 */
export function embedHeight(c: EmbedHeightInput | MapEmbedView): number {
  if ('map' in c) return MAP_EMBED_PX.base + (c.area ? MAP_EMBED_PX.area : 0) + (c.change ? MAP_EMBED_PX.change : 0);
  return Math.ceil(Math.max(...EMBED_WIDTHS.map((w) => embedHeightAt(c, w))) + 16);
}
