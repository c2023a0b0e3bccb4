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
 *
 * Output (never committed): data/generated/ (read by Astro at build time) and public/generated/ (fetched
 * by the map). Both are written to temporary folders and swapped in only when the whole build succeeds,
 * so a failed build never leaves a half-made site. Any bad input stops the build with the file, row and
 * column; files under dfe/ that no importer reads are listed as warnings.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, readCsv, readCsvHeader } from '../src/lib/csv';
import { DataError, RowToFindError } from '../src/lib/errors';
import { readAreaLookup } from '../src/lib/geo/la-lookup';
import { liveCodes, readBoundarySource, vintageTopology } from '../src/lib/geo/boundaries';
import { checkSourcesAgree, findRepeatedPeriods, reconcile } from '../src/lib/quality';
import { applyPrecedence } from '../src/lib/shape/precedence';
import { importLait } from '../src/lib/importers/lait';
import { importCensusCharacteristics, importCensusGeographic, isCharacteristicsHeader } from '../src/lib/importers/census';
import { importPersistentAbsenceByWeek, importRegistersFile } from '../src/lib/importers/registers';
import { findDistributionRow, importDistributions, type BandDistribution } from '../src/lib/importers/distributions';
import { importCinAbsence } from '../src/lib/importers/cin';
import { ENGLAND_CODE, type Observation } from '../src/lib/model';
import { buildBreaks, buildChangeBreaks, buildMapLayers, buildPeriods, mapCautions } from '../src/lib/shape/map-layers';
import { findCautions } from '../src/lib/cautions';
import { boundaryFile, layerFile } from '../src/lib/map-logic';
import { summariseFamilies, type FamilyFile, type FileFamilyId } from '../src/lib/file-families';
import { buildAreaEntries, buildHeadline, compareSeries, groupByArea } from '../src/lib/shape/areas';
import { hasEnded, type AreaEntry, type MapIndex, type SiteIndex, type SourceFileReport } from '../src/lib/site-data';
import { DEFAULT_DATA_DIR, ensureSources } from './fetch-data';
import { archivedReleases, pinnedReleasesDir, releaseFor } from '../src/lib/release';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The data folder: `--data-dir`, else DATA_DIR, else data/raw/ (`given` false: the one fetch-data fills). */
export function dataDirFromArgs(argv: string[]): { dir: string; given: boolean } {
  const i = argv.indexOf('--data-dir');
  const given = i >= 0 ? argv[i + 1] : process.env.DATA_DIR || undefined;
  return { dir: path.resolve(given ?? DEFAULT_DATA_DIR), given: given !== undefined };
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

function swapIn(tmp: string, final: string): void {
  const old = `${final}.old`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(final)) fs.renameSync(final, old);
  fs.renameSync(tmp, final);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Adds the row to a RowToFindError (the area checks run on observations, which do not carry rows): the first
 * row of the file whose cells hold every value of the error's `match`, in a CSV file or in the distributions
 * zip. Any other error, or one whose row cannot be found, is returned as it is.
 */
async function withRow(e: unknown, abs: (file: string) => string): Promise<unknown> {
  if (!(e instanceof RowToFindError)) return e;
  const place = (file: string, row: number) => new DataError({ file, row, column: e.column }, e.problem, e.value);
  try {
    if (e.file.endsWith('.csv')) {
      const table = readCsv(decodeText(fs.readFileSync(abs(e.file)), e.file), e.file);
      const hit = table.rows.find((r) => Object.entries(e.match).every(([column, value]) => r.cells[column] === value));
      return hit ? place(e.file, hit.row) : e;
    }
    if (e.file.endsWith('.zip')) {
      const hit = await findDistributionRow(fs.createReadStream(abs(e.file)), e.file, e.match);
      return hit ? place(hit.file, hit.row) : e;
    }
  } catch {
    // The file was read once already; failing to read it again leaves the error as it was, without a row.
  }
  return e;
}

/** Runs the whole build; returns the index written. Throws DataError on bad input. */
export async function buildData(dataDir: string, outRoot = ROOT, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<SiteIndex> {
  if (!fs.existsSync(path.join(dataDir, 'dfe')) || !fs.existsSync(path.join(dataDir, 'geo'))) {
    throw new DataError({ file: dataDir }, 'data folder must hold dfe/ and geo/ (set DATA_DIR or --data-dir; see README "Getting the data")');
  }
  const rel = (abs: string) => path.relative(dataDir, abs).split(path.sep).join('/');
  // Text is decoded strictly (UTF-8 only, see decodeText): a file in another encoding is refused, not guessed.
  // Every published CSV ends with a line break; one that does not was probably cut off, and a row cut inside
  // its last cell would still have the right number of fields ("17.6" read as "17"), so it is refused.
  const text = (abs: string) => {
    const file = rel(abs);
    const t = decodeText(fs.readFileSync(abs), file);
    if (file.endsWith('.csv') && t !== '' && !/[\r\n]$/.test(t)) {
      const lines = t.split(/\r\n|\r|\n/).length;
      throw new DataError({ file, row: lines }, 'file does not end with a line break: its last row may be cut off (an interrupted download?)');
    }
    return t;
  };
  const read = (relPath: string) => {
    const abs = path.join(dataDir, relPath);
    if (!fs.existsSync(abs)) throw new DataError({ file: relPath }, 'required file is missing from the data folder');
    return text(abs);
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

  const observations: Observation[] = [];
  const bands: BandDistribution[] = [];
  const sources: SourceFileReport[] = [];
  const warnings: string[] = [];
  // Which file each stretch of `observations` came from: one entry per file, not one per figure.
  const fileRanges: { end: number; file: string }[] = [];
  const fileOf = (index: number) => fileRanges.find((r) => index < r.end)?.file ?? 'dfe/';
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

  // Periods of each file's figures, by family, for the summary of what the data folder holds.
  const familyFiles: FamilyFile[] = [];
  const take = (family: FileFamilyId, file: string, abs: string, obs: Observation[], unknownColumns: string[] = [], notes: string[] = []) => {
    const bytes = fs.readFileSync(abs);
    const periods = new Map<string, readonly [string, string]>();
    for (const o of obs) {
      const key = `${o.time_period}|${o.time_identifier}`;
      if (!periods.has(key)) periods.set(key, [o.time_period, o.time_identifier]);
    }
    familyFiles.push({ family, file, periods: [...periods.values()] });
    for (let i = 0; i < obs.length; i++) observations.push(obs[i]!);
    fileRanges.push({ end: observations.length, file });
    const datasets = [...new Set(obs.map((o) => o.dataset))].sort();
    sources.push({ file, bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), observations: obs.length, datasets, unknownColumns, notes });
    if (unknownColumns.length) warnings.push(`${file}: columns not read: ${unknownColumns.join(', ')}`);
    log(`  ${file}: ${obs.length} observations${notes.length ? ` (${notes.join('; ')})` : ''}`);
  };

  const dfeFiles = listFiles(path.join(dataDir, 'dfe'));
  const handled = new Set<string>();
  for (const abs of dfeFiles) {
    const file = rel(abs);
    const base = path.basename(abs);
    if (/(^|\/)SOURCES\.md$/.test(file)) {
      handled.add(abs);
      continue;
    }
    if (file.startsWith('dfe/lait/') && base.endsWith('.parquet')) {
      const r = await importLait(fs.readFileSync(abs), file, lookup);
      take('lait', file, abs, r.observations, r.unknownColumns, [`${r.notOperatingRows} "-" rows for LAs in years they did not exist`]);
    } else if (file.startsWith('dfe/census/') && base.endsWith('.csv')) {
      const csv = text(abs);
      const header = readCsvHeader(csv, file);
      const r = isCharacteristicsHeader(header) ? importCensusCharacteristics(csv, file) : importCensusGeographic(csv, file);
      addHalfTerms(file, r.halfTerms);
      take('census', file, abs, r.observations, r.unknownColumns);
    } else if (file.startsWith('dfe/absence_pru/') && base.endsWith('.csv')) {
      const r = importCensusGeographic(text(abs), file, { phase: 'pru' });
      addHalfTerms(file, r.halfTerms);
      take('pru', file, abs, r.observations, r.unknownColumns);
    } else if (/^dfe\/attendance\/\d{6}\/EES_(aut|spr|sum|ytd|weekly)_data\.csv$/.test(file)) {
      const isYtd = base === 'EES_ytd_data.csv';
      // A year's ytd file is a finished year once its summer term file exists; until then it is year to date.
      const finished = fs.existsSync(path.join(path.dirname(abs), 'EES_sum_data.csv'));
      const r = importRegistersFile(text(abs), file, isYtd ? { timeIdentifier: finished ? 'Full year' : 'Year to date' } : {});
      take('registers', file, abs, r.observations, r.unknownColumns);
    } else if (file.startsWith('dfe/pa_explorer/') && base.endsWith('.csv')) {
      const r = importPersistentAbsenceByWeek(text(abs), file);
      take('pa-by-week', file, abs, r.observations, r.unknownColumns);
    } else if (file.startsWith('dfe/absence_distributions/') && base.endsWith('.zip')) {
      const r = await importDistributions(fs.createReadStream(abs), file);
      for (const b of r.bands) bands.push(b);
      take('distributions', file, abs, r.observations, [], [`${r.bands.length} band distributions`]);
    } else if (file.startsWith('dfe/cin_outcomes/') && base.endsWith('.csv')) {
      const r = importCinAbsence(text(abs), file);
      take('cin', file, abs, r.observations, r.unknownColumns);
    } else {
      warnings.push(`${file}: no importer reads this file; it was not used`);
      continue;
    }
    handled.add(abs);
  }
  if (observations.length === 0) throw new DataError({ file: `${dataDir}/dfe` }, 'no DfE absence file was found');
  const families = summariseFamilies(familyFiles);
  for (const line of families.found) log(`found ${line}`);
  warnings.push(...families.missing);

  let areas: AreaEntry[];
  try {
    areas = buildAreaEntries(observations, lookup, fileOf);
  } catch (e) {
    throw await withRow(e, (file) => path.join(dataDir, file));
  }
  // One answer per figure from here on: the publication file over LAIT (shape/precedence).
  const { shown, superseded } = applyPrecedence(observations);
  const { periods, unmapped } = buildPeriods(shown, boundaries, (code) => Boolean(lookup.las.get(code)?.end));
  const layers = buildMapLayers(shown, periods);
  const laCodes = new Set(areas.filter((a) => a.level === 'Local authority').map((a) => a.code));
  const { breaks, bins } = buildBreaks(layers, laCodes);
  const byArea = groupByArea(shown);
  const headline = buildHeadline(byArea.get(ENGLAND_CODE) ?? []);
  const pageAreas = new Set(areas.map((a) => a.code));
  const subRegions = [...byArea.keys()].filter((c) => !pageAreas.has(c));
  if (subRegions.length) warnings.push(`figures for ${subRegions.join(', ')} (Inner/Outer London) are kept in the data but have no page of their own`);

  const checks = [...reconcile(observations, periods, (year) => liveCodes(boundaries, year)), checkSourcesAgree(superseded)];
  const repeats = findRepeatedPeriods(shown);
  const cautions = findCautions(shown);
  for (const r of repeats) {
    warnings.push(`${r.dataset} ${r.time_identifier} ${r.time_period}: ${r.measure} equals ${r.time_identifier} ${r.earlier} to every digit for ${r.same} of ${r.of} LA rows; the published file may repeat the earlier year's figures`);
  }
  for (const c of checks) log(`check ${c.id}: ${c.held} of ${c.compared} held${c.status === 'warn' ? ` (${c.compared - c.held} exceptions)` : ''}`);
  const index: SiteIndex = { builtAt: new Date().toISOString(), sources, areas, periods, breaks, headline, warnings, checks, repeats, halfTerms, unmapped, cautions };

  const genTmp = path.join(outRoot, 'data', 'generated.tmp');
  const pubTmp = path.join(outRoot, 'public', 'generated.tmp');
  fs.rmSync(genTmp, { recursive: true, force: true });
  fs.rmSync(pubTmp, { recursive: true, force: true });
  writeJson(path.join(genTmp, 'index.json'), index);
  // The data release these files make (see src/lib/release.ts): reuses an archived id for the same sources.
  const release = releaseFor(sources, index.builtAt, archivedReleases(pinnedReleasesDir()));
  writeJson(path.join(genTmp, 'release.json'), release);
  for (const [code, rows] of byArea) writeJson(path.join(genTmp, 'areas', `${code}.json`), rows);
  const bandsByArea = new Map<string, BandDistribution[]>();
  for (const b of bands) (bandsByArea.get(b.area_code) ?? bandsByArea.set(b.area_code, []).get(b.area_code)!).push(b);
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
    areas: Object.fromEntries(areas.map((a) => [a.code, { name: a.name, region: a.region_code, level: a.level, note: lineageNote(a), ended: hasEnded(a, names) }])),
    regions: [...lookup.regions.values()].filter((r) => r.code.startsWith('E12')),
  };
  writeJson(path.join(pubTmp, 'map', 'index.json'), mapIndex);
  for (const layer of layers) writeJson(path.join(pubTmp, 'map', layerFile(layer.period, layer.phase)), layer);
  for (const a of areas) writeJson(path.join(pubTmp, 'series', `${a.code}.json`), compareSeries(byArea.get(a.code) ?? []));
  for (const year of new Set(periods.map((p) => p.geometry))) {
    writeJson(path.join(pubTmp, 'geo', boundaryFile(year)), vintageTopology(boundaries, year));
  }
  swapIn(genTmp, path.join(outRoot, 'data', 'generated'));
  swapIn(pubTmp, path.join(outRoot, 'public', 'generated'));
  log(`data release ${release.id}`);
  log(`data build: ${observations.length} observations, ${areas.length} areas, ${periods.length} map periods, ${layers.length} layers`);
  for (const w of warnings) log(`warning: ${w}`);
  return index;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { dir: dataDir, given } = dataDirFromArgs(process.argv.slice(2));
  (async () => {
    // With no folder named, data/raw/ is filled from the pinned sources first (only missing files are
    // fetched). A folder given with DATA_DIR or --data-dir is used as it is: nothing is fetched.
    if (!given) await ensureSources(dataDir);
    process.stderr.write(`data build: reading ${dataDir}\n`);
    await buildData(dataDir);
  })().catch((e: unknown) => {
    process.stderr.write(`data build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
