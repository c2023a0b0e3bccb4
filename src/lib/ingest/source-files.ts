/**
 * The layouts in which Explore Education Statistics (EES) hands out a data file, read as the plain file:
 *  - a file in a `data/` subfolder (an unpacked release: `data/` beside `data-guidance/`);
 *  - a gzip-compressed file (`name.csv.gz`);
 *  - a release zip (`data/*.csv`, `data-guidance/*`, `supporting-files/*` inside).
 * Each is given the place in the data folder the plain file would have (`placeOf`), so the file families
 * (file-families.familyOf) are decided once, on that place. The data guidance EES ships with the files is
 * kept with the source record, never read as data.
 * Compressed bytes are inflated as they are read, one chunk at a time (zlib for gzip, fflate for zip).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { DataError } from '../domain/errors';

/** A folder EES puts its data guidance in, beside `data/`. */
export const GUIDANCE_FOLDER = 'data-guidance';

/**
 * Where a file of the data folder (path relative to it, `/`-separated) would be as a plain file: a `data/`
 * folder and a `.gz` ending are taken out. `dfe/attendance/202425/data/EES_aut_data.csv.gz` is
 * `dfe/attendance/202425/EES_aut_data.csv`.
 */
export function placeOf(file: string): string {
  return file.replace(/(^|\/)data\/([^/]+)$/, '$1$2').replace(/\.gz$/i, '');
}

/** Whether a path (in the data folder or in a zip) lies in an EES data guidance folder. */
export function isGuidance(file: string): boolean {
  return file.split('/').slice(0, -1).includes(GUIDANCE_FOLDER);
}

/**
 * The whole content of a gzip file, inflated while it is read (Node's zlib, which checks the gzip trailer's
 * length and CRC, so a file cut short is refused). Throws DataError naming `file` when it is not gzip or is cut.
 */
export async function readGzip(abs: string, file: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of fs.createReadStream(abs).pipe(zlib.createGunzip())) parts.push(chunk as Buffer);
  } catch (e) {
    const cut = (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR';
    throw new DataError({ file }, cut ? 'gzip file ended before its end (truncated download?)' : `not a readable gzip file: ${(e as Error).message}`);
  }
  return Buffer.concat(parts);
}

/** One file inside a zip: its name there, and its content when it was wanted. */
export interface ZipEntry {
  name: string;
  content?: Uint8Array;
}

/**
 * The files in a zip archive, in archive order; the content of those `want` accepts is inflated as the
 * archive streams past (others are skipped unread). Throws DataError naming `file` for a file that is not a
 * zip, or one that is cut off.
 */
export async function readZip(abs: string, file: string, want: (name: string) => boolean): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  let error: DataError | undefined;
  const unzip = new Unzip((f) => {
    const entry: ZipEntry = { name: f.name };
    entries.push(entry);
    if (f.name.endsWith('/') || !want(f.name)) return;
    const parts: Uint8Array[] = [];
    // fflate calls ondata as it inflates, inside push(): by the last push every entry has ended or is cut.
    f.ondata = (err, chunk, final) => {
      if (err) error ??= new DataError({ file: `${file}/${f.name}` }, `cannot inflate the zip entry: ${err.message}`);
      else {
        parts.push(chunk);
        if (final) entry.content = concat(parts);
      }
    };
    try {
      f.start();
    } catch (e) {
      error ??= new DataError({ file }, `unsupported zip entry ${f.name}: ${(e as Error).message}`);
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for await (const chunk of fs.createReadStream(abs)) unzip.push(chunk as Uint8Array);
    unzip.push(new Uint8Array(0), true);
  } catch (e) {
    throw new DataError({ file }, `zip archive is truncated or corrupt: ${(e as Error).message}`);
  }
  if (error) throw error;
  if (entries.length === 0) throw new DataError({ file }, 'no file found in the zip archive (is it a zip?)');
  const cut = entries.find((e) => !e.name.endsWith('/') && want(e.name) && e.content === undefined);
  if (cut) throw new DataError({ file: `${file}/${cut.name}` }, 'zip archive ended before the end of this file (truncated download?)');
  return entries;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
