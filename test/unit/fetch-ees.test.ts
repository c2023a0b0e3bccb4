/**
 * The EES part of scripts/fetch-data.ts against a local HTTP server on 127.0.0.1 that answers the three
 * content API requests with the shapes EES documents (fixtures in test/fixtures/ees/): the releases of a
 * publication, a release's data content, and a release file. No other network is used.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  eesBaseFrom,
  EES_BASE,
  ensureSources,
  fetchEes,
  readEesLock,
  readEesSources,
  type EesLockEntry,
  type EesSources,
  type FetchOptions,
} from '../../scripts/fetch-data';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIX = path.join(ROOT, 'test', 'fixtures', 'ees');
const SLUG = 'pupil-absence-in-schools-in-england';
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/** Title -> file name, under dfe/census/ and in the fixtures' release folders. */
const FILES: Record<string, string> = {
  'Absence by pupil ethnicity and FSM eligibility': 'absence_by_ethnicity_and_fsm.csv',
  'Absence rates by geographic level': 'absence_rates_by_geographic_level.csv',
  'Absence by geographic level - termly': 'absence_by_geographic_level_termly.csv',
};
const SOURCES: EesSources = {
  publication: SLUG,
  data_sets: Object.entries(FILES).map(([title, name]) => ({ title, path: `dfe/census/${name}` })),
};
const PATHS = SOURCES.data_sets.map((d) => d.path);
const [ETHNICITY, RATES, TERMLY] = PATHS as [string, string, string];
const fixture = (release: string, name: string) => fs.readFileSync(path.join(FIX, release, name));

interface DataContent {
  releaseId: string;
  releaseVersionId: string;
  dataSets: { dataSetFileId: string; fileId: string; title: string }[];
}
const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIX, name), 'utf8')) as T;
const CONTENT: Record<string, DataContent> = {
  '2024-25': readJson<DataContent>('data-content-2024-25.json'),
  '2023-24': readJson<DataContent>('data-content-2023-24.json'),
};
/** The download path of a data set of a release, as the fixtures give it. */
const filePath = (release: string, title: string) => {
  const c = CONTENT[release]!;
  return `/api/releases/${c.releaseVersionId}/files/${c.dataSets.find((d) => d.title === title)!.fileId}`;
};
const pathOfTitle = (release: string, file: string) => filePath(release, Object.keys(FILES).find((t) => `dfe/census/${FILES[t]}` === file)!);

type Handler = (res: http.ServerResponse, n: number) => void;
const send = (body: Buffer | string): Handler => (res) => void res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
const json = (value: unknown): Handler => send(JSON.stringify(value));

/** What the server answers, by path; reset before each test. */
let routes = new Map<string, Handler>();
const count = new Map<string, number>();
let server: http.Server;
let origin = '';
let dir = '';
let lockFile = '';
let opts: FetchOptions & { eesBase: string; eesLock: string };

