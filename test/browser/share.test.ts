/**
 * Embeds, downloads, shareable map state and story figures in Chromium against dist/:
 * an embed in an iframe on a page of another origin is resized to its content by public/embed.js
 * (and sends the Datawrapper, pym.js and AMP height messages); PNG and SVG downloads are valid images
 * with the title drawn in; CSVs and the manifest agree with the files; a map URL reopens its view and
 * the back button steps back through views; "Copy figures" copies the figures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, serveSite, watchErrors, type Site } from './harness';
import type { Manifest } from '../../src/lib/publish/downloads';
import { frameId } from '../../src/lib/publish/embeds';

let site: Site;
let host: { origin: string; close: () => Promise<void> };
let browser: Browser;
let hostHtml = '';

const LUTON = 'local-authorities/E06000032';
const PA = 'census-enrolments_pa_10_exact_percent-total';

/** A second loopback server (another port, so another origin) serving one host page. */
async function serveHost(): Promise<typeof host> {
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(hostHtml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  site = await serveSite();
  host = await serveHost();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await host?.close();
});

async function open(path: string, width = 1280): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(site.origin + path, { waitUntil: 'networkidle' });
  return { page, errors, requests };
}

function hostPage(src: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>
<style>body{margin:0;font-family:serif} p{margin:8px}</style></head><body>
<p>A newspaper article.</p>
<iframe id="absence-test" src="${src}" title="Embedded chart" style="width:100%;border:0;display:block" height="150" scrolling="no"></iframe>
<p id="after">After the chart.</p>
<script>window.messages = []; addEventListener('message', (e) => window.messages.push({ origin: e.origin, data: e.data }));</script>
<script async src="${site.origin}/embed.js"></script>
</body></html>`;
}

/** Waits until the iframe's height matches its document's content height and stays there. */
async function settledHeights(page: Page): Promise<{ frame: number; content: number }> {
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  let last = { frame: -1, content: -2 };
  for (let i = 0; i < 60; i++) {
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const h = await page.$eval('#absence-test', (f) => (f as HTMLIFrameElement).getBoundingClientRect().height);
    if (Math.abs(h - content) <= 1 && h === last.frame) return { frame: h, content };
    last = { frame: h, content };
    await page.waitForTimeout(150);
  }
  return last;
}

describe('embeds on a page of another origin', () => {
  for (const [label, path] of [
    ['chart', `/embed/${LUTON}/${PA}/`],
    ['map', '/embed/map/?area=E06000032&measure=enrolments_pa_50_exact_percent'],
  ] as const) {
    for (const width of [360, 1280]) {
      it(`resizes the ${label} iframe to its content at ${width}px`, async () => {
        hostHtml = hostPage(site.origin + path);
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        const errors = watchErrors(page);
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`${host.origin}/article`, { waitUntil: 'networkidle' });
        expect(new URL(host.origin).origin).not.toBe(new URL(site.origin).origin);
        if (label === 'map') await page.frames()[1]!.waitForFunction(() => document.querySelectorAll('path.la').length > 100);
        const { frame, content } = await settledHeights(page);
        expect(content).toBeGreaterThan(label === 'map' ? 400 : 300);
        expect(Math.abs(frame - content)).toBeLessThanOrEqual(1);
        // Nothing is cut off or scrolls inside the frame: its footer link is inside the iframe's box.
        const inner = page.frames()[1]!;
        const foot = await inner.$eval('.embed-foot a', (a) => a.getBoundingClientRect().bottom);
        expect(foot).toBeLessThanOrEqual(frame);
        // The three formats were sent, from the embed's origin, with the height applied.
        const messages = await page.evaluate(() => (window as unknown as { messages: { origin: string; data: unknown }[] }).messages);
        const ours = messages.filter((m) => m.origin === site.origin);
        expect(ours.some((m) => typeof m.data === 'object' && m.data !== null && 'datawrapper-height' in m.data)).toBe(true);
        expect(ours.some((m) => typeof m.data === 'string' && /^pymxPYMx.+xPYMxheightxPYMx\d+$/.test(m.data))).toBe(true);
        expect(ours.some((m) => JSON.stringify(m.data).includes('"sentinel":"amp"'))).toBe(true);
        const lastAmp = ours.filter((m) => JSON.stringify(m.data).includes('"sentinel":"amp"')).at(-1)!.data as { height: number };
        expect(Math.abs(lastAmp.height - frame)).toBeLessThanOrEqual(1);
        // The embed asks nothing of any origin but its own.
        const foreign = requests.filter((u) => !u.startsWith(site.origin) && !u.startsWith(host.origin));
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  it('uses pym.js childId when the host gives one, and resizes again when the data table opens', async () => {
    hostHtml = hostPage(`${site.origin}/embed/${LUTON}/${PA}/?childId=story-chart&initialWidth=600`);
    const context = await browser.newContext({ viewport: { width: 800, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${host.origin}/article`, { waitUntil: 'networkidle' });
    const before = (await settledHeights(page)).frame;
    await page.frames()[1]!.click('details.data-table summary');
    await page.waitForFunction((h) => (document.getElementById('absence-test') as HTMLIFrameElement).getBoundingClientRect().height > h + 100, before);
    const { frame, content } = await settledHeights(page);
    expect(Math.abs(frame - content)).toBeLessThanOrEqual(1);
    const messages = await page.evaluate(() => (window as unknown as { messages: { data: unknown }[] }).messages.map((m) => m.data));
    expect(messages.some((m) => typeof m === 'string' && m.startsWith('pymxPYMxstory-chartxPYMxheightxPYMx'))).toBe(true);
    expect(messages.some((m) => JSON.stringify(m).includes('{"datawrapper-height":{"story-chart":'))).toBe(true);
    await context.close();
  });
});

