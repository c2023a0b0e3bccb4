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
import type { DatasetId, Observation } from '../domain/model';
import { MEASURE_IDS, type FigureTable } from '../domain/figure-table';
import type { RowField } from '../domain/row-keys';

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
 * The question a figure answers, less its measure: series, period, area, phase and breakdown (not the
 * dataset). Rows of competing datasets with these fields equal answer the same questions.
 */
export const QUESTION_FIELDS: readonly RowField[] = ['series', 'time_period', 'time_identifier', 'geographic_level', 'area_code', 'phase', 'breakdown'];

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
  // The question less its measure is the row's: competing rows are numbered by QUESTION_FIELDS (a slot per
  // number and group), and a figure's question is its slot and measure, `slot * m + measure code`, with no
  // key made per figure. rowSlot -1: a dataset in no group.
  const rows = figures.rows;
  const groups = SAME_STATISTIC.length;
  const { ids, count: numbered } = figures.rowKeys.number(QUESTION_FIELDS, (row) => groupOf(row.dataset) >= 0);
  const rowSlot = new Int32Array(rows.length);
  const rowRank = new Uint8Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const id = ids[r]!;
    if (id < 0) {
      rowSlot[r] = -1;
      continue;
    }
    const dataset = rows[r]!.dataset;
    rowRank[r] = precedenceRank(dataset);
    rowSlot[r] = id * groups + groupOf(dataset);
  }
  // best[question]: index of the figure that answers it (the best-ranked, the first among equals), -1 until one does.
  const best = new Int32Array(numbered * groups * m).fill(-1);
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
