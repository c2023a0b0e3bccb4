/**
 * The data build: reads the DfE and ONS files in the data folder, checks them, and writes the compact
 * JSON the site is built from.
 *
 *   DATA_DIR=../shared/data npm run data:build        (or: npm run data:build -- --data-dir ../shared/data)
 *   npm run data:build                                 reads data/raw/, first fetching the files it lacks:
 *                                                      pinned ones and the EES data sets (scripts/fetch-data.ts,
 *                                                      data/sources.json)
 *
 * Input layout (as the DfE and ONS publish the files; see README "Getting the data"):
 *   dfe/lait/*.parquet                              LA Interactive Tool compilation (census, full year)
 *   dfe/census/**.csv                               Pupil absence in schools in England: geographic or
 *                                                   characteristics files, any term (fetch-data gets the
 *                                                   latest release's from EES)
 *   dfe/absence_pru/*.csv                           the same publication's pupil referral unit file
 *   dfe/attendance/<yyyyyy>/EES_{aut,spr,sum,ytd,weekly}_data.csv   Pupil attendance in schools
 *   dfe/pa_explorer/*.csv                           attendance: persistent absence year to date by week
 *   dfe/absence_distributions/*.zip                 absence band distributions (headerless CSV in a zip)
 *   dfe/cin_outcomes/absence_la.csv                 children in need outcomes: absence
 *   geo/las.csv, geo/regions.csv, geo/ONSvisual_uk-topojson_changes.csv, geo/ONSvisual_uk-topojson_topo.json
 * A file may also come as EES hands it out (src/lib/source-files): in a release zip, in a `data/` subfolder
 * beside `data-guidance/`, or gzip-compressed (`.csv.gz`); it is read as the plain file at the same place.
 *
 * Completeness (src/lib/completeness): each file is checked against its own totals and, when it is a known
 * file, against its pinned size and SHA-256 (data/sources.json, data/ees-lock.json); a build that would
 * publish less than the previous build of the same data folder stops unless run with --allow-drops
 * (or ALLOW_DROPS=1).
 *
 * Output (never committed): data/generated/ (read by Astro at build time) and public/generated/ (fetched
 * by the map). Both are written to temporary folders and swapped in only when the whole build succeeds,
 * so a failed build never leaves a half-made site. Any bad input stops the build with the file, row and
 * column; files under dfe/ that no importer reads are listed as warnings.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { columnName, decodeText, readCsv, readCsvHeader } from '../src/lib/ingest/csv';
import { DataError, RowToFindError } from '../src/lib/domain/errors';
import { readAreaLookup } from '../src/lib/ingest/geo/la-lookup';
import { liveCodes, readBoundarySource, vintageTopology } from '../src/lib/ingest/geo/boundaries';
import { checkSourcesAgree, findRepeatedPeriods, reconcile } from '../src/lib/shape/quality';
import { applyPrecedence } from '../src/lib/shape/precedence';
import { importLait } from '../src/lib/ingest/importers/lait';
import { importCensusCharacteristics, importCensusGeographic, isCharacteristicsHeader } from '../src/lib/ingest/importers/census';
import { importPersistentAbsenceByWeek, importRegistersFile } from '../src/lib/ingest/importers/registers';
import { findDistributionRow, importDistributions, type BandDistribution } from '../src/lib/ingest/importers/distributions';
import { importCinAbsence } from '../src/lib/ingest/importers/cin';
import { ENGLAND_CODE } from '../src/lib/domain/model';
import { FigureTable, type FigureRow } from '../src/lib/domain/figure-table';
import { buildBreaks, buildChangeBreaks, buildMapLayers, buildPeriods, mapCautions } from '../src/lib/shape/map-layers';
import { findCautions } from '../src/lib/shape/cautions';
import { boundaryFile, layerFile } from '../src/lib/view/map-logic';
import { familyOf, summariseFamilies, type FamilyFile, type FileFamilyId } from '../src/lib/ingest/file-families';
import { buildContents, findCoverageGaps, findDrops, type BuildContents } from '../src/lib/ingest/completeness';
import { GUIDANCE_FOLDER, isGuidance, placeOf, readGzip, readZip } from '../src/lib/ingest/source-files';
import { areaStores, buildAreaEntries, buildAreaFiles, buildHeadline, compareSeries, keptInBandsFile } from '../src/lib/shape/areas';
import { AreaStore, areaFileJson } from '../src/lib/domain/area-store';
import { hasEnded, type AreaEntry, type MapIndex, type SiteIndex, type SourceFileReport } from '../src/lib/page-models/site-data';
import { DEFAULT_DATA_DIR, ensureSources, readEesLock, readManifest } from './fetch-data';
import { archivedReleases, pinnedReleasesDir, releaseFor } from '../src/lib/publish/release';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The data folder: `--data-dir`, else DATA_DIR, else data/raw/ (`given` false: the one fetch-data fills). */
export function dataDirFromArgs(argv: string[]): { dir: string; given: boolean } {
  const i = argv.indexOf('--data-dir');
  const given = i >= 0 ? argv[i + 1] : process.env.DATA_DIR || undefined;
  return { dir: path.resolve(given ?? DEFAULT_DATA_DIR), given: given !== undefined };
}

