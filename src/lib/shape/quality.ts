/**
 * Reconciliation: checks that the imported figures hang together, run after every data build and
 * published as the data-quality report. None of them stops the build (the published files have their
 * own rounding, described in each check); each reports how many comparisons held and lists the ones
 * that did not, so a reader can see exactly what went in.
 *
 *  - sums: LA counts add up to their region and to England (enrolments, sessions), per dataset,
 *    period, phase and breakdown, within a stated tolerance;
 *  - rates: rates recomputed from published counts equal the published rates (sessions missed over
 *    possible sessions; persistent absentees over enrolments) to the published precision;
 *  - coverage: every LA of a mapped period's boundary vintage has a record for it.
 */
import { breakdownKey, type MeasureId, type Observation } from '../domain/model';
import { MEASURE_IDS, measureCode, type FigureRow, type FigureTable } from '../domain/figure-table';
import type { RowField } from '../domain/row-keys';
import { previousYear } from '../domain/periods';
import type { PeriodEntry } from '../page-models/site-data';

export interface CheckResult {
  id: string;
  title: string;
  /** How the comparison is made and what tolerance is allowed, in words. */
  rule: string;
  compared: number;
  held: number;
  /** Up to 50 comparisons that did not hold, described. */
  exceptions: string[];
  /** Number of exceptions per dataset (and measure, for rates), so patterns show. */
  exceptionsByGroup: Record<string, number>;
  status: 'pass' | 'warn';
}

interface Failure {
  group: string;
  text: string;
}

/** What the figures of a sum share besides their area: dataset, period, identifier, phase and breakdown. */
const HEAD_FIELDS: readonly RowField[] = ['dataset', 'time_period', 'time_identifier', 'phase', 'breakdown'];
/** What a rate and its counts share: one published row's place, dataset and breakdown. */
const ROW_FIELDS: readonly RowField[] = ['dataset', 'time_period', 'time_identifier', 'area_code', 'phase', 'breakdown'];
/** An LA's row for all its pupils (no breakdown): what the coverage and repeated-period checks read. */
const isLaAllPupils = (row: FigureRow) => row.geographic_level === 'Local authority' && row.breakdown.topic === 'Total';
/** What the LA rows that cover a mapped period and phase share. */
const COVERAGE_FIELDS: readonly RowField[] = ['dataset', 'time_period', 'time_identifier', 'phase'];

/** `map`'s entry for `head` then `area`, made (with one slot per measure) when missing. */
function slotsOf<T>(map: Map<number, Map<string, T[]>>, head: number, area: string): T[] {
  let byArea = map.get(head);
  if (!byArea) map.set(head, (byArea = new Map()));
  let slots = byArea.get(area);
  if (!slots) byArea.set(area, (slots = new Array<T>(MEASURE_IDS.length)));
  return slots;
}

function result(id: string, title: string, rule: string, compared: number, failures: Failure[]): CheckResult {
  const exceptionsByGroup: Record<string, number> = {};
  for (const f of failures) exceptionsByGroup[f.group] = (exceptionsByGroup[f.group] ?? 0) + 1;
  return {
    id,
    title,
    rule,
    compared,
    held: compared - failures.length,
    exceptions: failures.slice(0, 50).map((f) => f.text),
    exceptionsByGroup,
    status: failures.length ? 'warn' : 'pass',
  };
}

/**
 * LA sums against region and England totals for `measures` (counts). `tolerance(total, n)` is the
 * allowed absolute difference for a total built from `n` LA figures (rounded figures drift by up to
 * half a unit each). London LAs may be filed under Inner/Outer London (E13) in some files: an LA counts
 * towards whichever region code its own rows give.
 */
