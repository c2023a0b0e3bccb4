/**
 * The map as a statistician and a keyboard or screen-reader user meet it: fixed classes across
 * periods, symbols drawn with their own pattern and legend entry, search, keyboard reach, live
 * announcements, change mode, URL state and forced colours.
 */
import path from 'node:path';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSiteInBrowser, watchErrors } from './harness';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-results');

const env = useSiteInBrowser();
beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

async function openMap(query = '', width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.site.origin}/${query}`, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => document.querySelectorAll('svg[data-map-svg] path.la').length > 0 && document.querySelector('[data-map-status]')!.textContent === '');
  return { page, errors };
}

const legendText = (page: Page) => page.$$eval('[data-map-legend] li', (lis) => lis.map((li) => (li as HTMLElement).innerText.trim()));

describe('map', () => {
  it('keeps the same classes for two periods of one measure', async () => {
    const { page } = await openMap('?measure=enrolments_pa_10_exact_percent&period=census-202425-full-year&phase=total');
    const a = await legendText(page);
    await page.selectOption('select[name=period]', 'census-201718-full-year');
    await page.waitForFunction(() => document.querySelector('[data-map-title]')!.textContent!.includes('2017/18'));
    const b = await legendText(page);
    const bins = (xs: string[]) => xs.filter((x) => /^\d/.test(x));
    expect(bins(a).length).toBeGreaterThanOrEqual(5);
    expect(bins(b)).toEqual(bins(a));
    // Colours follow values: a 2017/18 value (about 11%) falls in a lower class than 2024/25 (about 18%).
    const luton = () => page.$eval('path[data-code="E06000032"]', (p) => (p as SVGPathElement).dataset.kind);
    expect(await luton()).toMatch(/^bin-/);
    await page.context().close();
  });

  it('draws a suppressed value with its own pattern and legend entry, never as zero', async () => {
    const { page } = await openMap('?measure=enrolments_pa_10_exact_percent&period=registers-202223-autumn-term&phase=primary');
    const col = await page.$eval('path[data-code="E09000001"]', (p) => ({ fill: p.getAttribute('fill'), kind: (p as SVGPathElement).dataset.kind }));
    expect(col).toEqual({ fill: 'url(#pat-c)', kind: 'symbol-c' });
    expect(await page.locator('[data-map-legend] li[data-legend-symbol="pat-c"]').innerText()).toContain('suppressed to protect confidentiality');
    const row = page.locator('[data-map-table] tbody tr', { has: page.locator('a:text-is("City of London")') });
    expect(await row.locator('td').first().innerText()).toBe('suppressed to protect confidentiality');
    await page.context().close();
  });

  it('marks phases an authority has no figure for with the "no figure" pattern and legend entry', async () => {
    const { page } = await openMap('?measure=enrolments_pa_10_exact_percent&period=registers-202324-autumn-term&phase=special');
    const missing = await page.$$eval('path.la[data-kind="missing"]', (ps) => ps.map((p) => p.getAttribute('fill')));
    expect(missing.length).toBeGreaterThan(0);
    for (const f of missing) expect(f).toBe('url(#pat-missing)');
    expect(await page.locator('[data-map-legend] li[data-legend-symbol="pat-missing"]').count()).toBe(1);
    await page.context().close();
  });

  it('opens Luton after typing "lut" and pressing Enter', async () => {
    const { page } = await openMap();
    await page.fill('#la-search', 'lut');
    await page.press('#la-search', 'Enter');
    await page.waitForURL(/\/local-authorities\/E06000032\/$/);
    expect(await page.locator('h1').innerText()).toBe('School absence in Luton');
    await page.context().close();
  });

  it('reaches a map area and its value from the top of the page within 10 tab stops', async () => {
    const { page } = await openMap();
    let stops = 0;
    let onMap = false;
    while (stops < 10 && !onMap) {
      await page.keyboard.press('Tab');
      stops++;
      const active = await page.evaluate(() => ({ id: document.activeElement?.id, text: document.activeElement?.textContent?.trim() }));
      if (active.text === 'Skip to the map') {
        await page.keyboard.press('Enter');
        onMap = await page.evaluate(() => document.activeElement?.id === 'map-svg');
      }
      if (active.id === 'map-svg') onMap = true;
    }
    expect(onMap).toBe(true);
    expect(stops).toBeLessThanOrEqual(10);
    await page.keyboard.press('ArrowRight');
    const live = await page.locator('[data-map-live]').innerText();
    expect(live).toMatch(/^.+: persistent absence \d+\.\d% \(\d[\d,]* pupils?\), 2024\/25 full year\. Rank \d+ of \d+/);
    console.log(`tab stops to the map: ${stops}; announced: ${live}`);
    await page.context().close();
  });

  it('announces a new area in the live region when the choice changes', async () => {
    const { page } = await openMap();
    await page.focus('#map-svg');
    await page.keyboard.press('ArrowDown');
    const first = await page.locator('[data-map-live]').innerText();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const second = await page.locator('[data-map-live]').innerText();
    expect(first).not.toBe('');
    expect(second).not.toBe(first);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/local-authorities\/E\d{8}\/$/);
    await page.context().close();
  });

  it('maps change between two periods on a diverging scale, naming both periods', async () => {
    const { page, errors } = await openMap('?measure=enrolments_pa_10_exact_percent&period=census-202425-full-year&phase=total&compare=census-202324-full-year');
    const title = await page.locator('[data-map-title]').innerText();
    expect(title).toBe('Change in persistent absence, all schools, from 2023/24 full year to 2024/25 full year (school census, percentage points)');
    expect((await legendText(page)).some((t) => t.includes('Little or no change'))).toBe(true);
    const luton = page.locator('[data-map-table] tbody tr', { has: page.locator('a:text-is("Luton")') });
    expect(await luton.locator('td').first().innerText()).toBe('-1.2');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reopens the same view from a copied URL, and the back button returns to the previous view', async () => {
    const { page } = await openMap('?measure=enrolments_pa_50_exact_percent&period=census-202122-full-year&phase=secondary&region=E12000002');
    expect(await page.inputValue('select[name=measure]')).toBe('enrolments_pa_50_exact_percent');
    expect(await page.inputValue('select[name=period]')).toBe('census-202122-full-year');
    expect(await page.inputValue('select[name=phase]')).toBe('secondary');
    expect(await page.inputValue('select[name=region]')).toBe('E12000002');
    const shapes = await page.locator('svg[data-map-svg] path.la').count();
    expect(shapes).toBeLessThan(50);
    await page.selectOption('select[name=measure]', 'sess_overall_percent');
    expect(page.url()).toContain('measure=sess_overall_percent');
    await page.goBack();
    await page.waitForFunction(() => (document.querySelector('select[name=measure]') as HTMLSelectElement).value === 'enrolments_pa_50_exact_percent');
    await page.context().close();
  });

  it('keeps the legend and outlines visible under forced colours', async () => {
    const { page } = await openMap();
    await page.emulateMedia({ forcedColors: 'active' });
    const legend = page.locator('[data-map-legend]');
    await legend.screenshot({ path: path.join(SHOTS, 'legend-forced-colors.png') });
    await page.locator('.map-layout').screenshot({ path: path.join(SHOTS, 'map-forced-colors.png') });
    const box = await legend.boundingBox();
    expect(box!.height).toBeGreaterThan(100);
    const stroke = await page.$eval('[data-map-legend] rect.swatch', (r) => getComputedStyle(r).stroke);
    expect(stroke).not.toBe('none');
    await page.context().close();
  });

  it('fits a 360 px screen with every control reachable', async () => {
    const { page, errors } = await openMap('', 360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'home-360.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
