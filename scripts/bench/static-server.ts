/**
 * A small static server for dist/ on 127.0.0.1 that gzips text responses (level 6, as sizes.ts counts),
 * so that what Chromium records as transferred is what a gzip-serving host would send. Paths resolve
 * like the site's host: `/x/` -> `x/index.html`, `/x` -> `x.html` or `x/index.html`. Each response is
 * logged (path, status, bytes sent) so a caller can cross-check the browser's own counts.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.csv', '.txt', '.xml', '.ico']);

export interface ServedResponse {
  path: string;
  status: number;
  /** Body bytes sent (after compression). */
  bytes: number;
  gzip: boolean;
}

export interface StaticServer {
  origin: string;
  log: ServedResponse[];
  close: () => Promise<void>;
}

function resolveFile(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null; // malformed escape: answered as not found
  }
  const base = path.resolve(root, rel);
  if (base !== root && !base.startsWith(root + path.sep)) return null;
  const candidates = urlPath.endsWith('/') ? [path.join(base, 'index.html')] : [base, `${base}.html`, path.join(base, 'index.html')];
  return candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null;
}

/** Serves `root` on a free loopback port. */
export async function serveGzip(root: string): Promise<StaticServer> {
  const dir = path.resolve(root);
  const log: ServedResponse[] = [];
  const gzCache = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    const file = resolveFile(dir, urlPath);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      log.push({ path: urlPath, status: 404, bytes: 9, gzip: false });
      return;
    }
    const ext = path.extname(file);
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    let body: Buffer = fs.readFileSync(file);
    const gzip = wantsGzip && COMPRESSIBLE.has(ext);
    if (gzip) {
      if (!gzCache.has(file)) gzCache.set(file, zlib.gzipSync(body, { level: 6 }));
      body = gzCache.get(file)!;
    }
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    log.push({ path: urlPath, status: 200, bytes: body.length, gzip });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
