/**
 * What a data release costs to serve, and what each further one adds.
 *
 * `npm run build` serves the current release and every release archived in PINNED_RELEASES_DIR
 * (scripts/pin-releases.ts copies each archived folder into dist/embed/r/). After a build that archived
 * its release into an empty scratch archive, this copies that folder under made-up release ids (as a
 * later release would leave it there), re-runs the same post-build steps as `npm run build` and measures
 * dist/ with 1, 2, 3... releases served. Then it takes the made-up releases out of dist/ again.
 *
 * The copies hold the same figures as the current release; a real later release differs in its figures,
 * not in its number of files or, to within a few per cent, its size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rawSize } from './sizes';

export interface ReleaseStep {
  /** Releases served by dist/. */
  releases: number;
  files: number;
  bytes: number;
}

export interface TopFolder {
  folder: string;
  files: number;
  bytes: number;
}

/** Made-up release ids that sort before any real one ("2000-01-01-0000000001"), in the archive's id format. */
export function fakeReleaseIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `2000-01-01-${String(i + 1).padStart(10, '0')}`);
}

/** Files and bytes of dist/ by its top folders (and `embed/r` apart from the live embeds), biggest first. */
export function distByFolder(dist: string): TopFolder[] {
  const out: TopFolder[] = [];
  for (const e of fs.readdirSync(dist, { withFileTypes: true })) {
    const full = path.join(dist, e.name);
    if (e.isFile()) continue;
    if (e.name === 'embed') {
      const pinned = rawSize(path.join(full, 'r'));
      const all = rawSize(full);
      out.push({ folder: 'embed (live)', files: all.files - pinned.files, bytes: all.bytes - pinned.bytes }, { folder: 'embed/r (pinned)', ...pinned });
    } else if (e.name === 'data') {
      // The area CSVs apart from the chart downloads.
      const v1 = path.join(full, 'v1');
      const areas = ['local-authorities', 'regions'].map((d) => path.join(v1, d)).filter((d) => fs.existsSync(d));
      let csv = { files: 0, bytes: 0 };
      for (const d of areas) for (const f of fs.readdirSync(d)) if (f.endsWith('.csv')) csv = { files: csv.files + 1, bytes: csv.bytes + fs.statSync(path.join(d, f)).size };
      const all = rawSize(full);
      out.push({ folder: 'data/v1 area CSVs', ...csv }, { folder: 'data (chart downloads, pages)', files: all.files - csv.files, bytes: all.bytes - csv.bytes });
    } else out.push({ folder: e.name, ...rawSize(full) });
  }
  const loose = fs.readdirSync(dist, { withFileTypes: true }).filter((e) => e.isFile());
  out.push({ folder: '(files at the top)', files: loose.length, bytes: loose.reduce((s, e) => s + fs.statSync(path.join(dist, e.name)).size, 0) });
  return out.sort((a, b) => b.bytes - a.bytes);
}

/**
 * Serves `extra` more releases from dist/ and measures it after each; `postBuild(archive)` re-runs the
 * post-build steps with PINNED_RELEASES_DIR=archive. `archive` must hold exactly the current release
 * (archived by the first post-build run). dist/ is put back to one release at the end.
 */
export function measureReleases(o: { dist: string; archive: string; extra: number; postBuild: (archive: string) => void }): ReleaseStep[] {
  const archived = fs.readdirSync(o.archive, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  if (archived.length !== 1) throw new Error(`${o.archive} should hold one archived release after the build, not ${archived.length}`);
  const current = path.join(o.archive, archived[0]!.name);
  const servedList = path.join(o.dist, 'embed', 'r', 'releases.json');
  const savedList = fs.existsSync(servedList) ? fs.readFileSync(servedList) : null;
  const steps: ReleaseStep[] = [{ releases: 1, ...rawSize(o.dist) }];
  const fakes = fakeReleaseIds(o.extra);
  try {
    for (const [i, id] of fakes.entries()) {
      fs.cpSync(current, path.join(o.archive, id), { recursive: true });
      o.postBuild(o.archive);
      steps.push({ releases: i + 2, ...rawSize(o.dist) });
    }
  } finally {
    for (const id of fakes) fs.rmSync(path.join(o.dist, 'embed', 'r', id), { recursive: true, force: true });
    if (savedList) fs.writeFileSync(servedList, savedList);
  }
  return steps;
}
