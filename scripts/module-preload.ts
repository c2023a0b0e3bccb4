/**
 * After `astro build` (before pin-releases, which points pinned pages' /_astro/ links at their own
 * copies): lets the chunks a page's module scripts import load with the page. Astro links each
 * page's entry script, but the browser finds the chunks that entry imports only once it has
 * downloaded and parsed it (the home map: page -> entry -> chunks -> data). A
 * <link rel="modulepreload"> for each imported chunk, followed through their own imports, goes at
 * the end of <head>. Allowed by the pages' CSP (script-src 'self').
 *
 *   tsx scripts/module-preload.ts [dist]
 */
import fs from 'node:fs';
import path from 'node:path';
import { htmlFiles } from './html-files';
import { currentSite } from '../src/lib/domain/site-url';

/** A leading static import of Rollup's output: `import{a as b}from"./x.js";` or `import"./y.js";`. */
const LEADING_IMPORT = /\s*import\s*(?:[^"';]*?from\s*)?["']([^"']+)["'];?/y;

/** Addresses of the modules a script imports statically, resolved against its own address (`/_astro/a.js`). */
export function staticImports(code: string, url: string): string[] {
  const out: string[] = [];
  LEADING_IMPORT.lastIndex = 0;
  for (let m = LEADING_IMPORT.exec(code); m; m = LEADING_IMPORT.exec(code)) out.push(new URL(m[1]!, `http://site${url}`).pathname);
  return out;
}

/** Every module the entry scripts import, directly or through each other, in first-seen order; not the entries. */
export function preloadsFor(entries: readonly string[], importsOf: (url: string) => readonly string[]): string[] {
  const seen = new Set(entries);
  const out: string[] = [];
  const visit = (url: string) => {
    for (const dep of importsOf(url)) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      out.push(dep);
      visit(dep);
    }
  };
  entries.forEach(visit);
  return out;
}

/**
 * The page with a modulepreload link per imported chunk before </head>; unchanged if it has none or has
 * them already. `base` is the site's base path ("/" or "/absence/", src/lib/domain/site-url.ts).
 */
export function withModulePreloads(html: string, importsOf: (url: string) => readonly string[], base = '/'): string {
  if (html.includes('rel="modulepreload"')) return html;
  const moduleScript = new RegExp(`<script type="module" src="(${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_astro/[^"]+\\.js)"`, 'g');
  const entries = [...new Set([...html.matchAll(moduleScript)].map((m) => m[1]!))];
  const links = preloadsFor(entries, importsOf).map((u) => `<link rel="modulepreload" href="${u}">`);
  return links.length ? html.replace(/<\/head>/i, `${links.join('')}</head>`) : html;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const { base } = currentSite();
  const cache = new Map<string, string[]>();
  const importsOf = (url: string) => {
    if (!cache.has(url)) {
      // dist/ holds the site without its base path.
      const file = path.join(dist, url.slice(base.length));
      cache.set(url, fs.existsSync(file) ? staticImports(fs.readFileSync(file, 'utf8'), url) : []);
    }
    return cache.get(url)!;
  };
  let n = 0;
  for (const file of htmlFiles(dist)) {
    const html = fs.readFileSync(file, 'utf8');
    const out = withModulePreloads(html, importsOf, base);
    if (out !== html) {
      fs.writeFileSync(file, out);
      n++;
    }
  }
  process.stderr.write(`module preloads added to ${n} pages\n`);
}
