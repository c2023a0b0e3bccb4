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
import type { Phase } from '../domain/model';
import { measureCode, type FigureRow, type FigureTable } from '../domain/figure-table';
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
export function findCautions(figures: FigureTable): PlacedCaution[] {
  // The LA enrolments of the census file, each with its row and its place in time (periodSortKey, made once).
  type Enrolments = { row: FigureRow; value: number; when: string };
  const enrolments: Enrolments[] = [];
  figures.eachRun((row, start, end) => {
    if (row.dataset !== 'census-geographic' || row.geographic_level !== 'Local authority') return;
    for (let i = start; i < end; i++) {
      if (figures.measureCode(i) !== ENROLMENTS) continue;
      const value = figures.value(i);
      if (value !== null) enrolments.push({ row, value, when: periodSortKey(row.time_period, row.time_identifier) });
    }
  });
  const out = new Map<string, { when: string; caution: PlacedCaution }>();
  const keyOf = (r: FigureRow) => `${r.time_period}|${r.time_identifier}|${r.phase}|${r.area_code}`;
  for (const e of enrolments) {
    if (e.value < SMALL_BASE) out.set(keyOf(e.row), { when: e.when, caution: { ...place(e.row), caution: { kind: 'small', enrolments: e.value } } });
  }
  const series = new Map<string, Enrolments[]>();
  for (const e of enrolments) {
    if (!TERMS.has(e.row.time_identifier)) continue;
    const k = `${e.row.area_code}|${e.row.phase}`;
    (series.get(k) ?? series.set(k, []).get(k)!).push(e);
  }
  for (const terms of series.values()) {
    terms.sort((a, b) => a.when.localeCompare(b.when));
    for (let i = 1; i < terms.length; i++) {
      const [prev, now] = [terms[i - 1]!, terms[i]!];
      if (now.value * 2 < prev.value) {
        out.set(keyOf(now.row), {
          when: now.when,
          caution: { ...place(now.row), caution: { kind: 'drop', enrolments: now.value, before: prev.value, beforeLabel: periodLabel(prev.row.time_period, prev.row.time_identifier) } },
        });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.when.localeCompare(b.when) || a.caution.area_name.localeCompare(b.caution.area_name)).map((c) => c.caution);
}

const ENROLMENTS = measureCode('enrolments');

function place(r: FigureRow) {
  return { time_period: r.time_period, time_identifier: r.time_identifier, phase: r.phase, area_code: r.area_code, area_name: r.area_name };
}
