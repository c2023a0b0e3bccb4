/**
 * Downloads every source file the data build reads into the data folder, each from its official
 * location pinned to a version (a commit of the public repository that publishes it), and checks each
 * against the size and SHA-256 in the manifest `data/sources.json`.
 *
 *   npm run fetch-data                         into DATA_DIR, or data/raw/ when DATA_DIR is unset
 *   npm run fetch-data -- --data-dir PATH      into PATH
 *   npm run fetch-data -- --missing-only       only files that are absent (present ones are checked, not replaced)
 *   npm run fetch-data -- --manifest FILE      another manifest (same shape)
 *
 * How a file is fetched:
 * - a file already in place with the pinned checksum is left alone (no request is made);
 * - bytes go to `<file>.part`; only when the whole file has arrived and its size and SHA-256 match is it
 *   renamed over `<file>`, so a good file is never replaced by a bad or partial one;
 * - an interrupted download resumes from the end of `<file>.part` with an HTTP Range request (a server that
 *   ignores the range and sends the whole file is handled: the part is restarted);
 * - network errors, time-outs, truncated bodies, HTTP 408/429/5xx and a checksum mismatch are retried with
 *   exponential back-off (a checksum mismatch restarts from byte 0); other HTTP errors (404...) are final;
 * - each attempt has an idle time-out (no bytes for `idleTimeoutMs`) and an overall deadline.
 * At the end it lists every file it could not get, with the reason, and exits non-zero if there is one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const MANIFEST = path.join(ROOT, 'data', 'sources.json');
export const DEFAULT_DATA_DIR = path.join(ROOT, 'data', 'raw');

/** One entry of the manifest. */
export interface SourceFile {
  /** Where the file goes, relative to the data folder (as the data build expects it). */
  path: string;
  /** Official location, pinned to a version. */
  url: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the exact bytes. */
  sha256: string;
  /** Provenance, for people: repository, commit and path in it. */
  repo?: string;
  commit?: string;
  source_path?: string;
}

/**
 * A file whose size and checksum cannot be known before it arrives (a data set of a newly published EES
 * release, see fetchEes): `check` vets the downloaded bytes instead, and the checksum is recorded afterwards.
 */
export interface UnpinnedFile {
  path: string;
  url: string;
  bytes?: undefined;
  sha256?: undefined;
  /** Given the downloaded file, the reason to refuse it, or undefined to accept it. */
  check: (file: string) => Promise<string | undefined>;
}

/** What fetchOne and fetchSources download: a pinned manifest entry, or an unpinned file. */
export type DownloadTarget = SourceFile | UnpinnedFile;

const isPinned = (e: DownloadTarget): e is SourceFile => e.sha256 !== undefined;

export interface FetchOptions {
  /** Tries per file, first included. Default 5. */
  attempts?: number;
  /** First back-off delay; doubles on each retry up to `maxBackoffMs`. Default 1000 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** An attempt is abandoned when no byte (or no response) arrives for this long. Default 30 s. */
  idleTimeoutMs?: number;
  /** An attempt is abandoned after this long in total. Default 10 min. */
  deadlineMs?: number;
  /** Files downloaded at the same time. Default 4. */
  concurrency?: number;
  /** Leave present files in place even when their checksum differs (they are reported). */
  missingOnly?: boolean;
  log?: (line: string) => void;
}

export interface FetchReport {
  /** Already in place with the pinned checksum. */
  present: string[];
  /** Downloaded and verified in this run. */
  fetched: string[];
  /** In place but not the pinned version; left alone (only with `missingOnly`). */
  differing: string[];
  /** Could not be obtained, with the reason of the last attempt. */
  failed: { path: string; url: string; reason: string }[];
}

