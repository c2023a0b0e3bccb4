/**
 * The static site keeps to its own origin: every request made while using each page type goes to the
 * site itself, every page carries a content security policy, the policy is never violated (a
 * violation is a console error), and no page runs inline event handlers.
 */
import { describe, expect, it } from 'vitest';
import { useSiteInBrowser, watchErrors } from './harness';

const env = useSiteInBrowser();

const PAGES = [
  '/',
  '/local-authorities/E06000032/',
  '/regions/E12000007/',
  '/trends/',
  '/compare/?areas=E06000032,E08000025',
  '/breakdowns/',
  '/about/',
  '/data/quality/',
  '/embed/map/?area=E06000032',
  '/embed/local-authorities/E06000032/census-enrolments_pa_10_exact_percent-total/',
];

describe('same-origin and content security policy', () => {
  for (const path of PAGES) {
    it(`${path} requests nothing from another origin and breaks no policy`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      const foreign: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== env.site.origin) foreign.push(r.url());
      });
      await page.goto(env.site.origin + path, { waitUntil: 'networkidle' });
      // Use the page: open every disclosure, and on the map change the period.
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      if (path === '/') {
        await page.waitForFunction(() => document.querySelectorAll('path.la').length > 100);
        await page.selectOption('select[name=period]', { index: 3 });
        await page.waitForLoadState('networkidle');
      }
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain('unsafe-eval');
      const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on[a-z]+$/.test(a.name)).map((a) => `${e.tagName}.${a.name}`)));
      expect(handlers).toEqual([]);
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
