/**
 * Cautions on an LA's school-census rate that readers must see wherever the rate is shown or ranked:
 * - `drop`: enrolments fell by more than half from one published term to the next (the termly file shows
 *   Cumbria with 58,715 enrolments in autumn 2022 and 504 in spring 2023, the term before it was abolished):
 *   the later rate describes a small, unusual remainder of pupils, not the authority;
 * - `small`: fewer than SMALL_BASE enrolments (City of London, Isles of Scilly, many LAs' special schools),
 *   where a handful of pupils moves the rate by whole percentage points.
 * `findCautions` is pure (build time); the Caution type and its words (`cautionText`) are in
 * domain/caution-words, browser-safe (the map uses them), re-exported here.
 */
import type { Caution } from '../domain/caution-words';
import type { Observation, Phase } from '../domain/model';
import { periodLabel, periodSortKey, SINGLE_TERMS } from '../domain/periods';

/** Enrolments below which a rate gets a small-base caution. */
export const SMALL_BASE = 500;

/** Single terms, whose enrolments are compared term to term. */
const TERMS = new Set<string>(SINGLE_TERMS);

export { cautionText, type Caution } from '../domain/caution-words';

export interface PlacedCaution {
  time_period: string;
  time_identifier: string;
  phase: Phase;
  area_code: string;
  area_name: string;
  caution: Caution;
}

/**
 * Cautions for the LA rows of `census-geographic` (the DfE's national, regional and LA file), from its
 * `enrolments` counts. A drop compares each single term with the LA's previous published single term of the
 * same phase (a term with a symbol for enrolments is skipped, not read as 0). A figure can have both kinds;
 * a drop is reported in place of a small base then, as it says more.
 */
export function findCautions(observations: readonly Observation[]): PlacedCaution[] {
  const enrolments = observations.filter((o) => o.dataset === 'census-geographic' && o.geographic_level === 'Local authority' && o.measure === 'enrolments' && o.value !== null);
  const out = new Map<string, PlacedCaution>();
  const keyOf = (o: Observation) => `${o.time_period}|${o.time_identifier}|${o.phase}|${o.area_code}`;
  for (const o of enrolments) {
    if (o.value! < SMALL_BASE) out.set(keyOf(o), { ...place(o), caution: { kind: 'small', enrolments: o.value! } });
  }
  const series = new Map<string, Observation[]>();
  for (const o of enrolments) {
    if (!TERMS.has(o.time_identifier)) continue;
    const k = `${o.area_code}|${o.phase}`;
    (series.get(k) ?? series.set(k, []).get(k)!).push(o);
  }
  for (const terms of series.values()) {
    terms.sort((a, b) => periodSortKey(a.time_period, a.time_identifier).localeCompare(periodSortKey(b.time_period, b.time_identifier)));
    for (let i = 1; i < terms.length; i++) {
      const [prev, now] = [terms[i - 1]!, terms[i]!];
      if (now.value! * 2 < prev.value!) {
        out.set(keyOf(now), { ...place(now), caution: { kind: 'drop', enrolments: now.value!, before: prev.value!, beforeLabel: periodLabel(prev.time_period, prev.time_identifier) } });
      }
    }
  }
  return [...out.values()].sort((a, b) => periodSortKey(a.time_period, a.time_identifier).localeCompare(periodSortKey(b.time_period, b.time_identifier)) || a.area_name.localeCompare(b.area_name));
}

function place(o: Observation) {
  return { time_period: o.time_period, time_identifier: o.time_identifier, phase: o.phase, area_code: o.area_code, area_name: o.area_name };
}