export function checkSums(
  figures: FigureTable,
  measures: readonly MeasureId[],
  tolerance: (total: number, n: number, dataset: string) => number,
): CheckResult {
  // Sums and totals by row head (dataset, period, identifier, phase and breakdown: numbered once per table,
  // domain/row-keys), then area, then measure (one slot per measure code): nothing is built per figure, and
  // a head's words are made only for an exception. `seq` keeps the order in which each comparison was first
  // met, which is the order of the exceptions.
  type Sum = { head: number; measure: MeasureId; area: string; sum: number; n: number; symbols: number; seq: number };
  const { ids: headOf, first } = figures.rowKeys.number(HEAD_FIELDS);
  const laSums = new Map<number, Map<string, (Sum | undefined)[]>>();
  const nationalSums = new Map<number, Map<string, (Sum | undefined)[]>>();
  const totals = new Map<number, Map<string, (number | undefined)[]>>();
  const wanted = new Uint8Array(MEASURE_IDS.length);
  for (const m of measures) wanted[measureCode(m)] = 1;
  let seq = 0;
  const add = (slots: (Sum | undefined)[], head: number, code: number, area: string, value: number | null) => {
    let s = slots[code];
    if (!s) slots[code] = s = { head, measure: MEASURE_IDS[code]!, area, sum: 0, n: 0, symbols: 0, seq: seq++ };
    if (value === null) s.symbols++;
    else s.sum += value;
    s.n++;
  };
  figures.eachRun((row, start, end) => {
    const head = headOf[figures.rowIndex(start)]!;
    let la: (Sum | undefined)[] | undefined;
    let national: (Sum | undefined)[] | undefined;
    let total: (number | undefined)[] | undefined;
    for (let i = start; i < end; i++) {
      const code = figures.measureCode(i);
      if (!wanted[code]) continue;
      if (row.geographic_level === 'Local authority') {
        la ??= slotsOf(laSums, head, row.region_code);
        national ??= slotsOf(nationalSums, head, 'E92000001');
        const value = figures.value(i);
        add(la, head, code, row.region_code, value);
        add(national, head, code, 'E92000001', value);
      } else {
        const value = figures.value(i);
        if (value === null) continue;
        total ??= slotsOf(totals, head, row.area_code);
        total[code] = value;
      }
    }
  });
  const headText = (head: number) => {
    const row = figures.rows[first[head]!]!;
    return `${row.dataset}|${row.time_period}|${row.time_identifier}|${row.phase}|${breakdownKey(row.breakdown)}`;
  };
  const failures: Failure[] = [];
  let compared = 0;
  for (const map of [laSums, nationalSums]) {
    const sums: Sum[] = [];
    for (const byArea of map.values()) for (const slots of byArea.values()) for (const s of slots) if (s) sums.push(s);
    sums.sort((a, b) => a.seq - b.seq);
    for (const s of sums) {
      const total = totals.get(s.head)?.get(s.area)?.[measureCode(s.measure)];
      // A region or England total is only comparable when no LA figure is suppressed.
      if (total === undefined || s.symbols > 0) continue;
      compared++;
      const dataset = figures.rows[first[s.head]!]!.dataset;
      if (Math.abs(total - s.sum) > tolerance(total, s.n, dataset)) {
        const k = `${headText(s.head)}|${s.measure}|${s.area}`;
        failures.push({ group: `${dataset} ${k.split('|')[6]}`, text: `${k.split('|').join(' · ')}: published total ${total}, sum of ${s.n} LAs ${Number(s.sum.toFixed(3))}` });
      }
    }
  }
  return result(
    'sums',
    'LA figures add up to their region and to England',
    'For each dataset, period, phase, breakdown and count, the sum of LA figures is compared with the published region and England figure. Allowed difference: 0.5 per LA for whole-number counts, 0.1% for the register files (whose enrolments are averages over the period), and 5 per LA for the children-in-need file (counts rounded to the nearest 10). Totals with any suppressed LA figure are not compared.',
    compared,
    failures,
  );
}

/** 10^d for d = 0..10. */
const POWERS_OF_TEN = Array.from({ length: 11 }, (_, d) => 10 ** d);

/**
 * The decimal places of `x` as published: what follows the point in the text String(x) writes, its
 * shortest decimal form (0 with no point; for a number String writes with an exponent, such as 1.5e-7,
 * the characters after the point, exponent included, as the rate check has always counted them). Found
 * by arithmetic where that is exact, as the check asks it of a quarter of a million rates: when the
 * shortest form has d places (d up to 10, |x| from 1e-6 to 1000, where String writes no exponent), x times
 * 10^d rounds to its digits and back to x exactly, and no fewer places do, or a shorter form would exist.
 * Other numbers are read from their text.
 */
