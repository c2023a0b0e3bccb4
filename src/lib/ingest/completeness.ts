/**
 * Completeness of one source file, judged from what the file itself implies. A DfE file publishes every
 * figure at three levels (England, region, LA), so its own totals say which rows it must hold:
 *  1. each phase published for regions has England's row, and so does each phase published for LAs when the
 *     period has any England row (weekly files give some LAs alone in half-term weeks, with no England or
 *     region rows at all); each phase published for England has the regions' rows when the file has regional
 *     rows for that period;
 *  2. each region that has a row in a period has one in each phase of that period that has regional rows;
 *  3. each phase England has in a period is published for LAs too (phases the file never gives for LAs,
 *     such as the registers' "Total", aside);
 *  4. each LA of a region with a regional row in an academic year has a row in that year (any phase), when
 *     geo/las.csv has it operating for the whole year, from 1 September to 31 July; a row under the code it
 *     had before or after a code change counts (files keep the old code for a while). Only files that give
 *     LAs a phase every LA has (all schools, primary, secondary) are held to this: not every LA has a PRU.
 * A file cut at a line boundary (an interrupted copy that still ends in a line break) loses rows silently;
 * these rules find it. Only rows of all pupils (breakdown "Total") count.
 */
import type { AreaLookup } from './geo/la-lookup';
import { PHASE_LABEL, type Phase } from '../domain/model';
import type { FigureTable } from '../domain/figure-table';
import { periodLabel } from '../domain/periods';

/** The gaps found in one file: up to `limit` described (period, level, phase or area), and how many there are. */
export interface CoverageGaps {
  count: number;
  gaps: string[];
}

/**
 * Checks one file's figures (all from that file) against its own totals and, for LAs, against the
 * lookup (rule 4 above). Returns the gaps; an empty list means the file is complete as far as it can tell.
 */