/** Thrown by one attempt; `final` errors are not retried. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly final = false,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Reads and checks a manifest. Throws with the manifest's path and the entry at fault. */
export function readManifest(file = MANIFEST): SourceFile[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown };
  if (!Array.isArray(raw.files)) throw new Error(`${file}: no "files" list`);
  const seen = new Set<string>();
  return raw.files.map((f: Partial<SourceFile>, i) => {
    const where = `${file}: files[${i}]`;
    if (typeof f.path !== 'string' || f.path === '' || path.isAbsolute(f.path) || f.path.split('/').includes('..')) {
      throw new Error(`${where}: "path" must be a relative path inside the data folder`);
    }
    if (seen.has(f.path)) throw new Error(`${where}: ${f.path} is listed twice`);
    seen.add(f.path);
    if (typeof f.url !== 'string' || !/^https?:\/\//.test(f.url)) throw new Error(`${where}: "url" must be an http(s) URL`);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) throw new Error(`${where}: "sha256" must be 64 lower-case hex digits`);
    if (typeof f.bytes !== 'number' || !Number.isInteger(f.bytes) || f.bytes < 0) throw new Error(`${where}: "bytes" must be a whole number`);
    return f as SourceFile;
  });
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * 'ok' when `file` exists with the entry's size and checksum, 'missing' when absent, else 'differs'. A file
 * in place of an unpinned entry is never 'ok': nothing says it is the version wanted.
 */
export async function checkFile(entry: DownloadTarget, file: string): Promise<'ok' | 'missing' | 'differs'> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return 'missing';
  }
  if (!isPinned(entry) || size !== entry.bytes) return 'differs';
  return (await sha256File(file)) === entry.sha256 ? 'ok' : 'differs';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * One HTTP attempt: appends to (or restarts) `part`. Resolves when the server has sent everything it
 * is going to send; the caller then checks size and checksum. Throws AttemptError otherwise.
 */
async function attempt(entry: DownloadTarget, part: string, o: Timing): Promise<void> {
  let have = sizeOf(part);
  const controller = new AbortController();
  let timedOut = null as string | null;
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = `timed out: nothing received for ${o.idleTimeoutMs} ms`;
      controller.abort();
    }, o.idleTimeoutMs);
  };
  const deadline = setTimeout(() => {
    timedOut = `timed out: the download took longer than ${o.deadlineMs} ms`;
    controller.abort();
  }, o.deadlineMs);
  arm();
  try {
    const headers: Record<string, string> = {
      // Ranges count bytes of the file as stored; a compressed transfer would make them meaningless.
      'accept-encoding': 'identity',
      'user-agent': 'school-absence-tracker/fetch-data',
    };
    if (have > 0) headers.range = `bytes=${have}-`;
    let res: Response;
    try {
      res = await fetch(entry.url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      throw requestFailed(e, timedOut);
    }
    arm();
    if (res.status === 416 && have > 0) {
      // The part already holds at least the whole file; the size and checksum check decides.
      await res.body?.cancel().catch(() => {});
      return;
    }
    if (res.status === 206) {
      const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
      if (!start || Number(start[1]) !== have) {
        await res.body?.cancel().catch(() => {});
        fs.rmSync(part, { force: true });
        throw new AttemptError(`server answered the range request for bytes ${have}- with ${res.headers.get('content-range') ?? 'no Content-Range'}; restarting`);
      }
    } else if (res.status === 200) {
      have = 0; // the whole file again (a server that ignores Range): start the part afresh
    } else {
      return await refuseStatus(res);
    }
    if (!res.body) throw new AttemptError('response has no body');
    const fh = await fs.promises.open(part, have > 0 ? 'a' : 'w');
    try {
      const reader = res.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw new AttemptError(timedOut ?? `connection broke after ${have}${entry.bytes === undefined ? '' : ` of ${entry.bytes}`} bytes: ${describe(e)}`);
        }
        if (chunk.done) break;
        arm();
        await fh.write(chunk.value);
        have += chunk.value.length;
        if (entry.bytes !== undefined && have > entry.bytes) {
          await reader.cancel().catch(() => {});
          break; // too long: the size check rejects it
        }
      }
    } finally {
      await fh.close();
    }
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
  }
}

/** The AttemptError for a request that got no answer (`timedOut`: the time-out that aborted it). */
function requestFailed(e: unknown, timedOut: string | null): AttemptError {
  // A host name that does not resolve (offline, or a wrong URL) will not resolve on a retry either.
  const unresolved = (e as { cause?: { code?: unknown } }).cause?.code === 'ENOTFOUND';
  return new AttemptError(timedOut ?? `request failed: ${describe(e)}`, unresolved && !timedOut);
}