export function decimalPlaces(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 1000 && (ax === 0 || ax >= 1e-6)) {
    for (let d = 0; d <= 10; d++) {
      const p = POWERS_OF_TEN[d]!;
      if (Math.round(x * p) / p === x) return d;
    }
  }
  const text = String(x);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * Rates recomputed from counts: `numerator / denominator * 100` against the published `rate`, to the
 * published precision (the rate's own decimal places, at least 1).
 */
export function checkRates(figures: FigureTable, pairs: readonly { rate: MeasureId; numerator: MeasureId; denominator: MeasureId }[]): CheckResult {
  // Each row's figures for the measures of `pairs`, in slots: rows numbered by ROW_FIELDS (a later figure for
  // the same row and measure replaces an earlier one), their figures in one flat column, NaN where nothing
  // or a symbol is published. Rows are visited in the order their first figures come in the files, which is
  // the order of the exceptions. Derived figures (absence distributions) are computed from the counts
  // themselves, so have nothing to check.
  const slotOf = new Int8Array(MEASURE_IDS.length).fill(-1);
  let slotCount = 0;
  for (const p of pairs) for (const m of [p.rate, p.numerator, p.denominator]) if (slotOf[measureCode(m)] === -1) slotOf[measureCode(m)] = slotCount++;
  const { ids, count, first } = figures.rowKeys.number(ROW_FIELDS, (row) => row.dataset !== 'distributions');
  const values = new Float64Array(count * slotCount).fill(NaN);
  const order = new Int32Array(count);
  const seen = new Uint8Array(count);
  let ordered = 0;
  for (let i = 0; i < figures.length; i++) {
    const id = ids[figures.rowIndex(i)]!;
    if (id < 0) continue;
    if (!seen[id]) {
      seen[id] = 1;
      order[ordered++] = id;
    }
    const slot = slotOf[figures.measureCode(i)]!;
    if (slot < 0) continue;
    values[id * slotCount + slot] = figures.value(i) ?? NaN;
  }
  const slotsOfPairs = pairs.map((p) => ({ ...p, rateSlot: slotOf[measureCode(p.rate)]!, numSlot: slotOf[measureCode(p.numerator)]!, denSlot: slotOf[measureCode(p.denominator)]! }));
  const failures: Failure[] = [];
  let compared = 0;
  for (let o = 0; o < ordered; o++) {
    const id = order[o]!;
    const at = id * slotCount;
    const row = figures.rows[first[id]!]!;
    for (const p of slotsOfPairs) {
      const rate = values[at + p.rateSlot]!;
      const num = values[at + p.numSlot]!;
      const den = values[at + p.denSlot]!;
      if (Number.isNaN(rate) || Number.isNaN(num) || Number.isNaN(den) || den === 0) continue;
      compared++;
      const decimals = Math.max(1, decimalPlaces(rate));
      const recomputed = (100 * num) / den;
      const allowed = 0.5 * 10 ** -decimals + 1e-9 + (row.dataset === 'cin' ? 0.05 + (100 * 5) / den : 0);
      if (Math.abs(recomputed - rate) > allowed) {
        // How far off, in units of the last published decimal: 1-2 is the file's own rounding.
        const units = Math.abs(recomputed - rate) / 10 ** -decimals;
        const size = units <= 2 ? 'within 2 units of the last decimal' : units <= 10 ? 'within 10 units' : 'more than 10 units';
        const k = `${row.dataset}|${row.time_period}|${row.time_identifier}|${row.area_code}|${row.phase}|${breakdownKey(row.breakdown)}`;
        failures.push({ group: `${row.dataset} ${p.rate}, ${size}`, text: `${k.split('|').join(' · ')} · ${p.rate}: published ${rate}, recomputed ${recomputed.toFixed(decimals + 1)}` });
      }
    }
  }
  return result(
    'rates',
    'Rates recomputed from counts match the published rates',
    'Overall, authorised and unauthorised absence rates are recomputed as sessions missed over possible sessions, and persistent and severe absence as absentees over enrolments, then compared at the published precision (half a unit in the last decimal place given). Children-in-need counts are rounded to the nearest 10, so their rates are allowed the error that rounding makes.',
    compared,
    failures,
  );
}

/** Every LA of a mapped period's vintage has a record (value or symbol) in each of its phases. */
export function checkCoverage(figures: FigureTable, periods: readonly PeriodEntry[], liveCodes: (year: number) => Set<string>): CheckResult {
  // The LA codes with an all-pupils row, per dataset, period, identifier and phase (numbered once per
  // table); each of those is named once, for the periods' lookups.
  const { ids, count, first } = figures.rowKeys.number(COVERAGE_FIELDS, isLaAllPupils);
  // Only rows with a figure count (a subset keeps rows whose figures all went, such as LAIT's set aside).
  const areasOf = Array.from({ length: count }, () => new Set<string>());
  figures.eachRun((row, start) => {
    const id = ids[figures.rowIndex(start)]!;
    if (id >= 0) areasOf[id]!.add(row.area_code);
  });
  const have = new Map<string, Set<string>>();
  for (let id = 0; id < count; id++) {
    const row = figures.rows[first[id]!]!;
    have.set(`${row.dataset}|${row.time_period}|${row.time_identifier}|${row.phase}`, areasOf[id]!);
  }
  const failures: Failure[] = [];
  let compared = 0;
  for (const p of periods) {
    for (const phase of p.phases) {
      for (const code of liveCodes(p.vintage)) {
        compared++;
        if (!have.get(`${p.dataset}|${p.time_period}|${p.time_identifier}|${phase}`)?.has(code)) {
          failures.push({ group: `${p.dataset} ${phase}`, text: `${p.label} (${p.series}) · ${phase}: no record for ${code}` });
        }
      }
    }
  }
  return result(
    'coverage',
    'Every authority of a period has a record',
    'For each period on the map and each phase, every local authority live in that period\'s boundary vintage should have a row (a figure or a DfE symbol). Missing rows are drawn with the "no figure published" pattern, never as zero.',
    compared,
    failures,
  );
}

/** All reconciliation checks, with the tolerances described in each. */
export function reconcile(figures: FigureTable, periods: readonly PeriodEntry[], liveCodes: (year: number) => Set<string>): CheckResult[] {
  const countMeasures: MeasureId[] = ['enrolments', 'sess_possible', 'sess_overall', 'sess_authorised', 'sess_unauthorised', 'enrolments_pa_10_exact', 'enrolments_pa_50_exact'];
  return [
    checkSums(figures, countMeasures, (total, n, dataset) => (dataset.startsWith('registers') ? Math.max(1, total * 0.001) : dataset === 'cin' ? 5 * n : 0.5 * n)),
    checkRates(figures, [
      { rate: 'sess_overall_percent', numerator: 'sess_overall', denominator: 'sess_possible' },
      { rate: 'sess_authorised_percent', numerator: 'sess_authorised', denominator: 'sess_possible' },
      { rate: 'sess_unauthorised_percent', numerator: 'sess_unauthorised', denominator: 'sess_possible' },
      { rate: 'enrolments_pa_10_exact_percent', numerator: 'enrolments_pa_10_exact', denominator: 'enrolments' },
      { rate: 'enrolments_pa_50_exact_percent', numerator: 'enrolments_pa_50_exact', denominator: 'enrolments' },
    ]),
    checkCoverage(figures, periods, liveCodes),
  ];
}

/**
 * Where two datasets publish the same figure (shape/precedence), the one set aside must agree with the
 * one shown: LAIT's figure is within half a unit of its own last decimal place of the publication file's
 * (LAIT rounds rates to 2 places), and a symbol must be the same symbol. Counts the comparisons, lists exceptions.
 */
export function checkSourcesAgree(pairs: readonly { shown: Observation; other: Observation }[]): CheckResult {
  const failures: Failure[] = [];
  for (const { shown, other } of pairs) {
    let agree: boolean;
    if (shown.value === null || other.value === null) agree = shown.symbol === other.symbol;
    else {
      const places = decimalPlaces(other.value);
      // Within half a unit of LAIT's last place: 5.175 published to 2 places is 5.17 or 5.18 by who rounds.
      agree = Math.abs(shown.value - other.value) <= 0.5 * 10 ** -places + 1e-9;
    }
    if (!agree) {
      failures.push({
        group: `${other.dataset} vs ${shown.dataset} ${other.measure}`,
        text: `${other.area_name} (${other.area_code}) ${other.time_identifier} ${other.time_period} ${other.phase} ${other.measure}: ${other.dataset} ${other.value ?? other.symbol}, ${shown.dataset} ${shown.value ?? shown.symbol}`,
      });
    }
  }
  return result(
    'sources',
    'Two files that publish the same figure agree',
    'Where LAIT and the publication\'s national, regional and LA file both give a figure, the site shows the publication file\'s and checks that LAIT\'s equals it to LAIT\'s own decimal places: within half a unit of its last place, so 5.175 may be either 5.17 or 5.18 (symbols must match).',
    pairs.length,
    failures,
  );
}

/** A period whose published rates repeat the same term a year earlier, figure for figure. */
export interface RepeatedPeriod {
  dataset: string;
  time_period: string;
  time_identifier: string;
  earlier: string;
  measure: MeasureId;
  same: number;
  of: number;
}

/**
 * Finds periods whose LA rates equal the same term's a year before, to many digits, in more than a
 * tenth of rows: a sign the file repeats last year's column (seen in the 2024/25 summer attendance
 * file's `pa_perc`). Only figures with 6 or more significant digits decide it, since short published
 * figures (18.9) can repeat by chance; `same` of `of` then counts every row with a number in both years,
 * short ones too, so the caution gives the file's own count (285 of 450, not the 284 of 449 long ones).
 */
export function findRepeatedPeriods(figures: FigureTable): RepeatedPeriod[] {
  // dataset|period|identifier|measure -> place (phase and area, numbered) -> value (a later figure for the
  // same key replaces it), in the order the keys are first met. Rows are numbered by head (dataset, period,
  // identifier) and by place once per table; a key string is made once per head and measure.
  const include = (row: FigureRow) => isLaAllPupils(row) && /^\d{6}$/.test(row.time_period);
  const heads = figures.rowKeys.number(['dataset', 'time_period', 'time_identifier'], include);
  const places = figures.rowKeys.number(['phase', 'area_code'], include);
  const values = new Map<string, Map<number, number>>();
  const byHead: (Map<number, number> | undefined)[][] = Array.from({ length: heads.count }, () => []);
  const isRate = new Uint8Array(MEASURE_IDS.length);
  MEASURE_IDS.forEach((m, c) => (isRate[c] = m.endsWith('_percent') ? 1 : 0));
  for (let i = 0; i < figures.length; i++) {
    const r = figures.rowIndex(i);
    const head = heads.ids[r]!;
    if (head < 0) continue;
    const code = figures.measureCode(i);
    if (!isRate[code]) continue;
    const v = figures.value(i);
    if (v === null) continue;
    const byMeasure = byHead[head]!;
    let byPlace = byMeasure[code];
    if (!byPlace) {
      const row = figures.rows[heads.first[head]!]!;
      const k = `${row.dataset}|${row.time_period}|${row.time_identifier}|${MEASURE_IDS[code]}`;
      byPlace = values.get(k);
      if (!byPlace) values.set(k, (byPlace = new Map()));
      byMeasure[code] = byPlace;
    }
    byPlace.set(places.ids[r]!, v);
  }
  const out: RepeatedPeriod[] = [];
  for (const [k, byPlace] of values) {
    const [dataset, period, identifier, measure] = k.split('|') as [string, string, string, MeasureId];
    const earlier = previousYear(period);
    const before = values.get([dataset, earlier, identifier, measure].join('|'));
    if (!before) continue;
    let same = 0;
    let of = 0;
    let longSame = 0;
    let longOf = 0;
    for (const [place, v] of byPlace) {
      const b = before.get(place);
      if (b === undefined) continue;
      of++;
      if (b === v) same++;
      if (String(v).replace(/[^0-9]/g, '').replace(/^0+/, '').length < 6) continue;
      longOf++;
      if (b === v) longSame++;
    }
    if (longOf > 0 && longSame / longOf > 0.1) out.push({ dataset, time_period: period, time_identifier: identifier, earlier, measure, same, of });
  }
  return out;
}
