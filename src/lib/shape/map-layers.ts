/**
 * From the figures shown (a domain/figure-table FigureTable, after source precedence) to what the map
 * needs: the list of mappable periods (each with its boundary vintage), one layer of LA/region/England
 * values per period and phase, and fixed class breaks. Pure functions; no drawing.
 */
import { binsFor, changeBreaks, fixedBreaks, type Bin } from '../classes/bins';
import { precedenceRank } from './precedence';
import type { Caution, PlacedCaution } from './cautions';
import { chooseVintage, liveCodes, type BoundarySource } from '../ingest/geo/boundaries';
import { PHASES, PUPIL_COUNT_OF, RATE_MEASURES, type DatasetId, type RateMeasure } from '../domain/model';
import { MEASURE_IDS, type FigureRow, type FigureTable } from '../domain/figure-table';
import { academicYearStart, periodId, periodLabel, periodSortKey, previousYear } from '../domain/periods';
import type { MapLayer, PeriodEntry, UnmappedPeriod } from '../page-models/site-data';
import type { DfeSymbol } from '../domain/symbols';

/**
 * Datasets drawn on the map. Where two give the same series and period, the period is drawn from the one
 * shape/precedence ranks first. Distributions are derived figures, and CIN and PRU cover sub-groups, so
 * they are charted on area pages instead.
 */
export const MAP_DATASETS: readonly DatasetId[] = ['census-geographic', 'lait', 'registers-term'];

/** Per measure code (domain/figure-table MEASURE_IDS): whether it is a rate drawn on the map. */
const IS_RATE: readonly boolean[] = MEASURE_IDS.map((m) => (RATE_MEASURES as readonly string[]).includes(m));
/** Per measure code: the rate a pupil count belongs to (the reverse of PUPIL_COUNT_OF), else undefined. */
const RATE_OF_COUNT: readonly (RateMeasure | undefined)[] = (() => {
  const byCount = new Map(Object.entries(PUPIL_COUNT_OF).map(([rate, n]) => [n as string, rate as RateMeasure]));
  return MEASURE_IDS.map((m) => byCount.get(m));
})();

/** Whether a row's rate figures are drawn: a map dataset's all-pupils row (the measure is checked per figure). */
function mappableRow(r: FigureRow): boolean {
  return MAP_DATASETS.includes(r.dataset) && r.breakdown.topic === 'Total';
}

/**
 * One PeriodEntry per series × time_period × time_identifier with mappable data, sorted by time, and the
 * periods that cannot be mapped because the boundary file has no shape at all for some of their LA codes
 * that `terminated` says no longer exist (the ONS file draws authorities from 2014 on, so Bedfordshire and
 * Cheshire before 2009 and Northumberland and Gateshead's codes before 2013 have no shape). Those are
 * listed, never drawn with holes. `shown`: the figures after source precedence (shape/precedence).
 * Throws DataError (from chooseVintage) when a live authority has no shape, or when every code has a
 * shape but no single vintage holds them all.
 */