/** The answers of a publication whose latest release is `latest` (by its flag; the list order stays). */
function publish(latest: '2024-25' | '2023-24', content: Partial<Record<string, DataContent>> = {}): void {
  const releases = readJson<{ slug: string; latestRelease: boolean }[]>('releases.json').map((r) => ({ ...r, latestRelease: r.slug === latest }));
  routes.set(`/api/publications/${SLUG}/releases`, json(releases));
  for (const release of ['2024-25', '2023-24']) {
    const c = content[release] ?? CONTENT[release]!;
    routes.set(`/api/publications/${SLUG}/releases/${release}/data-content`, json(c));
    for (const [title, name] of Object.entries(FILES)) routes.set(filePath(release, title), send(fixture(release, name)));
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    const n = (count.get(p) ?? 0) + 1;
    count.set(p, n);
    const handler = routes.get(p);
    if (!handler) return void res.writeHead(404).end('not found');
    handler(res, n);
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-ees-'));
  lockFile = path.join(dir, 'ees-lock.json');
  opts = { attempts: 3, backoffMs: 10, maxBackoffMs: 50, idleTimeoutMs: 1000, deadlineMs: 3000, log: () => {}, eesBase: origin, eesLock: lockFile };
  routes = new Map();
  count.clear();
  publish('2024-25');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const data = (p: string) => path.join(dir, 'data', p);
const read = (p: string) => fs.readFileSync(data(p));
const lockOf = (p: string) => readEesLock(lockFile).find((l) => l.path === p);
const leftovers = () => fs.readdirSync(path.join(dir, 'data'), { recursive: true }).map(String).filter((f) => f.endsWith('.part'));
const downloads = () => [...count.entries()].filter(([p]) => p.startsWith('/api/releases/')).reduce((s, [, n]) => s + n, 0);

describe('fetchEes', () => {
  it('takes the release flagged latest (not the first listed) and downloads each data set by title into its path, recording it in the lock', async () => {
    const t0 = Date.now();
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report).toEqual({ present: [], fetched: PATHS, differing: [], failed: [] });
    for (const p of PATHS) expect(read(p).equals(fixture('2024-25', path.basename(p)))).toBe(true);
    // The 2023-24 release comes first in the list, and is never asked about.
    expect(count.has(`/api/publications/${SLUG}/releases/2023-24/data-content`)).toBe(false);

    const c = CONTENT['2024-25']!;
    const lock = readEesLock(lockFile);
    expect(lock.map((l) => l.path)).toEqual([...PATHS].sort());
    for (const [title, name] of Object.entries(FILES)) {
      const p = `dfe/census/${name}`;
      const body = fixture('2024-25', name);
      const d = c.dataSets.find((x) => x.title === title)!;
      const entry = lockOf(p)!;
      expect(entry).toEqual({
        path: p,
        url: `${origin}${filePath('2024-25', title)}`,
        bytes: body.length,
        sha256: sha(body),
        publication: SLUG,
        release_slug: '2024-25',
        release_id: c.releaseId,
        release_version_id: c.releaseVersionId,
        title,
        data_set_file_id: d.dataSetFileId,
        file_id: d.fileId,
        fetched_at: entry.fetched_at,
      } satisfies EesLockEntry);
      expect(Date.parse(entry.fetched_at)).toBeGreaterThanOrEqual(t0 - 1000);
      expect(Date.parse(entry.fetched_at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('on the next run checks the files against the lock and downloads nothing', async () => {
    await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    const before = fs.readFileSync(lockFile, 'utf8');
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.present).toEqual(PATHS);
    expect(downloads()).toBe(3);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(before);
  });

  it('fetches again a file that was changed in place, and accepts it only with the locked checksum', async () => {
    await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    fs.writeFileSync(data(RATES), 'a local edit\n');
    expect((await fetchEes(SOURCES, path.join(dir, 'data'), opts)).fetched).toEqual([RATES]);
    expect(read(RATES).equals(fixture('2024-25', path.basename(RATES)))).toBe(true);
  });

  it('replaces the files and their lock entries when a new release is published', async () => {
    publish('2023-24');
    await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(lockOf(RATES)!.release_slug).toBe('2023-24');
    publish('2024-25');
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.fetched).toEqual(PATHS);
    expect(read(RATES).equals(fixture('2024-25', path.basename(RATES)))).toBe(true);
    expect(readEesLock(lockFile).map((l) => l.release_slug)).toEqual(['2024-25', '2024-25', '2024-25']);
  });

  it('names a title the latest release lacks (titles match exactly, case included) and still fetches the others', async () => {
    const renamed = structuredClone(CONTENT['2024-25']!);
    renamed.dataSets.find((d) => d.title === 'Absence by geographic level - termly')!.title = 'Absence by geographic level - Termly';
    publish('2024-25', { '2024-25': renamed });
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.fetched).toEqual([ETHNICITY, RATES]);
    expect(report.failed).toEqual([
      {
        path: TERMLY,
        url: `${origin}/api/publications/${SLUG}/releases/2024-25/data-content`,
        reason:
          `release 2024-25 of "${SLUG}" has no data set titled "Absence by geographic level - termly" (it has "Absence by characteristic - local authority", ` +
          '"Absence by pupil ethnicity and FSM eligibility", "Absence rates by geographic level", "Absence by geographic level - Termly")',
      },
    ]);
    // The older release, which has the title, is not used instead.
    expect(fs.existsSync(data(TERMLY))).toBe(false);
    expect(lockOf(TERMLY)).toBeUndefined();
  });

  it('refuses a title that the latest release lists twice', async () => {
    const twice = structuredClone(CONTENT['2024-25']!);
    twice.dataSets.push({ ...twice.dataSets[2]!, fileId: 'f11e0000-2425-4b00-8000-000000000009' });
    publish('2024-25', { '2024-25': twice });
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.failed.map((f) => [f.path, f.reason])).toEqual([[RATES, `release 2024-25 of "${SLUG}" has 2 data sets titled "Absence rates by geographic level"`]]);
  });

  it('retries a download that fails with HTTP 500 and then succeeds', async () => {
    const good = fixture('2024-25', path.basename(RATES));
    routes.set(pathOfTitle('2024-25', RATES), (res, n) => (n === 1 ? void res.writeHead(500).end('oops') : send(good)(res, n)));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.fetched).toEqual(PATHS);
    expect(count.get(pathOfTitle('2024-25', RATES))).toBe(2);
    expect(read(RATES).equals(good)).toBe(true);
  });

  it("keeps the previous good file and its lock entry when a new release's file is gone (404) or keeps failing (500)", async () => {
    publish('2023-24');
    await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    const old = { rates: read(RATES), termly: read(TERMLY), ratesLock: lockOf(RATES), termlyLock: lockOf(TERMLY) };
    publish('2024-25');
    routes.delete(pathOfTitle('2024-25', RATES));
    routes.set(pathOfTitle('2024-25', TERMLY), (res) => void res.writeHead(500).end('oops'));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.fetched).toEqual([ETHNICITY]);
    expect(report.failed).toEqual([
      { path: RATES, url: `${origin}${pathOfTitle('2024-25', RATES)}`, reason: 'HTTP 404 Not Found' },
      { path: TERMLY, url: `${origin}${pathOfTitle('2024-25', TERMLY)}`, reason: 'HTTP 500 Internal Server Error' },
    ]);
    expect(count.get(pathOfTitle('2024-25', RATES))).toBe(1);
    expect(count.get(pathOfTitle('2024-25', TERMLY))).toBe(3);
    expect(read(RATES).equals(old.rates)).toBe(true);
    expect(read(TERMLY).equals(old.termly)).toBe(true);
    expect(lockOf(RATES)).toEqual(old.ratesLock);
    expect(lockOf(TERMLY)).toEqual(old.termlyLock);
    expect(lockOf(ETHNICITY)!.release_slug).toBe('2024-25');
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file whose checksum differs from the lock, keeping the file in place', async () => {
    await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    const locked = lockOf(RATES);
    fs.writeFileSync(data(RATES), 'the previous good version\n');
    // Same release version and file id, other bytes.
    routes.set(pathOfTitle('2024-25', RATES), send(fixture('2024-25', path.basename(RATES)).toString().replace('Luton', 'Lutom')));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.failed.map((f) => [f.path, f.reason.replace(/[0-9a-f]{64}/g, 'H')])).toEqual([[RATES, 'checksum mismatch: SHA-256 H, expected H']]);
    expect(fs.readFileSync(data(RATES), 'utf8')).toBe('the previous good version\n');
    expect(lockOf(RATES)).toEqual(locked);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a new file that is not a DfE data CSV', async () => {
    routes.set(pathOfTitle('2024-25', RATES), send('<!DOCTYPE html>\n<p>Sign in</p>\n'));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.failed.map((f) => [f.path, f.reason])).toEqual([[RATES, 'not a DfE data CSV: its first line has no time_period, time_identifier, geographic_level column']]);
    expect(fs.existsSync(data(RATES))).toBe(false);
    expect(lockOf(RATES)).toBeUndefined();
  });

  it('reports every data set as failed, with the request at fault, when the releases cannot be listed', async () => {
    routes.set(`/api/publications/${SLUG}/releases`, (res) => void res.writeHead(503).end('down'));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    const url = `${origin}/api/publications/${SLUG}/releases`;
    expect(report.failed).toEqual(PATHS.map((p) => ({ path: p, url, reason: 'could not resolve the latest release: HTTP 503 Service Unavailable' })));
    expect(count.get(`/api/publications/${SLUG}/releases`)).toBe(3);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('says so when no release is flagged latest', async () => {
    routes.set(`/api/publications/${SLUG}/releases`, json(readJson<object[]>('releases.json').map((r) => ({ ...r, latestRelease: false }))));
    const report = await fetchEes(SOURCES, path.join(dir, 'data'), opts);
    expect(report.failed[0]!.reason).toBe(`could not resolve the latest release: no release of "${SLUG}" marked latestRelease (of 3)`);
  });
});

