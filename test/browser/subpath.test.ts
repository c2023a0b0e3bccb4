/**
 * The site served under a sub-path, as a project site usually is: built from test/fixtures/mini-data in a
 * scratch copy of the project with SITE_URL=http://127.0.0.1:{port}/absence/ and served only under
 * /absence/ (anything else is a 404 and is recorded). Chromium clicks through home -> an LA page -> its
 * downloads, the compare tool, a pinned map embed, the 404 page and the release feed, and checks that no
 * request fails and no link, asset, fetch or absolute URL leaves the prefix.
 *
 * Self-contained: its own build (15-35 s on 2 busy CPUs; the whole file 30-50 s); leaves dist/ and data/generated alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './harness';
import type { Manifest } from '../../src/lib/publish/downloads';
import type { Release } from '../../src/lib/publish/release';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const PREFIX = '/absence/';

let tmp: string;
let dist: string;
let origin: string;
let server: http.Server;
let browser: Browser;
let release: Release;
/** Every request that reached the server outside the prefix. */
const outside: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absence-subpath-'));
  const work = path.join(tmp, 'site');
  for (const f of ['src', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'data/sources.json', 'data/ees-lock.json']) fs.cpSync(path.join(REPO, f), path.join(work, f), { recursive: true });
  fs.cpSync(path.join(REPO, 'public'), path.join(work, 'public'), { recursive: true, filter: (src) => !src.includes(`${path.sep}generated`) });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'));
  dist = path.join(work, 'dist');

  // The server first, so that the build can be given its address (absolute URLs then resolve here too).
  let handler: ((req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void) | undefined;
  server = http.createServer((req, res) => {
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(fs.readFileSync(path.join(dist, '404.html')));
    };
    if (!req.url!.startsWith(PREFIX)) {
      outside.push(req.url!);
      return notFound();
    }
    req.url = req.url!.slice(PREFIX.length - 1);
    handler!(req, res, notFound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  execFileSync('npm', ['run', 'build'], {
    cwd: work,
    env: { ...process.env, DATA_DIR: path.join(REPO, 'test', 'fixtures', 'mini-data'), SITE_URL: `${origin}${PREFIX}`, PINNED_RELEASES_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  release = JSON.parse(fs.readFileSync(path.join(work, 'data', 'generated', 'release.json'), 'utf8')) as Release;
  handler = sirv(dist, { dev: false, extensions: ['html'] });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A page that records failed requests, requests outside the prefix, console errors (CSP included). */
async function open(p: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ acceptDownloads: true });
  const problems: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(`${origin}${PREFIX}`)) problems.push(`request outside ${PREFIX}: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('requestfailed', (r) => { if (!r.failure()?.errorText.includes('ERR_ABORTED')) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}${p}`, { waitUntil: 'networkidle' });
  return { page, problems };
}

/** Every address on the page (links, assets, embed codes, citations) that points at this host but not under the prefix. */
async function escapes(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('[href], [src], [data-png], [data-base], [data-src]')) {
      for (const a of ['href', 'src', 'data-png', 'data-base', 'data-src']) {
        const v = el.getAttribute(a);
        if (v && !v.startsWith('#')) out.push(new URL(v, location.href).href);
      }
    }
    // Absolute URLs written into text: embed codes, citations, source lines.
    for (const m of (document.body.innerText + [...document.querySelectorAll('textarea')].map((t) => t.value).join(' ')).matchAll(/https?:\/\/[^\s"'<>)]+/g)) out.push(m[0]);
    return out;
  });
  return urls.filter((u) => u.startsWith(origin) && !u.startsWith(`${origin}${PREFIX}`));
}

describe(`the site served under ${PREFIX}`, () => {
  it('home -> LA page -> downloads: nothing fails and nothing leaves the prefix', async () => {
    const { page, problems } = await open(PREFIX);
    await page.waitForSelector('svg[data-map-svg] path[data-code]');
    expect(await escapes(page)).toEqual([]);
    const embedCode = await page.locator('#map-code-live').inputValue();
    expect(embedCode).toContain(`src="${origin}${PREFIX}embed/map/?`);

    const la = page.locator('[data-map-table] tbody a').first();
    const code = (await la.getAttribute('href'))!.match(/local-authorities\/(E\d{8})\//)![1]!;
    await Promise.all([page.waitForURL(`${origin}${PREFIX}local-authorities/${code}/`), la.click()]);
    await page.waitForLoadState('networkidle');
    expect(await escapes(page)).toEqual([]);
    // The embed code is written when "Embed this chart" opens: frame and script under the prefix.
    await page.locator('.chart-tools details.embed-code summary').first().click();
    const chartCode = await page.locator('.chart-tools textarea').first().inputValue();
    expect(chartCode).toContain(`${origin}${PREFIX}embed/local-authorities/${code}/`);
    expect(chartCode).toContain(`<script async src="${origin}${PREFIX}embed.js"></script>`);
    expect(await escapes(page)).toEqual([]);
    expect(await page.locator('.cite').first().innerText()).toContain(`${origin}${PREFIX}embed/r/${release.id}/?chart=local-authorities/${code}/`);

    const figure = page.locator('figure.chart').first();
    const [csv] = await Promise.all([page.waitForEvent('download'), figure.getByRole('link', { name: 'CSV (table as shown)' }).click()]);
    expect(csv.url()).toMatch(new RegExp(`^${origin}${PREFIX}data/v1/local-authorities/${code}/`));
    expect(await csv.failure()).toBeNull();
    // The PNG is drawn from the SVG, fetched by the page's script under the prefix.
    const [png] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'PNG image' }).click()]);
    expect(fs.readFileSync((await png.path())!).subarray(0, 4).toString('hex')).toBe('89504e47');
    const svg = await (await fetch(`${origin}${PREFIX}data/v1/local-authorities/${code}/${await figure.getAttribute('id')}.svg`)).text();
    expect(svg).toContain(`${origin}${PREFIX}local-authorities/${code}/#`);
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download every figure on this page (CSV)' }).click()]);
    expect(all.url()).toBe(`${origin}${PREFIX}data/v1/local-authorities/${code}.csv`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('every nav link, the compare tool and a pinned map embed load under the prefix', async () => {
    const { page, problems } = await open(`${PREFIX}trends/`);
    const nav = await page.$$eval('header nav a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(nav.length).toBeGreaterThan(5);
    for (const href of nav) {
      const res = await fetch(href);
      expect(res.status, href).toBe(200);
      expect(href.startsWith(`${origin}${PREFIX}`), href).toBe(true);
    }
    await page.close();
    const las = fs.readdirSync(path.join(dist, 'local-authorities')).filter((d) => /^E\d{8}$/.test(d)).slice(0, 2);
    const compare = await open(`${PREFIX}compare/?areas=${las.join(',')}`);
    await compare.page.waitForSelector('[data-compare] svg');
    expect(await escapes(compare.page)).toEqual([]);
    await compare.page.close();
    const pinned = await open(`${PREFIX}embed/r/${release.id}/map/`);
    await pinned.page.waitForSelector('svg[data-map-svg] path[data-code]');
    const assets = await pinned.page.$$eval('script[src], link[rel=stylesheet]', (els) => els.map((e) => e.getAttribute('src') ?? e.getAttribute('href')));
    for (const a of assets) expect(a!.startsWith(`${PREFIX}embed/r/${release.id}/_astro/`), a!).toBe(true);
    expect(await escapes(pinned.page)).toEqual([]);
    await pinned.page.close();
    // A pinned chart: the release's shared renderer reads its data under the prefix.
    const chartId = fs.readdirSync(path.join(dist, 'embed', 'local-authorities', las[0]!))[0]!;
    const chart = await open(`${PREFIX}embed/r/${release.id}/?chart=local-authorities/${las[0]}/${chartId}`);
    await chart.page.waitForSelector('figure.chart svg[role=img]');
    expect(await chart.page.locator('.embed-foot a').getAttribute('href')).toBe(`${PREFIX}local-authorities/${las[0]}/#${chartId}`);
    expect(await escapes(chart.page)).toEqual([]);
    // The address shape published before it: the 404 page sends it on, under the prefix.
    await chart.page.goto(`${origin}${PREFIX}embed/r/${release.id}/local-authorities/${las[0]}/${chartId}/`, { waitUntil: 'networkidle' });
    await chart.page.waitForSelector('figure.chart svg[role=img]');
    expect(chart.page.url()).toBe(`${origin}${PREFIX}embed/r/${release.id}/?chart=local-authorities/${las[0]}/${chartId}`);
    await chart.page.close();
    const redirected = chart.problems.filter((p) => p === `HTTP 404: ${origin}${PREFIX}embed/r/${release.id}/local-authorities/${las[0]}/${chartId}/` || p.startsWith('console: Failed to load resource: the server responded with a status of 404'));
    expect(redirected.length).toBeLessThanOrEqual(2);
    expect([...problems, ...compare.problems, ...pinned.problems, ...chart.problems.filter((p) => !redirected.includes(p))]).toEqual([]);
  });

  it('a missing page gets the 404 page, whose styles and links work under the prefix', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/no-such-page/')) failed.push(`${r.status()} ${r.url()}`); });
    const res = await page.goto(`${origin}${PREFIX}no-such-page/`, { waitUntil: 'networkidle' });
    expect(res!.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    // Styles are inline (small sheets) or linked under the prefix.
    expect(await page.$$eval('link[rel=stylesheet], style', (ls) => ls.length)).toBeGreaterThan(0);
    expect(await escapes(page)).toEqual([]);
    const luton = page.getByRole('link', { name: `${PREFIX}local-authorities/E06000032/` });
    expect(await luton.getAttribute('href')).toBe(`${PREFIX}local-authorities/E06000032/`);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('the manifest, the release feed and its link on /data/ give addresses under the prefix', async () => {
    const manifest = (await (await fetch(`${origin}${PREFIX}data/v1/manifest.json`)).json()) as Manifest;
    expect(manifest.site).toBe(`${origin}/absence`);
    expect((await fetch(`${manifest.site}${manifest.root}${manifest.files[0]!.path}`)).status).toBe(200);
    const { page, problems } = await open(`${PREFIX}data/`);
    const feedHref = await page.locator('head link[rel=alternate][type="application/atom+xml"]').getAttribute('href');
    expect(feedHref).toBe(`${PREFIX}data/v1/releases.atom`);
    const feed = await (await fetch(`${origin}${feedHref}`)).text();
    expect(feed).toContain(`<id>${origin}${PREFIX}data/v1/releases.atom</id>`);
    const manifestLink = /<link rel="alternate" type="application\/json" href="([^"]+)"/.exec(feed)![1]!;
    expect(manifestLink).toBe(`${origin}${PREFIX}embed/r/${release.id}/manifest.json`);
    expect(((await (await fetch(manifestLink)).json()) as Manifest).release.id).toBe(release.id);
    expect(await escapes(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
    expect(outside).toEqual([]);
  });
});
