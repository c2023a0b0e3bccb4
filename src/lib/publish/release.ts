/**
 * A data release of this site: the set of source files a build read, named so that embeds, downloads
 * and citations can point at exactly those figures.
 *
 * The id is `{date}-{hash}`: `hash` is the first 10 hex digits of the SHA-256 of the sorted
 * "file sha256" lines of every source file (so the same files always give the same hash, whatever the
 * build machine), and `date` is the day a build first saw that hash. A build that finds an archived
 * release with the same hash (see PINNED_RELEASES_DIR) reuses its id, so rebuilding unchanged data
 * never makes a second release.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RELEASE_ID } from './embeds';

export { longDate } from '../domain/format';

export interface Release {
  /** "2026-11-30-3f2a9c1b7d". */
  id: string;
  /** ISO date (YYYY-MM-DD) the release was first built. */
  date: string;
  /** 10 hex digits from the source files' SHA-256s. */
  hash: string;
}

/** Folder name of a release in the archive and in /embed/r/ (defined with the embed URLs). */
export { RELEASE_ID };

/** The hash part of a release id, from the source files' checksums (order does not matter). */
export function sourcesHash(sources: readonly { file: string; sha256: string }[]): string {
  const lines = sources.map((s) => `${s.file} ${s.sha256}`).sort();
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 10);
}

/** Release ids found in an archive folder (sub-folders named like releases), oldest first. */
export function archivedReleases(dir: string | undefined): Release[] {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && RELEASE_ID.test(e.name))
    .map((e) => {
      const m = RELEASE_ID.exec(e.name)!;
      return { id: e.name, date: m[1]!, hash: m[2]! };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The release for a build: the archived one with the same hash if there is one, else a new id dated
 * `builtAt` (the data build's timestamp).
 */
export function releaseFor(sources: readonly { file: string; sha256: string }[], builtAt: string, archive: readonly Release[] = []): Release {
  const hash = sourcesHash(sources);
  const known = archive.find((r) => r.hash === hash);
  if (known) return known;
  const date = builtAt.slice(0, 10);
  return { id: `${date}-${hash}`, date, hash };
}


/** Env var naming the archive of pinned releases; resolved against the working directory. */
export function pinnedReleasesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PINNED_RELEASES_DIR ? path.resolve(env.PINNED_RELEASES_DIR) : undefined;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * The deployed site a build fetches earlier pinned releases from: PINNED_RELEASES_FROM if set (a URL
 * with any base path, or "none"), else SITE_URL unless it is a local address. `skip` says why not.
 */
export function pinnedReleasesSource(env: NodeJS.ProcessEnv = process.env): { url: string } | { skip: string } {
  const from = env.PINNED_RELEASES_FROM?.trim();
  if (from === 'none') return { skip: 'PINNED_RELEASES_FROM=none' };
  if (from) return { url: from.replace(/\/*$/, '/') };
  if (!env.SITE_URL) return { skip: 'SITE_URL is not set, so there is no deployed site to fetch them from' };
  if (LOCAL_HOSTS.has(new URL(env.SITE_URL).hostname)) return { skip: `SITE_URL (${env.SITE_URL}) is a local address` };
  return { url: env.SITE_URL.replace(/\/*$/, '/') };
}
