import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinReleases, selfContain } from '../../scripts/pin-releases';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A dist/ as astro build leaves it: hashed assets, map JSON, and this release's pinned pages. */
function fakeDist(root: string, id: string, figure: string): string {
  const dist = path.join(root, 'dist');
  write(path.join(dist, '_astro', 'embed.abc123.css'), 'body{color:#111}');
  write(path.join(dist, '_astro', 'map.def456.js'), 'import"./chunk.789.js";fetch("/generated/map/index.json")');
  write(path.join(dist, '_astro', 'chunk.789.js'), 'export{}');
  write(path.join(dist, 'generated', 'map', 'index.json'), '{"periods":[]}');
  write(
    path.join(dist, 'embed', 'r', id, 'local-authorities', 'E06000032', 'chart', 'index.html'),
    `<link rel="stylesheet" href="/_astro/embed.abc123.css"><script type="module" src="/_astro/map.def456.js"></script><td>${figure}</td><a href="/local-authorities/E06000032/">Luton</a>`,
  );
  return dist;
}

describe('pinned releases', () => {
  const old = { id: '2026-01-05-aaaaaaaaaa', date: '2026-01-05', hash: 'aaaaaaaaaa' };
  const now = { id: '2026-11-30-bbbbbbbbbb', date: '2026-11-30', hash: 'bbbbbbbbbb' };

  it('makes the release folder self-contained, brings back archived releases and archives this one', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const archive = path.join(root, 'archive');
    write(path.join(archive, old.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), '<td>17.7</td>');
    const dist = fakeDist(root, now.id, '16.2');
    const served = pinReleases(dist, now, archive, () => {});
    expect(served.map((r) => r.id)).toEqual([now.id, old.id]);
    const page = fs.readFileSync(path.join(dist, 'embed', 'r', now.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), 'utf8');
    expect(page).toContain(`href="/embed/r/${now.id}/_astro/embed.abc123.css"`);
    expect(page).toContain(`src="/embed/r/${now.id}/_astro/map.def456.js"`);
    expect(page).toContain('href="/local-authorities/E06000032/"');
    expect(fs.existsSync(path.join(dist, 'embed', 'r', now.id, '_astro', 'chunk.789.js'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'embed', 'r', now.id, 'generated', 'map', 'index.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', old.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), 'utf8')).toBe('<td>17.7</td>');
    expect(fs.readFileSync(path.join(archive, now.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), 'utf8')).toBe(page);
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'embed', 'r', 'releases.json'), 'utf8'))).toEqual({ current: now.id, releases: [now, old] });
  });

  it('never overwrites an archived release: a rebuild of the same data serves the archived copy', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const archive = path.join(root, 'archive');
    write(path.join(archive, now.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), '<td>as first published</td>');
    const dist = fakeDist(root, now.id, 'rebuilt');
    pinReleases(dist, now, archive, () => {});
    expect(fs.readFileSync(path.join(dist, 'embed', 'r', now.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), 'utf8')).toBe('<td>as first published</td>');
    expect(fs.readFileSync(path.join(archive, now.id, 'local-authorities', 'E06000032', 'chart', 'index.html'), 'utf8')).toBe('<td>as first published</td>');
  });

  it('without an archive pins only this release', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-'));
    const dist = fakeDist(root, now.id, '16.2');
    expect(pinReleases(dist, now, undefined, () => {}).map((r) => r.id)).toEqual([now.id]);
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
