/**
 * Shapes of the files the data build writes and the pages read. Everything under `data/generated/` is
 * read by Astro at build time; everything under `public/generated/` is fetched by the browser (map).
 * Neither is committed: `npm run data:build` makes them from DATA_DIR.
 */
import type { BuildContents } from '../ingest/completeness';
import type { Caution, PlacedCaution } from '../shape/cautions';
import fs from 'node:fs';
import path from 'node:path';
import type { Bin } from '../classes/bins';
import type { CheckResult, RepeatedPeriod } from '../shape/quality';
import type { BreakdownTopic, DatasetId, GeographicLevel, Phase, RateMeasure, Series } from '../domain/model';
import type { DfeSymbol } from '../domain/symbols';
import type { Release } from '../publish/release';
import { layerFile } from '../view/map-logic';
import { AreaStore, type AreaFile } from '../domain/area-store';

export type { AreaObservation } from '../domain/area-store';

/** An area with a page: England, a region, or an LA (predecessors included). */
export interface AreaEntry {
  code: string;
  name: string;
  level: GeographicLevel;
  /** DfE 3-digit code for LAs, else ''. */
  old_la_code: string;
  /** E12 region of an LA, else ''. */
  region_code: string;
  /** ISO dates of operation for LAs; '' for England and regions. */
  start: string;
  end: string | null;
  predecessors: string[];
  successors: string[];
  sameAreaPredecessor: string | null;
  sameAreaSuccessor: string | null;
}

/**
 * Whether an authority has ended. A code change whose new code has no figures yet (`codes`: the areas
 * with pages) is not an end: the authority carries on and all its figures are still under the old code.
 */
export function hasEnded(a: Pick<AreaEntry, 'end' | 'sameAreaSuccessor'>, codes: { has(code: string): boolean }): boolean {
  return Boolean(a.end && !(a.sameAreaSuccessor && !codes.has(a.sameAreaSuccessor)));
}

/** One period of one series, as a reader picks it (the map's period selector). */
export interface PeriodEntry {
  id: string;
  series: Series;
  dataset: DatasetId;
  time_period: string;
  time_identifier: string;
  label: string;
  /** Boundary year of the map for this period (see geo/boundaries). */
  vintage: number;
  /**
   * Which boundary file to draw: the earliest chosen vintage with exactly the same authorities, so
   * periods on identical boundaries share one file and the browser projects it once.
   */
  geometry: number;
  phases: Phase[];
  /** Rate measures published for this period (the registers have no severe absence). */
  measures: RateMeasure[];
}

/** A period with figures that the map cannot draw: the boundary file has no shape for `noShape` (LA codes). */
export type UnmappedPeriod = Omit<PeriodEntry, 'vintage' | 'geometry' | 'phases' | 'measures'> & { noShape: string[] };

/** Per-period map values: `values[code][measure]` is a number or a DfE symbol. */
export interface MapLayer {
  period: string;
  phase: Phase;
  values: Record<string, Partial<Record<RateMeasure, number | DfeSymbol>>>;
  /** Pupils behind a rate (model.PUPIL_COUNT_OF), keyed by the rate's measure: `counts[code][rate]`. */
  counts?: Record<string, Partial<Record<RateMeasure, number | DfeSymbol>>>;
}

export interface HeadlineFigure {
  series: Series;
  dataset: DatasetId;
  measure: RateMeasure;
  time_period: string;
  time_identifier: string;
  value: number | null;
  symbol: DfeSymbol | null;
}

/** A source file the build read, with its checksum and what it gave. */
export interface SourceFileReport {
  file: string;
  bytes: number;
  sha256: string;
  observations: number;
  /** Datasets the file gave observations to. */
  datasets?: DatasetId[];
  unknownColumns: string[];
  notes: string[];
  /** The data guidance EES shipped with the file (its `data-guidance/` folder beside `data/`, or in the same zip), by path. */
  guidance?: string[];
}

/** `data/generated/index.json`. */
export interface SiteIndex {
  builtAt: string;
  /** Newest DfE release date we can name from the files (ISO), for source lines. */
  sources: SourceFileReport[];
  areas: AreaEntry[];
  periods: PeriodEntry[];
  /** Breaks per `${measure}|${phase}`. */
  breaks: Record<string, number[]>;
  headline: HeadlineFigure[];
  warnings: string[];
  /** Reconciliation checks (see lib/quality). */
  checks: CheckResult[];
  /** Periods whose figures repeat the year before's (see lib/quality). */
  repeats: RepeatedPeriod[];
  /** Half terms each census full year covers, by `time_period` (`absence_terms`: 5 before 2012/13, then 6). */
  halfTerms: Record<string, 5 | 6>;
  /** Periods with figures that are charted and tabled but not mapped (see shape/map-layers buildPeriods). */
  unmapped: UnmappedPeriod[];
  /** LA census figures with a caution (lib/cautions): enrolments that fell by half, small bases. */
  cautions: PlacedCaution[];
  /** What this build published and from which folder, for the next build's check of what it drops (lib/completeness). */
  contents?: BuildContents;
  /** What the data folder held: one line per file family found, with its periods (lib/file-families summariseFamilies). */
  coverage?: string[];
}

