/**
 * After `astro build`: makes this release's pinned embeds self-contained, brings back the pinned
 * embeds of earlier releases, and archives this one.
 *
 *   tsx scripts/pin-releases.ts            (run by `npm run build`)
 *   PINNED_RELEASES_DIR=/srv/absence-releases npm run build
 *
 * 1. dist/embed/r/{release}/ (made by Astro) gets its own copy of the scripts and styles it uses
 *    (dist/_astro/, whose hashed names change from build to build) and of the map's JSON
 *    (dist/generated/), and its pages are pointed at those copies. The folder then depends on nothing
 *    outside itself except /favicon.svg, so it can be served unchanged by any later build.
 * 2. With PINNED_RELEASES_DIR set, every release folder in it (named like 2026-11-30-3f2a9c1b7d) is
 *    copied into dist/embed/r/. Then this release's folder is saved there if it is not there yet. An
 *    archived release is never overwritten: if this build's data release is already archived (same
 *    source files), the archived copy is served, so a pinned embed never changes once published.
 *    Keep that folder between builds (a persistent volume, a bucket synced before and after the build,
 *    or a git repository of its own).
 * 3. dist/embed/r/releases.json lists the releases served.
 */
import fs from 'node:fs';
import path from 'node:path';
import { archivedReleases, pinnedReleasesDir, type Release } from '../src/lib/release';
import { currentSite } from '../src/lib/site-url';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Rewrites {base}_astro/ references inside the release folder to its own copies ({base} is the site's
 * base path, "/" or "/absence/": src/lib/site-url.ts). The map's JSON is already read from the folder's
 * own generated/ (the embed page's data-base).
 */
export function selfContain(dist: string, release: Release, base: string = currentSite().base): number {
  const folder = path.join(dist, 'embed', 'r', release.id);
  if (!fs.existsSync(folder)) throw new Error(`${folder} is missing: did astro build make the pinned embeds?`);
  const prefix = `${base}embed/r/${release.id}/`;
  const assets = new RegExp(`(["'(])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_astro/`, 'g');
  fs.cpSync(path.join(dist, '_astro'), path.join(folder, '_astro'), { recursive: true });
  if (fs.existsSync(path.join(dist, 'generated'))) fs.cpSync(path.join(dist, 'generated'), path.join(folder, 'generated'), { recursive: true });
  let n = 0;
  for (const file of walk(folder)) {
    if (!/\.(html|css|js)$/.test(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const out = text.replace(assets, `$1${prefix}_astro/`);
    if (out !== text) {
      fs.writeFileSync(file, out);
      n++;
    }
  }
  return n;
}

export function pinReleases(dist: string, release: Release, archiveDir: string | undefined, log: (s: string) => void): Release[] {
  const rDir = path.join(dist, 'embed', 'r');
  const served: Release[] = [release];
  const archived = archivedReleases(archiveDir);
  const isArchived = archived.some((r) => r.id === release.id);
  if (isArchived) {
    // Published once, served as it was.
    fs.rmSync(path.join(rDir, release.id), { recursive: true, force: true });
  } else {
    const files = selfContain(dist, release);
    log(`pinned release ${release.id}: ${files} files point at its own copies of scripts, styles and map data`);
  }
  for (const r of archived) {
    fs.cpSync(path.join(archiveDir!, r.id), path.join(rDir, r.id), { recursive: true });
    if (r.id !== release.id) served.push(r);
    log(`pinned release ${r.id}: copied from ${archiveDir}`);
  }
  if (archiveDir && !isArchived) {
    fs.mkdirSync(archiveDir, { recursive: true });
    const tmp = path.join(archiveDir, `.${release.id}.tmp`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(path.join(rDir, release.id), tmp, { recursive: true });
    fs.renameSync(tmp, path.join(archiveDir, release.id));
    log(`pinned release ${release.id}: archived in ${archiveDir}`);
  }
  served.sort((a, b) => b.id.localeCompare(a.id));
  fs.writeFileSync(path.join(rDir, 'releases.json'), JSON.stringify({ current: release.id, releases: served }, null, 1));
  return served;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const release = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'generated', 'release.json'), 'utf8')) as Release;
  const dir = pinnedReleasesDir();
  if (!dir) process.stderr.write('PINNED_RELEASES_DIR is not set: only this release is pinned, and it is not archived.\n');
  pinReleases(path.join(ROOT, 'dist'), release, dir, (s) => process.stderr.write(`${s}\n`));
}