describe('ensureSources with EES data sets', () => {
  const manifest = () => {
    const file = path.join(dir, 'sources.json');
    fs.writeFileSync(file, JSON.stringify({ files: [], ees: SOURCES }));
    return file;
  };
  it('asks EES nothing when the files are in place', async () => {
    for (const p of PATHS) {
      fs.mkdirSync(path.dirname(data(p)), { recursive: true });
      fs.writeFileSync(data(p), 'time_period,time_identifier,geographic_level\n');
    }
    const report = await ensureSources(path.join(dir, 'data'), { ...opts, manifest: manifest() });
    expect(report.present).toEqual(PATHS);
    expect(count.size).toBe(0);
  });
  it('fetches only the missing ones', async () => {
    fs.mkdirSync(path.dirname(data(RATES)), { recursive: true });
    fs.writeFileSync(data(RATES), 'kept as it is\n');
    const report = await ensureSources(path.join(dir, 'data'), { ...opts, manifest: manifest() });
    expect(report.fetched).toEqual([ETHNICITY, TERMLY]);
    expect(fs.readFileSync(data(RATES), 'utf8')).toBe('kept as it is\n');
    expect(count.has(pathOfTitle('2024-25', RATES))).toBe(false);
    expect(readEesLock(lockFile).map((l) => l.path)).toEqual([ETHNICITY, TERMLY].sort());
  });
});