/** `public/generated/map/index.json`: what the browser map needs before it fetches a period. */
export interface MapIndex {
  periods: PeriodEntry[];
  /** Periods that are charted but cannot be mapped, said next to the period picker. */
  unmapped: UnmappedPeriod[];
  /** Cautions by `${periodId}|${phase}`, then LA code (lib/cautions), said when the LA is chosen. */
  cautions: Record<string, Record<string, Caution>>;
  breaks: Record<string, number[]>;
  bins: Record<string, Bin[]>;
  /** Symmetric breaks (percentage points) for maps of change, per `${measure}|${phase}`. */
  changeBreaks: Record<string, number[]>;
  changeBins: Record<string, Bin[]>;
  /** `note` names predecessors or successors, for the map's words about an authority. */
  /** `number`: the DfE LA number (`old_la_code`, "821"), for search; absent for England and regions. */
  areas: Record<string, { name: string; region: string; level: GeographicLevel; number?: string; note?: string; ended?: boolean }>;
  regions: { code: string; name: string }[];
}

export const GENERATED_DIR = path.resolve(process.cwd(), 'data', 'generated');
/** The map's data, served at /generated/ (written by the data build). */
export const PUBLIC_GENERATED_DIR = path.resolve(process.cwd(), 'public', 'generated');

let cachedMapIndex: MapIndex | undefined;

/** `public/generated/map/index.json`, read at build time (the home page preloads what it names). */
export function readMapIndex(): MapIndex {
  if (cachedMapIndex) return cachedMapIndex;
  const file = path.join(PUBLIC_GENERATED_DIR, 'map', 'index.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run data:build" first (it reads DATA_DIR).`);
  cachedMapIndex = JSON.parse(fs.readFileSync(file, 'utf8')) as MapIndex;
  return cachedMapIndex;
}

let cachedIndex: SiteIndex | undefined;
let cachedRelease: Release | undefined;

/** The data release of this build, from `data/generated/release.json` (see src/lib/publish/release.ts). */
export function readRelease(): Release {
  if (cachedRelease) return cachedRelease;
  const file = path.join(GENERATED_DIR, 'release.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run data:build" first (it reads DATA_DIR).`);
  cachedRelease = JSON.parse(fs.readFileSync(file, 'utf8')) as Release;
  return cachedRelease;
}

/** Reads `data/generated/index.json`; throws with the command to run when it is missing. */
export function readSiteIndex(): SiteIndex {
  if (cachedIndex) return cachedIndex;
  const file = path.join(GENERATED_DIR, 'index.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run data:build" first (it reads DATA_DIR).`);
  cachedIndex = JSON.parse(fs.readFileSync(file, 'utf8')) as SiteIndex;
  return cachedIndex;
}

const areaCache = new Map<string, AreaStore>();

/**
 * One area's figures (England, region or LA) as a store to `select` from, from the columnar
 * `data/generated/areas/{code}.json` (domain/area-store); an empty store when the area has no file.
 */
export function readAreaStore(code: string): AreaStore {
  const hit = areaCache.get(code);
  if (hit) return hit;
  const file = path.join(GENERATED_DIR, 'areas', `${code}.json`);
  const store = fs.existsSync(file) ? AreaStore.fromFile(JSON.parse(fs.readFileSync(file, 'utf8')) as AreaFile) : AreaStore.empty;
  areaCache.set(code, store);
  return store;
}

/** One area × period × phase × breakdown band distribution (see importers/distributions). */
export interface AreaBands {
  time_period: string;
  phase: Phase;
  breakdown: { topic: BreakdownTopic; value: string };
  /** Enrolments in each overall-absence band, in BAND_LABELS order. */
  bands: number[];
  enrolments: number;
}

/** Band distributions for one area, from `data/generated/bands/{code}.json` ([] when none). */
export function readAreaBands(code: string): AreaBands[] {
  const file = path.join(GENERATED_DIR, 'bands', `${code}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AreaBands[]) : [];
}

const layerCache = new Map<string, MapLayer | null>();

/** A map layer from `public/generated/map/` (null when that period has no such phase). */
export function readMapLayer(periodId: string, phase: Phase): MapLayer | null {
  const key = layerFile(periodId, phase);
  if (!layerCache.has(key)) {
    const file = path.join(PUBLIC_GENERATED_DIR, 'map', key);
    layerCache.set(key, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MapLayer) : null);
  }
  return layerCache.get(key)!;
}
