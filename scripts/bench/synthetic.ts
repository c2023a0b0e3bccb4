/**
 * Synthetic inputs for the scaling measurements, always made in temporary folders (never in the repo):
 *
 * - doubledGenerated: a data/generated/ folder with every LA twice. Each LA gets a copy under a new code
 *   (E06000032 -> E56000032: "E5" + the code without its first two characters, which collides with no real
 *   code) and the name "<name> (copy)"; its area and band files are symlinks to the original's. Only
 *   index.json is rewritten. `astro build` run on it makes twice the LA pages from the same per-page work.
 * - scaleDataFolder: a data folder (a copy of the real one: the build's file listing skips symlinks) whose
 *   attendance registers hold `years` academic years of weekly files instead of the real few. Years with a real weekly file keep it; the
 *   others are a real year's file (taken in turn) with `time_period` (calendar year) and, where present,
 *   `academic_year` moved by whole years. Everything else is the real data.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { SiteIndex } from '../../src/lib/page-models/site-data';

/** The code an LA's copy gets. */
export function copyCode(code: string): string {
  return `E5${code.slice(2)}`;
}

export interface Doubled {
  /** Root to run `astro build` from (its data/generated is the doubled one). */
  cwd: string;
  laBefore: number;
  laAfter: number;
}

/** Writes `<tmpRoot>/data/generated` with every LA doubled (see the module note). */
export function doubledGenerated(generated: string, tmpRoot: string): Doubled {
  const out = path.join(tmpRoot, 'data', 'generated');
  fs.mkdirSync(out, { recursive: true });
  const index = JSON.parse(fs.readFileSync(path.join(generated, 'index.json'), 'utf8')) as SiteIndex;
  const las = index.areas.filter((a) => a.level === 'Local authority');
  const codes = new Set(index.areas.map((a) => a.code));
  const copies = las.map((a) => ({ ...a, code: copyCode(a.code), name: `${a.name} (copy)` }));
  for (const c of copies) if (codes.has(c.code)) throw new Error(`copy code ${c.code} collides with a real area`);
  fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify({ ...index, areas: [...index.areas, ...copies] }));
  // Every other file the pages read (the release id, for example) is shared as it is.
  for (const name of fs.readdirSync(generated)) {
    const abs = path.join(generated, name);
    if (name !== 'index.json' && fs.statSync(abs).isFile()) fs.symlinkSync(abs, path.join(out, name));
  }
  for (const sub of ['areas', 'bands']) {
    const from = path.join(generated, sub);
    fs.mkdirSync(path.join(out, sub));
    if (!fs.existsSync(from)) continue;
    for (const name of fs.readdirSync(from)) {
      const code = path.basename(name, '.json');
      fs.symlinkSync(path.join(from, name), path.join(out, sub, name));
      if (las.some((a) => a.code === code)) fs.symlinkSync(path.join(from, name), path.join(out, sub, `${copyCode(code)}.json`));
    }
  }
  return { cwd: tmpRoot, laBefore: las.length, laAfter: las.length * 2 };
}

export interface ScaleFolder {
  dir: string;
  /** Academic years with a weekly file, e.g. "201617". */
  years: string[];
  weeklyFiles: number;
  weeklyBytes: number;
  weeklyRows: number;
  /** Of those, files made by shifting a real one. */
  syntheticFiles: number;
}

const WEEKLY = 'EES_weekly_data.csv';

/** Copies every file under `from` into `to`, except those `skip` says no to. */
function copyTree(from: string, to: string, skip: (rel: string) => boolean): void {
  for (const e of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(from, abs);
    if (skip(rel)) continue;
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(abs, path.join(to, rel));
  }
}

/** A real weekly file moved by `years` whole years; returns the CSV text and its data rows. */
function shiftedWeekly(file: string, years: number): { text: string; rows: number } {
  const parsed = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  const tp = header!.indexOf('time_period');
  const ay = header!.indexOf('academic_year');
  for (const r of rows) {
    r[tp] = String(Number(r[tp]) + years);
    if (ay >= 0 && /^\d{6}$/.test(r[ay]!)) {
      const start = Number(r[ay]!.slice(0, 4)) + years;
      r[ay] = `${start}${String(start + 1).slice(2)}`;
    }
  }
  return { text: `${Papa.unparse([header!, ...rows])}\n`, rows: rows.length };
}

/** Makes the scale-test data folder in `tmpDir` (see the module note). */
export function scaleDataFolder(dataDir: string, tmpDir: string, years = 10): ScaleFolder {
  const attendance = path.join(dataDir, 'dfe', 'attendance');
  const realYears = fs.readdirSync(attendance).filter((y) => /^\d{6}$/.test(y) && fs.existsSync(path.join(attendance, y, WEEKLY))).sort();
  if (realYears.length === 0) throw new Error(`no ${WEEKLY} under ${attendance}`);
  copyTree(dataDir, tmpDir, (rel) => rel.split(path.sep).includes('attendance') && path.basename(rel) === WEEKLY);
  const last = Number(realYears.at(-1)!.slice(0, 4));
  const wanted = Array.from({ length: years }, (_, i) => last - years + 1 + i).map((s) => `${s}${String(s + 1).slice(2)}`);
  let weeklyBytes = 0;
  let weeklyRows = 0;
  let syntheticFiles = 0;
  wanted.forEach((year, i) => {
    const dest = path.join(tmpDir, 'dfe', 'attendance', year, WEEKLY);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const real = path.join(attendance, year, WEEKLY);
    if (fs.existsSync(real)) {
      fs.copyFileSync(real, dest);
      weeklyBytes += fs.statSync(real).size;
      weeklyRows += Papa.parse(fs.readFileSync(real, 'utf8'), { skipEmptyLines: 'greedy' }).data.length - 1;
      return;
    }
    const template = realYears[i % realYears.length]!;
    const shifted = shiftedWeekly(path.join(attendance, template, WEEKLY), Number(year.slice(0, 4)) - Number(template.slice(0, 4)));
    fs.writeFileSync(dest, shifted.text);
    weeklyBytes += Buffer.byteLength(shifted.text);
    weeklyRows += shifted.rows;
    syntheticFiles++;
  });
  return { dir: tmpDir, years: wanted, weeklyFiles: wanted.length, weeklyBytes, weeklyRows, syntheticFiles };
}