/**
 * A full garbage collection, run between steps where a large structure has just been let go (the import's
 * parse tables, then the 1.2 M figure objects). Left to itself V8 collects the old generation only when it
 * reaches a limit set from the heap's size at its last collection, so the build's peak memory was more than
 * twice what it held alive. The `gc` function is taken from a fresh context with --expose-gc set for that
 * moment only (the same function `node --expose-gc` gives).
 */
export const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
})();

/** Whether the build may drop what the previous build of its data folder had: `--allow-drops` or ALLOW_DROPS=1. */
export function allowDropsFrom(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--allow-drops') || env.ALLOW_DROPS === '1';
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Writes `value` as JSON to `file` (folders made as needed). The text is made here; the write itself goes
 * to Node's thread pool, so the disk works while the next file is made. Await `writesDone()` before the
 * files are used.
 */
const pendingWrites: Promise<void>[] = [];
const madeDirs = new Set<string>();
function writeJson(file: string, value: unknown): void {
  writeText(file, JSON.stringify(value));
}

/** Writes `text` to `file` as writeJson does. */
function writeText(file: string, text: string): void {
  const dir = path.dirname(file);
  if (!madeDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const write = fs.promises.writeFile(file, text);
  // Marked as handled here: a build that fails before writesDone() reports its own error, not a write's.
  write.catch(() => {});
  pendingWrites.push(write);
}

/** Waits for every write writeJson started; throws the first write's error, if any. */
async function writesDone(): Promise<void> {
  const writes = pendingWrites.splice(0);
  madeDirs.clear();
  await Promise.all(writes);
}

function swapIn(tmp: string, final: string): void {
  const old = `${final}.old`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(tmp, final);
  fs.rmSync(old, { recursive: true, force: true });
}

/** A pinned copy of a file: where it goes in the data folder, its size and SHA-256 (data/sources.json, data/ees-lock.json). */
export interface Pin {
  path: string;
  bytes: number;
  sha256: string;
}

/** What a build may be told besides its data folder. */
export interface BuildOptions {
  /** Pinned copies to check files against; default: data/sources.json and data/ees-lock.json. */
  pins?: readonly Pin[];
  /**
   * Publish even when the build drops a period, area or phase that the previous good build of the same data
   * folder had (`--allow-drops` or ALLOW_DROPS=1). Without it such a build stops, naming what it would drop.
   */
  allowDrops?: boolean;
}

/** The pinned copies fetch-data knows: the manifest's files and the EES data sets it has downloaded. */
export function defaultPins(): Pin[] {
  return [...readManifest(), ...readEesLock()].map(({ path: p, bytes, sha256 }) => ({ path: p, bytes, sha256 }));
}

/** One file the build reads: a file of the data folder, or a data file inside an EES release zip there. */
interface SourceEntry {
  /** How reports name it: its path in the data folder; for a zip's entry, the zip's path, "/" and the entry's name. */
  file: string;
  /** Where the plain file would be (source-files.placeOf): what decides its family and its pinned copy. */
  place: string;
  abs: string;
  /** Its bytes as a plain file (inflated when stored compressed). */
  content: () => Promise<Uint8Array>;
  /** The folder (or zip) it came in, to find the data guidance shipped with it. */
  home: string;
  packaging?: string;
}

/**
 * Adds the row to a RowToFindError (the area checks run on the figure table, which does not carry file rows): the first
 * row of the file whose cells hold every value of the error's `match`, in a CSV file or in the distributions
 * zip. Any other error, or one whose row cannot be found, is returned as it is.
 */
async function withRow(e: unknown, csvText: (file: string) => Promise<string | undefined>, zipBytes: (file: string) => Promise<Uint8Array | undefined>): Promise<unknown> {
  if (!(e instanceof RowToFindError)) return e;
  const place = (file: string, row: number) => new DataError({ file, row, column: e.column }, e.problem, e.value);
  try {
    const text = await csvText(e.file);
    if (text !== undefined) {
      const table = readCsv(text, e.file);
      const hit = table.rows.find((r) => Object.entries(e.match).every(([column, value]) => r.cells[column] === value));
      return hit ? place(e.file, hit.row) : e;
    }
    const zip = await zipBytes(e.file);
    if (zip !== undefined) {
      const hit = await findDistributionRow(zip, e.file, e.match);
      return hit ? place(hit.file, hit.row) : e;
    }
  } catch {
    // The file was read once already; failing to read it again leaves the error as it was, without a row.
  }
  return e;
}

/** The contents record of the build published under `outRoot` (data/generated/index.json), if any. */
function previousContents(outRoot: string): BuildContents | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(outRoot, 'data', 'generated', 'index.json'), 'utf8')) as Partial<SiteIndex>).contents;
  } catch {
    return undefined; // no previous build (or one from before this record): nothing to compare
  }
}

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Runs the whole build; returns the index written. Throws DataError on bad input. */
export async function buildData(
  dataDir: string,
  outRoot = ROOT,
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
  options: BuildOptions = {},
): Promise<SiteIndex> {
  if (!fs.existsSync(path.join(dataDir, 'dfe')) || !fs.existsSync(path.join(dataDir, 'geo'))) {
    throw new DataError({ file: dataDir }, 'data folder must hold dfe/ and geo/ (set DATA_DIR or --data-dir; see README "Getting the data")');
  }
  // Time and resident memory after each step, logged at the end (what `npm run bench` reads to say where
  // the build's time and memory go).
  // CPU time is given too: on a shared machine it varies much less with the load than wall time does.
  const steps: { name: string; ms: number; cpuMs: number; rssMb: number }[] = [];
  let stepStart = performance.now();
  let stepCpu = process.cpuUsage();
  const step = (name: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(stepCpu);
    steps.push({ name, ms: now - stepStart, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage.rss() / 2 ** 20 });
    stepStart = now;
    stepCpu = process.cpuUsage();
  };
  const rel = (abs: string) => path.relative(dataDir, abs).split(path.sep).join('/');
  // Text is decoded strictly (UTF-8 only, see decodeText): a file in another encoding is refused, not guessed.
  // Every published CSV ends with a line break; one that does not was probably cut off, and a row cut inside
  // its last cell would still have the right number of fields ("17.6" read as "17"), so it is refused.
  const decode = (bytes: Uint8Array, file: string, place = file) => {
    const t = decodeText(bytes, file);
    if (place.endsWith('.csv') && t !== '' && !/[\r\n]$/.test(t)) {
      const lines = t.split(/\r\n|\r|\n/).length;
      throw new DataError({ file, row: lines }, 'file does not end with a line break: its last row may be cut off (an interrupted download?)');
    }
    return t;
  };
  const read = (relPath: string) => {
    const abs = path.join(dataDir, relPath);
    if (!fs.existsSync(abs)) throw new DataError({ file: relPath }, 'required file is missing from the data folder');
    return decode(fs.readFileSync(abs), relPath);
  };
  const lookup = readAreaLookup({ las: read('geo/las.csv'), regions: read('geo/regions.csv'), changes: read('geo/ONSvisual_uk-topojson_changes.csv') });
  const topoFile = 'geo/ONSvisual_uk-topojson_topo.json';
  let topo: unknown;
  try {
    topo = JSON.parse(read(topoFile));
  } catch (e) {
    throw e instanceof DataError ? e : new DataError({ file: topoFile }, `not valid JSON: ${(e as Error).message}`);
  }
  const boundaries = readBoundarySource(topo as Parameters<typeof readBoundarySource>[0], topoFile);
  step('geo lookups and boundaries');

  // Every figure imported, in columns (domain/figure-table), in file order.
  const figures = new FigureTable(1 << 20);
  const bands: BandDistribution[] = [];
  const sources: SourceFileReport[] = [];
  const warnings: string[] = [];
  // Which file each stretch of `figures` came from: one entry per file, not one per figure.
  const fileRanges: { end: number; file: string }[] = [];
  const fileOf = (index: number) => {
    // Binary search: the ranges are in order of their ends.
    let lo = 0;
    let hi = fileRanges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (index < fileRanges[mid]!.end) hi = mid;
      else lo = mid + 1;
    }
    return fileRanges[lo]?.file ?? 'dfe/';
  };
  // Half terms each census full year covers (absence_terms); two files that disagree are refused.
  const halfTerms: Record<string, 5 | 6> = {};
  const halfTermsFile: Record<string, string> = {};
  const addHalfTerms = (file: string, years: Record<string, 5 | 6>) => {
    for (const [year, n] of Object.entries(years)) {
      if (halfTerms[year] !== undefined && halfTerms[year] !== n) {
        throw new DataError({ file, column: 'absence_terms' }, `${year} is ${n} half terms here but ${halfTerms[year]} in ${halfTermsFile[year]}`, String(n));
      }
      halfTerms[year] = n;
      halfTermsFile[year] = file;
    }
  };

  // Every file under dfe/, EES packaging set aside (src/lib/source-files): a release zip gives its data files,
  // each placed where the plain file would be; the data guidance shipped with them is noted, not read.
  const entries: SourceEntry[] = [];
  const guidance: { file: string; home: string }[] = [];
  const dirOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));
  // The folder a data file or a guidance file came in: `data/` and `data-guidance/` are two halves of one.
  const homeOf = (p: string) => dirOf(p).replace(new RegExp(`/(data|${GUIDANCE_FOLDER})$`), '');
  for (const abs of listFiles(path.join(dataDir, 'dfe'))) {
    const file = rel(abs);
    if (/(^|\/)SOURCES\.md$/.test(file)) continue;
    if (isGuidance(file)) {
      guidance.push({ file, home: homeOf(file) });
      continue;
    }
    if (file.toLowerCase().endsWith('.zip') && familyOf(placeOf(file)) === undefined) {
      // An EES release zip: its `data/` files are read as if they stood beside the zip.
      const placeIn = (name: string) => `${dirOf(file)}/${placeOf(name.slice(name.lastIndexOf('/') + 1))}`;
      const wanted = (name: string) => !isGuidance(name) && !name.toLowerCase().endsWith('.gz') && familyOf(placeIn(name)) !== undefined;
      for (const entry of await readZip(abs, file, wanted)) {
        if (entry.name.endsWith('/')) continue;
        const inner = `${file}/${entry.name}`;
        if (isGuidance(entry.name)) guidance.push({ file: inner, home: file });
        else if (entry.content) {
          const content = entry.content;
          entries.push({ file: inner, place: placeIn(entry.name), abs, content: async () => content, home: file, packaging: `from the EES release zip ${file}` });
        } else warnings.push(`${inner}: no importer reads this file; it was not used`);
      }
      continue;
    }
    const gz = file.toLowerCase().endsWith('.gz');
    entries.push({
      file,
      place: placeOf(file),
      abs,
      content: gz ? () => readGzip(abs, file) : async () => fs.readFileSync(abs),
      home: homeOf(file),
      packaging: gz ? 'gzip-compressed' : undefined,
    });
  }
  const byPlace = new Map<string, string>();
  for (const e of entries) {
    if (familyOf(e.place) === undefined) continue;
    const other = byPlace.get(e.place);
    if (other) throw new DataError({ file: e.file }, `the same data file as ${other} (both are ${e.place} once unpacked): keep one`);
    byPlace.set(e.place, e.file);
  }
  const pins = new Map((options.pins ?? defaultPins()).map((p) => [p.path, p]));
  // CSV text of each source, and the bytes of each distributions zip, by the name reports give it, for
  // finding an error's row afterwards.
  const csvSource = new Map<string, SourceEntry>();
  const zipSource = new Map<string, SourceEntry>();

  // Periods of each file's figures, by family, for the summary of what the data folder holds.
  const familyFiles: FamilyFile[] = [];
  // When the file being imported was started, for the time its log line gives.
  let fileStart = performance.now();
  const take = (family: FileFamilyId, e: SourceEntry, content: { bytes: number; sha256: string; text?: string }, table: FigureTable, unknownColumns: string[] = [], notes: string[] = []) => {
    const { file } = e;
    const periods = new Map<string, readonly [string, string]>();
    const datasetSet = new Set<FigureRow['dataset']>();
    let last: FigureRow | undefined;
    for (const r of table.rows) {
      // A file's rows come in long runs of one period: its key is made once per run.
      if (last && r.time_period === last.time_period && r.time_identifier === last.time_identifier && r.dataset === last.dataset) continue;
      last = r;
      datasetSet.add(r.dataset);
      const key = `${r.time_period}|${r.time_identifier}`;
      if (!periods.has(key)) periods.set(key, [r.time_period, r.time_identifier]);
    }
    // Completeness: the file against its own totals, and against its pinned copy when it is a known file.
    const gaps = findCoverageGaps(table, lookup);
    const pin = pins.get(e.place);
    if (pin && pin.sha256 !== content.sha256) {
      if (content.bytes < pin.bytes && gaps.count > 0) {
        const row = content.text === undefined ? undefined : content.text.split(/\r\n|\r|\n/).length;
        throw new DataError(
          { file, row },
          `file is shorter than its pinned copy (${content.bytes} bytes of ${pin.bytes}; SHA-256 ${content.sha256}, pinned ${pin.sha256}) and misses rows its own totals imply: ${gaps.gaps.join('; ')}${gaps.count > gaps.gaps.length ? ` (${gaps.count} gaps in all)` : ''}. It was probably cut off at a line break: fetch it again (npm run fetch-data)`,
        );
      }
      warnings.push(`${file}: not the pinned copy of ${e.place} (data/sources.json): SHA-256 ${content.sha256} (${content.bytes} bytes), pinned ${pin.sha256} (${pin.bytes} bytes)`);
    }
    if (gaps.count > 0) warnings.push(`${file}: ${gaps.count} gap${gaps.count === 1 ? '' : 's'} against the file's own totals: ${gaps.gaps.join('; ')}`);
    familyFiles.push({ family, file, periods: [...periods.values()] });
    figures.append(table);
    fileRanges.push({ end: figures.length, file });
    const datasets = [...datasetSet].sort();
    const shipped = guidance.filter((g) => g.home === e.home).map((g) => g.file);
    const allNotes = e.packaging ? [e.packaging, ...notes] : notes;
    sources.push({ file, bytes: content.bytes, sha256: content.sha256, observations: table.length, datasets, unknownColumns, notes: allNotes, ...(shipped.length ? { guidance: shipped } : {}) });
    if (unknownColumns.length) warnings.push(`${file}: columns not read: ${unknownColumns.map(columnName).join(', ')}`);
    log(`  ${file}: ${table.length} observations${allNotes.length ? ` (${allNotes.join('; ')})` : ''}, ${((performance.now() - fileStart) / 1000).toFixed(2)} s`);
  };

  for (const e of entries) {
    fileStart = performance.now();
    const { file, place } = e;
    const family = familyOf(place);
    if (family === undefined) {
      warnings.push(`${file}: no importer reads this file; it was not used`);
      continue;
    }
    if (family === 'distributions') {
      // The zip (2.7 MB) is read whole, for its checksum too; its importer inflates it a piece at a time.
      zipSource.set(file, e);
      const bytes = await e.content();
      const r = await importDistributions(bytes, file);
      for (const b of r.bands) bands.push(b);
      take(family, e, { bytes: bytes.length, sha256: sha256(bytes) }, r.figures, [], [`${r.bands.length} band distributions`]);
      continue;
    }
    const bytes = await e.content();
    const content = { bytes: bytes.length, sha256: sha256(bytes) };
    if (family === 'lait') {
      const r = await importLait(bytes, file, lookup);
      take(family, e, content, r.figures, r.unknownColumns, [`${r.notOperatingRows} "-" rows for LAs in years they did not exist`]);
      continue;
    }
    const csv = decode(bytes, file, place);
    csvSource.set(file, e);
    const withText = { ...content, text: csv };
    if (family === 'census') {
      const header = readCsvHeader(csv, file);
      const r = isCharacteristicsHeader(header) ? importCensusCharacteristics(csv, file) : importCensusGeographic(csv, file);
      addHalfTerms(file, r.halfTerms);
      take(family, e, withText, r.figures, r.unknownColumns);
    } else if (family === 'pru') {
      const r = importCensusGeographic(csv, file, { phase: 'pru' });
      addHalfTerms(file, r.halfTerms);
      take(family, e, withText, r.figures, r.unknownColumns);
    } else if (family === 'registers') {
      const isYtd = place.endsWith('/EES_ytd_data.csv');
      // A year's ytd file is a finished year once its summer term file exists; until then it is year to date.
      const finished = byPlace.has(`${dirOf(place)}/EES_sum_data.csv`);
      const r = importRegistersFile(csv, file, isYtd ? { timeIdentifier: finished ? 'Full year' : 'Year to date' } : {});
      take(family, e, withText, r.figures, r.unknownColumns);
    } else if (family === 'pa-by-week') {
      const r = importPersistentAbsenceByWeek(csv, file);
      take(family, e, withText, r.figures, r.unknownColumns);
    } else {
      const r = importCinAbsence(csv, file);
      take(family, e, withText, r.figures, r.unknownColumns);
    }
  }
  collectGarbage();
  step('import (every file: read, parse, check, completeness, checksum)');
  if (figures.length === 0) throw new DataError({ file: `${dataDir}/dfe` }, 'no DfE absence file was found');
  const families = summariseFamilies(familyFiles);
  for (const line of families.found) log(`found ${line}`);
  warnings.push(...families.missing);

  let areas: AreaEntry[];
  try {
    areas = buildAreaEntries(figures, lookup, fileOf);
  } catch (e) {
    const csvText = async (file: string) => {
      const source = csvSource.get(file);
      return source ? decodeText(await source.content(), file) : undefined;
    };
    throw await withRow(e, csvText, async (file) => zipSource.get(file)?.content());
  }
  step('area checks against the lookup');
  // One answer per figure from here on: the publication file over LAIT (shape/precedence).
  const { shown, superseded } = applyPrecedence(figures);
  step('source precedence');
  const { periods, unmapped } = buildPeriods(shown, boundaries, (code) => Boolean(lookup.las.get(code)?.end));
  const layers = buildMapLayers(shown, periods);
  const laCodes = new Set(areas.filter((a) => a.level === 'Local authority').map((a) => a.code));
  const { breaks, bins } = buildBreaks(layers, laCodes);
  step('map periods, layers and breaks');
  // The checks run before the figures are grouped by area: their working memory is freed before the
  // per-area files are made, and a build that would drop figures stops before that work.
  const checks = [...reconcile(figures, periods, (year) => liveCodes(boundaries, year)), checkSourcesAgree(superseded)];
  const repeats = findRepeatedPeriods(shown);
  const cautions = findCautions(shown);
  // Every figure as imported (LAIT's set-aside ones too) is needed no further: emptied so that they can be
  // freed, and only the figures shown are held from here on.
  const observationCount = figures.length;
  figures.clear();
  superseded.length = 0;
  collectGarbage();
  step('quality checks (reconcile, sources agree, repeats, cautions)');
  for (const c of checks) log(`check ${c.id}: ${c.held} of ${c.compared} held${c.status === 'warn' ? ` (${c.compared - c.held} exceptions)` : ''}`);
  // What the previous good build of this data folder published, that this one would not: stop unless told.
  // Read from the index.json that build wrote; another folder's build is not compared (see findDrops).
  const contents = buildContents(dataDir, shown);
  const drops = findDrops(previousContents(outRoot), contents, (code) => {
    const name = lookup.las.get(code)?.name ?? lookup.regions.get(code)?.name ?? (code === ENGLAND_CODE ? 'England' : undefined);
    return name ? `${name} (${code})` : code;
  });
  if (drops.length && !options.allowDrops) {
    throw new DataError(
      { file: dataDir },
      `this build would drop what the previous build of this data folder published: ${drops.join('; ')}. Nothing was published. If the drop is intended, build again with --allow-drops (or ALLOW_DROPS=1)`,
    );
  }
  step('contents and drop check');

  const byArea = buildAreaFiles(shown);
  const stores = areaStores(byArea);
  // The area files and stores hold the figures in columns (domain/area-store); the 1.2 M figures shown
  // are needed no further, so they are let go before the output is written.
  shown.clear();
  collectGarbage();
  step('group by area');
  const headline = buildHeadline(stores.get(ENGLAND_CODE) ?? AreaStore.empty);
  const pageAreas = new Set(areas.map((a) => a.code));
  const subRegions = [...byArea.keys()].filter((c) => !pageAreas.has(c));
  if (subRegions.length) warnings.push(`figures for ${subRegions.join(', ')} (Inner/Outer London) are kept in the data but have no page of their own`);
  for (const r of repeats) {
    warnings.push(`${r.dataset} ${r.time_identifier} ${r.time_period}: ${r.measure} equals ${r.time_identifier} ${r.earlier} to every digit for ${r.same} of ${r.of} LA rows; the published file may repeat the earlier year's figures`);
  }
  if (drops.length) warnings.push(`dropped on purpose (--allow-drops), published by the previous build of this data folder: ${drops.join('; ')}`);
  const index: SiteIndex = { builtAt: new Date().toISOString(), sources, areas, periods, breaks, headline, warnings, checks, repeats, halfTerms, unmapped, cautions, coverage: families.found, contents };

  const genTmp = path.join(outRoot, 'data', 'generated.tmp');
  const pubTmp = path.join(outRoot, 'public', 'generated.tmp');
  fs.rmSync(genTmp, { recursive: true, force: true });
  fs.rmSync(pubTmp, { recursive: true, force: true });
  writeJson(path.join(genTmp, 'index.json'), index);
  // The data release these files make (see src/lib/publish/release.ts): reuses an archived id for the same sources.
  const release = releaseFor(sources, index.builtAt, archivedReleases(pinnedReleasesDir()));
  writeJson(path.join(genTmp, 'release.json'), release);
  for (const [code, file] of byArea) writeText(path.join(genTmp, 'areas', `${code}.json`), areaFileJson(file));
  const bandsByArea = new Map<string, BandDistribution[]>();
  for (const b of bands) if (keptInBandsFile(b)) (bandsByArea.get(b.area_code) ?? bandsByArea.set(b.area_code, []).get(b.area_code)!).push(b);
  for (const [code, rows] of bandsByArea) writeJson(path.join(genTmp, 'bands', `${code}.json`), rows);

  const names = new Map(areas.map((a) => [a.code, a.name]));
  const lineageNote = (a: (typeof areas)[number]) => {
    const list = (codes: string[]) => codes.map((c) => names.get(c) ?? c).join(' and ');
    if (a.sameAreaPredecessor) return `Before ${a.start.slice(0, 4)} this area was ${list([a.sameAreaPredecessor])} under another code.`;
    if (a.predecessors.length) return `Formed in ${a.start.slice(0, 4)} from ${list(a.predecessors)}.`;
    if (a.sameAreaSuccessor && !names.has(a.sameAreaSuccessor)) return `Has the new code ${a.sameAreaSuccessor} from ${a.end?.slice(0, 4)}; same area.`;
    if (a.successors.length) return `Replaced in ${a.end?.slice(0, 4)} by ${list(a.successors)}.`;
    return undefined;
  };
  const mapIndex: MapIndex = {
    periods,
    unmapped,
    cautions: mapCautions(cautions, periods),
    breaks,
    bins,
    ...buildChangeBreaks(layers, periods, laCodes),
    areas: Object.fromEntries(areas.map((a) => [a.code, { name: a.name, region: a.region_code, level: a.level, ...(a.old_la_code ? { number: a.old_la_code } : {}), note: lineageNote(a), ended: hasEnded(a, names) }])),
    regions: [...lookup.regions.values()].filter((r) => r.code.startsWith('E12')),
  };
  writeJson(path.join(pubTmp, 'map', 'index.json'), mapIndex);
  for (const layer of layers) writeJson(path.join(pubTmp, 'map', layerFile(layer.period, layer.phase)), layer);
  const entryOf = new Map(areas.map((a) => [a.code, a]));
  for (const a of areas) {
    const before = a.sameAreaPredecessor ? entryOf.get(a.sameAreaPredecessor) : undefined;
    const predecessor = before ? { code: before.code, name: before.name, rows: stores.get(before.code) ?? AreaStore.empty } : undefined;
    writeJson(path.join(pubTmp, 'series', `${a.code}.json`), compareSeries(stores.get(a.code) ?? AreaStore.empty, predecessor));
  }
  for (const year of new Set(periods.map((p) => p.geometry))) {
    writeJson(path.join(pubTmp, 'geo', boundaryFile(year)), vintageTopology(boundaries, year));
  }
  await writesDone();
  step('write JSON');
  swapIn(genTmp, path.join(outRoot, 'data', 'generated'));
  swapIn(pubTmp, path.join(outRoot, 'public', 'generated'));
  step('swap in (removing the previous output)');
  log(`data release ${release.id}`);
  log(`data build: ${observationCount} observations, ${areas.length} areas, ${periods.length} map periods, ${layers.length} layers`);
  for (const w of warnings) log(`warning: ${w}`);
  log(`data build steps: ${steps.map((t) => `${t.name} ${(t.ms / 1000).toFixed(2)} s (CPU ${(t.cpuMs / 1000).toFixed(2)} s, RSS after ${Math.round(t.rssMb)} MB)`).join('; ')}`);
  return index;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { dir: dataDir, given } = dataDirFromArgs(process.argv.slice(2));
  (async () => {
    // With no folder named, data/raw/ is filled from the pinned sources first (only missing files are
    // fetched). A folder given with DATA_DIR or --data-dir is used as it is: nothing is fetched.
    if (!given) await ensureSources(dataDir);
    process.stderr.write(`data build: reading ${dataDir}\n`);
    await buildData(dataDir, ROOT, undefined, { allowDrops: allowDropsFrom(process.argv.slice(2)) });
  })().catch((e: unknown) => {
    process.stderr.write(`data build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
