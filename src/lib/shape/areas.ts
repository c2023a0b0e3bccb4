/**
 * From the figures (a domain/figure-table FigureTable) to the area register the pages are made from:
 * England, the regions, and every LA that has data (predecessors included), each with its lineage, and
 * to each area's file. Pure functions.
 */
import { ENGLAND_CODE, RATE_MEASURES, type DatasetId, type Observation, type RateMeasure, type Series } from '../domain/model';
import type { FigureRow, FigureTable } from '../domain/figure-table';
import { periodSortKey, SINGLE_TERMS } from '../domain/periods';
import { checkLaIdentity, type AreaLookup } from '../ingest/geo/la-lookup';
import type { AreaEntry, HeadlineFigure } from '../page-models/site-data';
import { AreaFileBuilder, AreaStore, type AreaFile } from '../domain/area-store';
import { RowToFindError } from '../domain/errors';

/**
 * Checks the area of every figure imported (`figures`, in file order) against the lookup and returns the
 * areas that have pages. Throws RowToFindError naming `fileOf(i)` (the file figure i came from), the
 * column and the cells of the row for: an LA or region code the lookup does not know, and an LA row whose
 * code, old code and name are not one authority in the lookup (geo/la-lookup.checkLaIdentity). An
 * authority is never dropped or guessed, and its figures are never filed under another's code.
 */
export function buildAreaEntries(figures: FigureTable, lookup: AreaLookup, fileOf: (index: number) => string): AreaEntry[] {
  const laCodes = new Set<string>();
  const regionCodes = new Set<string>();
  // Each identity is checked once: a file gives every LA the same code, old code and name on many rows.
  const checked = new Set<string>();
  let last: FigureRow | undefined;
  let lastRow = -1;
  for (let i = 0; i < figures.length; i++) {
    // A row's figures share its area: each row is checked at its first figure.
    const r = figures.rowIndex(i);
    if (r === lastRow) continue;
    lastRow = r;
    const o = figures.rows[r]!;
    if (o.geographic_level === 'Local authority') {
      if (last && o.area_code === last.area_code && o.old_la_code === last.old_la_code && o.area_name === last.area_name) continue;
      last = o;
      const key = `${o.area_code}|${o.old_la_code}|${o.area_name}`;
      if (checked.has(key)) continue;
      const wrong = checkLaIdentity(lookup, { code: o.area_code, oldCode: o.old_la_code, name: o.area_name });
      if (wrong) {
        // An empty old code stands for "x" or an empty cell: the row is found by code and name alone.
        const match = { new_la_code: o.area_code, la_name: o.area_name, ...(o.old_la_code ? { old_la_code: o.old_la_code } : {}) };
        throw new RowToFindError({ file: fileOf(i), column: wrong.column }, wrong.problem, wrong.value, match);
      }
      checked.add(key);
      laCodes.add(o.area_code);
    } else if (o.geographic_level === 'Regional') {
      if (!lookup.regions.has(o.area_code)) {
        throw new RowToFindError({ file: fileOf(i), column: 'region_code' }, 'region code is not in geo/regions.csv', o.area_code, { region_code: o.area_code });
      }
      regionCodes.add(o.area_code);
    }
  }
  const entries: AreaEntry[] = [
    { code: ENGLAND_CODE, name: 'England', level: 'National', old_la_code: '', region_code: '', start: '', end: null, predecessors: [], successors: [], sameAreaPredecessor: null, sameAreaSuccessor: null },
  ];
  for (const r of lookup.regions.values()) {
    if (!r.code.startsWith('E12')) continue; // Inner/Outer London are sub-regions, charted on London's page
    entries.push({ code: r.code, name: r.name, level: 'Regional', old_la_code: '', region_code: '', start: '', end: null, predecessors: [], successors: [], sameAreaPredecessor: null, sameAreaSuccessor: null });
  }
  for (const code of [...laCodes].sort()) {
    const la = lookup.las.get(code)!;
    entries.push({
      code,
      name: la.name,
      level: 'Local authority',
      old_la_code: la.old_la_code,
      region_code: la.region_code,
      start: la.start,
      end: la.end,
      predecessors: la.predecessors,
      successors: la.successors,
      sameAreaPredecessor: la.sameAreaPredecessor,
      sameAreaSuccessor: la.sameAreaSuccessor,
    });
  }
  return entries;
}

