/**
 * The release feed, /data/v1/releases.atom (Atom, RFC 4287): one entry per data release the site serves
 * (dist/embed/r/releases.json), newest first, so that a newsroom's feed reader or script learns of a new
 * release. Each entry names the release id and date, the periods its figures cover, which DfE source
 * files changed since the release before, and links to that release's manifest, which is kept with its
 * pinned embeds at /embed/r/{release}/manifest.json and so never moves. Pure: written by
 * scripts/release-feed.ts after pin-releases.
 */
import { SITE_NAME } from './embeds';
import { longDate } from '../domain/format';
import type { Release } from './release';
import { absoluteUrl, type SiteAddress } from '../domain/site-url';

/** Site path of the feed. */
export const RELEASE_FEED_PATH = '/data/v1/releases.atom';

/** Site path of a release's manifest, archived with its pinned embeds. */
export function releaseManifestPath(id: string): string {
  return `/embed/r/${id}/manifest.json`;
}

/** What the feed reads of a release's manifest (lib/downloads Manifest); older releases may have none. */
export interface ReleaseManifestFacts {
  builtAt: string;
  coverage?: string[];
  sources: { file: string; sha256: string }[];
}

export interface FeedRelease {
  release: Release;
  manifest?: ReleaseManifestFacts;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML content and attribute values; drops characters XML 1.0 cannot hold. */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Source files new, changed (other SHA-256) and gone between two releases' manifests. */
export function sourceChanges(before: ReleaseManifestFacts['sources'], after: ReleaseManifestFacts['sources']): { added: string[]; changed: string[]; removed: string[] } {
  const old = new Map(before.map((s) => [s.file, s.sha256]));
  const now = new Set(after.map((s) => s.file));
  return {
    added: after.filter((s) => !old.has(s.file)).map((s) => s.file).sort(),
    changed: after.filter((s) => old.has(s.file) && old.get(s.file) !== s.sha256).map((s) => s.file).sort(),
    removed: before.filter((s) => !now.has(s.file)).map((s) => s.file).sort(),
  };
}

/** The entry's text: periods covered, then what changed since `previous` (the next older release). */
export function entrySummary(r: FeedRelease, previous: FeedRelease | undefined): string {
  const lines = [`Data release ${r.release.id}, first built on ${longDate(r.release.date)}.`];
  if (!r.manifest) {
    lines.push('No manifest was kept with this release, so its periods and source files are not listed here.');
    return lines.join('\n');
  }
  if (r.manifest.coverage?.length) lines.push('Figures:', ...r.manifest.coverage.map((c) => `- ${c}`));
  if (!previous) lines.push(`The first release this site serves, from ${r.manifest.sources.length} DfE files.`);
  else if (!previous.manifest) lines.push(`From ${r.manifest.sources.length} DfE files (release ${previous.release.id} before it has no manifest to compare with).`);
  else {
    const c = sourceChanges(previous.manifest.sources, r.manifest.sources);
    const parts = [
      c.added.length ? `new: ${c.added.join(', ')}` : '',
      c.changed.length ? `updated: ${c.changed.join(', ')}` : '',
      c.removed.length ? `no longer read: ${c.removed.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`Source files changed since release ${previous.release.id}: ${parts.length ? parts.join('; ') : 'none'}.`);
  }
  return lines.join('\n');
}

/** RFC 3339 time of a release: its manifest's build time, else midnight UTC of its date. */
function releaseTime(r: FeedRelease): string {
  return r.manifest?.builtAt ?? `${r.release.date}T00:00:00Z`;
}

/**
 * The Atom document. `releases` in any order (sorted here, newest first); every URL absolute, under the
 * site's base path. Throws if there is no release (an Atom feed needs an `updated` time).
 */
export function releaseFeed(releases: readonly FeedRelease[], site: SiteAddress): string {
  if (releases.length === 0) throw new Error('release feed: no data release to list');
  const sorted = [...releases].sort((a, b) => b.release.id.localeCompare(a.release.id));
  const feedUrl = absoluteUrl(RELEASE_FEED_PATH, site);
  const updated = sorted.map(releaseTime).sort().at(-1)!;
  const entries = sorted.map((r, i) => {
    const manifestUrl = absoluteUrl(releaseManifestPath(r.release.id), site);
    return [
      '  <entry>',
      `    <id>${xmlText(absoluteUrl(`/embed/r/${r.release.id}/`, site))}</id>`,
      `    <title>${xmlText(`Data release ${r.release.id}`)}</title>`,
      `    <published>${xmlText(`${r.release.date}T00:00:00Z`)}</published>`,
      `    <updated>${xmlText(releaseTime(r))}</updated>`,
      r.manifest ? `    <link rel="alternate" type="application/json" href="${xmlText(manifestUrl)}"/>` : '',
      `    <summary type="text">${xmlText(entrySummary(r, sorted[i + 1]))}</summary>`,
      '  </entry>',
    ].filter(Boolean).join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlText(feedUrl)}</id>`,
    `  <title>${xmlText(`${SITE_NAME}: data releases`)}</title>`,
    `  <subtitle>${xmlText('Each new set of DfE source files the site is built from: the periods its figures cover, what changed, and its manifest of downloads with checksums.')}</subtitle>`,
    `  <updated>${xmlText(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(absoluteUrl('/data/', site))}"/>`,
    `  <author><name>${xmlText(SITE_NAME)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
