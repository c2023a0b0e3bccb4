/**
 * Performance benchmark with budgets:   DATA_DIR=../shared/data npm run bench
 *
 * Not a test: it measures, prints the figures with pass/MISS against the project's budgets, and writes
 * them all to bench/results.json. Misses never fail the run; it exits non-zero only when a measurement
 * itself crashed (the other sections still run). Takes a few minutes on a 2-core machine, and rebuilds
 * data/generated/, public/generated/ and dist/ from DATA_DIR (default ../shared/data) on the way.
 *
 *   1. Data build: wall time and peak memory of scripts/build-data.ts, against a bare papaparse streaming
 *      pass over the same CSV bytes (the floor); the distributions importer's memory as it streams.
 *   2. Output size: data/generated and public/generated, raw and gzipped, against the raw input, and
 *      what each kind of page reads or ships.
 *   3. Page weight in Chromium, gzipped, by type: /, an LA page, /trends/, /breakdowns/, an embed page.
 *   4. Speed in Chromium with the CPU slowed 4x: navigation to map painted, and a period change.
 *   5. Site build: `astro build` wall time, and with every LA doubled.
 *   6. Scale: ten years of weekly register files; data build memory and the home page's payload.
 *   7. Releases: dist/ for one data release, and what each further pinned release adds (three served).
 *   8. `npm start` (the build's steps as timed above, plus the server's start) and `npm test` layer by
 *      layer. The test layers take several minutes: `--skip-tests` leaves them out, `--tests=tsc,unit`
 *      runs some.
 *
 * `--data-build` runs section 1 only (about a minute) and writes bench/results-data-build.json instead.
 *
 * Measuring code lives in scripts/bench/ (one module per concern). Wall times on a shared machine vary
 * with its load: repeated runs report the fastest, and the load average is recorded with the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { runMeasured, runTs, type ProcessMeasure } from './bench/process';
import { floorInput, type FloorResult } from './bench/csv-floor';
import type { DistributionsMemory } from './bench/distributions-memory';
import { dirSize, fileSize, filesUnder, kb, sizeOf, type Size } from './bench/sizes';
import { serveGzip } from './bench/static-server';
import { KINDS, mapDrawn, mapSpeedRun, median, pageWeight, type PageWeight, type SpeedRun } from './bench/browser';
import { doubledGenerated, scaleDataFolder } from './bench/synthetic';
import { heading, mb, ms, ratio, table, verdict, type Target } from './bench/report';
import { distByFolder, measureReleases, type ReleaseStep } from './bench/releases';
import { layersFromArgs, runLayers, TEST_LAYERS, type LayerRun } from './bench/tests';
import { launchBrowser } from '../test/browser/harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA_DIR = path.resolve(process.env.DATA_DIR ?? path.join(ROOT, '..', 'shared', 'data'));
/** `--data-build`: only the data build against its floor (section 1), results in a file of their own. */
const DATA_BUILD_ONLY = process.argv.includes('--data-build');
const RESULTS = path.join(ROOT, 'bench', DATA_BUILD_ONLY ? 'results-data-build.json' : 'results.json');
const ASTRO = path.join(ROOT, 'node_modules', 'astro', 'astro.js');
const GENERATED = path.join(ROOT, 'data', 'generated');
const PUBLIC_GENERATED = path.join(ROOT, 'public', 'generated');
const DIST = path.join(ROOT, 'dist');

/** Budgets, from the issues "Fast to build, light to load" and "Output that scales with releases". */
const BUDGET = {
  buildVsFloor: 3,
  homeKb: 150,
  embedKb: 80,
  anyPageKb: 250,
  /** Raw HTML of any one page (the old /data/ page was 2.3 MB). */
  pageRawKb: 300,
  paintedMs: 1000,
  longTaskMs: 200,
  periodChangeMs: 100,
  cpuThrottle: 4,
  speedRuns: 5,
  releaseMb: 120,
  releaseFiles: 6000,
  addedReleaseMb: 5,
  addedReleaseFiles: 300,
  /** Releases served in the simulation (the current one and made-up earlier ones). */
  simulatedReleases: 3,
  npmStartMs: 90_000,
  npmTestMs: 12 * 60_000,
};
const TEST_LAYERS_TO_RUN = layersFromArgs(process.argv.slice(2));
/** Scratch archive of pinned releases for this run (PINNED_RELEASES_DIR of its post-build steps). */
const ARCHIVE = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-releases-'));
const LA_PAGE = '/local-authorities/E06000032/';

const targets: Target[] = [];
const crashed: string[] = [];
const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  dataDir: DATA_DIR,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, loadAverageAtStart: os.loadavg() },
  budgets: BUDGET,
};

/** Runs one section; a crash is printed and recorded, and the next section still runs. */
async function section<T>(key: string, title: string, run: () => Promise<T>): Promise<T | null> {
  heading(title);
  try {
    const value = await run();
    results[key] = value;
    return value;
  } catch (e) {
    const message = e instanceof Error ? e.stack ?? e.message : String(e);
    process.stdout.write(`crashed: ${message}\n`);
    crashed.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
    results[key] = { error: message };
    return null;
  }
}

function target(t: Target): void {
  targets.push(t);
}

function mustSucceed(m: ProcessMeasure, what: string): ProcessMeasure {
  if (m.exitCode !== 0) throw new Error(`${what} exited with ${m.exitCode}:\n${m.stderr.slice(-15).map((l) => l.text).join('\n')}`);
  return m;
}

