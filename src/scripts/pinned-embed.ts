/**
 * The shared renderer of a pinned release's chart embeds (/embed/r/{release}/?chart={key}/{chartId}):
 * reads the chart page's stored file (lib/pinned-embeds) from this release's folder and puts the
 * chart's figure, title, description, publications and link back into the page, exactly as the live
 * embed showed them when the release was built. The footer's release line is the page's own.
 */
import { pinnedChartParam, pinnedDataFile } from '../lib/publish/embeds';
import { isGzip, type PinnedChart, type PinnedPage } from '../lib/publish/pinned-embeds';

const root = document.querySelector<HTMLElement>('[data-pinned-charts]');
if (root) void show(root);

async function gunzip(bytes: Uint8Array): Promise<string> {
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  if (typeof DecompressionStream === 'function') {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  }
  const { gunzipSync, strFromU8 } = await import('fflate');
  return strFromU8(gunzipSync(bytes));
}

/** Text of an HTML-escaped fragment ("Luton &amp; Bedford" -> "Luton & Bedford"). */
function text(html: string): string {
  return new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body.textContent ?? '';
}

function fill(main: HTMLElement, c: PinnedChart): void {
  document.title = text(c.title);
  document.querySelector('meta[name=description]')?.setAttribute('content', text(c.description));
  document.querySelector('link[rel=canonical]')?.setAttribute('href', c.canonical);
  main.dataset.embedId = c.frameId;
  // Our own build's HTML, from this release's folder on the same origin.
  main.querySelector('[data-pinned-body]')!.outerHTML = c.body;
  main.querySelector('[data-embed-pubs]')!.innerHTML = c.pubs;
  main.querySelector('[data-embed-page-name]')!.innerHTML = c.pageName;
  main.querySelector<HTMLAnchorElement>('[data-embed-page]')!.setAttribute('href', c.pageHref);
}

async function show(main: HTMLElement): Promise<void> {
  const status = main.querySelector<HTMLElement>('[data-pinned-status]')!;
  // Said here, not in the HTML: without scripts the page's <noscript> note is all there is.
  status.textContent = 'Loading the chart…';
  const release = main.dataset.pinnedCharts;
  const want = pinnedChartParam(location.search);
  if (!want) {
    status.textContent = `This address names no chart. Pinned chart addresses end in ?chart= followed by the chart's page and id.`;
    return;
  }
  try {
    const res = await fetch(new URL(pinnedDataFile(want.key), new URL('./', location.href)));
    if (res.status === 404) throw new Error(`data release ${release} has no charts for ${want.key}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const page = JSON.parse(await gunzip(new Uint8Array(await res.arrayBuffer()))) as PinnedPage;
    const chart = page.charts[want.chartId];
    if (!chart) throw new Error(`data release ${release} has no chart ${want.chartId} on ${want.key}`);
    fill(main, chart);
  } catch (err) {
    status.textContent = `The chart could not be shown (${err instanceof Error ? err.message : String(err)}).`;
  }
}
