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
import { breakdownKey, type DatasetId, type Observation } from '../domain/model';

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

/** Index in SAME_STATISTIC of each competing dataset's group (the first that names it), looked up per figure. */
const GROUP_OF: ReadonlyMap<DatasetId, number> = (() => {
  const m = new Map<DatasetId, number>();
  SAME_STATISTIC.forEach((group, i) => group.forEach((d) => m.has(d) || m.set(d, i)));
  return m;
})();
const groupOf = (dataset: DatasetId) => GROUP_OF.get(dataset) ?? -1;

/** The question a figure answers: series, period, area, phase, breakdown and measure (not the dataset). */
export function figureKey(o: Observation): string {
  return `${rowKey(o)}|${o.measure}`;
}

/** figureKey less the measure: what the figures of one published row share. */
function rowKey(o: Observation): string {
  return [o.series, o.time_period, o.time_identifier, o.geographic_level, o.area_code, o.phase, breakdownKey(o.breakdown)].join('|');
}

/** A figure set aside because a preferred dataset answers the same question. */
export interface Superseded {
  shown: Observation;
  other: Observation;
}

/**
 * Splits `observations` into the figures shown (one per question within each SAME_STATISTIC group, the
 * best-ranked dataset's; input order kept) and the superseded ones, each paired with the figure shown
 * in its place. Observations of datasets in no group all pass through.
 */
export function applyPrecedence(observations: readonly Observation[]): { shown: Observation[]; superseded: Superseded[] } {
  // Each competing figure's key is made once (it runs over every figure of the build): `keys[i]` for
  // observations[i], undefined for a dataset in no group.
  const keys: (string | undefined)[] = new Array(observations.length);
  const best = new Map<string, Observation>();
  // A row's measures come one after another and share its strings and breakdown object (importers): the
  // key's row part (rowKey) is made once per row.
  let last: Observation | undefined;
  let row = '';
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    const g = groupOf(o.dataset);
    if (g < 0) continue;
    if (
      !last || o.dataset !== last.dataset || o.series !== last.series || o.time_period !== last.time_period ||
      o.time_identifier !== last.time_identifier || o.geographic_level !== last.geographic_level ||
      o.area_code !== last.area_code || o.phase !== last.phase || o.breakdown !== last.breakdown
    ) {
      last = o;
      row = `${g}|${rowKey(o)}|`;
    }
    const key = row + o.measure;
    keys[i] = key;
    const current = best.get(key);
    if (!current || precedenceRank(o.dataset) < precedenceRank(current.dataset)) best.set(key, o);
  }
  const shown: Observation[] = [];
  const superseded: Superseded[] = [];
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    const key = keys[i];
    if (key === undefined) {
      shown.push(o);
      continue;
    }
    const winner = best.get(key)!;
    if (winner === o) shown.push(o);
    else superseded.push({ shown: winner, other: o });
  }
  return { shown, superseded };
}