/** Throws the AttemptError for an HTTP error answer: 408, 429 and 5xx are retried, the others are final. */
async function refuseStatus(res: Response): Promise<never> {
  await res.body?.cancel().catch(() => {});
  const retryAfter = Number(res.headers.get('retry-after'));
  const transient = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new AttemptError(`HTTP ${res.status} ${res.statusText}`.trim(), !transient, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
}

type Timing = Required<Omit<FetchOptions, 'log' | 'missingOnly'>>;

function timing(options: FetchOptions): Timing {
  return {
    attempts: options.attempts ?? 5,
    backoffMs: options.backoffMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    deadlineMs: options.deadlineMs ?? 600_000,
    concurrency: options.concurrency ?? 4,
  };
}

/**
 * Runs `run` until it succeeds, at most `o.attempts` times, with exponential back-off between tries (at
 * least what a Retry-After asked for). An AttemptError marked final stops at once; any other error is a bug
 * and is thrown as it is. Rejects with the message of the last attempt.
 */
async function retrying<T>(o: Timing, run: () => Promise<T>): Promise<T> {
  let last = 'no attempt was made';
  for (let n = 1; n <= o.attempts; n++) {
    let wait: number | undefined;
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof AttemptError)) throw e;
      last = e.message;
      if (e.final) break;
      wait = e.retryAfterMs;
    }
    if (n < o.attempts) {
      const backoff = Math.min(o.backoffMs * 2 ** (n - 1), o.maxBackoffMs);
      await sleep(Math.min(Math.max(backoff, wait ?? 0), o.maxBackoffMs));
    }
  }
  throw new Error(last);
}

/**
 * GETs `url` and parses the answer as JSON, with the retries of a download (time-outs, 408/429/5xx and
 * broken connections are retried; other HTTP errors and an answer that is not JSON are final). The whole
 * answer must arrive within `idleTimeoutMs`. Rejects with the reason of the last attempt.
 */
export async function getJson(url: string, options: FetchOptions = {}): Promise<unknown> {
  const o = timing(options);
  return retrying(o, async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.idleTimeoutMs);
    const timedOut = () => (controller.signal.aborted ? `timed out: no complete answer within ${o.idleTimeoutMs} ms` : null);
    try {
      let res: Response;
      try {
        res = await fetch(url, { headers: { accept: 'application/json', 'user-agent': 'school-absence-tracker/fetch-data' }, signal: controller.signal, redirect: 'follow' });
      } catch (e) {
        throw requestFailed(e, timedOut());
      }
      if (!res.ok) return await refuseStatus(res);
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw new AttemptError(timedOut() ?? `connection broke: ${describe(e)}`);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Usually a wrong base URL answered by an HTML page: retrying will not change it.
        throw new AttemptError(`the answer is not JSON (it starts ${JSON.stringify(text.slice(0, 60))})`, true);
      }
    } finally {
      clearTimeout(timer);
    }
  });
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}

/**
 * Gets one file into `dataDir`, retrying as described at the top. Resolves 'present' or 'fetched';
 * rejects with the reason of the last attempt. An unpinned file is always downloaded (from byte 0) and
 * published only if its `check` accepts it.
 */
export async function fetchOne(entry: DownloadTarget, dataDir: string, options: FetchOptions = {}): Promise<'present' | 'fetched'> {
  const o = timing(options);
  const target = path.join(dataDir, entry.path);
  if ((await checkFile(entry, target)) === 'ok') return 'present';
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const part = `${target}.part`;
  // Without a checksum nothing would catch a .part of another version left by an earlier run being resumed.
  if (!isPinned(entry)) fs.rmSync(part, { force: true });
  await retrying(o, async () => {
    await attempt(entry, part, o);
    if (isPinned(entry)) {
      const size = sizeOf(part);
      if (size < entry.bytes) {
        // Kept: the next attempt resumes from here.
        throw new AttemptError(`incomplete: received ${size} of ${entry.bytes} bytes`);
      }
      if (size > entry.bytes) {
        fs.rmSync(part, { force: true });
        throw new AttemptError(`wrong size: received more than the expected ${entry.bytes} bytes`);
      }
      const got = await sha256File(part);
      if (got !== entry.sha256) {
        fs.rmSync(part, { force: true });
        throw new AttemptError(`checksum mismatch: SHA-256 ${got}, expected ${entry.sha256}`);
      }
    } else {
      const refused = await entry.check(part);
      if (refused !== undefined) {
        fs.rmSync(part, { force: true });
        throw new AttemptError(refused);
      }
    }
    fs.renameSync(part, target);
  });
  return 'fetched';
}