export function buildPeriods(
  shown: FigureTable,
  boundaries: BoundarySource,
  terminated: (code: string) => boolean = () => false,
): { periods: PeriodEntry[]; unmapped: UnmappedPeriod[] } {
  const drawn = new Set(boundaries.las.map((f) => f.properties.areacd));
  const unmapped: UnmappedPeriod[] = [];
  // Each period's figures (indices into `shown`), from the dataset shape/precedence ranks first.
  const groups = new Map<string, { dataset: DatasetId; figures: number[] }>();
  // A row's place, key and group are looked up once per row, not once per figure.
  let lastRow = -1;
  let row: FigureRow | undefined;
  let key = '';
  let g: { dataset: DatasetId; figures: number[] } | undefined;
  for (let i = 0; i < shown.length; i++) {
    const r = shown.rowIndex(i);
    if (r !== lastRow) {
      lastRow = r;
      const place = shown.rows[r]!;
      row = mappableRow(place) ? place : undefined;
      if (row) {
        key = `${row.series}|${row.time_period}|${row.time_identifier}`;
        g = groups.get(key);
      }
    }
    if (!row || !IS_RATE[shown.measureCode(i)]) continue;
    if (!g || precedenceRank(row.dataset) < precedenceRank(g.dataset)) groups.set(key, (g = { dataset: row.dataset, figures: [i] }));
    else if (g.dataset === row.dataset) g.figures.push(i);
  }
  const periods: PeriodEntry[] = [];
  for (const { dataset, figures } of groups.values()) {
    const first = shown.row(figures[0]!);
    const id = `${first.series}-${periodId(first.time_period, first.time_identifier)}`;
    const laCodes: string[] = [];
    const laPhases = new Set<string>();
    const laMeasures = new Set<string>();
    for (const i of figures) {
      const o = shown.row(i);
      if (o.geographic_level !== 'Local authority') continue;
      if (shown.value(i) !== null) laCodes.push(o.area_code);
      laPhases.add(o.phase);
      laMeasures.add(shown.measure(i));
    }
    if (laCodes.length === 0) continue; // nothing to draw: a period published as "-" everywhere (2019/20)
    const noShape = [...new Set(laCodes.filter((c) => !drawn.has(c)))].sort();
    if (noShape.length && noShape.every(terminated)) {
      unmapped.push({ id, series: first.series, dataset, time_period: first.time_period, time_identifier: first.time_identifier, label: periodLabel(first.time_period, first.time_identifier), noShape });
      continue;
    }
    const preferred = /^\d{6}$/.test(first.time_period) ? academicYearStart(first.time_period) : Number(first.time_period);
    const vintage = chooseVintage(boundaries, laCodes, preferred, `${dataset} ${periodLabel(first.time_period, first.time_identifier)}`);
    const phases = PHASES.filter((p) => laPhases.has(p));
    const measures = RATE_MEASURES.filter((m) => laMeasures.has(m));
    periods.push({
      id,
      series: first.series,
      dataset,
      time_period: first.time_period,
      time_identifier: first.time_identifier,
      label: periodLabel(first.time_period, first.time_identifier),
      vintage,
      geometry: vintage,
      phases,
      measures,
    });
  }
  // Vintages with the same authorities draw from one file.
  const vintages = [...new Set(periods.map((p) => p.vintage))].sort((a, b) => a - b);
  const live = new Map<number, Set<string>>();
  const liveIn = (year: number) => live.get(year) ?? live.set(year, liveCodes(boundaries, year)).get(year)!;
  const same = (a: number, b: number) => {
    const x = liveIn(a);
    const y = liveIn(b);
    return x.size === y.size && [...x].every((c) => y.has(c));
  };
  for (const p of periods) p.geometry = vintages.find((v) => same(v, p.vintage))!;
  const byTime = (a: { time_period: string; time_identifier: string; series: string }, b: typeof a) =>
    periodSortKey(a.time_period, a.time_identifier).localeCompare(periodSortKey(b.time_period, b.time_identifier)) || a.series.localeCompare(b.series);
  return { periods: periods.sort(byTime), unmapped: unmapped.sort(byTime) };
}

/**
 * One layer per period and phase: every area's value or symbol for each rate measure, and in `counts` the
 * pupils behind persistent and severe absence where the period's dataset publishes them. `shown`: the
 * figures after source precedence; `periods` from buildPeriods.
 */
export function buildMapLayers(shown: FigureTable, periods: readonly PeriodEntry[]): MapLayer[] {
  const byKey = new Map<string, PeriodEntry>();
  for (const p of periods) byKey.set(`${p.dataset}|${p.series}|${p.time_period}|${p.time_identifier}`, p);
  const layers = new Map<string, MapLayer>();
  // Per row: its period (undefined when the row is not drawn) and, made on its first figure drawn, its
  // layer and its area's cells; per figure only the measure, number and symbol are read.
  let lastRow = -1;
  let row: FigureRow | undefined;
  let period: PeriodEntry | undefined;
  let layer: MapLayer | undefined;
  let values: MapLayer['values'][string] | undefined;
  let counts: NonNullable<MapLayer['counts']>[string] | undefined;
  for (let i = 0; i < shown.length; i++) {
    const r = shown.rowIndex(i);
    if (r !== lastRow) {
      lastRow = r;
      row = shown.rows[r]!;
      period = mappableRow(row) ? byKey.get(`${row.dataset}|${row.series}|${row.time_period}|${row.time_identifier}`) : undefined;
      layer = values = counts = undefined;
    }
    if (!period) continue;
    const m = shown.measureCode(i);
    const countFor = RATE_OF_COUNT[m];
    if (!countFor && !IS_RATE[m]) continue;
    if (!layer) {
      const key = `${period.id}|${row!.phase}`;
      layer = layers.get(key);
      if (!layer) layers.set(key, (layer = { period: period.id, phase: row!.phase, values: {} }));
    }
    const value = shown.value(i);
    const figure = value !== null ? value : (shown.symbol(i) as DfeSymbol);
    if (countFor) {
      counts ??= (layer.counts ??= {})[row!.area_code] ??= {};
      counts[countFor] = figure;
    } else {
      values ??= layer.values[row!.area_code] ??= {};
      values[MEASURE_IDS[m] as RateMeasure] = figure;
    }
  }
  return [...layers.values()];
}

