/**
 * Pinning end to end: two builds in a scratch copy of the project. Release A is built from the real
 * LAIT file and deployed (its dist/ served on a local port); release B adds a made-up newer census
 * file (test/fixtures/release) that revises Luton's 2024/25 figure and adds 2025/26, and is built with
 * PINNED_RELEASES_FROM naming A's deployed site and an empty PINNED_RELEASES_DIR: it fetches A's pinned
 * release through A's manifest and archives both. Served from B's dist/, the live embed shows B's
 * figures and A's pinned embed still shows A's, from its own folder, at its address of either shape.
 * (Unit tests carry a release through three more deploys: test/unit/pin-releases.test.ts.)
 *
 * Slow (two full builds): its own vitest project, `npm run test:release`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, serveSite, watchErrors, type Site } from '../browser/harness';
import { DATA_DIR } from '../data-dir';
import type { Release } from '../../src/lib/publish/release';
import type { Manifest } from '../../src/lib/publish/downloads';
import { LOCAL_SITE_URL } from '../../src/lib/domain/site-url';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const CHART = 'local-authorities/E06000032/census-enrolments_pa_10_exact_percent-total';

let tmp: string;
let work: string;
let archive: string;
let releaseA: Release;
let releaseB: Release;
let deployedA: Site;
let site: Site;
let browser: Browser;

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
}

/** One `npm run build` of the scratch copy; asynchronous, so this process's servers keep answering it. */
async function build(dataDir: string, env: Record<string, string> = {}): Promise<Release> {
  const run = promisify(execFile)('npm', ['run', 'build'], {
    cwd: work,
    env: { ...process.env, DATA_DIR: dataDir, PINNED_RELEASES_DIR: archive, SITE_URL: LOCAL_SITE_URL, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  run.child.stderr?.pipe(process.stderr);
  await run;
  return JSON.parse(fs.readFileSync(path.join(work, 'data', 'generated', 'release.json'), 'utf8')) as Release;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absence-release-'));
  work = path.join(tmp, 'site');
  archive = path.join(tmp, 'pinned-releases');
  // A scratch copy of the project, so the repository's data/generated and dist/ are left alone.
  for (const f of ['src', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'data/sources.json', 'data/ees-lock.json']) fs.cpSync(path.join(REPO, f), path.join(work, f), { recursive: true });
  fs.cpSync(path.join(REPO, 'public'), path.join(work, 'public'), { recursive: true, filter: (src) => !src.includes(`${path.sep}generated`) });
  link(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'));
  // Release A: the real LAIT file and boundaries. Release B: the same plus a newer census file.
  const a = path.join(tmp, 'data-a');
  const b = path.join(tmp, 'data-b');
  // (Files under dfe/ are copied: the data build lists real files there and skips links.)
  const lait = 'dfe/lait/bds_long_0.parquet';
  const census = 'dfe/census/1_absence_3term_nat_reg_la.csv';
  for (const d of [a, b]) {
    link(path.join(DATA_DIR, 'geo'), path.join(d, 'geo'));
    fs.cpSync(path.join(DATA_DIR, lait), path.join(d, lait));
  }
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'release', census), path.join(b, census));
  releaseA = await build(a, { PINNED_RELEASES_DIR: path.join(tmp, 'archive-of-a') });
  fs.renameSync(path.join(work, 'dist'), path.join(tmp, 'deployed-a'));
  deployedA = await serveSite(path.join(tmp, 'deployed-a'));
  releaseB = await build(b, { PINNED_RELEASES_FROM: deployedA.origin });
  site = await serveSite(path.join(work, 'dist'));
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await deployedA?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function tableOf(page: Page): Promise<Record<string, string>> {
  const rows = await page.$$eval('figure.chart table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('td')!.textContent!.trim()]));
  return Object.fromEntries(rows);
}

describe('a pinned embed keeps its release when a newer one is built', () => {
  it('gives the two data releases different ids, fetches the deployed one and archives both', () => {
    expect(releaseA.id).not.toBe(releaseB.id);
    expect(fs.readdirSync(archive).sort()).toEqual([releaseA.id, releaseB.id].sort());
    // The next deploy finds both in B's manifest, with every file of each folder.
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'dist', 'data', 'v1', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.pinned!.map((r) => r.id).sort()).toEqual([releaseA.id, releaseB.id].sort());
    expect(manifest.pinned!.find((r) => r.id === releaseA.id)!.files.some((f) => f.path === `embed/r/${releaseA.id}/charts/${CHART.split('/').slice(0, 2).join('/')}.jsonz`)).toBe(true);
    const served = JSON.parse(fs.readFileSync(path.join(work, 'dist', 'embed', 'r', 'releases.json'), 'utf8')) as { current: string; releases: Release[] };
    expect(served.current).toBe(releaseB.id);
    expect(served.releases.map((r) => r.id).sort()).toEqual([releaseA.id, releaseB.id].sort());
  });

  it('the live embed shows the newer release and the pinned one the older', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    await page.goto(`${site.origin}/embed/${CHART}/`, { waitUntil: 'networkidle' });
    const live = await tableOf(page);
    expect(live['2024/25']).toBe('17.9');
    expect(live['2025/26']).toBe('16.2');
    expect(await page.locator('.release-id').innerText()).toBe(releaseB.id);

    // A's pinned embed, at its address and at the address shape published before the shared renderer.
    for (const url of [`/embed/r/${releaseA.id}/?chart=${CHART}`, `/embed/r/${releaseA.id}/${CHART}/`]) {
      requests.length = 0;
      const seen = errors.length;
      await page.goto(`${site.origin}${url}`, { waitUntil: 'networkidle' });
      await page.waitForSelector('figure.chart table tbody tr', { state: 'attached' });
      // The old shape first gets the site's 404 page (status 404), whose script redirects: only that is reported.
      if (!url.includes('?chart=')) expect(errors.splice(seen).filter((e) => e !== `HTTP 404: ${site.origin}${url}` && !e.startsWith('console: Failed to load resource: the server responded with a status of 404'))).toEqual([]);
      const pinned = await tableOf(page);
      expect(pinned['2024/25']).toBe('17.7');
      expect(pinned['2025/26']).toBeUndefined();
      expect(await page.locator('.release-id').innerText()).toBe(releaseA.id);
      expect(await page.locator('.embed-foot').innerText()).toContain('pinned, these figures will not change');
      if (!url.includes('?chart=')) continue; // (the old shape first loads the site's 404 page, which redirects)
      const assets = requests.filter((u) => u.includes('/_astro/'));
      expect(assets.filter((u) => !u.startsWith(`${site.origin}/embed/r/${releaseA.id}/`))).toEqual([]);
    }

    // The older release's map still draws from its own copy of the map data.
    requests.length = 0;
    await page.goto(`${site.origin}/embed/r/${releaseA.id}/map/?area=E06000032`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.querySelectorAll('path.la').length > 100);
    const periods = await page.$$eval('select[name=period] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(periods).not.toContain('census-202526-full-year');
    expect(requests.filter((u) => u.includes('/generated/') && !u.startsWith(`${site.origin}/embed/r/${releaseA.id}/generated/`))).toEqual([]);
    // The map's script (and the chunks it imports, preloaded) come from the release's own copy.
    const mapAssets = requests.filter((u) => u.includes('/_astro/'));
    expect(mapAssets.length).toBeGreaterThan(0);
    expect(mapAssets.filter((u) => !u.startsWith(`${site.origin}/embed/r/${releaseA.id}/_astro/`))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