export function findCoverageGaps(figures: FigureTable, lookup: AreaLookup, limit = 10): CoverageGaps {
  // period key -> level -> phase -> area codes
  const byPeriod = new Map<string, Map<string, Map<Phase, Set<string>>>>();
  const laPhases = new Set<Phase>();
  const label = new Map<string, string>();
  // A row is many figures (its measures): only the rows are read, once each.
  figures.eachRun((o) => {
    if (o.breakdown.topic !== 'Total') return;
    const key = `${o.time_period}|${o.time_identifier}`;
    if (!label.has(key)) label.set(key, `${o.dataset} ${periodLabel(o.time_period, o.time_identifier)}`);
    const levels = byPeriod.get(key) ?? byPeriod.set(key, new Map()).get(key)!;
    const phases = levels.get(o.geographic_level) ?? levels.set(o.geographic_level, new Map()).get(o.geographic_level)!;
    (phases.get(o.phase) ?? phases.set(o.phase, new Set()).get(o.phase)!).add(o.area_code);
    if (o.geographic_level === 'Local authority') laPhases.add(o.phase);
  });
  const gaps: string[] = [];
  let count = 0;
  const gap = (text: string) => {
    count++;
    if (gaps.length < limit) gaps.push(text);
  };
  const phaseName = (p: Phase) => PHASE_LABEL[p];
  const everyLaHasOne = ['total', 'primary', 'secondary'].some((p) => laPhases.has(p as Phase));
  for (const [key, levels] of byPeriod) {
    const what = label.get(key)!;
    const nat = levels.get('National');
    const reg = levels.get('Regional');
    const la = levels.get('Local authority');
    // Rule 1: totals for every phase published below them.
    for (const phase of reg?.keys() ?? []) if (!nat?.has(phase)) gap(`${what} ${phaseName(phase)}: Regional rows but no National (England) row`);
    if (nat) for (const phase of la?.keys() ?? []) if (!nat.has(phase)) gap(`${what} ${phaseName(phase)}: Local authority rows but no National (England) row`);
    if (reg) for (const phase of nat?.keys() ?? []) if (!reg.has(phase)) gap(`${what} ${phaseName(phase)}: an England row but no Regional rows`);
    // Rule 2: every region of the period in every phase with regional rows.
    if (reg) {
      const regions = new Set<string>();
      for (const codes of reg.values()) for (const c of codes) regions.add(c);
      for (const [phase, codes] of reg) {
        const missing = [...regions].filter((c) => !codes.has(c));
        if (missing.length) gap(`${what} ${phaseName(phase)}: no Regional row for ${missing.sort().join(', ')}`);
      }
    }
    // Rule 3: the phases of England's rows, for LAs.
    if (la) {
      for (const phase of nat?.keys() ?? []) {
        if (laPhases.has(phase) && !la.has(phase)) gap(`${what} ${phaseName(phase)}: an England row but no Local authority rows`);
      }
    }
    // Rule 4: LAs of each region with a regional row, operating all academic year.
    const [period] = key.split('|') as [string];
    if (reg && everyLaHasOne && /^\d{6}$/.test(period)) {
      const y = Number(period.slice(0, 4));
      const from = `${y}-09-01`;
      const to = `${y + 1}-07-31`;
      const regions = new Set<string>();
      for (const codes of reg.values()) for (const c of codes) regions.add(c);
      const present = new Set<string>();
      for (const codes of la?.values() ?? []) for (const c of codes) present.add(c);
      const missing = [...lookup.las.values()]
        .filter((l) => regions.has(l.region_code) && l.start <= from && (l.end === null || l.end >= to))
        .filter((l) => !present.has(l.code) && !present.has(l.sameAreaPredecessor ?? '') && !present.has(l.sameAreaSuccessor ?? ''))
        .map((l) => `${l.name} (${l.code})`)
        .sort();
      if (missing.length) gap(`${what}: no row for ${missing.length} LA${missing.length === 1 ? '' : 's'} of regions it has totals for: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
    }
  }
  return { count, gaps };
}

/**
 * What a build published, recorded in `data/generated/index.json` (`contents`) so that the next build of the
 * same data folder can say what it would drop. Keys, each within its dataset (so an LA that loses its register
 * figures is a drop even though its census figures stay): periods `dataset|time_period|time_identifier`,
 * areas `dataset|area_code`, phases `dataset|phase`; `dataDir` is the absolute path of the folder the build read.
 */
export interface BuildContents {
  dataDir: string;
  periods: string[];
  areas: string[];
  phases: string[];
}

/** The contents of a build of `dataDir` publishing `figures` (the figures shown), sorted. */
export function buildContents(dataDir: string, figures: FigureTable): BuildContents {
  // Nested maps, not a key string per row; read once per row (a row's measures share its place).
  const byDataset = new Map<string, { periods: Map<string, Set<string>>; areas: Set<string>; phases: Set<string> }>();
  figures.eachRun((o) => {
    let d = byDataset.get(o.dataset);
    if (!d) byDataset.set(o.dataset, (d = { periods: new Map(), areas: new Set(), phases: new Set() }));
    let ids = d.periods.get(o.time_period);
    if (!ids) d.periods.set(o.time_period, (ids = new Set()));
    ids.add(o.time_identifier);
    d.areas.add(o.area_code);
    d.phases.add(o.phase);
  });
  const periods: string[] = [];
  const areas: string[] = [];
  const phases: string[] = [];
  for (const [dataset, d] of byDataset) {
    for (const [period, ids] of d.periods) for (const id of ids) periods.push(`${dataset}|${period}|${id}`);
    for (const a of d.areas) areas.push(`${dataset}|${a}`);
    for (const p of d.phases) phases.push(`${dataset}|${p}`);
  }
  return { dataDir, periods: periods.sort(), areas: areas.sort(), phases: phases.sort() };
}

/**
 * What `next` drops of `previous`, in words ("periods: registers-term Autumn term 2023/24; areas: E06000001"),
 * one entry per kind with something dropped; empty when nothing is. Only builds of the same data folder are
 * compared: another folder (a test fixture, a fresh copy) is another collection, not a loss.
 */
export function findDrops(previous: BuildContents | undefined, next: BuildContents, areaName: (code: string) => string = (c) => c): string[] {
  if (!previous || previous.dataDir !== next.dataDir) return [];
  const gone = (a: readonly string[] = [], b: readonly string[]) => {
    const keep = new Set(b);
    return a.filter((k) => !keep.has(k));
  };
  const out: string[] = [];
  const periods = gone(previous.periods, next.periods).map((k) => {
    const [dataset, period, identifier] = k.split('|') as [string, string, string];
    return `${dataset} ${periodLabel(period, identifier)}`;
  });
  const areas = gone(previous.areas, next.areas).map((k) => {
    const [dataset, code] = k.split('|') as [string, string];
    return `${dataset} ${areaName(code)}`;
  });
  const phases = gone(previous.phases, next.phases).map((k) => k.replace('|', ' '));
  const list = (xs: string[]) => (xs.length > 12 ? `${xs.slice(0, 12).join(', ')} and ${xs.length - 12} more` : xs.join(', '));
  if (periods.length) out.push(`periods: ${list(periods)}`);
  if (areas.length) out.push(`areas: ${list(areas)}`);
  if (phases.length) out.push(`phases: ${list(phases)}`);
  return out;
}
