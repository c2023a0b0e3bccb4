import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distByFolder, fakeReleaseIds, measureReleases } from '../../scripts/bench/releases';
import { layerCommand, layersFromArgs } from '../../scripts/bench/tests';
import { RELEASE_ID } from '../../src/lib/publish/release';

function write(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x'.repeat(bytes));
}

describe('bench: releases', () => {
  it('makes release ids in the archive format, distinct, before any real one', () => {
    const ids = fakeReleaseIds(2);
    expect(ids).toEqual(['2000-01-01-0000000001', '2000-01-01-0000000002']);
    for (const id of ids) expect(RELEASE_ID.test(id)).toBe(true);
  });

  it('measures dist/ with each added release and puts it back to one', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
    try {
      const dist = path.join(tmp, 'dist');
      const archive = path.join(tmp, 'archive');
      const current = '2026-12-06-abcdef0123';
      write(path.join(dist, 'index.html'), 100);
      write(path.join(dist, 'embed', 'r', current, 'a.html'), 40);
      write(path.join(dist, 'embed', 'r', current, 'b.json'), 60);
      write(path.join(dist, 'embed', 'r', 'releases.json'), 10);
      fs.cpSync(path.join(dist, 'embed', 'r', current), path.join(archive, current), { recursive: true });
      // Stands in for pin-releases: serves every archived release.
      const postBuild = (a: string) => {
        for (const id of fs.readdirSync(a)) fs.cpSync(path.join(a, id), path.join(dist, 'embed', 'r', id), { recursive: true });
        write(path.join(dist, 'embed', 'r', 'releases.json'), 30);
      };
      const steps = measureReleases({ dist, archive, extra: 2, postBuild });
      expect(steps).toEqual([
        { releases: 1, files: 4, bytes: 210 },
        { releases: 2, files: 6, bytes: 330 },
        { releases: 3, files: 8, bytes: 430 },
      ]);
      expect(fs.readdirSync(path.join(dist, 'embed', 'r')).sort()).toEqual([current, 'releases.json']);
      expect(fs.statSync(path.join(dist, 'embed', 'r', 'releases.json')).size).toBe(10);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('splits dist/ into live and pinned embeds, area CSVs and the rest', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
    try {
      write(path.join(tmp, 'index.html'), 5);
      write(path.join(tmp, 'embed', 'x', 'index.html'), 20);
      write(path.join(tmp, 'embed', 'r', 'R', 'index.html'), 30);
      write(path.join(tmp, 'data', 'v1', 'local-authorities', 'E06000032.csv'), 50);
      write(path.join(tmp, 'data', 'v1', 'local-authorities', 'E06000032', 'c.svg'), 7);
      write(path.join(tmp, 'data', 'index.html'), 3);
      expect(distByFolder(tmp)).toEqual([
        { folder: 'data/v1 area CSVs', files: 1, bytes: 50 },
        { folder: 'embed/r (pinned)', files: 1, bytes: 30 },
        { folder: 'embed (live)', files: 1, bytes: 20 },
        { folder: 'data (chart downloads, pages)', files: 2, bytes: 10 },
        { folder: '(files at the top)', files: 1, bytes: 5 },
      ]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('bench: test layers', () => {
  it('runs every layer unless told', () => {
    expect(layersFromArgs([])).toEqual(['tsc', 'unit', 'real', 'browser', 'release']);
    expect(layersFromArgs(['--skip-tests'])).toEqual([]);
    expect(layersFromArgs(['--tests=real,unit'])).toEqual(['unit', 'real']);
    expect(() => layersFromArgs(['--tests=unit,e2e'])).toThrow(/no layer "e2e"/);
  });
  it("runs each layer as npm test's script does", () => {
    expect(layerCommand('/r', 'tsc')).toEqual(['/r/node_modules/.bin/tsc', '--noEmit']);
    expect(layerCommand('/r', 'browser')).toEqual(['/r/node_modules/.bin/vitest', 'run', '--project', 'browser']);
    const script = (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test!;
    for (const layer of ['unit', 'real', 'browser', 'release']) expect(script).toContain(`--project ${layer}`);
    expect(script).toContain('tsc --noEmit');
  });
});
