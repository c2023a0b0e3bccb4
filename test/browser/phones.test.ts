/**
 * Phones, themes and embeds on other sites, in Chromium against dist/: at 320, 375 and 1280 px the
 * latest period and every line's label of a chart are on screen, chart text is at least 11 px and no
 * page scrolls sideways; chart text meets 4.5:1 in the dark and forced-colours themes; an embed fits
 * at its fallback height without our script on another origin; a tap on the map selects; the map embed
 * does not shift as it loads and shows a picture of the map without JavaScript.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, serveSite, type Site } from './harness';
import { contrastRatio } from '../../src/lib/view/map-logic';

const LUTON = 'local-authorities/E06000032';
const PA = 'census-enrolments_pa_10_exact_percent-total';
const LINES = ['Luton', 'East of England', 'England'];
/** Authorities on /compare/ whose table (five columns of long names) is wider than a phone. */
const COMPARED = 'E06000032,E08000025,E06000055,E06000056';

let site: Site;
let browser: Browser;
let host: { origin: string; close: () => Promise<void> };
let hostHtml = '';

beforeAll(async () => {
  site = await serveSite();
  browser = await launchBrowser();
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(hostHtml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await host?.close();
});

async function open(path: string, width: number, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, ...options });
  const page = await context.newPage();
  await page.goto(site.origin + path, { waitUntil: 'networkidle' });
  return page;
}

/** Left and right edges (CSS px, viewport) of the visible chart texts equal to `texts`, and the smallest on-screen font size. */
async function chartTexts(page: Page, figure: string, texts: string[]) {
  return page.evaluate(
    ({ figure, texts }) => {
      const svg = [...document.querySelectorAll<SVGSVGElement>(`${figure} svg[role=img]`)].find((s) => s.getBoundingClientRect().width > 0)!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const all = [...svg.querySelectorAll('text')];
      const found = Object.fromEntries(
        texts.map((t) => {
          const el = all.find((x) => x.textContent === t);
          const r = el?.getBoundingClientRect();
          return [t, r ? { left: r.left, right: r.right } : null];
        }),
      );
      const minFont = Math.min(...all.filter((t) => t.textContent).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      return { found, minFont, innerWidth };
    },
    { figure, texts },
  );
}

describe('charts that fit the reader', () => {
  for (const width of [320, 375, 1280]) {
    it(`shows the latest period and every line label at ${width} px, on the page and embedded`, async () => {
      for (const [path, figure] of [[`/${LUTON}/`, `#${PA}`], [`/embed/${LUTON}/${PA}/`, 'figure.chart']] as const) {
        const page = await open(path, width);
        await page.locator(figure).scrollIntoViewIfNeeded();
        const { found, minFont, innerWidth } = await chartTexts(page, figure, ['2024/25', ...LINES]);
        for (const [text, box] of Object.entries(found)) {
          expect(box, `${path} ${text}`).not.toBeNull();
          expect(box!.left, `${path} ${text}`).toBeGreaterThanOrEqual(0);
          expect(box!.right, `${path} ${text}`).toBeLessThanOrEqual(innerWidth);
        }
        if (width <= 375) expect(minFont, path).toBeGreaterThanOrEqual(11);
        await page.context().close();
      }
    });
  }

  it('scrolls no page sideways at 320, 375 and 1280 px', async () => {
    const paths = ['/', `/${LUTON}/`, '/trends/', '/breakdowns/', '/compare/', `/compare/?areas=${COMPARED}`, '/data/', '/data/quality/', '/embed/map/', `/embed/${LUTON}/${PA}/`, '/embed/breakdowns/total/bands-total/'];
    for (const width of [320, 375, 1280]) {
      for (const path of paths) {
        const page = await open(path, width);
        const [scroll, inner] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, innerWidth]);
        expect(scroll, `${path} at ${width}`).toBeLessThanOrEqual(inner!);
        await page.context().close();
      }
    }
  });
});

describe('data tables that fit the reader', () => {
  it('keeps the caption of a table that scrolls sideways inside its box at 320 px, before and after scrolling', async () => {
    const page = await open(`/compare/?areas=${COMPARED}`, 320);
    await page.waitForSelector('[data-compare-table] caption');
    const measure = () =>
      page.evaluate(() => {
        const box = document.querySelector('[data-compare-table]')!;
        const cap = box.querySelector('caption')!.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return { scrolls: box.scrollWidth > box.clientWidth, left: cap.left - b.left, right: b.right - cap.right };
      });
    const before = await measure();
    // The table is wider than the phone (else nothing is tested).
    expect(before.scrolls).toBe(true);
    expect(before.left).toBeGreaterThanOrEqual(0);
    expect(before.right).toBeGreaterThanOrEqual(0);
    await page.evaluate(() => { document.querySelector('[data-compare-table]')!.scrollLeft = 200; });
    const after = await measure();
    expect(after.left).toBeGreaterThanOrEqual(0);
    expect(after.right).toBeGreaterThanOrEqual(0);
    await page.context().close();
  });

  it('fits the source files table of /data/quality/ in its box at 1280 px, each checksum whole', async () => {
    const page = await open('/data/quality/', 1280);
    const t = await page.evaluate(() => {
      const box = document.querySelector('.table-scroll')!;
      return { scroll: box.scrollWidth, client: box.clientWidth, sums: [...box.querySelectorAll('td code')].map((c) => c.textContent) };
    });
    expect(t.scroll).toBeLessThanOrEqual(t.client);
    expect(t.sums.length).toBeGreaterThan(0);
    for (const s of t.sums) expect(s).toMatch(/^[0-9a-f]{64}$/);
    await page.context().close();
  });
});

