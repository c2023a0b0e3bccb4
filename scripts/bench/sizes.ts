/**
 * Byte counts of files and folders, raw and gzipped. Gzip is node:zlib at level 6, what static hosts and
 * CDNs commonly use; each file is compressed on its own, as it would be sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface Size {
  files: number;
  bytes: number;
  gzipBytes: number;
}

export const ZERO: Size = { files: 0, bytes: 0, gzipBytes: 0 };

export function add(a: Size, b: Size): Size {
  return { files: a.files + b.files, bytes: a.bytes + b.bytes, gzipBytes: a.gzipBytes + b.gzipBytes };
}

export function gzipSize(data: Buffer | string): number {
  return zlib.gzipSync(data, { level: 6 }).length;
}

/** Every file under `dir` (following no symlinked folders), sorted. [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

/** Size of one file; ZERO when it does not exist. */
export function fileSize(file: string): Size {
  if (!fs.existsSync(file)) return ZERO;
  const data = fs.readFileSync(file);
  return { files: 1, bytes: data.length, gzipBytes: gzipSize(data) };
}

/** Summed size of some files. */
export function sizeOf(files: readonly string[]): Size {
  return files.map(fileSize).reduce(add, ZERO);
}

/** Summed size of everything under a folder. */
export function dirSize(dir: string): Size {
  return sizeOf(filesUnder(dir));
}

/** File count and raw bytes under a folder, from the file system alone (fast: nothing read or gzipped). */
export function rawSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const f of filesUnder(dir)) {
    files++;
    bytes += fs.statSync(f).size;
  }
  return { files, bytes };
}

/** "123.4 KB" style, with 1 KB = 1024 bytes. */
export function kb(bytes: number): string {
  if (bytes >= 10 * 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}