/**
 * The area files (domain/area-store AreaFile), by area code in the order the areas are first met: each
 * area's figures of `shown` (the figures after source precedence) as columns, in time order
 * (periods.periodSortKey; the importers' order within a period). Columns are filled straight from the
 * table, so no object per figure is made. Rows no page reads are not written (keptInAreaFile).
 */
export function buildAreaFiles(shown: FigureTable): Map<string, AreaFile> {
  const rows = shown.rows;
  // Per row, made at its first figure: its area's builder (-1: not kept; -2: not met yet) and its period.
  const rowArea = new Int32Array(rows.length).fill(-2);
  const rowPeriod = new Int32Array(rows.length);
  const codes: string[] = [];
  const areaIndex = new Map<string, number>();
  // Periods numbered in the order first met, then ranked once (periodSortKey compared with localeCompare;
  // a tie keeps that order), not a key per figure.
  const periodIndex = new Map<string, Map<string, number>>();
  const met: [string, string][] = [];
  // Kept figures per period (by its number in `met`), for the counting sort below.
  const perPeriod: number[] = [];
  // Kept figures per area (by its builder), so each builder's columns are made once at their full size.
  const perArea: number[] = [];
  let kept = 0;
  let lastRow = -1;
  let area = -1;
  for (let i = 0; i < shown.length; i++) {
    const r = shown.rowIndex(i);
    if (r !== lastRow) {
      lastRow = r;
      area = rowArea[r]!;
      if (area === -2) {
        const o = rows[r]!;
        area = -1;
        if (keptInAreaFile(o)) {
          area = areaIndex.get(o.area_code) ?? -1;
          if (area < 0) {
            area = codes.length;
            areaIndex.set(o.area_code, area);
            codes.push(o.area_code);
            perArea.push(0);
          }
          let byIdentifier = periodIndex.get(o.time_period);
          if (!byIdentifier) periodIndex.set(o.time_period, (byIdentifier = new Map()));
          let p = byIdentifier.get(o.time_identifier);
          if (p === undefined) {
            byIdentifier.set(o.time_identifier, (p = met.length));
            met.push([o.time_period, o.time_identifier]);
            perPeriod.push(0);
          }
          rowPeriod[r] = p;
        }
        rowArea[r] = area;
      }
    }
    if (area >= 0) {
      kept++;
      perArea[area]!++;
      perPeriod[rowPeriod[r]!]!++;
    }
  }
  const rankOf = new Int32Array(met.length);
  met
    .map(([tp, ti], p) => [p, periodSortKey(tp, ti)] as const)
    .sort((a, b) => a[1].localeCompare(b[1]))
    .forEach(([p], rank) => (rankOf[p] = rank));
  // The kept figures in time order, by a counting sort on their period's rank: stable, so figures of one
  // period keep the importers' order. `start[rank]`: where the period of that rank's figures go next.
  const start = new Int32Array(met.length + 1);
  perPeriod.forEach((count, p) => (start[rankOf[p]! + 1] = count));
  for (let k = 1; k <= met.length; k++) start[k]! += start[k - 1]!;
  const order = new Int32Array(kept);
  for (let i = 0; i < shown.length; i++) {
    const r = shown.rowIndex(i);
    if (rowArea[r]! >= 0) order[start[rankOf[rowPeriod[r]!]!]!++] = i;
  }
  const builders = perArea.map((n) => new AreaFileBuilder(n));
  for (let k = 0; k < kept; k++) {
    const i = order[k]!;
    builders[rowArea[shown.rowIndex(i)]!]!.addFigure(shown, i);
  }
  return new Map(codes.map((code, a) => [code, builders[a]!.finish()]));
}

