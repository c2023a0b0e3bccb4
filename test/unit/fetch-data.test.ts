/**
 * scripts/fetch-data.ts against a local HTTP server on 127.0.0.1 (no other network): a good file, a
 * truncated transfer that resumes with a Range request, a file that is too short, a wrong checksum, a 404,
 * a 503 then success, a response that never comes, a slow but steady one, and the command line's exit code.
 * Time-outs and back-off are set in milliseconds so the whole file runs in a few seconds.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureSources, fetchOne, fetchSources, getJson, readManifest, summary, type FetchOptions, type SourceFile, type UnpinnedFile } from '../../scripts/fetch-data';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BODY = Buffer.from(Array.from({ length: 4000 }, (_, i) => `row ${i},${(i * 7) % 101}\n`).join(''));
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const FAST: FetchOptions = { attempts: 3, backoffMs: 10, maxBackoffMs: 50, idleTimeoutMs: 300, deadlineMs: 3000, log: () => {} };

/** Requests seen, by path: method, Range header. */
const seen = new Map<string, { range: string | undefined }[]>();
const count = new Map<string, number>();
let server: http.Server;
let origin = '';
let dir = '';

/** Sends BODY (or `body`), honouring a Range request. */
function sendFile(req: http.IncomingMessage, res: http.ServerResponse, body = BODY): void {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) {
    const start = Number(m[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    const n = (count.get(p) ?? 0) + 1;
    count.set(p, n);
    seen.set(p, [...(seen.get(p) ?? []), { range: req.headers.range }]);
    switch (p) {
      case '/good.csv':
        return sendFile(req, res);
      case '/truncated-once.csv':
        // First answer promises the whole file, sends 1000 bytes and drops the connection.
        if (n === 1) {
          res.writeHead(200, { 'content-length': BODY.length });
          res.write(BODY.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 30));
          return;
        }
        return sendFile(req, res);
      case '/short.csv':
        // Always an honest but short file: the size check must refuse it.
        return sendFile(req, res, BODY.subarray(0, 1000));
      case '/wrong.csv':
        // Same length, different bytes.
        return sendFile(req, res, Buffer.from(BODY.toString().replace('row 5,', 'row 5;')));
      case '/ignores-range.csv':
        res.writeHead(200, { 'content-length': BODY.length });
        return void res.end(BODY);
      case '/flaky.csv':
        if (n === 1) return void res.writeHead(503, { 'retry-after': '0' }).end('busy');
        return sendFile(req, res);
      case '/flaky.json':
        if (n === 1) return void res.writeHead(503, { 'retry-after': '0' }).end('busy');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":[1,2]}');
      case '/page.html':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>Not the API</p>');
      case '/never.csv':
        return; // never answers; the client must give up
      case '/slow-steady.csv': {
        // 10 pieces, 60 ms apart: slower in total than the idle time-out, but never idle that long.
        res.writeHead(200, { 'content-length': BODY.length });
        const piece = Math.ceil(BODY.length / 10);
        let i = 0;
        const tick = setInterval(() => {
          if (res.destroyed) return clearInterval(tick);
          res.write(BODY.subarray(i * piece, (i + 1) * piece));
          if (++i === 10) {
            clearInterval(tick);
            res.end();
          }
        }, 60);
        return;
      }
      default:
        res.writeHead(404).end('not found');
    }
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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-data-'));
  seen.clear();
  count.clear();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = (name: string, over: Partial<SourceFile> = {}): SourceFile => ({
  path: `dfe/test/${name}`,
  url: `${origin}/${name}`,
  bytes: BODY.length,
  sha256: sha(BODY),
  ...over,
});
const target = (e: { path: string }) => path.join(dir, e.path);
const leftovers = () => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.part'));

describe('fetchOne', () => {
  it('downloads a good file, checks it, and then leaves it alone', async () => {
    const e = entry('good.csv');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
    expect(leftovers()).toEqual([]);
    expect(await fetchOne(e, dir, FAST)).toBe('present');
    expect(count.get('/good.csv')).toBe(1); // no second request
  });

  it('resumes a transfer cut off mid-file with a Range request', async () => {
    const e = entry('truncated-once.csv');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
    expect(seen.get('/truncated-once.csv')).toEqual([{ range: undefined }, { range: 'bytes=1000-' }]);
  });

  it('resumes from a .part left by an earlier run', async () => {
    const e = entry('good.csv');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(`${target(e)}.part`, BODY.subarray(0, 2500));
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(seen.get('/good.csv')).toEqual([{ range: 'bytes=2500-' }]);
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
  });

  it('restarts when the server ignores the range and sends the whole file', async () => {
    const e = entry('ignores-range.csv');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(`${target(e)}.part`, BODY.subarray(0, 2500));
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
  });

  it('refuses a file that stays too short, after retrying, and publishes nothing', async () => {
    const e = entry('short.csv');
    await expect(fetchOne(e, dir, FAST)).rejects.toThrow(`incomplete: received 1000 of ${BODY.length} bytes`);
    expect(fs.existsSync(target(e))).toBe(false);
    expect(count.get('/short.csv')).toBe(3);
  });

  it('refuses a wrong checksum and never replaces the good file already there', async () => {
    const e = entry('wrong.csv', { sha256: sha('a newer version') });
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(target(e), 'the previous good version\n');
    await expect(fetchOne(e, dir, FAST)).rejects.toThrow(/^checksum mismatch: SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}$/);
    expect(fs.readFileSync(target(e), 'utf8')).toBe('the previous good version\n');
    expect(leftovers()).toEqual([]);
    expect(count.get('/wrong.csv')).toBe(3);
  });

  it('gives up at once on a 404', async () => {
    const e = entry('gone.csv');
    await expect(fetchOne(e, dir, FAST)).rejects.toThrow('HTTP 404 Not Found');
    expect(count.get('/gone.csv')).toBe(1);
    expect(fs.existsSync(target(e))).toBe(false);
  });

  it('retries a 503 and succeeds', async () => {
    const e = entry('flaky.csv');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(count.get('/flaky.csv')).toBe(2);
  });

  it('times out a server that never answers, within the bounds set', async () => {
    const e = entry('never.csv');
    const t0 = Date.now();
    await expect(fetchOne(e, dir, { ...FAST, attempts: 2 })).rejects.toThrow('timed out: nothing received for 300 ms');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(count.get('/never.csv')).toBe(2);
  });

  it('keeps a slow but steady download going, and stops one that runs past the deadline', async () => {
    const e = entry('slow-steady.csv');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    fs.rmSync(target(e));
    await expect(fetchOne(e, dir, { ...FAST, attempts: 1, deadlineMs: 250 })).rejects.toThrow('timed out: the download took longer than 250 ms');
    expect(fs.existsSync(target(e))).toBe(false);
  });
});

describe('fetchOne with an unpinned file (no size or checksum known in advance)', () => {
  const startsWithRow0 = async (file: string): Promise<string | undefined> => (fs.readFileSync(file, 'utf8').startsWith('row 0,') ? undefined : 'does not start with row 0');
  const unpinned = (name: string, check = startsWithRow0): UnpinnedFile => ({ path: `dfe/test/${name}`, url: `${origin}/${name}`, check });

  it('downloads it whole, ignoring a .part an earlier run left, and publishes it once the check accepts it', async () => {
    const e = unpinned('good.csv');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(`${target(e)}.part`, 'row 0,a part of some other version\n');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(seen.get('/good.csv')).toEqual([{ range: undefined }]);
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('downloads it again on the next run: a file in place is not known to be the one wanted', async () => {
    const e = unpinned('good.csv');
    await fetchOne(e, dir, FAST);
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(count.get('/good.csv')).toBe(2);
  });

  it('still resumes a transfer cut off within the run', async () => {
    const e = unpinned('truncated-once.csv');
    expect(await fetchOne(e, dir, FAST)).toBe('fetched');
    expect(seen.get('/truncated-once.csv')).toEqual([{ range: undefined }, { range: 'bytes=1000-' }]);
    expect(fs.readFileSync(target(e)).equals(BODY)).toBe(true);
  });

  it('refuses what the check refuses, after retrying, and keeps the good file already there', async () => {
    const e = unpinned('good.csv', async () => 'not what was asked for');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(target(e), 'the previous good version\n');
    await expect(fetchOne(e, dir, FAST)).rejects.toThrow(/^not what was asked for$/);
    expect(fs.readFileSync(target(e), 'utf8')).toBe('the previous good version\n');
    expect(leftovers()).toEqual([]);
    expect(count.get('/good.csv')).toBe(3);
  });

  it('with missingOnly, leaves a file in place alone', async () => {
    const e = unpinned('good.csv');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(target(e), 'row 0,kept\n');
    const report = await fetchSources([e], dir, { ...FAST, missingOnly: true });
    expect(report.differing).toEqual(['dfe/test/good.csv']);
    expect(count.size).toBe(0);
  });
});

describe('getJson', () => {
  it('retries a 503 and parses the answer', async () => {
    expect(await getJson(`${origin}/flaky.json`, FAST)).toEqual({ ok: [1, 2] });
    expect(count.get('/flaky.json')).toBe(2);
  });
  it('gives up at once on a 404, and on an answer that is not JSON', async () => {
    await expect(getJson(`${origin}/gone.json`, FAST)).rejects.toThrow(/^HTTP 404 Not Found$/);
    await expect(getJson(`${origin}/page.html`, FAST)).rejects.toThrow('the answer is not JSON (it starts "<!DOCTYPE html>');
    expect(count.get('/gone.json')).toBe(1);
    expect(count.get('/page.html')).toBe(1);
  });
  it('times out a server that never answers', async () => {
    await expect(getJson(`${origin}/never.csv`, { ...FAST, attempts: 1 })).rejects.toThrow('timed out: no complete answer within 300 ms');
  });
});

describe('fetchSources', () => {
  it('fetches what it can and lists what it could not get', async () => {
    const entries = [entry('good.csv'), entry('gone.csv'), entry('flaky.csv'), entry('wrong.csv')];
    const report = await fetchSources(entries, dir, FAST);
    expect(report.fetched).toEqual(['dfe/test/good.csv', 'dfe/test/flaky.csv']);
    expect(report.failed.map((f) => [f.path, f.reason.replace(/[0-9a-f]{64}/g, 'H')])).toEqual([
      ['dfe/test/gone.csv', 'HTTP 404 Not Found'],
      ['dfe/test/wrong.csv', 'checksum mismatch: SHA-256 H, expected H'],
    ]);
    const text = summary(report, entries.length).join('\n');
    expect(text).toContain('2 fetched, 0 already present, 0 differing, 2 failed (of 4)');
    expect(text).toContain(`could not get 2 files:\n  dfe/test/gone.csv\n    from ${origin}/gone.csv\n    HTTP 404 Not Found`);
  });

  it('with missingOnly, keeps a present file that differs and fetches only the absent ones', async () => {
    const differs = entry('good.csv');
    fs.mkdirSync(path.dirname(target(differs)), { recursive: true });
    fs.writeFileSync(target(differs), 'a local edit\n');
    const report = await fetchSources([differs, entry('flaky.csv')], dir, { ...FAST, missingOnly: true });
    expect(report.differing).toEqual(['dfe/test/good.csv']);
    expect(report.fetched).toEqual(['dfe/test/flaky.csv']);
    expect(fs.readFileSync(target(differs), 'utf8')).toBe('a local edit\n');
    expect(count.get('/good.csv')).toBeUndefined();
  });
});

describe('ensureSources (what the data build runs when no data folder is named)', () => {
  const manifestOf = (entries: SourceFile[]) => {
    const file = path.join(dir, 'sources.json');
    fs.writeFileSync(file, JSON.stringify({ files: entries }));
    return file;
  };
  it('makes no request when every file is in place', async () => {
    const e = entry('good.csv');
    fs.mkdirSync(path.dirname(target(e)), { recursive: true });
    fs.writeFileSync(target(e), BODY);
    const report = await ensureSources(dir, { ...FAST, manifest: manifestOf([e]) });
    expect(report.present).toEqual(['dfe/test/good.csv']);
    expect(count.size).toBe(0);
  });
  it('fetches only the missing files', async () => {
    const present = entry('good.csv');
    fs.mkdirSync(path.dirname(target(present)), { recursive: true });
    fs.writeFileSync(target(present), BODY);
    const report = await ensureSources(dir, { ...FAST, manifest: manifestOf([present, entry('flaky.csv')]) });
    expect(report.fetched).toEqual(['dfe/test/flaky.csv']);
    expect([...count.keys()]).toEqual(['/flaky.csv']);
  });
  it('throws, after listing them, when files cannot be fetched', async () => {
    const lines: string[] = [];
    const manifest = manifestOf([entry('good.csv'), entry('gone.csv')]);
    await expect(ensureSources(dir, { ...FAST, manifest, log: (l) => lines.push(l) })).rejects.toThrow(
      /^could not fetch 1 of the 2 missing source files \(listed above\); connect to the internet and run again, or set DATA_DIR/,
    );
    expect(lines.join('\n')).toContain('could not get 1 file:\n  dfe/test/gone.csv');
  });
});

describe('the command line', () => {
  it('exits non-zero and names the files it could not get', async () => {
    const manifest = path.join(dir, 'sources.json');
    fs.writeFileSync(manifest, JSON.stringify({ files: [entry('good.csv'), entry('gone.csv')] }));
    // Asynchronous: the server answering the child runs in this process.
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const args = ['--import', 'tsx', path.join(ROOT, 'scripts', 'fetch-data.ts'), '--manifest', manifest, '--data-dir', path.join(dir, 'data')];
      const child = execFile(process.execPath, args, { timeout: 20_000, env: { ...process.env, DATA_DIR: '' } }, (_err, _out, stderr) =>
        resolve({ code: child.exitCode, stderr: String(stderr) }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dfe/test/good.csv: fetched');
    expect(r.stderr).toMatch(/could not get 1 file:\n {2}dfe\/test\/gone\.csv\n {4}from http:\/\/127\.0\.0\.1:\d+\/gone\.csv\n {4}HTTP 404 Not Found/);
    expect(fs.existsSync(path.join(dir, 'data', 'dfe', 'test', 'good.csv'))).toBe(true);
  }, 20_000);
});

describe('the committed manifest (data/sources.json)', () => {
  const files = readManifest();
  it('pins every file to a commit of its repository', () => {
    for (const f of files) {
      expect(f.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(f.url).toBe(`https://raw.githubusercontent.com/${f.repo}/${f.commit}/${f.source_path}`);
    }
  });
  it('covers every file family the data build reads, and the geo files it needs', () => {
    const paths = files.map((f) => f.path);
    for (const p of ['geo/las.csv', 'geo/regions.csv', 'geo/ONSvisual_uk-topojson_changes.csv', 'geo/ONSvisual_uk-topojson_topo.json']) expect(paths).toContain(p);
    for (const prefix of ['dfe/lait/', 'dfe/absence_pru/', 'dfe/attendance/', 'dfe/pa_explorer/', 'dfe/absence_distributions/', 'dfe/cin_outcomes/']) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
  });
});
