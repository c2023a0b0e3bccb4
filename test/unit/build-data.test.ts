import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data';
import { makeDataDir } from '../fixture-data';
import type { MapIndex } from '../../src/lib/page-models/site-data';
import { AreaStore, type AreaFile } from '../../src/lib/domain/area-store';

const FIX = path.resolve(import.meta.dirname, '..', 'fixtures', 'census');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');
const dirs: string[] = [];
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'absence-out-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const quiet = () => {};

describe('data build on a fixture data folder', () => {
  it('carries the termly census series from Autumn 2019 through to the map and the area files', async () => {
    const data = makeDataDir({
      'dfe/census/1_absence_1term_201920.csv': fixture('autumn_201920_school_type.csv'),
      'dfe/census/1_absence_2term_202324.csv': fixture('autumn_spring_202324_education_phase.csv'),
      'dfe/census/1_absence_3term_202324.csv': fixture('full_year_202324.csv'),
    });
    dirs.push(data);
    const out = temp();
    const index = await buildData(data, out, quiet);
    expect(index.periods.map((p) => p.id)).toEqual([
      'census-201920-autumn-term',
      'census-202324-autumn-and-spring-term',
      'census-202324-full-year',
    ]);
    const map = JSON.parse(fs.readFileSync(path.join(out, 'public', 'generated', 'map', 'index.json'), 'utf8')) as MapIndex;
    expect(map.periods[0]!.label).toBe('Autumn term 2019/20');
    const england = index.headline.find((h) => h.series === 'census' && h.measure === 'enrolments_pa_10_exact_percent')!;
    expect([england.time_period, england.value]).toEqual(['202324', 20]);
    const luton = AreaStore.fromFile(JSON.parse(fs.readFileSync(path.join(out, 'data', 'generated', 'areas', 'E06000032.json'), 'utf8')) as AreaFile);
    const pa = luton.first({ time_period: '202324', time_identifier: 'Full year', measure: 'enrolments_pa_10_exact_percent', phase: 'total' });
    expect(pa?.value).toBe(18.9);
    const layers = fs.readdirSync(path.join(out, 'public', 'generated', 'map')).filter((f) => f.startsWith('census-201920-autumn-term--'));
    expect(layers.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(out, 'public', 'generated', 'geo'))).toContain('las-2019.json');
  });

  it('logs every figure read, though the build lets the figure objects go before writing', async () => {
    const data = makeDataDir({ 'dfe/census/a.csv': fixture('full_year_202324.csv') });
    dirs.push(data);
    const lines: string[] = [];
    const index = await buildData(data, temp(), (s) => lines.push(s));
    const read = index.sources.reduce((n, s) => n + s.observations, 0);
    expect(read).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith(`data build: ${read} observations,`))).toBe(true);
  });

  it('refuses an LA code that is not in the lookup, naming the file, and leaves the last good output in place', async () => {
    const good = makeDataDir({ 'dfe/census/a.csv': fixture('full_year_202324.csv') });
    dirs.push(good);
    const out = temp();
    await buildData(good, out, quiet);
    const before = fs.readFileSync(path.join(out, 'data', 'generated', 'index.json'), 'utf8');
    const bad = makeDataDir({ 'dfe/census/a.csv': fixture('full_year_202324.csv').replace(/E06000032/g, 'E06000999') });
    dirs.push(bad);
    await expect(buildData(bad, out, quiet)).rejects.toThrow(/dfe\/census\/a\.csv, row \d+, column new_la_code: LA code is not in geo\/las\.csv \(value "E06000999"\)/);
    expect(fs.readFileSync(path.join(out, 'data', 'generated', 'index.json'), 'utf8')).toBe(before);
  });

  it('refuses figures under a name that is not the LA lookup\'s for their code ("Luton Borough"), at the row', async () => {
    const bad = makeDataDir({ 'dfe/census/a.csv': fixture('full_year_202324.csv').replace(',Luton,', ',Luton Borough,') });
    dirs.push(bad);
    await expect(buildData(bad, temp(), quiet)).rejects.toThrow(
      'dfe/census/a.csv, row 5, column la_name: not the name of E06000032 in geo/las.csv (Luton) nor a variant of it in LA_NAME_VARIANTS (value "Luton Borough")',
    );
  });

  it('lists files no importer reads instead of skipping them silently', async () => {
    const data = makeDataDir({ 'dfe/census/a.csv': fixture('full_year_202324.csv'), 'dfe/other/notes.txt': 'hello' });
    dirs.push(data);
    const index = await buildData(data, temp(), quiet);
    expect(index.warnings).toContain('dfe/other/notes.txt: no importer reads this file; it was not used');
  });

  it('calls a register year-to-date file "Year to date" until its summer term file is there, then "Full year"', async () => {
    const ytd = fs
      .readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'registers', 'ytd-202526.csv'), 'utf8')
      .split('\n')
      .filter((line) => !line.includes('E06000053'))
      .join('\n');
    const running = makeDataDir({ 'dfe/attendance/202526/EES_ytd_data.csv': ytd });
    dirs.push(running);
    // Excerpts of files at pinned paths: checked against no pinned copy (data/sources.json pins the real ones).
    const during = await buildData(running, temp(), quiet, { pins: [] });
    expect(during.periods.map((p) => p.id)).toEqual(['registers-202526-year-to-date']);
    const summer = fs
      .readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'registers', 'term-202425-spr.csv'), 'utf8')
      .replaceAll('"202425"', '"202526"')
      .replaceAll('"Spring term"', '"Summer term"')
      .split('\n')
      .filter((line) => !line.includes('"Local authority"'))
      .join('\n');
    const finished = makeDataDir({ 'dfe/attendance/202526/EES_ytd_data.csv': ytd, 'dfe/attendance/202526/EES_sum_data.csv': summer });
    dirs.push(finished);
    const after = await buildData(finished, temp(), quiet, { pins: [] });
    expect(after.periods.map((p) => p.id)).toContain('registers-202526-full-year');
    expect(after.periods.map((p) => p.id)).not.toContain('registers-202526-year-to-date');
  });

  it('refuses a data folder without dfe/ and geo/', async () => {
    const empty = temp();
    await expect(buildData(empty, temp(), quiet)).rejects.toThrow(/data folder must hold dfe\/ and geo\//);
  });
});
