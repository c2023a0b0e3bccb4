/**
 * The register of English local authorities (upper tier: counties, unitaries, metropolitan districts,
 * London boroughs) and regions, with lineage, read from the DfE/ONS lookups in the data folder:
 * `geo/las.csv` (DfE screener lookup: codes, names, dates of operation, region, `old_la_code`),
 * `geo/regions.csv` and `geo/ONSvisual_uk-topojson_changes.csv` (ONS change list).
 *
 * Lineage rules, all derived from those files:
 *  1. A code change: two rows of las.csv with the same `old_la_code`, the second starting the day after the
 *     first ends (Northumberland 2013, Buckinghamshire 2020, North Yorkshire and Somerset 2023, Barnsley
 *     and Sheffield 2025). Same area, new code.
 *  2. A merger of upper-tier authorities listed in the change file (Bournemouth, Poole -> BCP 2019).
 *  3. A county abolished in year Y with no code-change successor: succeeded by the unitaries that start in
 *     year Y in the same region and absorbed its districts (Dorset 2019, Northamptonshire 2021, Cumbria 2023).
 */
import { checkName, readCsv } from '../csv';
import { DataError } from '../../domain/errors';

export interface Region {
  code: string;
  name: string;
}

export interface LocalAuthority {
  /** ONS code, DfE `new_la_code`. */
  code: string;
  /** DfE `la_name`. */
  name: string;
  /** DfE 3-digit `old_la_code`; not unique over time (North Yorkshire 815 is two codes). */
  old_la_code: string;
  region_code: string;
  /** First and last day of operation, ISO dates; `end` null while live. */
  start: string;
  end: string | null;
  predecessors: string[];
  successors: string[];
  /** Code of a predecessor or successor with exactly the same area (a code change only). */
  sameAreaPredecessor: string | null;
  sameAreaSuccessor: string | null;
}

export interface AreaLookup {
  las: Map<string, LocalAuthority>;
  regions: Map<string, Region>;
}

const UPPER_TIER = /^E(06|08|09|10)\d{6}$/;

