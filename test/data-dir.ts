/** Where the real DfE/ONS files are for the `real` test project: env DATA_DIR, else ../shared/data. */
import path from 'node:path';
import fs from 'node:fs';

export const DATA_DIR = path.resolve(process.env.DATA_DIR ?? path.join(import.meta.dirname, '..', '..', 'shared', 'data'));

/** Reads a file under DATA_DIR as UTF-8 text. */
export function readReal(rel: string): string {
  return fs.readFileSync(path.join(DATA_DIR, rel), 'utf8');
}
