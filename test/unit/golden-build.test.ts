/**
 * Golden test of the data build: test/fixtures/mini-data (DfE-format fixtures: a census file, a register
 * file, the trimmed lookups and topology) is built, and every generated file is compared with the committed
 * copy under test/golden/mini-data/. Any change to a published figure, a file name or a field shows up as a
 * diff here. When a change is meant: `npm run test:golden:update`, then read the diff before committing.
 * The build time (index.json builtAt), the release date and the data folder's absolute path (contents.dataDir)
 * are the only fields masked. Area files (columns, src/lib/domain/area-store.ts) are committed decoded, one object
 * per row, so a changed figure shows as a changed row; their encoding is tested in area-store.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data';
import { AreaStore, type AreaFile } from '../../src/lib/domain/area-store';

const DATA = path.resolve(import.meta.dirname, '..', 'fixtures', 'mini-data');
const GOLDEN = path.resolve(import.meta.dirname, '..', 'golden', 'mini-data');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let out = '';
beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'absence-golden-'));
  await buildData(DATA, out, () => {});
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const files = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];

/** The file as committed: JSON pretty-printed (so diffs are readable) with the build's clock masked. */
function normalised(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  if (!file.endsWith('.json')) return text;
  if (file.includes(`${path.sep}generated${path.sep}areas${path.sep}`)) return `${JSON.stringify(AreaStore.fromFile(JSON.parse(text) as AreaFile).all(), null, 1)}\n`;
  const value = JSON.parse(text, (key, v) => {
    if (key === 'builtAt') return '<build time>';
    // The absolute path of the data folder (index.json `contents`, for the next build's drop check) is this machine's.
    if (key === 'dataDir') return '<data folder>';
    if (key === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return '<build date>';
    if (key === 'id' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}-[0-9a-f]+$/.test(v)) return v.replace(/^\d{4}-\d{2}-\d{2}/, '<build date>');
    return v;
  });
  return `${JSON.stringify(value, null, 1)}\n`;
}

describe('golden data build of test/fixtures/mini-data', () => {
  it('writes exactly the committed set of files', () => {
    const built = files(out);
    if (UPDATE) {
      fs.rmSync(GOLDEN, { recursive: true, force: true });
      for (const f of built) {
        fs.mkdirSync(path.dirname(path.join(GOLDEN, f)), { recursive: true });
        fs.writeFileSync(path.join(GOLDEN, f), normalised(path.join(out, f)));
      }
    }
    expect(built).toEqual(files(GOLDEN));
  });

  it('writes every file with the committed content', () => {
    for (const f of files(GOLDEN)) {
      expect.soft(normalised(path.join(out, f)), f).toBe(fs.readFileSync(path.join(GOLDEN, f), 'utf8'));
    }
  });
});
