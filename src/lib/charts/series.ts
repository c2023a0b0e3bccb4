/**
 * Turns an area's observations into chart-ready series: one point per period for a measure, phase and
 * breakdown, from one series only (census or registers are never joined). Pure; no drawing.
 */
import type { AreaStore } from '../domain/area-store';
import type { BreakdownTopic, DatasetId, MeasureId, Phase, Series } from '../domain/model';
import { academicYearLabel, periodLabel, periodSortKey } from '../domain/periods';
import type { DfeSymbol } from '../domain/symbols';

export interface SeriesPoint {
  area: string;
  /** Sort key and label of the period. */
  key: string;
  label: string;
  time_period: string;
  time_identifier: string;
  value: number | null;
  symbol: DfeSymbol | null;
  /** The file the figure comes from (for source lines); pointsFor always sets it. */
  dataset?: DatasetId;
}

export interface SeriesQuery {
  series: Series;
  datasets: readonly DatasetId[];
  measure: MeasureId;
  phase: Phase;
  /** e.g. ['Full year'] for the census annual line; [] for any identifier. */
  identifiers?: readonly string[];
  topic?: BreakdownTopic;
  breakdown?: string;
  /** A crossed breakdown's second value (AreaObservation.cross); absent means figures for every pupil of `breakdown`. */
  cross?: string;
}

/** Points for `area` matching `q`, in time order. Symbols are kept as points with value null. */
export function pointsFor(area: string, rows: AreaStore, q: SeriesQuery): SeriesPoint[] {
  return rows
    .select({
      series: q.series,
      dataset: q.datasets,
      measure: q.measure,
      phase: q.phase,
      topic: q.topic ?? 'Total',
      breakdown: q.breakdown ?? 'Total',
      // Without `cross`, only figures for every pupil of the breakdown (no crossed rows).
      cross: q.cross || null,
      ...(q.identifiers?.length ? { time_identifier: q.identifiers } : {}),
    })
    .map((r) => ({
      area,
      key: periodSortKey(r.time_period, r.time_identifier),
      label: r.time_identifier === 'Full year' ? academicYearLabel(r.time_period) : periodLabel(r.time_period, r.time_identifier),
      time_period: r.time_period,
      time_identifier: r.time_identifier,
      value: r.value,
      symbol: r.symbol,
      dataset: r.dataset,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Full academic years from the first to the last of `points`, so a year with nothing published
 * (2019/20) still has its place on the axis and the line breaks there instead of bridging it.
 */
export function academicYearsSpanning(points: readonly SeriesPoint[]): string[] {
  const years = points.map((p) => Number(p.time_period.slice(0, 4)));
  if (years.length === 0) return [];
  const out: string[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) out.push(`${y}${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}