/**
 * Whether an observation goes into its area's file: the files hold what page models read and no more.
 * Left out, each read by no page (the map and the series files are made from the figure table, not from
 * these files): register weekly figures except England's (only the trends pages' England week-by-week
 * chart reads weeks); persistent absence year to date by week (no page reads it); absence-band
 * distributions of single phases except England's (area pages use all schools; the breakdowns pages,
 * one per phase, are England's).
 */
export function keptInAreaFile(o: Pick<Observation, 'dataset' | 'area_code' | 'phase'>): boolean {
  if (o.dataset === 'registers-pa-ytd') return false;
  if (o.area_code === ENGLAND_CODE) return true;
  if (o.dataset === 'registers-weekly') return false;
  return o.dataset !== 'distributions' || o.phase === 'total';
}

/**
 * Whether a band distribution goes into `data/generated/bands/`: only England's all-pupils ones. The one
 * reader is the breakdowns pages' band chart (England, each phase, all pupils); area pages take their
 * breakdowns from the distributions' rows in the area files.
 */
export function keptInBandsFile(b: { area_code: string; breakdown: { topic: string } }): boolean {
  return b.area_code === ENGLAND_CODE && b.breakdown.topic === 'Total';
}

/** Each area's store (domain/area-store) over its file, as the pages read them. */
export function areaStores(files: ReadonlyMap<string, AreaFile>): Map<string, AreaStore> {
  return new Map([...files].map(([code, file]) => [code, AreaStore.fromFile(file)]));
}

const HEADLINE_MEASURES: RateMeasure[] = ['enrolments_pa_10_exact_percent', 'enrolments_pa_50_exact_percent', 'sess_overall_percent'];

/**
 * England's latest published all-pupils, all-schools figure per series and headline measure:
 * the most recent full year with a number (census), and the most recent term or year (registers).
 */
export function buildHeadline(england: AreaStore): HeadlineFigure[] {
  const out: HeadlineFigure[] = [];
  const datasets: Record<Series, DatasetId[]> = { census: ['census-geographic', 'lait'], registers: ['registers-term'] };
  for (const series of ['census', 'registers'] as const) {
    for (const measure of HEADLINE_MEASURES) {
      const candidates = england
        .select({ series, dataset: datasets[series], measure, phase: 'total', topic: 'Total', ...(series === 'census' ? { time_identifier: 'Full year' } : {}) })
        .filter((o) => o.value !== null);
      const latest = candidates.at(-1);
      if (latest) {
        out.push({ series, dataset: latest.dataset, measure, time_period: latest.time_period, time_identifier: latest.time_identifier, value: latest.value, symbol: latest.symbol });
      }
    }
  }
  return out;
}

/** Rate series of one area for the comparison tool: `series[seriesId][measure|phase]` = points in time order. */
export interface CompareSeries {
  /** [periodLabel, value or symbol] pairs, in time order. */
  census: Record<string, [string, number | string][]>;
  /** School-census single terms (autumn, spring, summer), apart from the full years. */
  censusTerms: Record<string, [string, number | string][]>;
  registers: Record<string, [string, number | string][]>;
  /**
   * The same area under its earlier code, whose figures fill the years before this code's (a code change
   * only); `lines` names each line it fills, as `{census|censusTerms|registers}|{measure}|{phase}`.
   */
  predecessor?: { code: string; name: string; lines: string[] };
}

/**
 * The census full-year and register termly rates of an area, all phases, for `public/generated/series/`.
 * Census full years come from whichever dataset answers each figure (one only: shape/precedence); register
 * terms are autumn, spring and summer only, so a line never mixes a term with a whole year. With
 * `predecessor` (the same area under its earlier code, AreaEntry.sameAreaPredecessor) its figures fill the
 * periods this code has none for, and `predecessor` is set on the result so the page can say so.
 */
