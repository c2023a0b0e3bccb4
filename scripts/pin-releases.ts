/**
 * After `astro build`: stores this release's pinned chart embeds as data, makes its folder
 * self-contained, brings back the pinned releases of earlier builds, and archives this one.
 *
 *   tsx scripts/pin-releases.ts            (run by `npm run build`)
 *   SITE_URL=https://absence.example npm run build            earlier releases fetched from the site
 *   PINNED_RELEASES_DIR=/srv/absence-releases npm run build   ... or kept in a folder
 *
 * 1. dist/embed/r/{release}/ holds Astro's shared chart renderer (index.html) and pinned map (map/).
 *    Every live chart embed page (dist/embed/{key}/{chartId}/) is cut into its parts
 *    (lib/pinned-embeds) and stored with the other charts of its page in one gzipped file,
 *    charts/{key}.jsonz, which the renderer reads. The folder gets its own copy of the scripts and
 *    styles it uses (dist/_astro/, whose hashed names change from build to build) and of the map's data
 *    (dist/generated/map and geo), and its pages point at those copies, so any later build can serve
 *    it unchanged.
 * 2. Earlier releases come from the deployed site: its /data/v1/manifest.json lists, under `pinned`,
 *    every file of every release it serves, with checksums (PINNED_RELEASES_FROM, else SITE_URL unless
 *    local; offline or local, a message says they are skipped). Each file is checked against its
 *    SHA-256; a release with a bad or missing file is left out, whole. With PINNED_RELEASES_DIR set,
 *    the release folders in it are served too, and this release's folder (and every fetched one) is
 *    saved there. A release already published is never replaced: if this build's data release is
 *    already archived or deployed (same source files), that copy is served.
 * 3. Their pages get the Content-Security-Policy (scripts/csp.ts), dist/embed/r/releases.json lists
 *    the releases served, and the manifest gains `pinned`: every file of each, with its checksum.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pinnedDataFile, pinnedRoot } from '../src/lib/publish/embeds';
import { pinnedChartFromHtml, type PinnedPage } from '../src/lib/publish/pinned-embeds';
import { archivedReleases, pinnedReleasesDir, pinnedReleasesSource, RELEASE_ID, type Release } from '../src/lib/publish/release';
import type { Manifest, PinnedReleaseFiles } from '../src/lib/publish/downloads';
import { currentSite } from '../src/lib/domain/site-url';
import { withPolicy } from './csp';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function releaseDir(dist: string, id: string): string {
  return path.join(dist, ...pinnedRoot(id).split('/').filter(Boolean));
}

/**
 * Stores every live chart embed of dist/embed/ (not r/ or map/) as data in the release's folder:
 * one gzipped PinnedPage per chart page key. Returns the counts.
 */