/** Contrast of every chart text against the page background, lowest first. */
async function chartTextContrasts(page: Page): Promise<{ text: string; fill: string; ratio: number }[]> {
  const raw = await page.evaluate(() => {
    const toHex = (c: string) => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.fillStyle = '#000';
      canvas.fillStyle = c;
      const v = canvas.fillStyle;
      if (v.startsWith('#')) return v;
      const [r, g, b] = v.match(/[\d.]+/g)!.map(Number);
      return `#${[r, g, b].map((x) => Math.round(x!).toString(16).padStart(2, '0')).join('')}`;
    };
    const bg = toHex(getComputedStyle(document.body).backgroundColor);
    return [...document.querySelectorAll('figure.chart svg[role=img] text')]
      .filter((t) => t.getBoundingClientRect().width > 0 && t.textContent)
      .map((t) => ({ text: t.textContent!, fill: toHex(getComputedStyle(t).fill), bg }));
  });
  return raw.map((r) => ({ text: r.text, fill: r.fill, ratio: contrastRatio(r.fill, r.bg) })).sort((a, b) => a.ratio - b.ratio);
}

describe('chart themes', () => {
  it('keeps chart text at 4.5:1 or more in the dark and forced-colours themes', async () => {
    for (const [label, media, query] of [
      ['dark', { colorScheme: 'dark' as const }, '?theme=dark'],
      ['auto dark', { colorScheme: 'dark' as const }, '?theme=auto'],
      ['forced colours', { colorScheme: 'dark' as const, forcedColors: 'active' as const }, ''],
      ['forced colours, dark theme', { colorScheme: 'dark' as const, forcedColors: 'active' as const }, '?theme=dark'],
    ] as const) {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        await page.emulateMedia(media);
        await page.goto(`${site.origin}/embed/${LUTON}/${PA}/${query}`, { waitUntil: 'networkidle' });
        const contrasts = await chartTextContrasts(page);
        if (process.env.SHOW_MEASURES) console.log(label, width, contrasts[0]);
        expect(contrasts.length, label).toBeGreaterThan(5);
        expect(contrasts[0]!.ratio, `${label} at ${width}: ${JSON.stringify(contrasts[0])}`).toBeGreaterThanOrEqual(4.5);
        await context.close();
      }
    }
  });
});

describe('embeds on another site', () => {
  it('fits at its fallback height at 320 px without our script', async () => {
    const page = await open(`/${LUTON}/`, 1280);
    // The code is written when "Embed this chart" is first opened.
    await page.locator(`#${PA} details[data-embed] > summary`).click();
    const code = await page.locator(`#${PA}-code-live`).inputValue();
    await page.context().close();
    const iframe = /<iframe[^>]*>/.exec(code)![0];
    const height = Number(/height="(\d+)"/.exec(iframe)![1]);
    const src = /src="([^"]+)"/.exec(iframe)![1]!.replace(/^https?:\/\/[^/]+/, site.origin);
    hostHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title><style>body{margin:0}</style></head><body>${iframe.replace(/src="[^"]+"/, `src="${src}"`)}</body></html>`;
    for (const width of [320, 375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const hostPage = await context.newPage();
      await hostPage.goto(host.origin, { waitUntil: 'networkidle' });
      const frame = hostPage.frames().find((f) => f !== hostPage.mainFrame())!;
      const content = await frame.evaluate(() => document.scrollingElement!.scrollHeight);
      expect(content, `at ${width}`).toBeLessThanOrEqual(height);
      const link = await frame.evaluate(() => document.querySelector('.embed-foot a')!.getBoundingClientRect().bottom);
      expect(link, `at ${width}`).toBeLessThanOrEqual(height);
      await context.close();
    }
  });
});

