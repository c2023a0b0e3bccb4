/**
 * Downloads every source file the data build reads into the data folder, each from its official
 * location pinned to a version (a commit of the public repository that publishes it), and checks each
 * against the size and SHA-256 in the manifest `data/sources.json`. The files listed in the manifest's
 * "ees" part have no pinned copy: they are data sets of the latest release of a publication on Explore
 * Education Statistics, found by title through EES's content API and recorded in `data/ees-lock.json`
 * (see "Explore Education Statistics" below).
 *
 *   npm run fetch-data                         into DATA_DIR, or data/raw/ when DATA_DIR is unset
 *   npm run fetch-data -- --data-dir PATH      into PATH
 *   npm run fetch-data -- --missing-only       only files that are absent (present ones are checked, not replaced)
 *   npm run fetch-data -- --manifest FILE      another manifest (same shape)
 *   npm run fetch-data -- --ees-base URL       another EES content API (or env EES_BASE; default EES_BASE below)
 *   npm run fetch-data -- --ees-lock FILE      another lock file for the EES data sets
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

const isDataPath = (p: unknown): p is string => typeof p === 'string' && p !== '' && !path.isAbsolute(p) && !p.split('/').includes('..');

/** Reads and checks a manifest's pinned files. Throws with the manifest's path and the entry at fault. */
export function readManifest(file = MANIFEST): SourceFile[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown };
  if (!Array.isArray(raw.files)) throw new Error(`${file}: no "files" list`);
  const seen = new Set<string>();
  return raw.files.map((f: Partial<SourceFile>, i) => {
    const where = `${file}: files[${i}]`;
    if (!isDataPath(f.path)) {
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

// Explore Education Statistics (EES)
//
// Some files have no pinned public copy: they are data sets of the latest release of an EES publication,
// named by title in the manifest's "ees" part. Each run asks EES's content API which release is the latest
// and which file each title is in it; the lock file records what was resolved and the size and SHA-256 of
// what was downloaded, so that the same EES file is checked like a pinned one, and a new release is noticed.

/** The content API EES's own site reads. */
export const EES_BASE = 'https://content.explore-education-statistics.service.gov.uk';
export const EES_LOCK = path.join(ROOT, 'data', 'ees-lock.json');

/** The manifest's "ees" part: data sets of the latest release of one EES publication, chosen by title. */
export interface EesSources {
  /** The publication's slug, as in its address on EES (find-statistics/<slug>). */
  publication: string;
  /** Titles exactly as EES shows them (case and punctuation count), and where each file goes. */
  data_sets: { title: string; path: string }[];
}

/** One entry of the lock file: a downloadable pinned entry plus where it was resolved from. */
export interface EesLockEntry extends SourceFile {
  publication: string;
  release_slug: string;
  release_id: string;
  release_version_id: string;
  title: string;
  /** The data set's id in EES's data catalogue (the id the data folder's SOURCES.md quotes). */
  data_set_file_id: string;
  /** The file's id within the release version: the one the download URL takes. */
  file_id: string;
  /** ISO 8601, when these bytes were downloaded. */
  fetched_at: string;
}

/**
 * Reads the manifest's "ees" part, or undefined when it has none. Throws with the manifest's path when the
 * part is malformed, or when it names a path that the pinned files (or another title) already use.
 */
export function readEesSources(file = MANIFEST): EesSources | undefined {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { ees?: Partial<EesSources> };
  if (raw.ees === undefined) return undefined;
  const where = `${file}: ees`;
  const { publication, data_sets } = raw.ees;
  if (typeof publication !== 'string' || !/^[a-z0-9-]+$/.test(publication)) throw new Error(`${where}: "publication" must be a publication slug`);
  if (!Array.isArray(data_sets) || data_sets.length === 0) throw new Error(`${where}: "data_sets" must be a non-empty list`);
  const taken = new Set(readManifest(file).map((f) => f.path));
  const titles = new Set<string>();
  for (const [i, d] of data_sets.entries()) {
    if (typeof d?.title !== 'string' || d.title.trim() === '') throw new Error(`${where}.data_sets[${i}]: "title" must be a data set title`);
    if (!isDataPath(d.path)) throw new Error(`${where}.data_sets[${i}]: "path" must be a relative path inside the data folder`);
    if (taken.has(d.path)) throw new Error(`${where}.data_sets[${i}]: ${d.path} is listed twice`);
    if (titles.has(d.title)) throw new Error(`${where}.data_sets[${i}]: "${d.title}" is listed twice`);
    taken.add(d.path);
    titles.add(d.title);
  }
  return { publication, data_sets: data_sets.map((d) => ({ title: d.title, path: d.path })) };
}

/**
 * The entries of a lock file; none when the file does not exist. Throws with the file and the entry at
 * fault when it is not a lock file (an entry without its ids, size or SHA-256 could not check anything).
 */
export function readEesLock(file = EES_LOCK): EesLockEntry[] {
  if (!fs.existsSync(file)) return [];
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown };
  if (!Array.isArray(raw.files)) throw new Error(`${file}: no "files" list`);
  return raw.files.map((e: Partial<EesLockEntry>, i) => {
    const ok =
      isDataPath(e?.path) &&
      typeof e.bytes === 'number' &&
      typeof e.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(e.sha256) &&
      typeof e.release_version_id === 'string' &&
      typeof e.file_id === 'string';
    if (!ok) throw new Error(`${file}: files[${i}] needs "path", "bytes", "sha256", "release_version_id" and "file_id"`);
    return e as EesLockEntry;
  });
}

/** Replaces the lock file's entries, keeping its description; written whole, then renamed over it. */
function writeEesLock(file: string, entries: EesLockEntry[]): void {
  let description = 'Written by scripts/fetch-data.ts: the EES data sets it resolved and downloaded (see the "ees" part of data/sources.json).';
  if (fs.existsSync(file)) description = (JSON.parse(fs.readFileSync(file, 'utf8')) as { description?: string }).description ?? description;
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ description, files: [...entries].sort((a, b) => a.path.localeCompare(b.path)) }, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * Refuses bytes that are not an EES data file: the first line of a DfE open-data CSV names time_period,
 * time_identifier and geographic_level. Stands in for the checksum a new release's file cannot have yet;
 * it catches an error page or an archive answered with HTTP 200.
 */
export async function checkDfeCsv(file: string): Promise<string | undefined> {
  const fh = await fs.promises.open(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
  const end = head.indexOf('\n');
  if (end < 0) return 'not a DfE data CSV: no line break in its first 64 KiB';
  const columns = head.slice(0, end).replace(/\r$/, '').split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const lacking = ['time_period', 'time_identifier', 'geographic_level'].filter((c) => !columns.includes(c));
  return lacking.length ? `not a DfE data CSV: its first line has no ${lacking.join(', ')} column` : undefined;
}

/**
 * One item of `GET {base}/api/publications/{slug}/releases` (only the fields used). Shape: EES's
 * ReleaseSummaryViewModel (src/GovUk.Education.ExploreEducationStatistics.Content.ViewModels/
 * ReleaseSummaryViewModel.cs), returned as a list by ReleaseController.ListReleases
 * (src/GovUk.Education.ExploreEducationStatistics.Content.Api/Controllers/ReleaseController.cs), in the
 * camelCase that EES's own frontend reads (src/explore-education-statistics-common/src/services/
 * publicationService.ts, `ReleaseSummary`). The list holds published releases only.
 */
interface EesReleaseSummary {
  releaseId?: string;
  slug: string;
  /** True for the publication's latest published release (ReleaseService.List sets it from the publication). */
  latestRelease: boolean;
}

/**
 * `GET {base}/api/publications/{slug}/releases/{releaseSlug}/data-content` (only the fields used). Shape:
 * ReleaseDataContentDto and ReleaseDataContentDataSetDto (src/GovUk.Education.ExploreEducationStatistics.
 * Content.Services/Releases/Dtos/ReleaseDataContentDtos.cs), served by ReleaseVersionsController
 * (src/GovUk.Education.ExploreEducationStatistics.Content.Api/Controllers/Releases/ReleaseVersionsController.cs);
 * the frontend's `ReleaseVersionDataContent` and `DataSetItem` in publicationService.ts.
 */
interface EesDataContent {
  releaseId: string;
  releaseVersionId: string;
  dataSets: { dataSetFileId: string; fileId: string; title: string }[];
}

/** What resolveEes found: the latest release, and for each wanted title its file or why there is none. */
export interface EesResolved {
  publication: string;
  release_slug: string;
  release_id: string;
  release_version_id: string;
  /** The data-content address, which failures of a title refer to. */
  data_content_url: string;
  data_sets: (
    | { title: string; path: string; data_set_file_id: string; file_id: string; url: string }
    | { title: string; path: string; error: string }
  )[];
}

/** A failure to resolve the release itself; `url` is the request that failed. */
export class EesError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The base URL from `--ees-base`, else env EES_BASE, else EES_BASE; no trailing slash. Throws unless http(s). */
export function eesBaseFrom(flag: string | undefined, env = process.env): string {
  const base = (flag ?? (env.EES_BASE || undefined) ?? EES_BASE).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) throw new Error(`the EES base URL must be an http(s) URL, not ${JSON.stringify(base)}`);
  return base;
}

/**
 * Asks EES's content API at `eesBase` (default EES_BASE) for the latest release of `sources.publication`
 * and the file of each wanted data set in it (titles match exactly; a title that the latest release lacks,
 * or has twice, is an error for that data set only; older releases are never used). The download URL is
 * `{base}/api/releases/{releaseVersionId}/files/{fileId}` (ReleaseFileController.Stream in
 * src/GovUk.Education.ExploreEducationStatistics.Content.Api/Controllers/ReleaseFileController.cs, as the
 * frontend's downloadService.ts getFile uses it): the file itself, a CSV for a data set, possibly through a
 * redirect to blob storage; only `/files?fileIds=` answers a zip, and it is not used.
 * Throws EesError when the release cannot be resolved (HTTP errors after retries, no release marked
 * latest, answers of another shape).
 */
export async function resolveEes(sources: EesSources, options: FetchOptions & { eesBase?: string } = {}): Promise<EesResolved> {
  const base = (options.eesBase ?? EES_BASE).replace(/\/+$/, '');
  const slug = encodeURIComponent(sources.publication);
  const get = async (url: string) => {
    try {
      return await getJson(url, options);
    } catch (e) {
      throw new EesError(e instanceof Error ? e.message : String(e), url);
    }
  };

  const releasesUrl = `${base}/api/publications/${slug}/releases`;
  const releases = await get(releasesUrl);
  if (!Array.isArray(releases)) throw new EesError('unexpected answer: not a list of releases', releasesUrl);
  // The flag, not the order: EES lists releases in the publication's own series order, and the latest
  // release is the one the publication names, which need not come first.
  const latest = (releases as Partial<EesReleaseSummary>[]).filter((r) => r?.latestRelease === true);
  if (latest.length !== 1) {
    throw new EesError(`${latest.length === 0 ? 'no release' : `${latest.length} releases`} of "${sources.publication}" marked latestRelease (of ${releases.length})`, releasesUrl);
  }
  const release = latest[0]!;
  if (!isString(release.slug)) throw new EesError('unexpected answer: the latest release has no slug', releasesUrl);

  const contentUrl = `${base}/api/publications/${slug}/releases/${encodeURIComponent(release.slug)}/data-content`;
  const content = (await get(contentUrl)) as Partial<EesDataContent> | null;
  if (!content || !isString(content.releaseVersionId) || !Array.isArray(content.dataSets)) {
    throw new EesError('unexpected answer: no releaseVersionId and dataSets', contentUrl);
  }
  const releaseVersionId = content.releaseVersionId;
  const dataSets = content.dataSets as Partial<EesDataContent['dataSets'][number]>[];
  return {
    publication: sources.publication,
    release_slug: release.slug,
    release_id: content.releaseId ?? release.releaseId ?? '',
    release_version_id: releaseVersionId,
    data_content_url: contentUrl,
    data_sets: sources.data_sets.map(({ title, path: p }) => {
      const found = dataSets.filter((d) => d?.title === title);
      const name = `release ${release.slug} of "${sources.publication}"`;
      if (found.length === 0) {
        const has = dataSets.map((d) => `"${d?.title}"`).join(', ');
        return { title, path: p, error: `${name} has no data set titled "${title}" (it has ${has || 'none'})` };
      }
      if (found.length > 1) return { title, path: p, error: `${name} has ${found.length} data sets titled "${title}"` };
      const d = found[0]!;
      if (!isString(d.fileId) || !/^[0-9a-fA-F-]+$/.test(d.fileId)) return { title, path: p, error: `unexpected answer: data set "${title}" has no fileId` };
      return {
        title,
        path: p,
        data_set_file_id: d.dataSetFileId ?? '',
        file_id: d.fileId,
        url: `${base}/api/releases/${encodeURIComponent(releaseVersionId)}/files/${d.fileId}`,
      };
    }),
  };
}

/**
 * Resolves and downloads the EES data sets of `sources` into `dataDir` (see resolveEes), then records each
 * file downloaded in the lock file `eesLock` (default EES_LOCK). A file the lock already records for the
 * same release version and file id is checked against its size and SHA-256 like a pinned file (and not
 * downloaded when in place); a file new to the lock is checked with checkDfeCsv. A failure keeps the file
 * in place and its lock entry. Never throws for a file: failures are in the report, with the reason;
 * throws only for a malformed lock file (readEesLock).
 */
export async function fetchEes(
  sources: EesSources,
  dataDir: string,
  options: FetchOptions & { eesBase?: string; eesLock?: string } = {},
): Promise<FetchReport> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const lockFile = options.eesLock ?? EES_LOCK;
  const lock = readEesLock(lockFile);
  const report: FetchReport = { present: [], fetched: [], differing: [], failed: [] };
  let resolved: EesResolved;
  try {
    resolved = await resolveEes(sources, options);
  } catch (e) {
    const reason = `could not resolve the latest release: ${e instanceof Error ? e.message : String(e)}`;
    const url = e instanceof EesError ? e.url : options.eesBase ?? EES_BASE;
    for (const d of sources.data_sets) {
      report.failed.push({ path: d.path, url, reason });
      log(`  ${d.path}: FAILED: ${reason}`);
    }
    return report;
  }
  log(`  EES: latest release of "${resolved.publication}" is ${resolved.release_slug} (release version ${resolved.release_version_id})`);

  const targets: DownloadTarget[] = [];
  const found = new Map<string, Extract<EesResolved['data_sets'][number], { file_id: string }>>();
  for (const d of resolved.data_sets) {
    if ('error' in d) {
      report.failed.push({ path: d.path, url: resolved.data_content_url, reason: d.error });
      log(`  ${d.path}: FAILED: ${d.error}`);
      continue;
    }
    found.set(d.path, d);
    const known = lock.find((l) => l.path === d.path && l.release_version_id === resolved.release_version_id && l.file_id === d.file_id);
    targets.push(known ? { path: d.path, url: d.url, bytes: known.bytes, sha256: known.sha256 } : { path: d.path, url: d.url, check: checkDfeCsv });
  }
  const got = await fetchSources(targets, dataDir, { ...options, log });
  report.present.push(...got.present);
  report.fetched.push(...got.fetched);
  report.differing.push(...got.differing);
  report.failed.push(...got.failed);

  if (got.fetched.length) {
    const now = new Date().toISOString();
    const entries = lock.filter((l) => !got.fetched.includes(l.path));
    for (const p of got.fetched) {
      const d = found.get(p)!;
      const file = path.join(dataDir, p);
      entries.push({
        path: p,
        url: d.url,
        bytes: fs.statSync(file).size,
        sha256: await sha256File(file),
        publication: resolved.publication,
        release_slug: resolved.release_slug,
        release_id: resolved.release_id,
        release_version_id: resolved.release_version_id,
        title: d.title,
        data_set_file_id: d.data_set_file_id,
        file_id: d.file_id,
        fetched_at: now,
      });
    }
    writeEesLock(lockFile, entries);
  }
  const order = new Map(sources.data_sets.map((d, i) => [d.path, i]));
  const byManifest = (a: string, b: string) => order.get(a)! - order.get(b)!;
  for (const list of [report.present, report.fetched, report.differing]) list.sort(byManifest);
  report.failed.sort((a, b) => byManifest(a.path, b.path));
  return report;
}

/** Adds `b`'s lists to `a`'s. */
function mergeReports(a: FetchReport, b: FetchReport): FetchReport {
  return { present: [...a.present, ...b.present], fetched: [...a.fetched, ...b.fetched], differing: [...a.differing, ...b.differing], failed: [...a.failed, ...b.failed] };
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
 * For the data build when no data folder was given: fetches what is missing from `dataDir`, pinned files
 * and EES data sets alike (files in place are checked and kept, even if they differ; EES is not asked
 * anything when none of its files is missing). Throws listing the files it could not get.
 */
export async function ensureSources(
  dataDir = DEFAULT_DATA_DIR,
  options: FetchOptions & { manifest?: string; eesBase?: string; eesLock?: string } = {},
): Promise<FetchReport> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const entries = readManifest(options.manifest);
  const ees = readEesSources(options.manifest);
  const absent = (p: string) => !fs.existsSync(path.join(dataDir, p));
  const missing = entries.filter((e) => absent(e.path));
  const eesMissing = ees ? { ...ees, data_sets: ees.data_sets.filter((d) => absent(d.path)) } : undefined;
  const total = entries.length + (ees?.data_sets.length ?? 0);
  const count = missing.length + (eesMissing?.data_sets.length ?? 0);
  if (count === 0) return { present: [...entries.map((e) => e.path), ...(ees?.data_sets.map((d) => d.path) ?? [])], fetched: [], differing: [], failed: [] };
  log(`fetch-data: ${count} of ${total} source files are missing from ${dataDir}; fetching them (set DATA_DIR to use another folder)`);
  let report = await fetchSources(missing, dataDir, { ...options, missingOnly: true, log });
  if (eesMissing?.data_sets.length) {
    report = mergeReports(report, await fetchEes(eesMissing, dataDir, { ...options, eesBase: options.eesBase ?? eesBaseFrom(undefined), missingOnly: true, log }));
  }
  for (const line of summary(report, count)) log(line);
  if (report.failed.length) {
    throw new Error(
      `could not fetch ${report.failed.length} of the ${count} missing source files (listed above); ` +
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
  const eesLock = path.resolve(argValue(argv, '--ees-lock') ?? EES_LOCK);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  (async () => {
    const eesBase = eesBaseFrom(argValue(argv, '--ees-base'));
    const entries = readManifest(manifest);
    const ees = readEesSources(manifest);
    const total = entries.length + (ees?.data_sets.length ?? 0);
    const missingOnly = argv.includes('--missing-only');
    log(`fetch-data: ${total} files from ${path.relative(process.cwd(), manifest) || manifest} into ${dataDir}`);
    let report = await fetchSources(entries, dataDir, { missingOnly, log });
    if (ees) {
      log(`fetch-data: ${ees.data_sets.length} data sets of the latest release of "${ees.publication}" from ${eesBase} (lock file ${path.relative(process.cwd(), eesLock) || eesLock})`);
      report = mergeReports(report, await fetchEes(ees, dataDir, { missingOnly, log, eesBase, eesLock }));
    }
    for (const line of summary(report, total)) log(line);
    process.exit(report.failed.length ? 1 : 0);
  })().catch((e: unknown) => {
    log(`fetch-data failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
