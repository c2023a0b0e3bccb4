/**
 * Takes screenshots of built pages for a person to look at:
 *   npx tsx scripts/screenshot.ts /local-authorities/E06000032/ [width] [out.png]
 */
import { launchBrowser, serveSite } from '../test/browser/harness';

const [urlPath = '/', width = '1280', out = 'shot.png'] = process.argv.slice(2);
const site = await serveSite();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
page.on('console', (m) => console.error(`[${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.error(`[pageerror] ${e.message}`));
await page.goto(site.origin + urlPath, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
await site.close();
console.error(`wrote ${out}`);
