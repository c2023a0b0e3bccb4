/**
 * After pin-releases: writes the release feed dist/data/v1/releases.atom (src/lib/publish/release-feed.ts) from the
 * releases served (dist/embed/r/releases.json) and the manifest kept in each release's folder.
 *
 *   tsx scripts/release-feed.ts [dist]     (run by `npm run build`)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Release } from '../src/lib/publish/release';
import { RELEASE_FEED_PATH, releaseFeed, releaseManifestPath, type FeedRelease, type ReleaseManifestFacts } from '../src/lib/publish/release-feed';
import { currentSite, type SiteAddress } from '../src/lib/domain/site-url';

/** Reads the served releases and their manifests from `dist`, writes the feed; returns its path. */
export function writeReleaseFeed(dist: string, site: SiteAddress = currentSite()): string {
  const listFile = path.join(dist, 'embed', 'r', 'releases.json');
  if (!fs.existsSync(listFile)) throw new Error(`${listFile} is missing: run scripts/pin-releases.ts first`);
  const { releases } = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { releases: Release[] };
  const feed: FeedRelease[] = releases.map((release) => {
    const file = path.join(dist, ...releaseManifestPath(release.id).split('/'));
    const manifest = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ReleaseManifestFacts) : undefined;
    return { release, manifest };
  });
  const out = path.join(dist, ...RELEASE_FEED_PATH.split('/'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, releaseFeed(feed, site));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const out = writeReleaseFeed(dist);
  process.stderr.write(`release feed: ${path.relative(process.cwd(), out)}\n`);
}