/** "31/03/2019" -> "2019-03-31"; '' -> null. Throws DataError on anything else. */
function isoDate(raw: string, where: { file: string; row: number; column: string }): string | null {
  if (raw === '') return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
  if (!m) throw new DataError(where, 'date is not dd/mm/yyyy', raw);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Builds the register. Rows of las.csv that combine two authorities ("E06000061 / E06000062", used by
 * DfE for joint reporting) and non-English or non-upper-tier codes are not authorities and are left out;
 * every other row must have a known region, else DataError. Also refused: a code listed twice (LA or
 * region) and a name that is not plain text (csv.checkName).
 */
export function readAreaLookup(
  files: { las: string; regions: string; changes: string },
  names = { las: 'geo/las.csv', regions: 'geo/regions.csv', changes: 'geo/ONSvisual_uk-topojson_changes.csv' },
): AreaLookup {
  const regions = new Map<string, Region>();
  for (const { row, cells } of readCsv(files.regions, names.regions, { required: ['region_code', 'region_name'] }).rows) {
    const code = cells.region_code!;
    if (regions.has(code)) throw new DataError({ file: names.regions, row, column: 'region_code' }, 'region code listed twice', code);
    regions.set(code, { code, name: checkName(cells.region_name!, { file: names.regions, row, column: 'region_name' }) });
  }

  const las = new Map<string, LocalAuthority>();
  const lasTable = readCsv(files.las, names.las, {
    required: ['new_la_code', 'la_name', 'date_of_operation', 'date_of_termination', 'parent_geography_code', 'old_la_code'],
  });
  for (const { row, cells } of lasTable.rows) {
    const code = cells.new_la_code!;
    if (code.includes(' / ') || !UPPER_TIER.test(code)) continue;
    const region = cells.parent_geography_code!;
    if (!regions.has(region)) {
      throw new DataError({ file: names.las, row, column: 'parent_geography_code' }, 'unknown region code', region);
    }
    if (las.has(code)) throw new DataError({ file: names.las, row, column: 'new_la_code' }, 'LA code listed twice', code);
    const start = isoDate(cells.date_of_operation!, { file: names.las, row, column: 'date_of_operation' });
    if (!start) throw new DataError({ file: names.las, row, column: 'date_of_operation' }, 'missing start date');
    las.set(code, {
      code,
      name: checkName(cells.la_name!, { file: names.las, row, column: 'la_name' }),
      old_la_code: cells.old_la_code!,
      region_code: region,
      start,
      end: isoDate(cells.date_of_termination!, { file: names.las, row, column: 'date_of_termination' }),
      predecessors: [],
      successors: [],
      sameAreaPredecessor: null,
      sameAreaSuccessor: null,
    });
  }

  const link = (from: string, to: string, sameArea: boolean) => {
    const a = las.get(from);
    const b = las.get(to);
    if (!a || !b || a.successors.includes(to)) return;
    a.successors.push(to);
    b.predecessors.push(from);
    if (sameArea) {
      a.sameAreaSuccessor = to;
      b.sameAreaPredecessor = from;
    }
  };

  // Rule 1: code changes.
  const all = [...las.values()];
  for (const a of all) {
    if (!a.end) continue;
    const next = all.find((b) => b.old_la_code === a.old_la_code && b.code !== a.code && b.start === nextDay(a.end!));
    if (next) link(a.code, next.code, true);
  }

  // Rules 2 and 3 read the ONS change list.
  const changes = readCsv(files.changes, names.changes, { required: ['oldcd', 'newcd', 'type', 'start'] }).rows;
  for (const { cells } of changes) {
    if (cells.type === 'merger' && UPPER_TIER.test(cells.oldcd!) && UPPER_TIER.test(cells.newcd!)) {
      link(cells.oldcd!, cells.newcd!, false);
    }
  }
  const absorbed = new Map<string, Set<string>>(); // year -> unitary codes that took in districts
  for (const { cells } of changes) {
    if (cells.type === 'merger' && /^E07/.test(cells.oldcd!) && /^E06/.test(cells.newcd!)) {
      const set = absorbed.get(cells.start!) ?? new Set<string>();
      set.add(cells.newcd!);
      absorbed.set(cells.start!, set);
    }
  }
  for (const { cells } of changes) {
    if (cells.type !== 'termination' || !UPPER_TIER.test(cells.oldcd!)) continue;
    const county = las.get(cells.oldcd!);
    if (!county || county.successors.length > 0) continue;
    for (const code of absorbed.get(cells.start!) ?? []) {
      const unitary = las.get(code);
      if (unitary && unitary.region_code === county.region_code) link(county.code, code, false);
    }
  }
  return { las, regions };
}

/** Whether the LA was operating on the ISO date `day`. */
export function operatingOn(la: LocalAuthority, day: string): boolean {
  return la.start <= day && (la.end === null || la.end >= day);
}

/**
 * The LA with DfE `old_la_code` operating on `day`, or undefined. Needed because DfE 3-digit codes
 * were reused when a county became a unitary with the same area (815 North Yorkshire, 933 Somerset).
 */
export function laByOldCode(lookup: AreaLookup, oldCode: string, day: string): LocalAuthority | undefined {
  for (const la of lookup.las.values()) if (la.old_la_code === oldCode && operatingOn(la, day)) return la;
  return undefined;
}

/**
 * The one table of names the DfE files give an LA other than its `la_name` in geo/las.csv, by LA code.
 * Each was seen in a real file (the LAIT compilation, `LA and Regions`). Differences of spelling alone
 * (capitals, commas, full stops, apostrophes, "&" for "and", a hyphen for a space: "Kingston Upon Hull,
 * City of", "Bristol City of", "St Helens", "Southend on Sea") need no entry, as laNameKey ignores them.
 * A name not here and not the lookup's is refused: it may be another authority's row (a swapped code).
 */
export const LA_NAME_VARIANTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['E06000019', ['Herefordshire']], // geo/las.csv: "Herefordshire, County of"
  ['E06000028', ['Bournemouth (Pre LG)']], // before the 2019 reorganisation ("LG"): Bournemouth
  ['E06000029', ['Poole (Pre LG)']],
  ['E10000009', ['Dorset (Pre LG)']],
  ['E06000047', ['Durham']], // County Durham
  ['E06000055', ['Bedford Borough']], // Bedford
]);