const fastest = <T extends { wallMs: number }>(runs: readonly T[]) => runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const highestPeak = (runs: readonly { peakRssMb: number }[]) => Math.max(...runs.map((r) => r.peakRssMb));
/** Least CPU time of some runs, or null when it was not measured. */
const leastCpu = (runs: readonly { cpuMs: number | null }[]) => (runs.every((r) => r.cpuMs !== null) ? Math.min(...runs.map((r) => r.cpuMs!)) : null);
const cpu = (v: number | null) => (v === null ? 'n/a' : ms(v));

// ---------------------------------------------------------------------------------------------------
// 1. Data build against the papaparse floor

async function dataBuild() {
  const env = { ...process.env, DATA_DIR };
  const builds: ProcessMeasure[] = [];
  const floors: { m: ProcessMeasure; r: FloorResult }[] = [];
  // The same number of runs of each, taken in turns: on a shared machine whose speed drifts, runs of one
  // taken together could all fall in a slow spell and the other's in a fast one.
  for (let i = 0; i < 3; i++) {
    builds.push(mustSucceed(await runTs(path.join(ROOT, 'scripts', 'build-data.ts'), [], { cwd: ROOT, env }), 'data build'));
    const m = mustSucceed(await runTs(path.join(ROOT, 'scripts', 'bench', 'csv-floor.ts'), [DATA_DIR], { cwd: ROOT }), 'csv floor');
    floors.push({ m, r: JSON.parse(m.stdout) as FloorResult });
  }
  const zip = floorInput(DATA_DIR).zips[0];
  const distributions = zip
    ? (JSON.parse(mustSucceed(await runMeasured(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'scripts', 'bench', 'distributions-memory.ts'), zip], { cwd: ROOT }), 'distributions memory').stdout) as DistributionsMemory)
    : null;

  const build = fastest(builds);
  const floor = fastest(floors.map((f) => f.m));
  const floorResult = floors[0]!.r;
  const buildPeak = highestPeak(builds);
  const floorPeak = highestPeak(floors.map((f) => f.m));
  const wallRatio = build.wallMs / floor.wallMs;
  const memRatio = buildPeak / floorPeak;
  const buildCpu = leastCpu(builds);
  const floorCpu = leastCpu(floors.map((f) => f.m));

  // Where the build's time goes, from its own log lines (one per input file, then a summary line).
  const lines = build.stderr;
  const fileLines = lines.filter((l) => /^\s+dfe\//.test(l.text));
  const start = lines[0]?.atMs ?? 0;
  const importsDone = fileLines.at(-1)?.atMs ?? start;
  const perFile = fileLines.map((l, i) => ({ file: l.text.trim().split(':')[0]!, ms: l.atMs - (i === 0 ? start : fileLines[i - 1]!.atMs), rssMb: l.rssMb }));
  const distLine = fileLines.find((l) => l.text.includes('absence_distributions'));
  const distIndex = distLine ? fileLines.indexOf(distLine) : -1;
  const rssBeforeDistributions = distIndex > 0 ? fileLines[distIndex - 1]!.rssMb : lines[0]?.rssMb ?? 0;

  process.stdout.write(`${table(['', 'wall', 'CPU', 'peak RSS', 'runs'], [
    ['data build (scripts/build-data.ts)', ms(build.wallMs), cpu(buildCpu), mb(buildPeak), String(builds.length)],
    [`papaparse floor (${floorResult.files} files, ${kb(floorResult.csvBytes)} CSV, ${floorResult.rows.toLocaleString('en-GB')} rows)`, ms(floor.wallMs), cpu(floorCpu), mb(floorPeak), String(floors.length)],
    ['build / floor', ratio(wallRatio), buildCpu !== null && floorCpu !== null ? ratio(buildCpu / floorCpu) : 'n/a', ratio(memRatio), ''],
  ])}\n`);
  process.stdout.write(`peak RSS read by ${build.peakFrom} (highest run); wall and CPU times are the least of the runs, including Node start-up (~0.3 s).\n`);
  process.stdout.write(`build phases: importing ${ms(importsDone - start)}, then shaping and writing the output ${ms(build.wallMs - importsDone)}.\n`);
  // The build's own account of its steps (time, CPU time and resident memory after each).
  const steps = lines.find((l) => l.text.startsWith('data build steps: '))?.text.slice('data build steps: '.length).split('; ') ?? [];
  if (steps.length) process.stdout.write(`build steps (fastest run):\n${steps.map((t) => `  ${t}`).join('\n')}\n`);
  process.stdout.write(`slowest imports: ${[...perFile].sort((a, b) => b.ms - a.ms).slice(0, 3).map((f) => `${f.file} ${ms(f.ms)}`).join(', ')}\n`);
  if (distributions) {
    const reading = distributions.checkpoints.filter((c) => c.progress > 0 && c.progress <= 1);
    const after = distributions.checkpoints.at(-1)!;
    const heap = reading.map((c) => c.heapUsedMb);
    process.stdout.write(
      `distributions (${kb(distributions.zipBytes)} zip, ${distributions.rows.toLocaleString('en-GB')} rows): live heap ${Math.min(...heap).toFixed(1)}–${Math.max(...heap).toFixed(1)} MB from 10% to 100% of the file read ` +
        `(${Math.max(...heap) - Math.min(...heap) < 5 ? 'flat: memory does not grow with the file' : 'GROWS with the file'}); ` +
        `${after.heapUsedMb.toFixed(0)} MB once its ${distributions.observations.toLocaleString('en-GB')} observations are made.\n`,
    );
  }
  if (distLine) process.stdout.write(`in the full build, RSS went ${mb(rssBeforeDistributions)} -> ${mb(distLine.rssMb)} across the distributions import, and peaked at ${mb(buildPeak)}.\n`);

  target({ name: 'data build wall time vs papaparse floor', measured: `${ms(build.wallMs)} vs ${ms(floor.wallMs)}`, budget: `<= ${BUDGET.buildVsFloor}x`, pass: wallRatio <= BUDGET.buildVsFloor, margin: ratio(wallRatio) });
  target({ name: 'data build peak memory vs papaparse floor', measured: `${mb(buildPeak)} vs ${mb(floorPeak)}`, budget: `<= ${BUDGET.buildVsFloor}x`, pass: memRatio <= BUDGET.buildVsFloor, margin: ratio(memRatio) });
  return {
    build: { wallMs: build.wallMs, cpuMs: buildCpu, peakRssMb: buildPeak, peakFrom: build.peakFrom, runs: builds.map((b) => ({ wallMs: b.wallMs, cpuMs: b.cpuMs, peakRssMb: b.peakRssMb })), importMs: importsDone - start, shapeAndWriteMs: build.wallMs - importsDone, perFile, steps },
    floor: { ...floorResult, wallMs: floor.wallMs, cpuMs: floorCpu, inProcessMs: Math.min(...floors.map((f) => f.r.wallMs)), peakRssMb: floorPeak, runs: floors.map((f) => ({ wallMs: f.m.wallMs, cpuMs: f.m.cpuMs, peakRssMb: f.m.peakRssMb })) },
    ratio: { wall: wallRatio, cpu: buildCpu !== null && floorCpu !== null ? buildCpu / floorCpu : null, peakRss: memRatio },
    distributions: distributions && { ...distributions, rssInFullBuild: { beforeMb: rssBeforeDistributions, afterMb: distLine?.rssMb ?? null } },
  };
}

