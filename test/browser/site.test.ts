/**
 * The built site in Chromium: the map draws every LA from the colour scale, the Luton page shows the
 * published figures, pages log no errors, and axe finds no accessibility violations.
 */
import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useSiteInBrowser, watchErrors } from './harness';
import { PALETTES } from '../../src/lib/view/map-logic';


const env = useSiteInBrowser();

async function open(path: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.site.origin + path, { waitUntil: 'networkidle' });
  return { page, errors };
}

async function mapReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 100 && !document.querySelector('[data-map-status]')?.textContent);
}

describe('home page map', () => {
  it('draws at least 150 LA shapes, each filled from the colour scale or a named gap pattern', async () => {
    const { page, errors } = await open('/');
    await mapReady(page);
    const fills = await page.$$eval('svg[data-map-svg] path.la', (ps) => ps.map((p) => ({ fill: p.getAttribute('fill')!, d: p.getAttribute('d')!.length, kind: (p as SVGPathElement).dataset.kind! })));
    expect(fills.length).toBeGreaterThanOrEqual(150);
    const palette = new Set(Object.values(PALETTES).flat());
    const fromScale = fills.filter((f) => palette.has(f.fill));
    expect(fromScale.length).toBeGreaterThanOrEqual(150);
    for (const f of fills) {
      expect(f.d).toBeGreaterThan(10);
      if (!palette.has(f.fill)) expect(f.fill).toMatch(/^url\(#pat-/);
    }
    const legend = await page.locator('[data-map-legend] li').count();
    expect(legend).toBeGreaterThanOrEqual(5);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('names the source and period of the headline figures', async () => {
    const { page } = await open('/');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/England, 2024\/25 full year \(school census\)/);
    expect(text).toContain('18.1%');
    expect(text).toMatch(/daily registers/);
    await page.context().close();
  });
});

describe('Luton page', () => {
  it('shows the published full-year figures in its tables', async () => {
    const { page, errors } = await open('/local-authorities/E06000032/');
    await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const cell = async (chartId: string, period: string) =>
      page.locator(`#${chartId} table tbody tr`, { has: page.locator(`th:text-is("${period}")`) }).locator('td').first().innerText();
    expect(await cell('census-enrolments_pa_10_exact_percent-total', '2023/24')).toBe('18.9');
    expect(await cell('census-enrolments_pa_10_exact_percent-total', '2022/23')).toBe('24.6');
    expect(await cell('census-enrolments_pa_50_exact_percent-total', '2023/24')).toBe('1.5');
    const england = page.locator('#census-enrolments_pa_10_exact_percent-total table tbody tr', { has: page.locator('th:text-is("2023/24")') }).locator('td').nth(2);
    expect(await england.innerText()).toBe('20.0');
    const summary = await page.locator('.summary').innerText();
    expect(summary).toContain('6,759 pupils in Luton were persistently absent (missing 10% or more of their sessions) in 2024/25 (17.7% of pupils), down from 7,264 (18.9%) in 2023/24.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('serves a CSV with every figure in long form', async () => {
    const res = await fetch(`${env.site.origin}/data/v1/local-authorities/E06000032.csv`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toBe('time_period,time_identifier,geographic_level,area_code,area_name,old_la_code,region_code,school_type,breakdown_topic,breakdown,source,dataset,measure,value,symbol');
    expect(lines).toContain('202324,Full year,Local authority,E06000032,Luton,821,E12000006,All schools,Total,Total,School census,census-geographic,enrolments_pa_10_exact_percent,18.92899,');
    expect(lines).toContain('202324,Full year,Local authority,E06000032,Luton,821,E12000006,All schools,Total,Total,School census,census-geographic,enrolments_pa_10_exact,7264,');
    expect(lines).toContain('201920,Full year,Local authority,E06000032,Luton,821,E12000006,All schools,Total,Total,School census,lait,enrolments_pa_10_exact_percent,,-');
  });
});

describe('every page type', () => {
  for (const path of [
    '/',
    '/compare/?areas=E06000032,E08000025',
    '/data/quality/',
    '/local-authorities/E06000032/',
    '/regions/E12000006/',
    '/trends/',
    '/breakdowns/',
    '/about/',
    '/local-authorities/',
    '/local-authorities/E10000006/',
    '/data/',
    '/data/local-authorities/E06000032/',
    '/data/trends/',
    '/embed/local-authorities/E06000032/census-enrolments_pa_10_exact_percent-total/',
    '/embed/breakdowns/total/bands-total/?theme=dark',
    '/embed/map/?area=E06000032',
    '/embed/map/?measure=enrolments_pa_50_exact_percent&theme=dark',
  ]) {
    for (const width of [1280, 360]) {
      it(`${path} at ${width}px has no console errors and no axe violations`, async () => {
        const { page, errors } = await open(path, width);
        if (path === '/' || path.startsWith('/embed/map/')) await mapReady(page);
        // Folded content is checked too.
        await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        const results = await new AxeBuilder({ page }).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`);
        expect(summary).toEqual([]);
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }
});

describe('unknown addresses', () => {
  it('get the site 404 page with its navigation, and status 404', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${env.site.origin}/local-authorities/E99999999/`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await page.locator('nav[aria-label=Main] a').count()).toBeGreaterThan(3);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/local-authorities/E99999999/');
    await context.close();
  });

  it('go on to the authority from a code in small letters or a DfE number', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    for (const asked of ['e06000032', '821']) {
      await page.goto(`${env.site.origin}/local-authorities/${asked}/`);
      await page.waitForURL(/\/local-authorities\/E06000032\/$/);
      expect(await page.locator('h1').innerText()).toContain('Luton');
    }
    await context.close();
  });
});

describe('words that are only on pages', () => {
  it('an ended authority names its successor, with a link, for the years on the successor\'s page', async () => {
    const { page, errors } = await open('/local-authorities/E10000002/');
    const chart = page.locator('#census-enrolments_pa_10_exact_percent-total');
    await chart.locator('details.data-table').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const row = chart.locator('table tbody tr', { has: page.locator('th:text-is("2021/22")') });
    expect(await row.locator('td').first().innerText()).toBe('replaced by Buckinghamshire (E06000060)');
    expect(await chart.locator('figcaption').innerText()).toContain('From 2020/21 Buckinghamshire\'s figures are on the page of Buckinghamshire (E06000060)');
    expect(await chart.locator('figcaption a').getAttribute('href')).toBe('/local-authorities/E06000060/');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Northamptonshire\'s story figures carry the COVID note', async () => {
    const { page } = await open('/local-authorities/E10000021/');
    expect(await page.locator('main').innerText()).toContain('in 2020/21 (10.7% of pupils). There is no figure for the year before to compare with.');
    expect((await page.locator('#cin-persistent figcaption').innerText())).toContain('2020/21 was recorded under COVID-19 rules');
    await page.context().close();
  });

  it('/compare/ says so when the registers publish no LA figures, and notes the COVID year in the census view', async () => {
    const { page } = await open('/compare/?areas=E06000032,E06000055&phase=total&series=registers');
    await page.waitForFunction(() => !document.querySelector('[data-compare-status]')?.textContent?.startsWith('Loading'));
    expect(await page.locator('[data-compare-status]').innerText()).toMatch(/^The daily registers \(autumn, spring and summer terms\) publish no local authority figures for persistent absence in all schools, so only East of England and England are drawn\./);
    await page.selectOption('select[name=series]', 'census');
    await page.waitForFunction(() => document.querySelector('[data-compare-status]')?.textContent?.startsWith('Showing 2'));
    expect(await page.locator('[data-compare-source]').innerText()).toContain('2020/21 was recorded under COVID-19 rules');
    await page.context().close();
  });

  it("/compare/ draws a recoded authority's earlier years from its earlier code, and says so", async () => {
    const { page } = await open('/compare/?areas=E06000060');
    await page.waitForFunction(() => document.querySelector('[data-compare-status]')?.textContent?.startsWith('Showing 1'));
    expect(await page.locator('[data-compare-source]').innerText()).toContain("Buckinghamshire's line shows Buckinghamshire (E10000002), the same area under its earlier code");
    // 16.11339 in absence_rates_by_geographic_level.csv, 2006/07, E10000002, total: before E06000060 existed.
    const first = page.locator('[data-compare-table] tbody tr').first();
    expect(await first.locator('th, td').first().innerText()).toBe('2006/07');
    expect(await first.locator('td').first().innerText()).toBe('16.1');
    await page.context().close();
  });

  it('an address asking for an unknown period or measure says what is shown instead', async () => {
    const { page } = await open('/?period=203132-full-year&measure=happiness');
    await mapReady(page);
    const note = await page.locator('[data-map-note]').innerText();
    expect(note).toContain('The address asked for period “203132-full-year”, which this site does not have; showing 2024/25 full year (school census) instead.');
    expect(note).toContain('The address asked for measure “happiness”');
    await page.context().close();
    const c = await open('/compare/?areas=E06000032&measure=nonsense');
    await c.page.waitForFunction(() => !document.querySelector('[data-compare-status]')?.textContent?.startsWith('Loading'));
    expect(await c.page.locator('[data-compare-query-note]').innerText()).toBe('The address asked for measure “nonsense”, which this site does not have; showing persistent absence instead.');
    await c.page.context().close();
    const t = await env.browser.newContext();
    const p = await t.newPage();
    await p.goto(`${env.site.origin}/trends/sess_overall_percent/nursery/`, { waitUntil: 'networkidle' });
    expect(await p.locator('[data-not-found-note]').innerText()).toContain('The address asked for trends of phase “nursery”');
    await t.close();
  });

  it('finds Luton by its DfE number on the map and in the list of authorities', async () => {
    const { page } = await open('/');
    await mapReady(page);
    await page.fill('#la-search', '821');
    await expect.poll(() => page.locator('[data-la-results] li').allInnerTexts()).toEqual(['Luton']);
    await page.context().close();
    const l = await open('/local-authorities/');
    await l.page.fill('#la-list-q', '821');
    await expect.poll(() => l.page.locator('li[data-la]:not([hidden]) a').allInnerTexts()).toEqual(['Luton']);
    await l.page.context().close();
  });

  it('says the site build date is not a publication date, and what the year to date covers', async () => {
    const { page } = await open('/');
    expect(await page.locator('footer').innerText()).toMatch(/site built \d{1,2} [A-Z][a-z]+ \d{4}: the day this site was built from the DfE's files, not the day the DfE published them/);
    expect(await page.locator('main').innerText()).toMatch(/These figures are the year so far, not a whole year; the DfE's file does not say the last week it covers\. Its possible sessions come to \d+ school days per enrolment/);
    await page.context().close();
  });
});