describe('embed pages', () => {
  it('have a title, the source with the publication and release date, and a link to the full page', async () => {
    const { page, errors } = await open(`/embed/${LUTON}/${PA}/`);
    expect(await page.title()).toBe('Persistent absence, all schools, full year, 2006/07 to 2024/25, Luton | School absence in England');
    expect(await page.locator('header, nav.site-nav, .site-footer').count()).toBe(0);
    const foot = await page.locator('.embed-foot').innerText();
    expect(foot).toMatch(/Published by the Department for Education in “Pupil absence in schools in England”/);
    expect(foot).toMatch(/data release \d{4}-\d{2}-\d{2}-[0-9a-f]{10}, site built \d{1,2} [A-Z][a-z]+ \d{4}, updated with each release/);
    expect(await page.locator('.embed-foot a').getAttribute('href')).toBe(`/${LUTON}/#${PA}`);
    expect(await page.locator('base').getAttribute('target')).toBe('_top');
    // Works without scripts: the chart is the static SVG, drawn wide and narrow; CSS shows one of them.
    expect(await page.locator('figure.chart svg[role=img]').count()).toBe(2);
    expect(await page.locator('figure.chart svg[role=img]:visible').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pinned embeds say so and use only their own release folder', async () => {
    const { page, requests } = await open(`/embed/${LUTON}/${PA}/`);
    const release = (await page.locator('.release-id').innerText()).trim();
    const live = { title: await page.title(), figure: await page.locator('figure.chart').evaluate((f) => f.outerHTML), link: await page.locator('.embed-foot a').getAttribute('href') };
    for (const path of [`/embed/r/${release}/?chart=${LUTON}/${PA}`, `/embed/r/${release}/map/?area=E06000032`]) {
      requests.length = 0;
      await page.goto(site.origin + path, { waitUntil: 'networkidle' });
      if (path.includes('/map/')) await page.waitForFunction(() => document.querySelectorAll('path.la').length > 100);
      else {
        // The release's shared renderer shows the chart as its live embed did: same title, figure and link.
        await page.waitForSelector('figure.chart svg[role=img]');
        expect({ title: await page.title(), figure: await page.locator('figure.chart').evaluate((f) => f.outerHTML), link: await page.locator('.embed-foot a').getAttribute('href') }).toEqual(live);
        expect(requests.some((u) => u.startsWith(`${site.origin}/embed/r/${release}/charts/${LUTON}.jsonz`))).toBe(true);
      }
      expect(await page.locator('.embed-foot').innerText()).toContain('pinned, these figures will not change');
      const assets = requests.filter((u) => /\/_astro\/|\/generated\//.test(u));
      // A chart embed's styles and script may all be inline; the map loads its script and data.
      if (path.includes('/map/')) expect(assets.length).toBeGreaterThan(0);
      expect(assets.filter((u) => !u.startsWith(`${site.origin}/embed/r/${release}/`))).toEqual([]);
    }
    // The address published before the shared renderer still opens the chart, options kept.
    await page.goto(`${site.origin}/embed/r/${release}/${LUTON}/${PA}/?theme=dark`, { waitUntil: 'networkidle' });
    await page.waitForSelector('figure.chart svg[role=img]');
    expect(page.url()).toBe(`${site.origin}/embed/r/${release}/?chart=${LUTON}/${PA}&theme=dark`);
    expect(await page.title()).toBe(live.title);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.context().close();
  });

  it('the map embed applies its options from the URL without adding history entries', async () => {
    const { page, errors } = await open('/embed/map/?measure=sess_overall_percent&period=census-202324-full-year&phase=primary&region=E12000006&area=E06000032&theme=dark');
    await page.waitForFunction(() => document.querySelectorAll('path.la').length > 5);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.locator('[data-map-title]').innerText()).toBe('Overall absence rate, state-funded primary schools, 2023/24 full year (school census)');
    expect(await page.locator('path.la').count()).toBeLessThan(20);
    expect(await page.locator('path.la.selected').getAttribute('data-code')).toBe('E06000032');
    // Moving the selection on the embedded map leaves the address and history alone (they are the host's).
    const before = await page.evaluate(() => ({ length: history.length, href: location.href }));
    await page.focus('svg[data-map-svg]');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('path.la.selected').getAttribute('data-code')).not.toBe('E06000032');
    expect(await page.evaluate(() => ({ length: history.length, href: location.href }))).toEqual(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('chart downloads', () => {
  it('makes a PNG of the chart from its SVG, and the SVG download is an image with the title drawn in', async () => {
    const { page, errors } = await open(`/${LUTON}/`);
    const figure = page.locator(`#${PA}`);
    const [png] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'PNG image' }).click()]);
    expect(png.suggestedFilename()).toBe(`local-authorities-E06000032-${PA}.png`);
    const bytes = fs.readFileSync((await png.path())!);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(20_000);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBe(1360);
    expect(height).toBeGreaterThan(700);

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('link', { name: 'SVG image' }).click()]);
    const svg = fs.readFileSync((await svgDownload.path())!, 'utf8');
    expect(svg).toContain('<text fill="#1b1b1b" font-size="16" font-weight="700" data-role="title"><tspan x="16" y="30">Persistent absence, all schools, full year, 2006/07 to 2024/25</tspan>');
    expect(svg).toMatch(/Source: Pupil absence in schools in England/);
    // A valid SVG image: the browser parses it as XML and draws it.
    const check = await page.evaluate(async (url) => {
      const text = await (await fetch(url)).text();
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const img = new Image();
      img.src = url;
      await img.decode();
      return { parseError: doc.querySelector('parsererror')?.textContent ?? null, w: img.naturalWidth, h: img.naturalHeight, title: doc.querySelector('title')?.textContent };
    }, `/data/v1/${LUTON}/${PA}.svg`);
    expect(check).toEqual({ parseError: null, w: 680, h: expect.any(Number), title: 'Persistent absence, all schools, full year, 2006/07 to 2024/25' });
    expect(check.h).toBeGreaterThan(350);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers the table as shown and the full series as CSV', async () => {
    const table = await (await fetch(`${site.origin}/data/v1/${LUTON}/${PA}.csv`)).text();
    const lines = table.trim().split('\r\n');
    expect(lines[0]).toBe('Period,Luton,East of England,England,Luton: pupils,Note');
    // Numeric columns hold plain numbers and DfE symbol codes, never words or thousands separators.
    expect(lines).toContain('2023/24,18.9,19.1,20.0,7264,');
    expect(lines).toContain('2022/23,24.6,20.5,21.2,9392,');
    expect(lines).toContain('2006/07,19.3,18.9,19.3,5548,five half terms (to the end of May)');
    expect(lines).toContain('2019/20,-,-,-,,');
    const series = await (await fetch(`${site.origin}/data/v1/${LUTON}/${PA}-series.csv`)).text();
    const rows = series.trim().split('\r\n');
    expect(rows[0]).toBe('time_period,time_identifier,geographic_level,area_code,area_name,old_la_code,region_code,school_type,breakdown_topic,breakdown,source,dataset,measure,value,symbol');
    // The publication's own file answers 2023/24 (shape/precedence); LAIT's 18.93 is only checked against it.
    expect(rows).toContain('202324,Full year,Local authority,E06000032,Luton,821,E12000006,All schools,Total,Total,School census,census-geographic,enrolments_pa_10_exact_percent,18.92899,');
    expect(rows.some((r) => r.includes(',lait,') && r.startsWith('202324'))).toBe(false);
    expect(rows.some((r) => r.startsWith('202324,Full year,National,E92000001,England'))).toBe(true);
    expect(rows.every((r, i) => i === 0 || r.includes('enrolments_pa_10_exact_percent'))).toBe(true);
  });

  it('lists every file in the manifest with checksums, sources, release and build date', async () => {
    const manifest = (await (await fetch(`${site.origin}/data/v1/manifest.json`)).json()) as Manifest;
    expect(manifest.release.id).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{10}$/);
    expect(Number.isNaN(Date.parse(manifest.builtAt))).toBe(false);
    expect(manifest.sources.length).toBeGreaterThan(10);
    for (const s of manifest.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    const byPath = new Map(manifest.files.map((f) => [f.path, f]));
    const la = byPath.get('local-authorities/E06000032.csv')!;
    const chart = byPath.get(`${LUTON}/${PA}.svg`)!;
    // Sources are listed per dataset: both files of the publication's national, regional and LA data, never LAIT.
    expect(chart.sources.map((i) => manifest.sources[i]!.file).sort()).toEqual(['dfe/census/absence_by_geographic_level_termly.csv', 'dfe/census/absence_rates_by_geographic_level.csv']);
    for (const f of [la, chart, byPath.get(`${LUTON}/${PA}-series.csv`)!]) {
      const body = Buffer.from(await (await fetch(`${site.origin}${manifest.root}${f.path}`)).arrayBuffer());
      expect(crypto.createHash('sha256').update(body).digest('hex')).toBe(f.sha256);
      expect(body.length).toBe(f.bytes);
    }
    // Every file is linked from /data/ (area files, the story kit) or from the /data/ sub-page of its chart's page.
    const pages = new Map<string, string>();
    const text = async (href: string) => pages.get(href) ?? pages.set(href, await (await fetch(`${site.origin}${href}`)).text()).get(href)!;
    const dataPage = await text('/data/');
    expect(Buffer.byteLength(dataPage)).toBeLessThan(300 * 1024);
    for (const f of manifest.files.filter((_, i) => i % 97 === 0)) {
      const chartPage = /^(local-authorities|regions)\/[^/]+(?=\/)|^(trends|breakdowns)(?=\/)/.exec(f.path)?.[0];
      const listing = chartPage ? await text(`/data/${chartPage}/`) : dataPage;
      expect(listing).toContain(`href="${manifest.root}${f.path}"`);
      if (chartPage) expect(dataPage).toContain(`href="/data/${chartPage}/"`);
    }
    for (const [href, html] of pages) expect(Buffer.byteLength(html), href).toBeLessThan(300 * 1024);
  });

  it('gives embed code and a citation for each chart', async () => {
    const { page } = await open(`/${LUTON}/`);
    const figure = page.locator(`#${PA}`);
    // The page carries no embed code: it is written when the reader opens "Embed this chart".
    expect(await page.locator('textarea').count()).toBe(0);
    await figure.locator('details.embed-code summary').click();
    const live = await figure.locator('textarea').nth(0).inputValue();
    const pinned = await figure.locator('textarea').nth(1).inputValue();
    expect(live).toMatch(new RegExp(`<iframe id="${frameId(LUTON, PA)}" src="http://[^"]+/embed/${LUTON}/${PA}/"`));
    expect(live).toContain('/embed.js"></script>');
    expect(pinned).toMatch(new RegExp(`src="http://[^"]+/embed/r/\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{10}/\\?chart=${LUTON}/${PA}"`));
    expect(pinned).toMatch(/<script async src="http:\/\/[^"]+\/embed\.js"><\/script>$/);
    const cite = await figure.locator('.cite').innerText();
    expect(cite).toMatch(/^Cite this Department for Education, “Pupil absence in schools in England”, official statistics\. Chart: “Persistent absence, all schools, full year, 2006\/07 to 2024\/25”, School absence in England, data release \d{4}-\d{2}-\d{2}-[0-9a-f]{10}/);
    await page.context().close();
  });
});

