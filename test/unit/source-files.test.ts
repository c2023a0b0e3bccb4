import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isGuidance, placeOf, readGzip, readZip } from '../../src/lib/ingest/source-files';
import { familyOf } from '../../src/lib/ingest/file-families';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'source-files-'));
const write = (name: string, bytes: Uint8Array) => {
  const abs = path.join(tmp, name);
  fs.writeFileSync(abs, bytes);
  return abs;
};
const text = (s: string) => new TextEncoder().encode(s);

describe('placeOf: where an EES-packaged file would be as a plain file', () => {
  it.each([
    ['dfe/attendance/202425/data/EES_aut_data.csv', 'dfe/attendance/202425/EES_aut_data.csv'],
    ['dfe/attendance/202425/EES_aut_data.csv.gz', 'dfe/attendance/202425/EES_aut_data.csv'],
    ['dfe/attendance/202425/data/EES_aut_data.csv.gz', 'dfe/attendance/202425/EES_aut_data.csv'],
    ['dfe/census/absence_rates_by_geographic_level.csv', 'dfe/census/absence_rates_by_geographic_level.csv'],
    // Only a data/ folder holding the file itself is EES packaging.
    ['dfe/data/attendance/202425/EES_aut_data.csv', 'dfe/data/attendance/202425/EES_aut_data.csv'],
  ])('%s -> %s', (file, place) => {
    expect(placeOf(file)).toBe(place);
  });

  it('families are decided on that place', () => {
    expect(familyOf(placeOf('dfe/attendance/202425/data/EES_spr_data.csv.gz'))).toBe('registers');
    expect(familyOf('dfe/attendance/202425/EES_spr_data.csv.gz')).toBeUndefined();
    expect(familyOf('dfe/absence_distributions/absence_bands_distributions.zip')).toBe('distributions');
    expect(familyOf('dfe/attendance/202425/release.zip')).toBeUndefined();
  });

  it('data guidance lies in a data-guidance folder', () => {
    expect(isGuidance('dfe/census/data-guidance/data-guidance.txt')).toBe(true);
    expect(isGuidance('data-guidance/data-guidance.txt')).toBe(true);
    expect(isGuidance('dfe/census/data-guidance.txt')).toBe(false);
  });
});

describe('readGzip and readZip: inflated while read', () => {
  it('reads a gzip file, and refuses one cut short or not gzip', async () => {
    const whole = gzipSync(text('a,b\n1,2\n'.repeat(500)));
    expect(new TextDecoder().decode(await readGzip(write('ok.csv.gz', whole), 'ok.csv.gz'))).toBe('a,b\n1,2\n'.repeat(500));
    await expect(readGzip(write('cut.csv.gz', whole.subarray(0, whole.length - 12)), 'cut.csv.gz')).rejects.toThrow(/^cut\.csv\.gz: gzip file ended before its end/);
    await expect(readGzip(write('plain.csv.gz', text('a,b\n')), 'plain.csv.gz')).rejects.toThrow(/^plain\.csv\.gz: not a readable gzip file/);
  });

  it('reads only the wanted entries of a zip, lists the others, and refuses a cut archive', async () => {
    const zip = zipSync({ 'data/x.csv': text('a\n1\n'.repeat(2000)), 'data-guidance/g.txt': text('guide'), 'supporting-files/big.csv': text('z') });
    const entries = await readZip(write('r.zip', zip), 'r.zip', (name) => name.startsWith('data/'));
    expect(entries.map((e) => [e.name, e.content === undefined ? undefined : e.content.length])).toEqual([
      ['data/x.csv', 8000],
      ['data-guidance/g.txt', undefined],
      ['supporting-files/big.csv', undefined],
    ]);
    const cut = zipSync({ 'data/x.csv': text('a\n1\n'.repeat(2000)) }, { level: 0 });
    await expect(readZip(write('cut.zip', cut.subarray(0, 3000)), 'cut.zip', () => true)).rejects.toThrow(/^cut\.zip: zip archive is truncated or corrupt/);
    await expect(readZip(write('no.zip', text('not a zip')), 'no.zip', () => true)).rejects.toThrow(/^no\.zip: no file found in the zip archive/);
  });
});
