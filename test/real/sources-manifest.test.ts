/**
 * The pinned manifest data/sources.json against the real data folder: every file fetch-data would
 * download must be, byte for byte, the copy the rest of the real-data tests read. Then a full fetch of
 * all of them from a local server on 127.0.0.1 that serves DATA_DIR (no other network is used).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkDfeCsv, checkFile, fetchSources, readEesSources, readManifest } from '../../scripts/fetch-data';
import { DATA_DIR } from '../data-dir';

const entries = readManifest();

describe('data/sources.json', () => {
  for (const entry of entries) {
    it(`${entry.path}: size and SHA-256 equal the copy in DATA_DIR`, async () => {
      expect(await checkFile(entry, path.join(DATA_DIR, entry.path))).toBe('ok');
    });
  }

  it('fetch-data gets every file, served locally from DATA_DIR, into an empty folder', async () => {
    const server = http.createServer((req, res) => {
      const rel = decodeURIComponent((req.url ?? '/').slice(1));
      const entry = entries.find((e) => e.path === rel);
      if (!entry) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': entry.bytes });
      fs.createReadStream(path.join(DATA_DIR, rel)).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-real-'));
    try {
      const local = entries.map((e) => ({ ...e, url: `${origin}/${e.path}` }));
      const report = await fetchSources(local, out, { attempts: 2, backoffMs: 10, idleTimeoutMs: 5000, log: () => {} });
      expect(report.failed).toEqual([]);
      expect(report.fetched).toEqual(entries.map((e) => e.path));
      for (const e of entries) expect(await checkFile(e, path.join(out, e.path))).toBe('ok');
    } finally {
      server.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the EES data sets of data/sources.json', () => {
  // What stands in for a checksum when EES publishes a new release must accept the files as published.
  for (const d of readEesSources()?.data_sets ?? []) {
    it(`${d.path} ("${d.title}") passes the check a newly released file gets`, async () => {
      expect(await checkDfeCsv(path.join(DATA_DIR, d.path))).toBeUndefined();
    });
  }
});