describe('map embeds on another site', () => {
  it('fit at the height their embed code gives, without our script, at 320 px', async () => {
    for (const view of ['', '?area=E06000032', '?period=census-202021-full-year&area=E06000032&compare=census-201819-full-year']) {
      const page = await open(`/${view}`, 1280);
      await page.waitForFunction(() => (document.querySelector('#map-code-live') as HTMLTextAreaElement).value.includes('<iframe'));
      const code = await page.locator('#map-code-live').inputValue();
      await page.context().close();
      const iframe = /<iframe[^>]*>/.exec(code)![0];
      const height = Number(/height="(\d+)"/.exec(iframe)![1]);
      const src = /src="([^"]+)"/.exec(iframe)![1]!.replace(/&amp;/g, '&').replace(/^https?:\/\/[^/]+/, site.origin);
      hostHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title><style>body{margin:0}</style></head><body><iframe src="${src}" title="Map" style="width:100%;border:0" height="${height}" scrolling="no"></iframe></body></html>`;
      for (const width of [320, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const hostPage = await context.newPage();
        await hostPage.goto(host.origin, { waitUntil: 'networkidle' });
        const frame = hostPage.frames().find((f) => f !== hostPage.mainFrame())!;
        await frame.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100);
        const content = await frame.evaluate(() => document.scrollingElement!.scrollHeight);
        expect(content, `${view} at ${width}`).toBeLessThanOrEqual(height);
        await context.close();
      }
    }
  });
});

describe('the map on phones', () => {
  it('selects an area on a tap and shows its figure with a link, without leaving the page', async () => {
    const page = await open('/', 375, { hasTouch: true, isMobile: true });
    await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100);
    const path = page.locator('svg[data-map-svg] path[data-code="E06000032"]');
    await path.scrollIntoViewIfNeeded();
    const box = (await path.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('[data-map-selected]')?.textContent?.includes('Luton'));
    expect(new URL(page.url()).pathname).toBe('/');
    const card = page.locator('[data-map-tooltip].map-card');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.locator('a').getAttribute('href')).toBe('/local-authorities/E06000032/');
    // The card sits under the map, covering none of it.
    const mapBox = (await page.locator('svg[data-map-svg]').boundingBox())!;
    expect((await card.boundingBox())!.y).toBeGreaterThanOrEqual(mapBox.y + mapBox.height - 1);
    expect(await page.locator('svg[data-map-svg] path.selected').getAttribute('data-code')).toBe('E06000032');
    await page.context().close();
  });

  it('takes a tap beside an authority smaller than a finger as meant for it (the Isles of Scilly, whose box is mostly sea)', async () => {
    const page = await open('/', 375, { hasTouch: true, isMobile: true });
    await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100);
    const path = page.locator('svg[data-map-svg] path[data-code="E06000053"]');
    await path.scrollIntoViewIfNeeded();
    const box = (await path.boundingBox())!;
    expect(box.width).toBeLessThan(24);
    // The centre of the islands' box is sea: no shape is under the finger there.
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    expect(await page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.closest('path[data-code]')?.getAttribute('data-code') ?? null, [x, y])).not.toBe('E06000053');
    await page.touchscreen.tap(x, y);
    await page.waitForFunction(() => document.querySelector('[data-map-selected]')?.textContent?.includes('Isles of Scilly'));
    expect(await page.locator('svg[data-map-svg] path.selected').getAttribute('data-code')).toBe('E06000053');
    await page.context().close();
  });

  it('shows a London selection in the inset too', async () => {
    const page = await open('/?area=E09000007', 1280);
    await page.waitForFunction(() => document.querySelector('svg[data-map-inset] path.selected') !== null);
    expect(await page.locator('svg[data-map-inset] path.selected').getAttribute('data-code')).toBe('E09000007');
    await page.context().close();
  });

  it('does not shift the map embed as it loads (CLS under 0.1)', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as unknown as { cls: number }).cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) (window as unknown as { cls: number }).cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // The map's data arrives well after first paint, as on a phone's network.
    await page.route(/\/generated\/(map|geo)\/.*\.json$/, async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.goto(`${site.origin}/embed/map/`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100);
    await page.waitForTimeout(500);
    const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls);
    if (process.env.SHOW_MEASURES) console.log('CLS /embed/map/', cls);
    expect(cls).toBeLessThan(0.1);
    await context.close();
  });

  it('shows a picture of the map with its legend without JavaScript', async () => {
    const page = await open('/embed/map/', 375, { javaScriptEnabled: false });
    expect(await page.locator('[data-map-status]').innerText()).not.toMatch(/Loading/);
    const href = await page.locator('image[data-map-static]').first().getAttribute('href');
    const res = await fetch(site.origin + href);
    expect(res.ok).toBe(true);
    expect(((await res.text()).match(/<path /g) ?? []).length).toBeGreaterThan(140);
    expect(await page.locator('[data-map-legend] li').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-map-title]').innerText()).toMatch(/^Persistent absence, all schools, 2024\/25/);
    const img = await page.locator('svg[data-map-svg]').boundingBox();
    expect(img!.height).toBeGreaterThan(300);
    await page.context().close();
  });
});

describe('print', () => {
  it('hides the tools, keeps headings with their charts and prints tables open', async () => {
    const page = await open(`/${LUTON}/`, 1280);
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate((id) => {
      const fig = document.getElementById(id)!;
      const table = fig.querySelector('details.data-table table')!;
      return {
        tools: getComputedStyle(fig.querySelector('.chart-tools')!).display,
        button: [...document.querySelectorAll('button')].every((b) => getComputedStyle(b).display === 'none'),
        figure: getComputedStyle(fig).breakInside,
        heading: getComputedStyle(document.querySelector('h2')!).breakAfter,
        tableShown: table.getBoundingClientRect().height > 0,
      };
    }, PA);
    expect(r).toEqual({ tools: 'none', button: true, figure: 'avoid', heading: 'avoid', tableShown: true });
    await page.context().close();
  });
});