/** Fetches every entry (a few at a time) and reports what happened to each. Never throws for a file. */
export async function fetchSources(entries: readonly DownloadTarget[], dataDir: string, options: FetchOptions = {}): Promise<FetchReport> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const report: FetchReport = { present: [], fetched: [], differing: [], failed: [] };
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const target = path.join(dataDir, entry.path);
      if (options.missingOnly) {
        const state = await checkFile(entry, target);
        if (state === 'ok') {
          report.present.push(entry.path);
          continue;
        }
        if (state === 'differs') {
          report.differing.push(entry.path);
          log(
            isPinned(entry)
              ? `  ${entry.path}: present but not the pinned version (size or SHA-256 differs); left as it is`
              : `  ${entry.path}: present, but no checksum says it is the version now published; left as it is`,
          );
          continue;
        }
      }
      try {
        const result = await fetchOne(entry, dataDir, options);
        report[result].push(entry.path);
        log(`  ${entry.path}: ${result === 'present' ? 'present, checksum ok' : isPinned(entry) ? `fetched ${entry.bytes} bytes, checksum ok` : `fetched ${sizeOf(target)} bytes, accepted`}`);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        report.failed.push({ path: entry.path, url: entry.url, reason });
        log(`  ${entry.path}: FAILED: ${reason}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const order = new Map(entries.map((e, i) => [e.path, i]));
  const byManifest = (a: string, b: string) => order.get(a)! - order.get(b)!;
  report.present.sort(byManifest);
  report.fetched.sort(byManifest);
  report.differing.sort(byManifest);
  report.failed.sort((a, b) => byManifest(a.path, b.path));
  return report;
}

/** The closing lines: counts, then every file that could not be got. */
export function summary(report: FetchReport, total: number): string[] {
  const lines = [`fetch-data: ${report.fetched.length} fetched, ${report.present.length} already present, ${report.differing.length} differing, ${report.failed.length} failed (of ${total})`];
  if (report.failed.length) {
    lines.push(`fetch-data: could not get ${report.failed.length} file${report.failed.length === 1 ? '' : 's'}:`);
    for (const f of report.failed) lines.push(`  ${f.path}\n    from ${f.url}\n    ${f.reason}`);
  }
  return lines;
}

/**
 * For the data build when no data folder was given: fetches what is missing from `dataDir` (files in
 * place are checked and kept, even if they differ). Throws listing the files it could not get.
 */
export async function ensureSources(dataDir = DEFAULT_DATA_DIR, options: FetchOptions & { manifest?: string } = {}): Promise<FetchReport> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const entries = readManifest(options.manifest);
  const missing = entries.filter((e) => !fs.existsSync(path.join(dataDir, e.path)));
  if (missing.length === 0) return { present: entries.map((e) => e.path), fetched: [], differing: [], failed: [] };
  log(`fetch-data: ${missing.length} of ${entries.length} source files are missing from ${dataDir}; fetching them (set DATA_DIR to use another folder)`);
  const report = await fetchSources(missing, dataDir, { ...options, missingOnly: true, log });
  for (const line of summary(report, missing.length)) log(line);
  if (report.failed.length) {
    throw new Error(
      `could not fetch ${report.failed.length} of the ${missing.length} missing source files (listed above); ` +
        'connect to the internet and run again, or set DATA_DIR to a folder that holds the files (see README "Getting the data")',
    );
  }
  return report;
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const dataDir = path.resolve(argValue(argv, '--data-dir') ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR);
  const manifest = path.resolve(argValue(argv, '--manifest') ?? MANIFEST);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  (async () => {
    const entries = readManifest(manifest);
    log(`fetch-data: ${entries.length} files from ${path.relative(process.cwd(), manifest) || manifest} into ${dataDir}`);
    const report = await fetchSources(entries, dataDir, { missingOnly: argv.includes('--missing-only'), log });
    for (const line of summary(report, entries.length)) log(line);
    process.exit(report.failed.length ? 1 : 0);
  })().catch((e: unknown) => {
    log(`fetch-data failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
