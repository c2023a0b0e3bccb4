/**
 * Measurements in Debian's Chromium (playwright-core, no browser download; see test/browser/harness.ts):
 *
 * - pageWeight: every response a page receives until the network is idle (and, for the home page, the
 *   map is drawn), with its transferred body size as Chromium reports it (gzipped when the server gzips),
 *   grouped by kind: HTML, JS, CSS, data JSON, geometry JSON (/generated/geo/), fonts, images, other.
 *   Response headers are not counted. Each page opens in a fresh context, so nothing comes from a cache.
 * - mapSpeed: on the home page with the CPU slowed by the DevTools protocol
 *   (Emulation.setCPUThrottlingRate), the time from navigation start to the map's shapes being painted
 *   (more than 100 `svg[data-map-svg] path.la`, then one requestAnimationFrame), and the time from
 *   changing `select[name=period]` to the first frame after the map's paths are replaced. Both end at the
 *   requestAnimationFrame callback of the frame that shows the new paths: that frame's own style, layout
 *   and paint come after it and are not counted. Also the long tasks (main-thread tasks over 50 ms, from
 *   a PerformanceObserver for "longtask" started before any page script) that began before the map was
 *   painted: the longest is what holds up input while the map first draws.
 */
import type { Browser, Page } from 'playwright-core';

export const KINDS = ['html', 'js', 'css', 'data', 'geometry', 'fonts', 'images', 'other'] as const;
export type ResourceKind = (typeof KINDS)[number];

export interface Transfer {
  url: string;
  kind: ResourceKind;
  status: number;
  /** Transferred body bytes (after content encoding). */
  bytes: number;
}

export interface PageWeight {
  path: string;
  totalBytes: number;
  byKind: Record<ResourceKind, number>;
  transfers: Transfer[];
}

/** Kind of a response, from Chromium's resource type and the URL. */
export function kindOf(resourceType: string, url: string): ResourceKind {
  const p = new URL(url).pathname;
  if (resourceType === 'document') return 'html';
  if (resourceType === 'script' || p.endsWith('.js')) return 'js';
  if (resourceType === 'stylesheet' || p.endsWith('.css')) return 'css';
  if (resourceType === 'font' || /\.(woff2?|ttf|otf)$/.test(p)) return 'fonts';
  if (resourceType === 'image' || /\.(svg|png|jpe?g|webp|avif|gif|ico)$/.test(p)) return 'images';
  if (p.startsWith('/generated/geo/')) return 'geometry';
  if (p.endsWith('.json')) return 'data';
  return 'other';
}

/** The home page's map is drawn: more than 100 LA paths. */
export async function mapDrawn(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100, undefined, { timeout, polling: 100 });
}

/** Loads `path` in a fresh context and adds up what was transferred. `ready` runs before counting. */
export async function pageWeight(browser: Browser, origin: string, path: string, ready?: (page: Page) => Promise<void>): Promise<PageWeight> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const responses: import('playwright-core').Response[] = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(origin + path, { waitUntil: 'networkidle' });
    if (ready) {
      await ready(page);
      await page.waitForLoadState('networkidle');
    }
    const transfers: Transfer[] = [];
    for (const r of responses) {
      const sizes = await r.request().sizes();
      transfers.push({ url: r.url().slice(origin.length), kind: kindOf(r.request().resourceType(), r.url()), status: r.status(), bytes: sizes.responseBodySize });
    }
    const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ResourceKind, number>;
    for (const t of transfers) byKind[t.kind] += t.bytes;
    return { path, totalBytes: transfers.reduce((s, t) => s + t.bytes, 0), byKind, transfers };
  } finally {
    await context.close();
  }
}

export interface SpeedRun {
  /** Navigation start to the map painted, ms. */
  paintedMs: number;
  /** Period change to the redrawn map painted, ms. */
  periodChangeMs: number;
  /** The period chosen, and the one it replaced. */
  fromPeriod: string;
  toPeriod: string;
  /** Long tasks that began before the map was painted: start (ms after navigation) and duration, ms. */
  longTasks: { startMs: number; durationMs: number }[];
  /** The longest of those, ms (0 when none). */
  longestTaskMs: number;
}

/**
 * Runs before any page script: records `performance.now()` at the first animation frame after the map
 * has more than 100 LA paths, as `window.__benchPainted`, and every long task in `window.__benchLongTasks`.
 */
function paintProbe(): void {
  const w = window as unknown as { __benchPainted?: number; __benchLongTasks?: { startMs: number; durationMs: number }[] };
  const tasks: { startMs: number; durationMs: number }[] = (w.__benchLongTasks = []);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask entries in this browser: the list stays empty.
  }
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('svg[data-map-svg] path.la').length > 100) {
      observer.disconnect();
      requestAnimationFrame(() => (w.__benchPainted = performance.now()));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** In the page: picks the next period in the selector, changes to it, and times the redraw. */
function changePeriod(): Promise<{ ms: number; from: string; to: string }> {
  const select = document.querySelector<HTMLSelectElement>('select[name=period]')!;
  // The map sets its title once the shapes are drawn or recoloured, so a title change marks the redraw.
  const title = document.querySelector('[data-map-title]')!;
  const options = [...select.options];
  const i = options.findIndex((o) => o.value === select.value);
  const next = (options[i + 1] ?? options[i - 1])!;
  const from = select.value;
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve({ ms: performance.now() - t0, from, to: next.value }));
    });
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    const t0 = performance.now();
    select.value = next.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** One cold load of the home page with the CPU slowed `throttle` times, then one period change. */
export async function mapSpeedRun(browser: Browser, origin: string, throttle: number): Promise<SpeedRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.addInitScript(paintProbe);
    await page.goto(`${origin}/`, { waitUntil: 'commit' });
    const painted = await page.waitForFunction(() => (window as unknown as { __benchPainted?: number }).__benchPainted, undefined, { timeout: 60_000, polling: 100 });
    const paintedMs = (await painted.jsonValue()) as number;
    await page.waitForLoadState('networkidle');
    const all = await page.evaluate(() => (window as unknown as { __benchLongTasks: { startMs: number; durationMs: number }[] }).__benchLongTasks.slice());
    const longTasks = all.filter((t) => t.startMs < paintedMs);
    const change = await page.evaluate(changePeriod);
    return { paintedMs, periodChangeMs: change.ms, fromPeriod: change.from, toPeriod: change.to, longTasks, longestTaskMs: Math.max(0, ...longTasks.map((t) => t.durationMs)) };
  } finally {
    await context.close();
  }
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
