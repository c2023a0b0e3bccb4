/**
 * Which dataset answers a figure when several publish it: the site's one source-precedence rule.
 *
 * The DfE's national/regional/LA file of "Pupil absence in schools in England" (`census-geographic`) and
 * the LAIT compilation (`lait`) publish the same school-census statistic for the same full years; LAIT
 * rounds to 2 decimals and starts later. The publication's own file is shown; LAIT answers only where
 * that file is silent, and where both answer the other figure is kept for the agreement check
 * (quality.checkSourcesAgree), never shown. The data build applies this once, before anything is
 * grouped, so pages, the map, trends, compare and downloads never see two answers to one question.
 */
import { breakdownKey, type DatasetId, type MeasureId, type Observation } from '../domain/model';
import { MEASURE_IDS, type FigureRow, type FigureTable } from '../domain/figure-table';

/** Datasets that publish the same statistic, best first. A dataset in no group never competes. */
export const SAME_STATISTIC: readonly (readonly DatasetId[])[] = [['census-geographic', 'lait']];

/** 0 for the preferred dataset of its group, 1 for the next…; datasets in no group rank 0. */
export function precedenceRank(dataset: DatasetId): number {
  for (const group of SAME_STATISTIC) {
    const i = group.indexOf(dataset);
    if (i >= 0) return i;
  }
  return 0;
}

/** Index in SAME_STATISTIC of each competing dataset's group (the first that names it), looked up per row. */
const GROUP_OF: ReadonlyMap<DatasetId, number> = (() => {
  const m = new Map<DatasetId, number>();
  SAME_STATISTIC.forEach((group, i) => group.forEach((d) => m.has(d) || m.set(d, i)));
  return m;
})();
const groupOf = (dataset: DatasetId) => GROUP_OF.get(dataset) ?? -1;

/**
 * The question a figure answers: series, period, area, phase, breakdown and measure (not the dataset).
 * `row` is the figure's row (an Observation is one too).
 */
export function figureKey(row: FigureRow, measure: MeasureId): string {
  return `${rowKey(row)}|${measure}`;
}

/** figureKey less the measure: what the figures of one published row share. */
function rowKey(r: FigureRow): string {
  return `${r.series}|${r.time_period}|${r.time_identifier}|${r.geographic_level}|${r.area_code}|${r.phase}|${breakdownKey(r.breakdown)}`;
}

/** A figure set aside because a preferred dataset answers the same question. */
export interface Superseded {
  shown: Observation;
  other: Observation;
}

/**
 * Splits `figures` into the figures shown (one per question within each SAME_STATISTIC group, the
 * best-ranked dataset's, the first met among equals; input order kept), as a subset of `figures`, and the
 * superseded ones, each paired with the figure shown in its place (as Observation objects: they are few).
 * Figures of datasets in no group all pass through.
 */
export function applyPrecedence(figures: FigureTable): { shown: FigureTable; superseded: Superseded[] } {
  const n = figures.length;
  const m = MEASURE_IDS.length;
  // The question less its measure is the row's: each competing row's key is made once and numbered (a
  // slot) in a pass over the rows; a figure's question is then its slot and measure, `slot * m + measure
  // code`, with no string made per figure. rowSlot -1: a dataset in no group.
  const rows = figures.rows;
  const rowSlot = new Int32Array(rows.length);
  const rowRank = new Uint8Array(rows.length);
  const slotOfKey = new Map<string, number>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const g = groupOf(row.dataset);
    if (g < 0) {
      rowSlot[r] = -1;
      continue;
    }
    rowRank[r] = precedenceRank(row.dataset);
    const key = `${g}|${rowKey(row)}`;
    let slot = slotOfKey.get(key);
    if (slot === undefined) slotOfKey.set(key, (slot = slotOfKey.size));
    rowSlot[r] = slot;
  }
  // best[question]: index of the figure that answers it (the best-ranked, the first among equals), -1 until one does.
  const best = new Int32Array(slotOfKey.size * m).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = figures.rowIndex(i);
    const slot = rowSlot[r]!;
    if (slot < 0) continue;
    const q = slot * m + figures.measureCode(i);
    const current = best[q]!;
    if (current < 0 || rowRank[r]! < rowRank[figures.rowIndex(current)]!) best[q] = i;
  }
  const shown = new Uint32Array(n);
  let count = 0;
  const superseded: Superseded[] = [];
  for (let i = 0; i < n; i++) {
    const slot = rowSlot[figures.rowIndex(i)]!;
    const winner = slot < 0 ? i : best[slot * m + figures.measureCode(i)]!;
    if (winner === i) shown[count++] = i;
    else superseded.push({ shown: figures.observation(winner), other: figures.observation(i) });
  }
  return { shown: figures.subset(shown.subarray(0, count)), superseded };
}
