/** The post-build steps' one way to find the built pages. */
import fs from 'node:fs';
import path from 'node:path';

/** Every .html file under `dir` (recursive), as absolute or `dir`-relative-joined paths. */
export function htmlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.join(e.parentPath, e.name));
}
