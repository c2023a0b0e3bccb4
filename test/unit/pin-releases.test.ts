import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pinReleases, selfContain } from '../../scripts/pin-releases';
import type { Manifest } from '../../src/lib/publish/downloads';
import type { PinnedPage } from '../../src/lib/publish/pinned-embeds';
import type { Release } from '../../src/lib/publish/release';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const CHART = ['local-authorities', 'E06000032', 'census-pa'];

/** A live chart embed page as EmbedLayout renders it, showing `figure`. */
function embedPage(figure: string): string {
  return (
    `<!DOCTYPE html><html><head><title>Persistent absence, Luton &amp; more | School absence in England</title>` +
    `<meta name="description" content="Line chart"><link rel="canonical" href="https://absence.example/local-authorities/E06000032/#census-pa">` +
    `<link rel="stylesheet" href="/_astro/embed.abc123.css"></head><body><main class="embed" data-embed-id="absence-luton-pa"> ` +
    `<figure class="chart"><svg role="img"></svg><table><td>${figure}</td></table></figure> <footer class="embed-foot"><p>Published by the Department for Education in ` +
    `<span data-embed-pubs>“Pupil absence in schools in England”</span>. Charted</p><p><a href="/local-authorities/E06000032/#census-pa" data-embed-page><span data-embed-page-name>Luton</span>: full page</a></p></footer></main></body></html>`
  );
}

/** A dist/ as astro build leaves it: hashed assets, map JSON, live embeds, the release's renderer and map. */
function fakeDist(root: string, release: Release, figure: string): string {
  const dist = path.join(root, 'dist');
  write(path.join(dist, '_astro', 'embed.abc123.css'), 'body{color:#111}');
  write(path.join(dist, '_astro', 'map.def456.js'), 'import"./chunk.789.js";fetch("/generated/map/index.json")');
  write(path.join(dist, '_astro', 'chunk.789.js'), 'export{}');
  write(path.join(dist, 'generated', 'map', 'index.json'), '{"periods":[]}');
  write(path.join(dist, 'generated', 'series', 'E06000032.json'), '{}');
  write(path.join(dist, 'embed', ...CHART, 'index.html'), embedPage(figure));
  write(path.join(dist, 'embed', 'map', 'index.html'), '<main>map</main>');
  write(path.join(dist, 'embed', 'r', release.id, 'index.html'), `<head><link rel="stylesheet" href="/_astro/embed.abc123.css"></head><main data-pinned-charts="${release.id}"></main>`);
  write(path.join(dist, 'embed', 'r', release.id, 'map', 'index.html'), `<script type="module" src="/_astro/map.def456.js"></script>`);
  write(path.join(dist, 'data', 'v1', 'manifest.json'), JSON.stringify({ version: 1, release, files: [] }));
  return dist;
}

function stored(dist: string, id: string): PinnedPage {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dist, 'embed', 'r', id, 'charts', 'local-authorities', 'E06000032.jsonz'))).toString('utf8')) as PinnedPage;
}

const rel = (n: number): Release => ({ id: `2026-0${n}-05-${String(n).repeat(10)}`, date: `2026-0${n}-05`, hash: String(n).repeat(10) });

/** A deployed site: GET from a dist folder, as a static host serves it. */
function siteFetch(dist: string, seen: string[] = []) {
  return async (url: string) => {
    seen.push(url);
    const file = path.join(dist, ...new URL(url).pathname.split('/').filter(Boolean));
    const ok = fs.existsSync(file) && fs.statSync(file).isFile();
    const body = ok ? fs.readFileSync(file) : Buffer.from('not found');
    return { ok, status: ok ? 200 : 404, arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer };
  };
}