describe('shareable map state', () => {
  async function view(page: Page) {
    return page.evaluate(() => ({
      measure: (document.querySelector('select[name=measure]') as HTMLSelectElement).value,
      period: (document.querySelector('select[name=period]') as HTMLSelectElement).value,
      phase: (document.querySelector('select[name=phase]') as HTMLSelectElement).value,
      region: (document.querySelector('select[name=region]') as HTMLSelectElement).value,
      selected: document.querySelector('path.la.selected')?.getAttribute('data-code') ?? '',
      title: document.querySelector('[data-map-title]')?.textContent ?? '',
    }));
  }

  it('reopens the same selections from a copied URL', async () => {
    const { page, errors } = await open('/?measure=sess_unauthorised_percent&period=census-202223-full-year&phase=secondary&region=E12000006&area=E06000032');
    await page.waitForFunction(() => document.querySelectorAll('path.la').length > 5);
    expect(await view(page)).toEqual({
      measure: 'sess_unauthorised_percent',
      period: 'census-202223-full-year',
      phase: 'secondary',
      region: 'E12000006',
      selected: 'E06000032',
      title: 'Unauthorised absence rate, state-funded secondary schools, 2022/23 full year (school census)',
    });
    // The embed code follows the view.
    expect(await page.locator('#map-code-live').inputValue()).toContain('/embed/map/?measure=sess_unauthorised_percent&amp;period=census-202223-full-year&amp;phase=secondary&amp;region=E12000006&amp;area=E06000032');
    // The resizer script by the site's absolute address, so it loads on the host's page.
    expect(await page.locator('#map-code-live').inputValue()).toMatch(/\n<script async src="https?:\/\/[^"/]+\/embed\.js"><\/script>$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('steps back through views with the back button', async () => {
    const { page, errors } = await open('/');
    await page.waitForFunction(() => document.querySelectorAll('path.la').length > 100);
    const first = await view(page);
    await page.selectOption('select[name=measure]', 'enrolments_pa_50_exact_percent');
    await page.waitForFunction(() => document.querySelector('[data-map-title]')?.textContent?.startsWith('Severe absence'));
    await page.selectOption('select[name=period]', 'census-202122-full-year');
    await page.waitForFunction(() => document.querySelector('[data-map-title]')?.textContent?.includes('2021/22'));
    expect(new URL(page.url()).searchParams.get('period')).toBe('census-202122-full-year');
    await page.goBack();
    await page.waitForFunction(() => !document.querySelector('[data-map-title]')?.textContent?.includes('2021/22'));
    expect(await view(page)).toMatchObject({ measure: 'enrolments_pa_50_exact_percent', period: first.period });
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-map-title]')?.textContent?.startsWith('Persistent absence'));
    expect(await view(page)).toMatchObject({ measure: first.measure, period: first.period });
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('[data-map-title]')?.textContent?.startsWith('Severe absence'));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('figures for a story', () => {
  it('shows the Luton figures and copies them to the clipboard', async () => {
    const { page, errors } = await open(`/${LUTON}/`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const block = page.locator('#facts-text');
    const text = await block.innerText();
    expect(text).toContain('Persistent absence (missing 10% or more of their sessions): 6,759 pupils in Luton were persistently absent in 2024/25 (17.7% of pupils), down from 7,264 (18.9%) in 2023/24, a fall of 1.2 percentage points. The same year: East of England 17.5%, England 18.1%. Luton had the');
    expect(text).toMatch(/highest rate of the 15\d local authorities with a figure for 2024\/25\./);
    expect(text).toContain('Severe absence (missing 50% or more of their sessions): 565 pupils in Luton were severely absent in 2024/25 (1.5% of pupils), the rate unchanged from 1.5% in 2023/24 (575 pupils).');
    expect(text).toMatch(/Source: Department for Education, “Pupil absence in schools in England”.*data release \d{4}-\d{2}-\d{2}-[0-9a-f]{10}/);
    await page.getByRole('button', { name: 'Copy figures' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-live=polite].visually-hidden')?.textContent === 'Copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
