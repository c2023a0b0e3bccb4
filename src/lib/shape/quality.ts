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

/**
 * True when `o` belongs to the same published row as `last`: same dataset, period, area, phase and
 * breakdown (importers give a row's measures one after another and share the row's strings and breakdown
 * object between them). The checks below build a row's key once, not once per measure: they run over
 * every figure of the build (1.2 M).
 */
function sameRow(o: Observation, last: Observation | undefined): boolean {
  return (
    last !== undefined &&
    o.dataset === last.dataset &&
    o.area_code === last.area_code &&
    o.time_period === last.time_period &&
    o.time_identifier === last.time_identifier &&
    o.phase === last.phase &&
    o.geographic_level === last.geographic_level &&
    o.region_code === last.region_code &&
    o.breakdown === last.breakdown
  );
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
  observations: readonly Observation[],
  measures: readonly MeasureId[],
  tolerance: (total: number, n: number, dataset: string) => number,
): CheckResult {
  // Sums and totals by row head (dataset|period|identifier|phase|breakdown|), then measure, then area: the
  // strings are the ones the figures carry, so nothing is built per figure. `seq` keeps the order in which
  // each comparison was first met, which is the order of the exceptions.
  type Sum = { head: string; measure: MeasureId; area: string; sum: number; n: number; symbols: number; seq: number };
  type ByMeasure = Map<MeasureId, Map<string, Sum>>;
  const laSums = new Map<string, ByMeasure>();
  const nationalSums = new Map<string, ByMeasure>();
  const totals = new Map<string, Map<MeasureId, Map<string, number>>>();
  const wanted = new Set<MeasureId>(measures);
  let seq = 0;
  const add = (byMeasure: ByMeasure, head: string, measure: MeasureId, area: string, value: number | null) => {
    let byArea = byMeasure.get(measure);
    if (!byArea) byMeasure.set(measure, (byArea = new Map()));
    let s = byArea.get(area);
    if (!s) byArea.set(area, (s = { head, measure, area, sum: 0, n: 0, symbols: 0, seq: seq++ }));
    if (value === null) s.symbols++;
    else s.sum += value;
    s.n++;
  };
  let last: Observation | undefined;
  let head = '';
  let la: ByMeasure | undefined;
  let national: ByMeasure | undefined;
  let total: Map<MeasureId, Map<string, number>> | undefined;
  const open = <T>(map: Map<string, Map<MeasureId, T>>): Map<MeasureId, T> => {
    let m = map.get(head);
    if (!m) map.set(head, (m = new Map()));
    return m;
  };
  for (const o of observations) {
    if (!wanted.has(o.measure)) continue;
    if (!sameRow(o, last)) {
      last = o;
      head = `${o.dataset}|${o.time_period}|${o.time_identifier}|${o.phase}|${breakdownKey(o.breakdown)}`;
      la = open(laSums);
      national = open(nationalSums);
      total = open(totals);
    }
    if (o.geographic_level === 'Local authority') {
      add(la!, head, o.measure, o.region_code, o.value);
      add(national!, head, o.measure, 'E92000001', o.value);
    } else if (o.value !== null) {
      let byArea = total!.get(o.measure);
      if (!byArea) total!.set(o.measure, (byArea = new Map()));
      byArea.set(o.area_code, o.value);
    }
  }
  const failures: Failure[] = [];
  let compared = 0;
  for (const map of [laSums, nationalSums]) {
    const sums: Sum[] = [];
    for (const byMeasure of map.values()) for (const byArea of byMeasure.values()) for (const s of byArea.values()) sums.push(s);
    sums.sort((a, b) => a.seq - b.seq);
    for (const s of sums) {
      const total = totals.get(s.head)?.get(s.measure)?.get(s.area);
      // A region or England total is only comparable when no LA figure is suppressed.
      if (total === undefined || s.symbols > 0) continue;
      compared++;
      const k = `${s.head}|${s.measure}|${s.area}`;
      const dataset = k.split('|')[0]!;
      if (Math.abs(total - s.sum) > tolerance(total, s.n, dataset)) {
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

/**
 * Rates recomputed from counts: `numerator / denominator * 100` against the published `rate`, to the
 * published precision (the rate's own decimal places, at least 1).
 */
export function checkRates(observations: readonly Observation[], pairs: readonly { rate: MeasureId; numerator: MeasureId; denominator: MeasureId }[]): CheckResult {
  // Each row's figures for the measures of `pairs`, in slots (undefined: not published; null: a symbol).
  // Key: dataset|period|identifier|area|phase|breakdown. Every row is entered (null until it has one of
  // those measures) so that the rows, and so the exceptions, come in the order the files give them.
  const slotOf = new Map<MeasureId, number>();
  for (const p of pairs) for (const m of [p.rate, p.numerator, p.denominator]) if (!slotOf.has(m)) slotOf.set(m, slotOf.size);
  const byArea = new Map<string, (number | null | undefined)[] | null>();
  let last: Observation | undefined;
  let k = '';
  for (const o of observations) {
    // Derived figures (absence distributions) are computed from the counts themselves; nothing to check.
    if (o.dataset === 'distributions') continue;
    if (!sameRow(o, last)) {
      last = o;
      k = `${o.dataset}|${o.time_period}|${o.time_identifier}|${o.area_code}|${o.phase}|${breakdownKey(o.breakdown)}`;
      if (!byArea.has(k)) byArea.set(k, null);
    }
    const slot = slotOf.get(o.measure);
    if (slot === undefined) continue;
    let slots = byArea.get(k);
    if (!slots) byArea.set(k, (slots = new Array<number | null | undefined>(slotOf.size)));
    slots[slot] = o.value;
  }
  const failures: Failure[] = [];
  let compared = 0;
  for (const [k, slots] of byArea) {
    if (!slots) continue;
    for (const p of pairs) {
      const rate = slots[slotOf.get(p.rate)!];
      const num = slots[slotOf.get(p.numerator)!];
      const den = slots[slotOf.get(p.denominator)!];
      if (rate === undefined || rate === null || num === undefined || num === null || !den) continue;
      compared++;
      const decimals = Math.max(1, (String(rate).split('.')[1] ?? '').length);
      const recomputed = (100 * num) / den;
      const allowed = 0.5 * 10 ** -decimals + 1e-9 + (k.startsWith('cin|') ? 0.05 + (100 * 5) / den : 0);
      if (Math.abs(recomputed - rate) > allowed) {
        // How far off, in units of the last published decimal: 1-2 is the file's own rounding.
        const units = Math.abs(recomputed - rate) / 10 ** -decimals;
        const size = units <= 2 ? 'within 2 units of the last decimal' : units <= 10 ? 'within 10 units' : 'more than 10 units';
        failures.push({ group: `${k.split('|')[0]} ${p.rate}, ${size}`, text: `${k.split('|').join(' · ')} · ${p.rate}: published ${rate}, recomputed ${recomputed.toFixed(decimals + 1)}` });
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
export function checkCoverage(observations: readonly Observation[], periods: readonly PeriodEntry[], liveCodes: (year: number) => Set<string>): CheckResult {
  const have = new Set<string>();
  let last: Observation | undefined;
  for (const o of observations) {
    if (o.geographic_level !== 'Local authority' || o.breakdown.topic !== 'Total' || sameRow(o, last)) continue;
    last = o;
    have.add(`${o.dataset}|${o.time_period}|${o.time_identifier}|${o.phase}|${o.area_code}`);
  }
  const failures: Failure[] = [];
  let compared = 0;
  for (const p of periods) {
    for (const phase of p.phases) {
      for (const code of liveCodes(p.vintage)) {
        compared++;
        if (!have.has(`${p.dataset}|${p.time_period}|${p.time_identifier}|${phase}|${code}`)) {
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
export function reconcile(observations: readonly Observation[], periods: readonly PeriodEntry[], liveCodes: (year: number) => Set<string>): CheckResult[] {
  const countMeasures: MeasureId[] = ['enrolments', 'sess_possible', 'sess_overall', 'sess_authorised', 'sess_unauthorised', 'enrolments_pa_10_exact', 'enrolments_pa_50_exact'];
  return [
    checkSums(observations, countMeasures, (total, n, dataset) => (dataset.startsWith('registers') ? Math.max(1, total * 0.001) : dataset === 'cin' ? 5 * n : 0.5 * n)),
    checkRates(observations, [
      { rate: 'sess_overall_percent', numerator: 'sess_overall', denominator: 'sess_possible' },
      { rate: 'sess_authorised_percent', numerator: 'sess_authorised', denominator: 'sess_possible' },
      { rate: 'sess_unauthorised_percent', numerator: 'sess_unauthorised', denominator: 'sess_possible' },
      { rate: 'enrolments_pa_10_exact_percent', numerator: 'enrolments_pa_10_exact', denominator: 'enrolments' },
      { rate: 'enrolments_pa_50_exact_percent', numerator: 'enrolments_pa_50_exact', denominator: 'enrolments' },
    ]),
    checkCoverage(observations, periods, liveCodes),
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
      const places = (String(other.value).split('.')[1] ?? '').length;
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
export function findRepeatedPeriods(observations: readonly Observation[]): RepeatedPeriod[] {
  // dataset|period|identifier|measure -> phase|area -> value (a later figure for the same key replaces it).
  const values = new Map<string, Map<string, number>>();
  for (const o of observations) {
    if (o.geographic_level !== 'Local authority' || o.value === null || o.breakdown.topic !== 'Total') continue;
    if (!o.measure.endsWith('_percent') || !/^\d{6}$/.test(o.time_period)) continue;
    const k = `${o.dataset}|${o.time_period}|${o.time_identifier}|${o.measure}`;
    let byArea = values.get(k);
    if (!byArea) values.set(k, (byArea = new Map()));
    byArea.set(`${o.phase}|${o.area_code}`, o.value);
  }
  const out: RepeatedPeriod[] = [];
  for (const [k, byArea] of values) {
    const [dataset, period, identifier, measure] = k.split('|') as [string, string, string, MeasureId];
    const earlier = previousYear(period);
    const before = values.get([dataset, earlier, identifier, measure].join('|'));
    if (!before) continue;
    let same = 0;
    let of = 0;
    let longSame = 0;
    let longOf = 0;
    for (const [rest, v] of byArea) {
      const b = before.get(rest);
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