describe('the EES base URL', () => {
  it('is --ees-base, else EES_BASE from the environment, else the real content API', () => {
    expect(eesBaseFrom('http://127.0.0.1:9/', { EES_BASE: 'https://elsewhere.example' })).toBe('http://127.0.0.1:9');
    expect(eesBaseFrom(undefined, { EES_BASE: 'https://elsewhere.example/' })).toBe('https://elsewhere.example');
    expect(eesBaseFrom(undefined, { EES_BASE: '' })).toBe(EES_BASE);
    expect(EES_BASE).toBe('https://content.explore-education-statistics.service.gov.uk');
    expect(() => eesBaseFrom('content.example/api', {})).toThrow('the EES base URL must be an http(s) URL, not "content.example/api"');
  });
});

describe('the command line', () => {
  it('fetches from the EES base given, writes the lock, names the file it could not get and exits non-zero', async () => {
    const renamed = structuredClone(CONTENT['2024-25']!);
    renamed.dataSets.find((d) => d.title === 'Absence by pupil ethnicity and FSM eligibility')!.title = 'Absence by ethnicity and FSM';
    publish('2024-25', { '2024-25': renamed });
    const manifest = path.join(dir, 'sources.json');
    fs.writeFileSync(manifest, JSON.stringify({ files: [], ees: SOURCES }));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const args = ['--import', 'tsx', path.join(ROOT, 'scripts', 'fetch-data.ts'), '--manifest', manifest, '--data-dir', path.join(dir, 'data'), '--ees-base', origin, '--ees-lock', lockFile];
      const child = execFile(process.execPath, args, { timeout: 20_000, env: { ...process.env, DATA_DIR: '', EES_BASE: 'http://127.0.0.1:9' } }, (_err, _out, stderr) =>
        resolve({ code: child.exitCode, stderr: String(stderr) }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`latest release of "${SLUG}" is 2024-25`);
    expect(r.stderr).toContain('2 fetched, 0 already present, 0 differing, 1 failed (of 3)');
    expect(r.stderr).toContain(
      `could not get 1 file:\n  ${ETHNICITY}\n    from ${origin}/api/publications/${SLUG}/releases/2024-25/data-content\n    release 2024-25 of "${SLUG}" has no data set titled "Absence by pupil ethnicity and FSM eligibility"`,
    );
    expect(readEesLock(lockFile).map((l) => l.path)).toEqual([RATES, TERMLY].sort());
  }, 20_000);
});

describe('the committed manifest and lock', () => {
  it('names the three census data sets of "Pupil absence in schools in England" by title', () => {
    expect(readEesSources()).toEqual(SOURCES);
  });
  it('has a lock file that reads', () => {
    expect(Array.isArray(readEesLock())).toBe(true);
  });
  it('refuses a lock entry that could not check anything', async () => {
    fs.writeFileSync(lockFile, JSON.stringify({ files: [{ path: RATES, release_version_id: 'x', file_id: 'y' }] }));
    expect(() => readEesLock(lockFile)).toThrow(`${lockFile}: files[0] needs "path", "bytes", "sha256", "release_version_id" and "file_id"`);
    await expect(fetchEes(SOURCES, path.join(dir, 'data'), opts)).rejects.toThrow('files[0] needs');
    expect(count.size).toBe(0);
  });
  it('refuses an EES path that a pinned file already uses', () => {
    const file = path.join(dir, 'sources.json');
    const pinned = { path: RATES, url: 'https://example.org/a.csv', bytes: 1, sha256: 'a'.repeat(64) };
    fs.writeFileSync(file, JSON.stringify({ files: [pinned], ees: SOURCES }));
    expect(() => readEesSources(file)).toThrow(`${file}: ees.data_sets[1]: ${RATES} is listed twice`);
  });
});
