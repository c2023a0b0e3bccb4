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
import { DataError } from '../errors';

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
