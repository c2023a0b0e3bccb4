/**
 * Pinned chart embeds stored as data. A release keeps, for each chart page, one gzipped JSON file
 * (lib/embeds pinnedDataFile) holding every chart's embed as the live embed page of that release
 * showed it: the figure's HTML (title, SVG, note, source line, data table) and the page's title,
 * description, frame id, publications and link back. One shared renderer page per release
 * (/embed/r/{release}/?chart={key}/{chartId}, src/scripts/pinned-embed.ts) draws any of them, so a
 * release costs a few hundred small files instead of a full HTML copy per chart.
 *
 * The parts are cut from the built live page (scripts/pin-releases.ts) rather than rendered again, so a
 * pinned embed shows exactly what the live one showed on the day. Strings are HTML as in the page
 * (entities kept); the renderer decodes the text fields. Browser-safe (no Node imports).
 */

/** One chart's embed, as HTML fragments of its live embed page. */
export interface PinnedChart {
  /** <title> text (HTML-escaped). */
  title: string;
  /** <meta name="description"> content (HTML-escaped). */
  description: string;
  /** <link rel="canonical"> href. */
  canonical: string;
  /** Id sent with the height messages (data-embed-id). */
  frameId: string;
  /** The figure: everything in <main> before the footer. */
  body: string;
  /** The publications named in the footer ("“Pupil absence in schools in England”"). */
  pubs: string;
  /** The link back to the full page, and its name (HTML). */
  pageHref: string;
  pageName: string;
}

/** One stored file: the charts of one page key in one release. */
export interface PinnedPage {
  release: string;
  key: string;
  charts: Record<string, PinnedChart>;
}

function part(html: string, re: RegExp, what: string): string {
  const m = re.exec(html);
  if (!m) throw new Error(`embed page has no ${what}: is it an EmbedLayout page?`);
  return m[1]!;
}

/**
 * The stored parts of a live chart embed page (EmbedLayout's markup). Throws, naming the part, if the
 * page does not have one, so a change to the layout cannot silently pin empty embeds.
 */
export function pinnedChartFromHtml(html: string): PinnedChart {
  return {
    title: part(html, /<title>([\s\S]*?)<\/title>/, '<title>'),
    description: part(html, /<meta name="description" content="([^"]*)"/, 'description'),
    canonical: part(html, /<link rel="canonical" href="([^"]*)"/, 'canonical link'),
    frameId: part(html, /<main class="embed" data-embed-id="([^"]*)"/, 'data-embed-id'),
    body: part(html, /<main class="embed" data-embed-id="[^"]*">([\s\S]*?)<footer class="embed-foot">/, 'figure before the footer').trim(),
    pubs: part(html, /<span data-embed-pubs>([\s\S]*?)<\/span>/, 'publications'),
    pageHref: part(html, /<a href="([^"]*)" data-embed-page>/, 'link to the full page'),
    pageName: part(html, /<span data-embed-page-name>([\s\S]*?)<\/span>/, 'page name'),
  };
}

/** Is this a gzip stream (magic bytes 1f 8b)? A host may already have decompressed the file. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
