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
import type { DatasetId } from './model';
import { DATASET_PUBLICATION } from './sources';
import { longDate } from './format';
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
 * "Department for Education (2026), Pupil absence in schools in England. Chart: “Title”, School absence
 *  in England, data release 2026-11-30-3f2a9c1b7d (30 November 2026). https://…/embed/r/…/"
 */
export function citation(o: { title: string; datasets: readonly DatasetId[]; release: Release; url: string }): string {
  const pubs = publications(o.datasets).map((p) => `“${p}”`).join(' and ');
  return `Department for Education, ${pubs}, official statistics. Chart: “${o.title}”, ${SITE_NAME}, data release ${o.release.id} (${longDate(o.release.date)}). ${o.url}`;
}

/** "Data release 2026-11-30-3f2a9c1b7d, built 30 November 2026." */
export function releaseLine(release: Release): string {
  return `${SITE_NAME}, data release ${release.id} (${longDate(release.date)}).`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function xml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/** Greedy word wrap to lines of at most `max` characters (a long word gets a line of its own). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
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

/** An iframe height that shows a chart embed without scrolling before any script runs (desktop width). */
export function embedHeight(svg: string, titleChars: number): number {
  const { height } = svgSize(svg);
  return Math.round(height + 170 + Math.ceil(titleChars / 70) * 24);
}
