/**
 * The families of DfE files the data build reads, and the summary it gives of them: which were found, with
 * the periods their figures cover, and which are missing from the data folder. A family may be missing (the
 * site shows what it has), but never silently: a missing one is a warning on the data quality report.
 */
import { academicYearLabel, periodSortKey, TERM_ORDER } from '../domain/periods';

/** A kind of DfE file the build reads, from one publication or tool. */
export interface FileFamily {
  id: string;
  /** How the summary and the warnings name it. */
  label: string;
  /** Where its files go in the data folder, as the README lists them. */
  where: string;
}

/** Every family, in the order the summary lists them. */
export const FILE_FAMILIES = [
  { id: 'census', label: 'census (Pupil absence in schools in England)', where: 'dfe/census/*.csv' },
  { id: 'pru', label: 'PRU (the census publication\'s pupil referral unit file)', where: 'dfe/absence_pru/*.csv' },
  { id: 'registers', label: 'registers (Pupil attendance in schools)', where: 'dfe/attendance/<yyyyyy>/EES_*_data.csv' },
  { id: 'pa-by-week', label: 'registers persistent absence by week', where: 'dfe/pa_explorer/*.csv' },
  { id: 'lait', label: 'LAIT (LA Interactive Tool)', where: 'dfe/lait/*.parquet' },
  { id: 'cin', label: 'CIN (Outcomes for children in need: absence)', where: 'dfe/cin_outcomes/absence_la.csv' },
  { id: 'distributions', label: 'distributions (Pupil absence distributions)', where: 'dfe/absence_distributions/*.zip' },
] as const satisfies readonly FileFamily[];

/** The id of one of FILE_FAMILIES. */
export type FileFamilyId = (typeof FILE_FAMILIES)[number]['id'];

/**
 * The family a file belongs to, by its path in the data folder (as the README's table gives them), or
 * undefined for a file no importer reads. `path` is the file's place once EES packaging is set aside: a
 * release zip's entry or a file in a `data/` subfolder is placed beside them, and `.gz` is taken off
 * (see build-data's source listing).
 */
export function familyOf(path: string): FileFamilyId | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('dfe/lait/') && base.endsWith('.parquet')) return 'lait';
  if (path.startsWith('dfe/census/') && base.endsWith('.csv')) return 'census';
  if (path.startsWith('dfe/absence_pru/') && base.endsWith('.csv')) return 'pru';
  if (/^dfe\/attendance\/\d{6}\/EES_(aut|spr|sum|ytd|weekly)_data\.csv$/.test(path)) return 'registers';
  if (path.startsWith('dfe/pa_explorer/') && base.endsWith('.csv')) return 'pa-by-week';
  if (path.startsWith('dfe/absence_distributions/') && base.endsWith('.zip')) return 'distributions';
  if (path.startsWith('dfe/cin_outcomes/') && base.endsWith('.csv')) return 'cin';
  return undefined;
}

/** One file the build read: its family and the periods (`time_period`, `time_identifier`) of its figures. */
export interface FamilyFile {
  family: FileFamilyId;
  file: string;
  periods: readonly (readonly [string, string])[];
}

/**
 * One line per family found ("census (…): 3 files; Full year: 2006/07 to 2024/25 (18 years); …") and one
 * warning per family missing. Periods are grouped by `time_identifier` (weeks together, last), each group
 * given as its first and last period and how many there are, so a gap shows as a count smaller than the span.
 */
export function summariseFamilies(files: readonly FamilyFile[]): { found: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  for (const family of FILE_FAMILIES) {
    const own = files.filter((f) => f.family === family.id);
    if (own.length === 0) {
      missing.push(`no ${family.label} file in the data folder (${family.where}): the site has none of its figures`);
      continue;
    }
    const groups = new Map<string, Set<string>>();
    for (const f of own) {
      for (const [period, identifier] of f.periods) {
        const week = /^Week \d+$/.test(identifier);
        const group = week ? 'Weekly' : identifier;
        const keys = groups.get(group) ?? groups.set(group, new Set()).get(group)!;
        keys.add(`${period}|${identifier}`);
      }
    }
    const order = (group: string) => {
      const i = (TERM_ORDER as readonly string[]).indexOf(group);
      return i < 0 ? TERM_ORDER.length : i;
    };
    const parts = [...groups].sort(([a], [b]) => order(a) - order(b)).map(([group, keys]) => describeGroup(group, [...keys]));
    found.push(`${family.label}: ${own.length} file${own.length === 1 ? '' : 's'}; ${parts.length ? parts.join('; ') : 'no figures'}`);
  }
  return { found, missing };
}

function describeGroup(group: string, keys: string[]): string {
  const sorted = keys.map((k) => k.split('|') as [string, string]).sort((a, b) => periodSortKey(...a).localeCompare(periodSortKey(...b)));
  const label = ([period, identifier]: [string, string]) =>
    group === 'Weekly' ? `${identifier} ${period}` : /^\d{6}$/.test(period) ? academicYearLabel(period) : period;
  const unit = group === 'Weekly' ? 'weeks' : 'years';
  if (sorted.length === 1) return `${group}: ${label(sorted[0]!)}`;
  return `${group}: ${label(sorted[0]!)} to ${label(sorted.at(-1)!)} (${sorted.length} ${unit})`;
}