// ---------------------------------------------------------------------------------------------------
// 5a. Site build (run before the browser sections, which need dist/)

const PAGES_BUILT = /(\d+) page\(s\) built in/;

interface AstroRun {
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number;
  pages: number;
}

async function astroBuild(cwd: string, outDir?: string): Promise<AstroRun> {
  const args = [ASTRO, 'build', '--root', ROOT, ...(outDir ? ['--outDir', outDir] : [])];
  const m = mustSucceed(await runMeasured(process.execPath, args, { cwd }), 'astro build');
  const pages = Number(PAGES_BUILT.exec(m.stdout + m.stderr.map((l) => l.text).join('\n'))?.[1] ?? NaN);
  return { wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMb: m.peakRssMb, pages };
}

/** The steps `npm run build` runs after astro build, timed; PINNED_RELEASES_DIR is the run's scratch archive. */
function postBuild(archive: string): number {
  const t0 = performance.now();
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  for (const step of ['scripts/module-preload.ts', 'scripts/pin-releases.ts', 'scripts/release-feed.ts', 'scripts/csp.ts']) {
    execFileSync(tsx, [step], { cwd: ROOT, env: { ...process.env, PINNED_RELEASES_DIR: archive }, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------------
// 3 and 4. In the browser

/**
 * Embed pages to weigh, if the site has any: the map embed, and one chart embed (Luton's first, else the
 * first in dist/). Versioned copies under /embed/r/ are left out.
 */
function embedPages(): string[] {
  const dir = path.join(DIST, 'embed');
  const pages = filesUnder(dir)
    .filter((f) => f.endsWith(`${path.sep}index.html`) && !f.startsWith(path.join(dir, 'r') + path.sep))
    .map((f) => `/${path.relative(DIST, path.dirname(f)).split(path.sep).join('/')}/`);
  const map = pages.find((p) => p === '/embed/map/');
  const chart = pages.find((p) => p !== map && p.includes('E06000032')) ?? pages.find((p) => p !== map);
  return [map, chart].filter((p): p is string => p !== undefined);
}

async function inBrowser<T>(use: (browser: Browser, origin: string) => Promise<T>): Promise<T> {
  const server = await serveGzip(DIST);
  const browser = await launchBrowser();
  try {
    return await use(browser, server.origin);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function pageWeights(): Promise<{ chromium: string; pages: PageWeight[] }> {
  return inBrowser(async (browser, origin) => {
    const paths = ['/', LA_PAGE, '/trends/', '/breakdowns/'];
    const embeds = embedPages();
    paths.push(...embeds);
    const pages: PageWeight[] = [];
    for (const p of paths) pages.push(await pageWeight(browser, origin, p, p === '/' || p.startsWith('/embed/') ? (page) => mapDrawnIfAny(page) : undefined));
    const k = (n: number) => (n / 1024).toFixed(1);
    process.stdout.write(`${table(['page (KB gzipped)', ...KINDS, 'total', 'budget', ''], pages.map((w) => {
      const budget = budgetFor(w.path);
      return [w.path, ...KINDS.map((kind) => k(w.byKind[kind])), k(w.totalBytes), `${budget}`, verdict(w.totalBytes <= budget * 1024)];
    }))}\n`);
    if (!embeds.length) process.stdout.write('no /embed/ pages in dist/: the embed budget is not measured.\n');
    process.stdout.write('transferred body bytes as Chromium reports them, gzip level 6 for text; headers not counted.\n');
    for (const w of pages) {
      const budget = budgetFor(w.path);
      target({ name: `page weight ${w.path}`, measured: `${k(w.totalBytes)} KB`, budget: `<= ${budget} KB`, pass: w.totalBytes <= budget * 1024, margin: `${w.totalBytes <= budget * 1024 ? '' : '+'}${k(w.totalBytes - budget * 1024)} KB` });
    }
    if (!embeds.length) target({ name: 'page weight, an embed page', measured: 'no /embed/ in dist', budget: `<= ${BUDGET.embedKb} KB`, pass: null });
    return { chromium: browser.version(), pages };
  });
}

function budgetFor(p: string): number {
  if (p === '/') return BUDGET.homeKb;
  if (p.startsWith('/embed/')) return BUDGET.embedKb;
  return BUDGET.anyPageKb;
}

/** Waits for the map when the page has one (the home page; embeds may). */
async function mapDrawnIfAny(page: import('playwright-core').Page): Promise<void> {
  if (await page.locator('svg[data-map-svg]').count()) await mapDrawn(page);
}

async function speed() {
  return inBrowser(async (browser, origin) => {
    const runs: SpeedRun[] = [];
    for (let i = 0; i < BUDGET.speedRuns; i++) runs.push(await mapSpeedRun(browser, origin, BUDGET.cpuThrottle));
    const painted = median(runs.map((r) => r.paintedMs));
    const change = median(runs.map((r) => r.periodChangeMs));
    const longest = median(runs.map((r) => r.longestTaskMs));
    process.stdout.write(`${table(['home page, CPU /' + BUDGET.cpuThrottle, ...runs.map((_, i) => `run ${i + 1}`), 'median', 'budget', ''], [
      ['navigation -> map painted', ...runs.map((r) => ms(r.paintedMs)), ms(painted), ms(BUDGET.paintedMs), verdict(painted <= BUDGET.paintedMs)],
      ['longest task before the map painted', ...runs.map((r) => ms(r.longestTaskMs)), ms(longest), ms(BUDGET.longTaskMs), verdict(longest <= BUDGET.longTaskMs)],
      ['period change -> map redrawn', ...runs.map((r) => ms(r.periodChangeMs)), ms(change), ms(BUDGET.periodChangeMs), verdict(change <= BUDGET.periodChangeMs)],
    ])}\n`);
    const median0 = [...runs].sort((a, b) => a.paintedMs - b.paintedMs)[runs.length >> 1]!;
    process.stdout.write(`long tasks (over 50 ms) before the map painted, median run: ${median0.longTasks.map((t) => `${ms(t.durationMs)} at ${ms(t.startMs)}`).join(', ') || 'none'}.\n`);
    process.stdout.write(`period change: ${runs[0]!.fromPeriod} -> ${runs[0]!.toPeriod} (the next option in the selector); each run is a cold load in a fresh context.\n`);
    target({ name: `map painted after navigation (CPU /${BUDGET.cpuThrottle}, median of ${runs.length})`, measured: ms(painted), budget: `< ${ms(BUDGET.paintedMs)}`, pass: painted < BUDGET.paintedMs, margin: ratio(painted / BUDGET.paintedMs) });
    target({ name: `longest task before the map painted (CPU /${BUDGET.cpuThrottle}, median of ${runs.length})`, measured: ms(longest), budget: `<= ${ms(BUDGET.longTaskMs)}`, pass: longest <= BUDGET.longTaskMs, margin: ratio(longest / BUDGET.longTaskMs) });
    target({ name: `period change redraw (CPU /${BUDGET.cpuThrottle}, median of ${runs.length})`, measured: ms(change), budget: `< ${ms(BUDGET.periodChangeMs)}`, pass: change < BUDGET.periodChangeMs, margin: ratio(change / BUDGET.periodChangeMs) });
    return { cpuThrottle: BUDGET.cpuThrottle, runs, medianPaintedMs: painted, medianLongestTaskMs: longest, medianPeriodChangeMs: change };
  });
}

// ---------------------------------------------------------------------------------------------------
// 2. Output size

interface SizeLine {
  label: string;
  size: Size;
  note?: string;
}

async function outputSizes(homeFetches: string[] | null) {
  const geoRead = ['las.csv', 'regions.csv', 'ONSvisual_uk-topojson_changes.csv', 'ONSvisual_uk-topojson_topo.json'];
  const raw = sizeOf([...filesUnder(path.join(DATA_DIR, 'dfe')).filter((f) => !f.endsWith('.md')), ...geoRead.map((f) => path.join(DATA_DIR, 'geo', f))]);
  const generated = dirSize(GENERATED);
  const pub = dirSize(PUBLIC_GENERATED);
  const areaFiles = (code: string) => sizeOf([path.join(GENERATED, 'areas', `${code}.json`), path.join(GENERATED, 'bands', `${code}.json`)]);
  const dist = (rel: string) => fileSize(path.join(DIST, rel));
  const lines: SizeLine[] = [
    { label: 'raw input the build reads (dfe/ + 4 geo/ files)', size: raw, note: 'the zip and parquet are already compressed' },
    { label: 'data/generated (read at build time, not shipped)', size: generated, note: `${ratio(generated.bytes / raw.bytes)} the raw input` },
    { label: '  areas/*.json', size: dirSize(path.join(GENERATED, 'areas')) },
    { label: '  bands/*.json', size: dirSize(path.join(GENERATED, 'bands')) },
    { label: '  index.json', size: fileSize(path.join(GENERATED, 'index.json')) },
    { label: 'public/generated (fetched by the map)', size: pub, note: `${ratio(pub.bytes / raw.bytes)} the raw input` },
    { label: '  map/ (index + a layer per period and phase)', size: dirSize(path.join(PUBLIC_GENERATED, 'map')) },
    { label: '  geo/ (a boundary file per vintage)', size: dirSize(path.join(PUBLIC_GENERATED, 'geo')) },
  ];
  if (homeFetches) lines.push({ label: 'home page: the generated files it fetches', size: sizeOf(homeFetches.map((u) => path.join(ROOT, 'public', u))), note: homeFetches.map((u) => path.basename(u)).join(' ') });
  lines.push(
    { label: `LA page: its data at build time`, size: areaFiles('E06000032'), note: 'areas/ + bands/ E06000032.json' },
    { label: `LA page: shipped HTML`, size: dist('local-authorities/E06000032/index.html'), note: `${LA_PAGE}, charts inline as SVG` },
    { label: `LA page: its CSV of every figure`, size: dist('data/v1/local-authorities/E06000032.csv'), note: '/data/v1/local-authorities/E06000032.csv' },
    { label: '/data/: shipped HTML', size: dist('data/index.html'), note: 'a table of areas; chart downloads on /data/{area}/' },
    { label: '/data/trends/: shipped HTML', size: dist('data/trends/index.html'), note: 'the largest /data/ sub-page' },
    { label: 'region page: its data at build time', size: areaFiles('E12000002'), note: 'E12000002' },
    { label: 'England (read by trends, breakdowns): data', size: areaFiles('E92000001') },
    { label: '/trends/: data at build time', size: dirSize(path.join(GENERATED, 'areas')), note: 'every area file' },
    { label: '/trends/: shipped HTML', size: dist('trends/index.html') },
    { label: '/breakdowns/: shipped HTML', size: dist('breakdowns/index.html') },
    { label: 'dist/ in all', size: dirSize(DIST) },
  );
  process.stdout.write(`${table(['output', 'files', 'bytes', 'gzipped', 'note'], lines.map((l) => [l.label, String(l.size.files), kb(l.size.bytes), kb(l.size.gzipBytes), l.note ?? '']))}\n`);
  return { homeFetches, lines: lines.map((l) => ({ ...l, label: l.label.trim() })) };
}

// ---------------------------------------------------------------------------------------------------
// 5b. Site build with the LAs doubled

async function siteBuildScaling(first: AstroRun) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-doubled-'));
  try {
    const doubled = doubledGenerated(GENERATED, tmp);
    // The build's server chunks land under the working directory and import packages from there.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
    // Pages read the map's data (public/generated, not doubled) from the working directory too.
    fs.mkdirSync(path.join(tmp, 'public'));
    fs.symlinkSync(PUBLIC_GENERATED, path.join(tmp, 'public', 'generated'));
    // Alternated, so that a change in the machine's load falls on both.
    const base = [first];
    const twice = [await astroBuild(tmp, path.join(tmp, 'dist'))];
    fs.rmSync(path.join(tmp, 'dist'), { recursive: true, force: true });
    base.push(await astroBuild(ROOT, path.join(tmp, 'dist-base')));
    fs.rmSync(path.join(tmp, 'dist-base'), { recursive: true, force: true });
    twice.push(await astroBuild(tmp, path.join(tmp, 'dist')));
    const b = { ...fastest(base), cpuMs: leastCpu(base), peakRssMb: highestPeak(base) };
    const d = { ...fastest(twice), cpuMs: leastCpu(twice), peakRssMb: highestPeak(twice) };
    const wallRatio = d.wallMs / b.wallMs;
    const cpuRatio = b.cpuMs !== null && d.cpuMs !== null ? d.cpuMs / b.cpuMs : null;
    const pageRatio = d.pages / b.pages;
    const runs = (rs: AstroRun[]) => rs.map((r) => `${ms(r.wallMs)}/${cpu(r.cpuMs)}`).join(' ');
    process.stdout.write(`${table(['astro build', 'LAs', 'pages', 'wall', 'CPU', 'CPU per page', 'peak RSS', 'runs (wall/CPU)'], [
      ['real data', String(doubled.laBefore), String(b.pages), ms(b.wallMs), cpu(b.cpuMs), b.cpuMs === null ? 'n/a' : ms(b.cpuMs / b.pages), mb(b.peakRssMb), runs(base)],
      ['every LA doubled', String(doubled.laAfter), String(d.pages), ms(d.wallMs), cpu(d.cpuMs), d.cpuMs === null ? 'n/a' : ms(d.cpuMs / d.pages), mb(d.peakRssMb), runs(twice)],
    ])}\n`);
    process.stdout.write(`doubling the LAs: ${ratio(pageRatio)} the pages (each LA has a page and a data.csv), ${ratio(wallRatio)} the wall time, ${cpuRatio === null ? 'n/a' : ratio(cpuRatio)} the CPU time; linear would be at most ${ratio(pageRatio)}. Judged on CPU time, which the machine's load moves less.\n`);
    const judged = cpuRatio ?? wallRatio;
    target({ name: 'astro build growth when LAs double', measured: `${ratio(judged)} ${cpuRatio === null ? 'wall' : 'CPU'} time for ${ratio(pageRatio)} pages`, budget: 'no worse than linear', pass: judged <= pageRatio * 1.05, margin: ratio(judged / pageRatio) });
    target({ name: 'astro build peak memory when LAs double', measured: `${mb(b.peakRssMb)} -> ${mb(d.peakRssMb)}`, budget: 'report only', pass: null, margin: ratio(d.peakRssMb / b.peakRssMb) });
    return { base, doubled: twice, laBefore: doubled.laBefore, laAfter: doubled.laAfter, wallRatio, cpuRatio, pageRatio };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// 6. Scale: ten years of weekly register files

async function scale(real: { peakRssMb: number; cpuMs: number | null } | null, homeFetches: string[] | null) {
  const realPeakMb = real?.peakRssMb ?? null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  try {
    const folder = scaleDataFolder(DATA_DIR, path.join(tmp, 'data'), 10);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    const m = mustSucceed(await runTs(path.join(ROOT, 'scripts', 'bench', 'build-data-to.ts'), [folder.dir, out], { cwd: ROOT }), 'scale data build');
    const summary = m.stderr.map((l) => l.text).find((t) => /^data build: \d+ observations/.test(t)) ?? '';
    const realIndex = JSON.parse(fs.readFileSync(path.join(GENERATED, 'index.json'), 'utf8')) as { sources: { observations: number }[] };
    const realObservations = realIndex.sources.reduce((s, x) => s + x.observations, 0);
    const scaleObservations = Number(/(\d+) observations/.exec(summary)?.[1] ?? NaN);
    const fetched = homeFetches ?? ['/generated/map/index.json'];
    const before = sizeOf(fetched.map((u) => path.join(ROOT, 'public', u)));
    const after = sizeOf(fetched.map((u) => path.join(out, 'public', u)));
    const pubAfter = dirSize(path.join(out, 'public', 'generated'));
    const pubBefore = dirSize(PUBLIC_GENERATED);
    process.stdout.write(`scale folder: ${folder.weeklyFiles} academic years of weekly register files (${folder.years[0]}–${folder.years.at(-1)}; ${folder.syntheticFiles} made by moving real years), ${folder.weeklyRows.toLocaleString('en-GB')} rows, ${kb(folder.weeklyBytes)}; the rest is the real data.\n`);
    process.stdout.write('school-level rows: not generated. No importer reads school-level data: the register importer accepts National, Regional and Local authority rows only and stops the build on any other geographic level, so ~20,000 school rows would be an error, not a load.\n');
    process.stdout.write(`${table(['data build', 'observations', 'CPU', 'peak RSS', 'home page data (gz)', 'public/generated (gz)'], [
      ['real data', realObservations.toLocaleString('en-GB'), real ? cpu(real.cpuMs) : 'n/a', realPeakMb === null ? 'n/a' : mb(realPeakMb), kb(before.gzipBytes), kb(pubBefore.gzipBytes)],
      ['ten years of weekly files', scaleObservations.toLocaleString('en-GB'), cpu(m.cpuMs), mb(m.peakRssMb), kb(after.gzipBytes), kb(pubAfter.gzipBytes)],
    ])}\n`);
    const grows = realPeakMb !== null ? m.peakRssMb / realPeakMb : null;
    if (grows !== null) {
      const perObs = ((m.peakRssMb - realPeakMb!) * 2 ** 20) / (scaleObservations - realObservations);
      process.stdout.write(`peak memory ${ratio(grows)} the real build's for ${ratio(scaleObservations / realObservations)} the observations (~${Math.round(perObs)} bytes per added observation): the build keeps every observation in memory.\n`);
    }
    target({ name: 'scale: home page payload does not grow', measured: `${kb(after.gzipBytes)} vs ${kb(before.gzipBytes)}`, budget: 'no growth', pass: after.gzipBytes <= before.gzipBytes, margin: `${after.gzipBytes - before.gzipBytes} B` });
    const obsRatio = scaleObservations / realObservations;
    target({ name: 'scale: data build peak memory grows slower than its input', measured: `${mb(m.peakRssMb)} (${grows === null ? '?' : ratio(grows)}) for ${ratio(obsRatio)} observations`, budget: 'memory ratio < input ratio', pass: grows === null ? null : grows < obsRatio, margin: grows === null ? '' : ratio(grows / obsRatio) });
    return { folder: { ...folder, dir: '(temporary, deleted)' }, schoolLevelRows: 'not generated: no school-level importer', wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMb: m.peakRssMb, observations: scaleObservations, realObservations, homePayload: { before, after, files: fetched }, publicGenerated: { before: pubBefore, after: pubAfter } };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// 7. Releases: dist/ for one release, and per added release; the heaviest pages

async function releases() {
  const mbOf = (bytes: number) => bytes / 2 ** 20;
  const byFolder = distByFolder(DIST);
  const pages = filesUnder(DIST).filter((f) => f.endsWith('.html')).map((f) => ({ page: `/${path.relative(DIST, f).split(path.sep).join('/')}`.replace(/index\.html$/, ''), bytes: fs.statSync(f).size })).sort((a, b) => b.bytes - a.bytes);
  const steps: ReleaseStep[] = measureReleases({ dist: DIST, archive: ARCHIVE, extra: BUDGET.simulatedReleases - 1, postBuild: (archive) => void postBuild(archive) });
  const one = steps[0]!;
  const last = steps.at(-1)!;
  const added = { files: (last.files - one.files) / (steps.length - 1), bytes: (last.bytes - one.bytes) / (steps.length - 1) };
  process.stdout.write(`${table(['dist/ serving', 'files', 'MB', 'added files', 'added MB'], steps.map((st, i) => [`${st.releases} release${st.releases > 1 ? 's' : ''}`, st.files.toLocaleString('en-GB'), mbOf(st.bytes).toFixed(1), i ? (st.files - steps[i - 1]!.files).toLocaleString('en-GB') : '', i ? mbOf(st.bytes - steps[i - 1]!.bytes).toFixed(1) : '']))}\n`);
  process.stdout.write(`releases 2 and 3 are copies of this one's archived folder under made-up ids, served by re-running the post-build steps with PINNED_RELEASES_DIR (scripts/bench/releases.ts).\n`);
  process.stdout.write(`${table(['dist/ with one release, by folder', 'files', 'MB'], byFolder.map((f) => [f.folder, f.files.toLocaleString('en-GB'), mbOf(f.bytes).toFixed(1)]))}\n`);
  process.stdout.write(`${table(['heaviest pages (raw HTML)', 'KB'], pages.slice(0, 5).map((p) => [p.page, (p.bytes / 1024).toFixed(1)]))}\n`);
  const heaviest = pages[0];
  const siteHeaviest = pages.find((p) => !p.page.startsWith('/embed/'));
  target({ name: 'dist/ for one release: size', measured: `${mbOf(one.bytes).toFixed(1)} MB`, budget: `<= ${BUDGET.releaseMb} MB`, pass: mbOf(one.bytes) <= BUDGET.releaseMb, margin: ratio(mbOf(one.bytes) / BUDGET.releaseMb) });
  target({ name: 'dist/ for one release: files', measured: one.files.toLocaleString('en-GB'), budget: `<= ${BUDGET.releaseFiles.toLocaleString('en-GB')}`, pass: one.files <= BUDGET.releaseFiles, margin: ratio(one.files / BUDGET.releaseFiles) });
  target({ name: `each further release: size (mean of ${steps.length - 1})`, measured: `${mbOf(added.bytes).toFixed(1)} MB`, budget: `<= ${BUDGET.addedReleaseMb} MB`, pass: mbOf(added.bytes) <= BUDGET.addedReleaseMb, margin: ratio(mbOf(added.bytes) / BUDGET.addedReleaseMb) });
  target({ name: `each further release: files (mean of ${steps.length - 1})`, measured: Math.round(added.files).toLocaleString('en-GB'), budget: `<= ${BUDGET.addedReleaseFiles}`, pass: added.files <= BUDGET.addedReleaseFiles, margin: ratio(added.files / BUDGET.addedReleaseFiles) });
  if (siteHeaviest) target({ name: `heaviest page, raw HTML (${siteHeaviest.page})`, measured: `${(siteHeaviest.bytes / 1024).toFixed(1)} KB`, budget: `<= ${BUDGET.pageRawKb} KB`, pass: siteHeaviest.bytes <= BUDGET.pageRawKb * 1024, margin: ratio(siteHeaviest.bytes / (BUDGET.pageRawKb * 1024)) });
  return { steps, addedPerRelease: added, byFolder, heaviestPages: pages.slice(0, 10), heaviest };
}

// ---------------------------------------------------------------------------------------------------
// 8. npm start and npm test

/** Time from starting `astro preview` to its first answer, ms. */
async function previewReady(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const port = 4000 + Math.floor(Math.random() * 900);
  const t0 = performance.now();
  const child = spawn(process.execPath, [ASTRO, 'preview', '--host', '127.0.0.1', '--port', String(port)], { cwd: ROOT, stdio: 'ignore' });
  try {
    for (;;) {
      if (performance.now() - t0 > 60_000) throw new Error('astro preview did not answer within 60 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok) return performance.now() - t0;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill();
  }
}

async function npmStart(dataBuildMs: number | null, site: SiteRun | null) {
  if (dataBuildMs === null || !site) throw new Error('the data build or the site build did not run, so npm start cannot be put together');
  const ready = await previewReady();
  const total = dataBuildMs + site.wallMs + site.postBuildMs + ready;
  process.stdout.write(`${table(['npm start, step by step', 'wall'], [
    ['data build (fastest run above)', ms(dataBuildMs)],
    ['astro build', ms(site.wallMs)],
    ['module-preload, pin-releases, release-feed, csp', ms(site.postBuildMs)],
    ['astro preview answering', ms(ready)],
    ['npm start, to the site served', ms(total)],
  ])}\n`);
  target({ name: 'npm start (sum of its steps)', measured: ms(total), budget: `< ${ms(BUDGET.npmStartMs)}`, pass: total < BUDGET.npmStartMs, margin: ratio(total / BUDGET.npmStartMs) });
  return { dataBuildMs, astroBuildMs: site.wallMs, postBuildMs: site.postBuildMs, previewReadyMs: ready, totalMs: total };
}

async function npmTest(buildMs: number | null) {
  if (!TEST_LAYERS_TO_RUN.length) {
    process.stdout.write('not run (--skip-tests).\n');
    target({ name: 'npm test', measured: 'not run (--skip-tests)', budget: `< ${ms(BUDGET.npmTestMs)}`, pass: null });
    return { skipped: true };
  }
  const runs: LayerRun[] = await runLayers(ROOT, TEST_LAYERS_TO_RUN, { ...process.env, DATA_DIR }, (line) => process.stdout.write(`  ${line}\n`));
  const layerMs = runs.reduce((n, r) => n + r.wallMs, 0);
  const missing = TEST_LAYERS.filter((l) => !TEST_LAYERS_TO_RUN.includes(l));
  process.stdout.write(`${table(['npm test, layer by layer', 'wall', 'CPU', 'exit', 'vitest'], [
    ...runs.map((r) => [r.layer, ms(r.wallMs), cpu(r.cpuMs), String(r.exitCode), r.summary]),
    ['build (timed above: data build, astro build, post-build steps)', buildMs === null ? 'n/a' : ms(buildMs), '', '', ''],
  ])}\n`);
  const total = buildMs === null ? null : layerMs + buildMs;
  const failed = runs.filter((r) => r.exitCode !== 0).map((r) => r.layer);
  if (failed.length) process.stdout.write(`layers that failed: ${failed.join(', ')} (timed all the same).\n`);
  if (missing.length || total === null) {
    target({ name: 'npm test', measured: `${ms(layerMs)} for ${runs.map((r) => r.layer).join(', ')}; ${missing.length ? `not run: ${missing.join(', ')}` : 'build not timed'}`, budget: `< ${ms(BUDGET.npmTestMs)}`, pass: null });
  } else {
    target({ name: 'npm test (its layers and the build)', measured: ms(total), budget: `< ${ms(BUDGET.npmTestMs)}`, pass: total < BUDGET.npmTestMs, margin: ratio(total / BUDGET.npmTestMs) });
  }
  return { runs, buildMs, totalMs: total, notRun: missing };
}

// ---------------------------------------------------------------------------------------------------

interface SiteRun extends AstroRun {
  postBuildMs: number;
}

async function main(): Promise<void> {
  process.stdout.write(`benchmark: data ${DATA_DIR}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (!fs.existsSync(path.join(DATA_DIR, 'dfe'))) throw new Error(`${DATA_DIR} has no dfe/ folder: set DATA_DIR`);

  const data = await section('dataBuild', 'Data build vs papaparse floor', dataBuild);
  if (!DATA_BUILD_ONLY) await otherSections(data);
  finish();
}

/** Sections 2 to 8, after the data build. */
async function otherSections(data: Awaited<ReturnType<typeof dataBuild>> | null): Promise<void> {
  const site = await section('siteBuild', 'Site build (astro build on the real data)', async (): Promise<SiteRun> => {
    const r = await astroBuild(ROOT);
    // The same steps `npm run build` runs after astro, so dist/ is what a deploy (and the tests) would get.
    const postBuildMs = postBuild(ARCHIVE);
    process.stdout.write(`astro build: ${ms(r.wallMs)} wall, ${cpu(r.cpuMs)} CPU, ${r.pages} pages, peak RSS ${mb(r.peakRssMb)}; then module-preload, pin-releases, release-feed and csp: ${ms(postBuildMs)}\n`);
    target({ name: 'astro build time (real data)', measured: `${ms(r.wallMs)} wall, ${cpu(r.cpuMs)} CPU`, budget: 'report only', pass: null, margin: `${r.pages} pages` });
    return { ...r, postBuildMs };
  });
  const weights = site ? await section('pageWeight', 'Page weight in Chromium (gzipped)', pageWeights) : null;
  const home = weights?.pages.find((p) => p.path === '/');
  const homeFetches = home ? home.transfers.filter((t) => t.kind === 'data' || t.kind === 'geometry').map((t) => t.url.split('?')[0]!) : null;
  await section('outputSize', 'Output size', () => outputSizes(homeFetches));
  if (site) await section('speed', `Speed in Chromium (CPU slowed ${BUDGET.cpuThrottle}x, ${BUDGET.speedRuns} runs)`, speed);
  if (site) await section('siteBuildScaling', 'Site build with every LA doubled', () => siteBuildScaling(site));
  await section('scale', 'Scale: ten years of weekly register files', () => scale(data?.build ?? null, homeFetches));
  if (site) await section('releases', `Releases: dist/ serving 1 to ${BUDGET.simulatedReleases} data releases`, releases);
  const dataBuildMs = data?.build.wallMs ?? null;
  await section('npmStart', 'npm start', () => npmStart(dataBuildMs, site));
  const buildMs = dataBuildMs !== null && site ? dataBuildMs + site.wallMs + site.postBuildMs : null;
  await section('npmTest', `npm test (${TEST_LAYERS_TO_RUN.length ? TEST_LAYERS_TO_RUN.join(', ') : 'skipped'})`, () => npmTest(buildMs));
}

/** Prints the budgets and writes the results file. */
function finish(): void {
  fs.rmSync(ARCHIVE, { recursive: true, force: true });
  heading('Budgets');
  process.stdout.write(`${table(['target', 'measured', 'budget', 'margin', ''], targets.map((t) => [t.name, t.measured, t.budget, t.margin ?? '', verdict(t.pass)]))}\n`);
  results.targets = targets;
  results.crashed = crashed;
  results.finishedAt = new Date().toISOString();
  (results.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg();
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(ROOT, RESULTS)}${crashed.length ? `; ${crashed.length} section(s) crashed: ${crashed.join('; ')}` : ''}\n`);
  process.exitCode = crashed.length ? 1 : 0;
}

await main();