export function compareSeries(rows: AreaStore, predecessor?: { code: string; name: string; rows: AreaStore }): CompareSeries {
  const out: CompareSeries = { census: {}, censusTerms: {}, registers: {} };
  const query = { topic: 'Total', measure: RATE_MEASURES, dataset: ['lait', 'census-geographic', 'registers-term'] } as const;
  // Rows are read field by field from the stores' columns (AreaStore.textAt), not decoded into objects, and
  // each line key and period label is made once: series files read a quarter of a million rows.
  const lineKey = memo2((measure: string, phase: string) => `${measure}|${phase}`);
  const yearLabel = memo2((timePeriod: string, _identifier: string) => `${timePeriod.slice(0, 4)}/${timePeriod.slice(4)}`);
  const termLabel = memo2((timePeriod: string, identifier: string) => `${identifier.replace(' term', '')} ${timePeriod.slice(0, 4)}/${timePeriod.slice(4)}`);
  // Labels of each line already given a point, by series and line key.
  const labelsOf = { census: new Map<string, Set<string>>(), censusTerms: new Map<string, Set<string>>(), registers: new Map<string, Set<string>>() };
  const filled = new Set<string>();
  const take = (store: AreaStore, i: number, fromPredecessor: boolean) => {
    const timeIdentifier = store.textAt('time_identifier', i)!;
    const dataset = store.textAt('dataset', i);
    const single = (SINGLE_TERMS as readonly string[]).includes(timeIdentifier);
    const census = (dataset === 'lait' || dataset === 'census-geographic') && timeIdentifier === 'Full year';
    const censusTerm = dataset === 'census-geographic' && single;
    const registers = dataset === 'registers-term' && single;
    if (!census && !censusTerm && !registers) return;
    const series = census ? 'census' : censusTerm ? 'censusTerms' : 'registers';
    const key = lineKey(store.textAt('measure', i)!, store.textAt('phase', i)!);
    const label = (census ? yearLabel : termLabel)(store.textAt('time_period', i)!, timeIdentifier);
    let labels = labelsOf[series].get(key);
    if (!labels) labelsOf[series].set(key, (labels = new Set()));
    if (labels.has(label)) return;
    labels.add(label);
    if (fromPredecessor) filled.add(`${series}|${key}`);
    (out[series][key] ??= []).push([label, store.valueAt(i) ?? (store.textAt('symbol', i) as string)]);
  };
  if (!predecessor) {
    for (const i of rows.selectIndices(query)) take(rows, i, false);
    return out;
  }
  // A same-area predecessor's figures fill the years before the code changed, as on the area's page; where
  // both have a figure for a period the area's own comes first (it is earlier in the merged list).
  type Point = { store: AreaStore; i: number; fromPredecessor: boolean };
  const points = (store: AreaStore, fromPredecessor: boolean): Point[] => store.selectIndices(query).map((i) => ({ store, i, fromPredecessor }));
  const order = (p: Point) => periodSortKey(p.store.textAt('time_period', p.i)!, p.store.textAt('time_identifier', p.i)!);
  const own = points(rows, false);
  const before = points(predecessor.rows, true);
  const merged = before.length ? [...own, ...before].sort((a, b) => order(a).localeCompare(order(b))) : own;
  for (const p of merged) take(p.store, p.i, p.fromPredecessor);
  if (filled.size) out.predecessor = { code: predecessor.code, name: predecessor.name, lines: [...filled].sort() };
  return out;
}

/** `make(a, b)` remembered for each pair of strings it is asked (a few dozen in a series file). */
function memo2(make: (a: string, b: string) => string): (a: string, b: string) => string {
  const byA = new Map<string, Map<string, string>>();
  return (a, b) => {
    let byB = byA.get(a);
    if (!byB) byA.set(a, (byB = new Map()));
    let v = byB.get(b);
    if (v === undefined) byB.set(b, (v = make(a, b)));
    return v;
  };
}