describe('pinned releases stored as data', () => {
  const old = rel(1);
  const now = rel(2);

  it('stores each chart of the live embeds once, as data, and makes the folder self-contained', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const dist = fakeDist(root, now, '16.2');
    await pinReleases(dist, now);
    const page = stored(dist, now.id);
    expect(page.release).toBe(now.id);
    expect(page.key).toBe('local-authorities/E06000032');
    expect(Object.keys(page.charts)).toEqual(['census-pa']);
    const chart = page.charts['census-pa']!;
    expect(chart.body).toBe('<figure class="chart"><svg role="img"></svg><table><td>16.2</td></table></figure>');
    expect(chart.title).toBe('Persistent absence, Luton &amp; more | School absence in England');
    expect(chart.pageHref).toBe('/local-authorities/E06000032/#census-pa');
    expect(chart.frameId).toBe('absence-luton-pa');
    // No HTML copy per chart: the release folder holds the renderer, the map and data.
    const folder = path.join(dist, 'embed', 'r', now.id);
    expect(fs.existsSync(path.join(folder, ...CHART))).toBe(false);
    expect(fs.readFileSync(path.join(folder, 'index.html'), 'utf8')).toContain(`href="/embed/r/${now.id}/_astro/embed.abc123.css"`);
    expect(fs.readFileSync(path.join(folder, 'map', 'index.html'), 'utf8')).toContain(`src="/embed/r/${now.id}/_astro/map.def456.js"`);
    expect(fs.existsSync(path.join(folder, '_astro', 'chunk.789.js'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'generated', 'map', 'index.json'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'generated', 'series'))).toBe(false);
    // The manifest lists the release's files with their checksums.
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'v1', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.pinned!.map((r) => r.id)).toEqual([now.id]);
    const listed = manifest.pinned![0]!.files.find((f) => f.path === `embed/r/${now.id}/charts/local-authorities/E06000032.jsonz`)!;
    expect(listed.bytes).toBe(fs.statSync(path.join(folder, 'charts', 'local-authorities', 'E06000032.jsonz')).size);
    expect(listed.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Listed as deployed: the pages already carry their Content-Security-Policy.
    const renderer = manifest.pinned![0]!.files.find((f) => f.path === `embed/r/${now.id}/index.html`)!;
    const html = fs.readFileSync(path.join(folder, 'index.html'));
    expect(html.toString()).toContain('http-equiv="Content-Security-Policy"');
    expect(renderer.bytes).toBe(html.length);
  });

  it('an embed pinned in one release still resolves after three more, fetched from each deployed site in turn', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    let deployed: string | undefined;
    const logs: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      const dist = fakeDist(path.join(root, `build-${n}`), rel(n), `figure of release ${n}`);
      const served = await pinReleases(dist, rel(n), { source: deployed ? { url: 'https://absence.example/sub/' } : { skip: 'first deploy' }, fetch: deployed ? siteFetch(deployed) : undefined, log: (s) => logs.push(s) });
      expect(served.map((r) => r.id)).toEqual([4, 3, 2, 1].filter((k) => k <= n).map((k) => rel(k).id));
      deployed = path.join(path.join(root, `build-${n}`), 'dist');
      // The deployed site under a base path: fetched URLs must sit under it.
      const base = deployed;
      deployed = path.join(root, `site-${n}`);
      fs.mkdirSync(deployed);
      fs.symlinkSync(base, path.join(deployed, 'sub'));
    }
    const last = path.join(root, 'build-4', 'dist');
    expect(stored(last, rel(1).id).charts['census-pa']!.body).toContain('figure of release 1');
    expect(stored(last, rel(4).id).charts['census-pa']!.body).toContain('figure of release 4');
    expect(logs).toContain('earlier pinned releases are not fetched: first deploy. Set SITE_URL (or PINNED_RELEASES_FROM) to the deployed site, or keep PINNED_RELEASES_DIR, or they disappear from this deploy.');
  });

  it('leaves out a release whose file does not match its checksum, and says so', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const first = fakeDist(path.join(root, 'a'), old, '17.7');
    await pinReleases(first, old);
    fs.appendFileSync(path.join(first, 'embed', 'r', old.id, 'charts', 'local-authorities', 'E06000032.jsonz'), 'x');
    const site = path.join(root, 'site');
    fs.mkdirSync(site);
    fs.symlinkSync(first, path.join(site, 'sub'));
    const logs: string[] = [];
    const dist = fakeDist(path.join(root, 'b'), now, '16.2');
    const served = await pinReleases(dist, now, { source: { url: 'https://absence.example/sub/' }, fetch: siteFetch(site), log: (s) => logs.push(s) });
    expect(served.map((r) => r.id)).toEqual([now.id]);
    expect(fs.existsSync(path.join(dist, 'embed', 'r', old.id))).toBe(false);
    expect(logs.some((l) => l.startsWith(`pinned release ${old.id}: NOT served`) && l.includes('checksum'))).toBe(true);
  });

  it('builds without the deployed site when it cannot be reached', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const logs: string[] = [];
    const dist = fakeDist(root, now, '16.2');
    const offline = async () => {
      throw new Error('getaddrinfo ENOTFOUND absence.example');
    };
    expect((await pinReleases(dist, now, { source: { url: 'https://absence.example/' }, fetch: offline, log: (s) => logs.push(s) })).map((r) => r.id)).toEqual([now.id]);
    expect(logs[0]).toMatch(/^earlier pinned releases skipped: https:\/\/absence\.example\/data\/v1\/manifest\.json could not be read \(getaddrinfo ENOTFOUND/);
  });

  it('brings back archived releases (old full-page folders too) and archives this one', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const archive = path.join(root, 'archive');
    write(path.join(archive, old.id, ...CHART, 'index.html'), '<td>17.7</td>');
    const dist = fakeDist(root, now, '16.2');
    const served = await pinReleases(dist, now, { archiveDir: archive });
    expect(served.map((r) => r.id)).toEqual([now.id, old.id]);
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', old.id, ...CHART, 'index.html'), 'utf8')).toBe('<td>17.7</td>');
    expect(fs.existsSync(path.join(archive, now.id, 'charts', 'local-authorities', 'E06000032.jsonz'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'embed', 'r', 'releases.json'), 'utf8'))).toEqual({ current: now.id, releases: [now, old] });
  });

  it('never overwrites a published release: a rebuild of the same data serves the archived copy', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const archive = path.join(root, 'archive');
    write(path.join(archive, now.id, 'index.html'), 'as first published');
    const dist = fakeDist(root, now, 'rebuilt');
    await pinReleases(dist, now, { archiveDir: archive });
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', now.id, 'index.html'), 'utf8')).toBe('as first published');
    expect(fs.existsSync(path.join(dist, 'embed', 'r', now.id, 'charts'))).toBe(false);
    expect(fs.readFileSync(path.join(archive, now.id, 'index.html'), 'utf8')).toBe('as first published');
  });

  it('under a base path, points the pinned pages at the folder under that path', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const dist = path.join(root, 'dist');
    write(path.join(dist, '_astro', 'embed.abc123.css'), 'body{background:url(/absence/_astro/dot.svg)}');
    write(path.join(dist, '_astro', 'map.def456.js'), 'import"/absence/_astro/chunk.789.js"');
    const page = path.join(dist, 'embed', 'r', now.id, 'map', 'index.html');
    write(page, '<link rel="stylesheet" href="/absence/_astro/embed.abc123.css"><script type="module" src="/absence/_astro/map.def456.js"></script><a href="/absence/">Map</a><a href="/_astro/x">other site</a>');
    expect(selfContain(dist, now, '/absence/')).toBe(3);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain(`href="/absence/embed/r/${now.id}/_astro/embed.abc123.css"`);
    expect(html).toContain(`src="/absence/embed/r/${now.id}/_astro/map.def456.js"`);
    expect(html).toContain('<a href="/absence/">Map</a><a href="/_astro/x">');
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', now.id, '_astro', 'embed.abc123.css'), 'utf8')).toBe(`body{background:url(/absence/embed/r/${now.id}/_astro/dot.svg)}`);
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', now.id, '_astro', 'map.def456.js'), 'utf8')).toBe(`import"/absence/embed/r/${now.id}/_astro/chunk.789.js"`);
  });
});
