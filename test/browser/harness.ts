/**
 * Serves the built site (dist/) on 127.0.0.1 with sirv and drives Debian's Chromium with
 * playwright-core. Never downloads a browser.
 */
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const DIST = path.resolve(import.meta.dirname, '..', '..', 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Site {
  origin: string;
  close: () => Promise<void>;
}

/** Serves `dir` (default dist/) on a free loopback port. */
export async function serveSite(dir = DIST): Promise<Site> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: run "npm run build" first`);
  const handler = sirv(dir, { dev: false, etag: true, extensions: ['html'] });
  // Unknown paths get the site's own 404 page with status 404, as static hosts serve it.
  const notFound = fs.existsSync(path.join(dir, '404.html')) ? fs.readFileSync(path.join(dir, '404.html')) : Buffer.from('Not found');
  const server = http.createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(notFound);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Headless Debian Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects console errors and failed requests of a page, to assert there are none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return errors;
}

/** The served site and browser of a test file, set by `useSiteInBrowser` before its tests run. */
export interface SiteInBrowser {
  site: Site;
  browser: Browser;
}

/** Serves dist/ and launches Chromium before a test file's tests, and closes both after them. */
export function useSiteInBrowser(): SiteInBrowser {
  const env = {} as SiteInBrowser;
  beforeAll(async () => {
    env.site = await serveSite();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