/** A name with what laNameKey ignores taken out: lower case, no . , ' ’, "&" as "and", hyphens as spaces. */
export function laNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.,'’]/g, '')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `name` names `la`: its name in geo/las.csv or a variant in LA_NAME_VARIANTS, up to laNameKey. */
export function isNameOf(la: LocalAuthority, name: string): boolean {
  const key = laNameKey(name);
  return key === laNameKey(la.name) || (LA_NAME_VARIANTS.get(la.code) ?? []).some((v) => laNameKey(v) === key);
}

/** How a row names an LA: `new_la_code`, `old_la_code` ('' when the file has none, "x") and `la_name`. */
export interface LaIdentity {
  code: string;
  oldCode: string;
  name: string;
}

/** Which of a row's three LA columns disagrees with the lookup, why, and the value it holds. */
export interface LaIdentityProblem {
  column: 'new_la_code' | 'old_la_code' | 'la_name';
  problem: string;
  value: string;
}

/**
 * Checks that a row's LA code, old code and name are one authority in the lookup, so that figures are never
 * filed under another authority (two rows whose codes were swapped each name the other's LA). Codes are
 * compared as pairs, not by date: an old code keeps its authority across a code change (929 is
 * Northumberland under E06000048 and E06000057), and the files use codes outside their dates in geo/las.csv
 * (every authority before 2009). An empty old code is accepted (census rows of authorities abolished in
 * 2009 have "x"). Returns null when they agree; else the column that is the odd one out: the code when
 * neither the old code nor the name is its authority's, else whichever of those two is not.
 */
export function checkLaIdentity(lookup: AreaLookup, id: LaIdentity): LaIdentityProblem | null {
  const la = lookup.las.get(id.code);
  if (!la) return { column: 'new_la_code', problem: 'LA code is not in geo/las.csv', value: id.code };
  const oldOk = id.oldCode === '' || id.oldCode === la.old_la_code;
  const nameOk = isNameOf(la, id.name);
  if (oldOk && nameOk) return null;
  const all = [...lookup.las.values()];
  const names = (las: LocalAuthority[]) => las.map((l) => `${l.name} (${l.code})`).join(' or ');
  const byOld = all.filter((l) => l.code !== la.code && l.old_la_code === id.oldCode);
  const byName = all.filter((l) => l.code !== la.code && isNameOf(l, id.name));
  if (!oldOk && !nameOk) {
    const both = byOld.filter((l) => byName.includes(l));
    const whose = both.length ? `are those of ${names(both)}: codes swapped between rows?` : `are not ${la.name}'s`;
    return { column: 'new_la_code', problem: `the code of ${la.name} (old_la_code ${la.old_la_code}) in geo/las.csv, but this row's old_la_code and la_name ${whose}`, value: id.code };
  }
  if (!oldOk) {
    const whose = byOld.length ? `: it is that of ${names(byOld)}` : '';
    return { column: 'old_la_code', problem: `not the old_la_code of ${la.code} in geo/las.csv (${la.name}, ${la.old_la_code})${whose}`, value: id.oldCode };
  }
  const whose = byName.length ? `: it names ${names(byName)}` : '';
  return { column: 'la_name', problem: `not the name of ${la.code} in geo/las.csv (${la.name}) nor a variant of it in LA_NAME_VARIANTS${whose}`, value: id.name };
}