/** Fixed breaks and bins per `${measure}|${phase}`, pooled over every period (LA values only). */
export function buildBreaks(
  layers: readonly MapLayer[],
  laCodes: ReadonlySet<string>,
): { breaks: Record<string, number[]>; bins: Record<string, Bin[]> } {
  const pools = new Map<string, number[]>();
  for (const layer of layers) {
    for (const [code, cell] of Object.entries(layer.values)) {
      if (!laCodes.has(code)) continue;
      for (const [m, v] of Object.entries(cell)) {
        if (typeof v !== 'number') continue;
        const key = `${m}|${layer.phase}`;
        (pools.get(key) ?? pools.set(key, []).get(key)!).push(v);
      }
    }
  }
  const breaks: Record<string, number[]> = {};
  const bins: Record<string, Bin[]> = {};
  for (const [key, values] of pools) {
    breaks[key] = fixedBreaks(values);
    bins[key] = binsFor(breaks[key]!);
  }
  return { breaks, bins };
}

/**
 * Breaks for maps of change, per `${measure}|${phase}`: pooled LA differences between each period and
 * the same term (or full year) one year before, in the same series.
 */
export function buildChangeBreaks(
  layers: readonly MapLayer[],
  periods: readonly PeriodEntry[],
  laCodes: ReadonlySet<string>,
): { changeBreaks: Record<string, number[]>; changeBins: Record<string, Bin[]> } {
  const byId = new Map(periods.map((p) => [p.id, p]));
  const layerOf = new Map(layers.map((l) => [`${l.period}|${l.phase}`, l]));
  const pools = new Map<string, number[]>();
  for (const layer of layers) {
    const p = byId.get(layer.period);
    if (!p || !/^\d{6}$/.test(p.time_period)) continue;
    const prevYear = previousYear(p.time_period);
    const prev = periods.find((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.time_period === prevYear);
    const before = prev && layerOf.get(`${prev.id}|${layer.phase}`);
    if (!before) continue;
    for (const [code, cell] of Object.entries(layer.values)) {
      if (!laCodes.has(code)) continue;
      for (const [m, v] of Object.entries(cell)) {
        const w = before.values[code]?.[m as keyof typeof cell];
        if (typeof v !== 'number' || typeof w !== 'number') continue;
        const key = `${m}|${layer.phase}`;
        (pools.get(key) ?? pools.set(key, []).get(key)!).push(v - w);
      }
    }
  }
  const changeBreaksOut: Record<string, number[]> = {};
  const changeBins: Record<string, Bin[]> = {};
  for (const [key, diffs] of pools) {
    changeBreaksOut[key] = changeBreaks(diffs);
    changeBins[key] = binsFor(changeBreaksOut[key]!);
  }
  return { changeBreaks: changeBreaksOut, changeBins };
}


/** The map's cautions: `${period.id}|${phase}` -> LA code -> caution, for the periods on the map. */
export function mapCautions(cautions: readonly PlacedCaution[], periods: readonly PeriodEntry[]): Record<string, Record<string, Caution>> {
  const out: Record<string, Record<string, Caution>> = {};
  for (const c of cautions) {
    const p = periods.find((x) => x.dataset === 'census-geographic' && x.time_period === c.time_period && x.time_identifier === c.time_identifier);
    if (p) (out[`${p.id}|${c.phase}`] ??= {})[c.area_code] = c.caution;
  }
  return out;
}