export function packCharts(dist: string, releaseId: string): { pages: number; charts: number } {
  const embed = path.join(dist, 'embed');
  const pages = new Map<string, PinnedPage>();
  let charts = 0;
  for (const file of walk(embed)) {
    const rel = path.relative(embed, file).split(path.sep);
    if (rel[0] === 'r' || rel[0] === 'map' || rel.at(-1) !== 'index.html' || rel.length < 4) continue;
    const chartId = rel.at(-2)!;
    const key = rel.slice(0, -2).join('/');
    const page = pages.get(key) ?? { release: releaseId, key, charts: {} };
    page.charts[chartId] = pinnedChartFromHtml(fs.readFileSync(file, 'utf8'));
    pages.set(key, page);
    charts++;
  }
  const folder = releaseDir(dist, releaseId);
  for (const [key, page] of pages) {
    const out = path.join(folder, ...pinnedDataFile(key).split('/'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Sorted keys: the same release packs to the same bytes.
    const sorted = { ...page, charts: Object.fromEntries(Object.entries(page.charts).sort(([a], [b]) => a.localeCompare(b))) };
    fs.writeFileSync(out, zlib.gzipSync(JSON.stringify(sorted), { level: 9 }));
  }
  return { pages: pages.size, charts };
}

/**
 * Rewrites {base}_astro/ references inside the release folder to its own copies of scripts, styles and
 * map data ({base} is the site's base path, "/" or "/absence/": src/lib/domain/site-url.ts). The map's JSON
 * is already read from the folder's own generated/ (the embed page's data-base).
 */
export function selfContain(dist: string, release: Release, base: string = currentSite().base): number {
  const folder = releaseDir(dist, release.id);
  if (!fs.existsSync(folder)) throw new Error(`${folder} is missing: did astro build make the pinned embeds?`);
  const prefix = `${base}${pinnedRoot(release.id).slice(1)}`;
  const assets = new RegExp(`(["'(])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_astro/`, 'g');
  fs.cpSync(path.join(dist, '_astro'), path.join(folder, '_astro'), { recursive: true });
  // The pinned map reads map/ and geo/ only (src/scripts/absence-map.ts); series/ is the compare page's.
  for (const sub of ['map', 'geo']) {
    const from = path.join(dist, 'generated', sub);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(folder, 'generated', sub), { recursive: true });
  }
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

/** Every file of a release folder, for the manifest: paths from the site's root. */
export function releaseFiles(dist: string, release: Release): PinnedReleaseFiles {
  const files = walk(releaseDir(dist, release.id))
    .map((file) => {
      const body = fs.readFileSync(file);
      return { path: path.relative(dist, file).split(path.sep).join('/'), bytes: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return { ...release, files };
}

/** A deployed site that stops answering fails the fetch rather than the whole build's patience. */
const TIMEOUT_MS = 60_000;

type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; arrayBuffer: () => Promise<ArrayBuffer> }>;

/**
 * Downloads from the deployed site at `site` (its root URL, ending in /) every pinned release its
 * manifest lists and `have` lacks, each into `into`/{id}/ only once every file matched its checksum.
 * Unreachable site or no list: logs why and returns []. Never throws for network trouble.
 */
export async function fetchReleases(site: string, have: ReadonlySet<string>, into: string, log: (s: string) => void, get: Fetch = fetch): Promise<Release[]> {
  let manifest: Manifest;
  try {
    const res = await get(new URL('data/v1/manifest.json', site).href, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    manifest = JSON.parse(Buffer.from(await res.arrayBuffer()).toString('utf8')) as Manifest;
  } catch (err) {
    log(`earlier pinned releases skipped: ${site}data/v1/manifest.json could not be read (${err instanceof Error ? err.message : String(err)}); only releases already here are served`);
    return [];
  }
  if (!manifest.pinned) {
    log(`earlier pinned releases: ${site}data/v1/manifest.json lists none (built before pinned data was listed)`);
    return [];
  }
  const got: Release[] = [];
  for (const r of manifest.pinned) {
    if (!RELEASE_ID.test(r.id) || have.has(r.id)) continue;
    const tmp = path.join(into, `.${r.id}.part`);
    fs.rmSync(tmp, { recursive: true, force: true });
    const prefix = `${pinnedRoot(r.id).slice(1)}`;
    try {
      const queue = [...r.files];
      const worker = async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          if (!f.path.startsWith(prefix) || f.path.includes('..')) throw new Error(`${f.path} is outside the release folder`);
          const res = await get(new URL(f.path, site).href, { signal: AbortSignal.timeout(TIMEOUT_MS) });
          if (!res.ok) throw new Error(`${f.path}: HTTP ${res.status}`);
          const body = Buffer.from(await res.arrayBuffer());
          const sum = crypto.createHash('sha256').update(body).digest('hex');
          if (body.length !== f.bytes || sum !== f.sha256) throw new Error(`${f.path}: ${body.length} bytes, SHA-256 ${sum.slice(0, 12)}…, not the ${f.bytes} bytes and checksum the manifest lists`);
          const out = path.join(tmp, ...f.path.slice(prefix.length).split('/'));
          fs.mkdirSync(path.dirname(out), { recursive: true });
          fs.writeFileSync(out, body);
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      fs.rmSync(path.join(into, r.id), { recursive: true, force: true });
      fs.renameSync(tmp, path.join(into, r.id));
      got.push({ id: r.id, date: r.date, hash: r.hash });
      log(`pinned release ${r.id}: ${r.files.length} files fetched from ${site}`);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      log(`pinned release ${r.id}: NOT served, fetching it from ${site} failed (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return got;
}

export interface PinOptions {
  /** Folder kept between builds (PINNED_RELEASES_DIR). */
  archiveDir?: string;
  /** Root URL of the deployed site to fetch earlier releases from, or why not. */
  source?: { url: string } | { skip: string };
  log?: (s: string) => void;
  fetch?: Fetch;
}

export async function pinReleases(dist: string, release: Release, o: PinOptions = {}): Promise<Release[]> {
  const log = o.log ?? (() => {});
  const rDir = path.join(dist, 'embed', 'r');
  const archived = archivedReleases(o.archiveDir);
  const have = new Set(archived.map((r) => r.id));
  // Releases from the deployed site land in a scratch folder first; the current one included, since a
  // release already published is served as it was published.
  const fetchedDir = path.join(rDir, '.fetched');
  fs.rmSync(fetchedDir, { recursive: true, force: true });
  fs.mkdirSync(fetchedDir, { recursive: true });
  let fetched: Release[] = [];
  if (!o.source) log('earlier pinned releases: no deployed site given');
  else if ('skip' in o.source) log(`earlier pinned releases are not fetched: ${o.source.skip}. Set SITE_URL (or PINNED_RELEASES_FROM) to the deployed site, or keep PINNED_RELEASES_DIR, or they disappear from this deploy.`);
  else fetched = await fetchReleases(o.source.url, have, fetchedDir, log, o.fetch);

  const published = have.has(release.id) || fetched.some((r) => r.id === release.id);
  if (published) {
    fs.rmSync(releaseDir(dist, release.id), { recursive: true, force: true });
  } else {
    const packed = packCharts(dist, release.id);
    const files = selfContain(dist, release);
    log(`pinned release ${release.id}: ${packed.charts} charts of ${packed.pages} pages stored as data; ${files} files point at its own copies of scripts, styles and map data`);
  }
  const served = new Map<string, Release>([[release.id, release]]);
  for (const r of archived) {
    fs.cpSync(path.join(o.archiveDir!, r.id), releaseDir(dist, r.id), { recursive: true });
    served.set(r.id, r);
    log(`pinned release ${r.id}: copied from ${o.archiveDir}`);
  }
  for (const r of fetched) {
    fs.renameSync(path.join(fetchedDir, r.id), releaseDir(dist, r.id));
    served.set(r.id, r);
  }
  fs.rmSync(fetchedDir, { recursive: true, force: true });
  if (o.archiveDir) {
    for (const r of served.values()) {
      if (have.has(r.id)) continue;
      fs.mkdirSync(o.archiveDir, { recursive: true });
      const tmp = path.join(o.archiveDir, `.${r.id}.tmp`);
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.cpSync(releaseDir(dist, r.id), tmp, { recursive: true });
      fs.renameSync(tmp, path.join(o.archiveDir, r.id));
      log(`pinned release ${r.id}: archived in ${o.archiveDir}`);
    }
  }
  const list = [...served.values()].sort((a, b) => b.id.localeCompare(a.id));
  // Pages get their Content-Security-Policy now (scripts/csp.ts leaves them be), so the checksums
  // listed below are those of the files as deployed.
  for (const r of list) {
    for (const file of walk(releaseDir(dist, r.id)).filter((f) => f.endsWith('.html'))) {
      const html = fs.readFileSync(file, 'utf8');
      const out = withPolicy(html);
      if (out !== html) fs.writeFileSync(file, out);
    }
  }
  fs.writeFileSync(path.join(rDir, 'releases.json'), JSON.stringify({ current: release.id, releases: list }, null, 1));
  const manifestFile = path.join(dist, 'data', 'v1', 'manifest.json');
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    manifest.pinned = list.map((r) => releaseFiles(dist, r));
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  return list;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const release = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'generated', 'release.json'), 'utf8')) as Release;
  const archiveDir = pinnedReleasesDir();
  await pinReleases(path.join(ROOT, 'dist'), release, { archiveDir, source: pinnedReleasesSource(), log: (s) => process.stderr.write(`${s}\n`) });
}
