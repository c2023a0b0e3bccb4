/**
 * DfE periods: `time_period` is an academic year written as 6 digits (202324 = 2023/24) or, for
 * weekly files, a calendar year; `time_identifier` says which part of it.
 */
import { DataError, type DataLocation } from './errors';

/** Term identifiers in the order they fall within an academic year; full-year ones sort last. */
export const TERM_ORDER = [
  'Autumn term',
  'Autumn and spring term',
  'Spring term',
  'Summer term',
  'Year to date',
  'Full year',
  'Academic year',
] as const;

/** The three terms of a school year, each published on its own. */
export const SINGLE_TERMS = ['Autumn term', 'Spring term', 'Summer term'] as const;

/** A term or year identifier as this site stores it (one of TERM_ORDER). */
export type TermIdentifier = (typeof TERM_ORDER)[number];

/**
 * The one table of `time_identifier` spellings: every way a DfE file has written a term or a year, and
 * the spelling stored. Kept in one place so that a spelling every importer should accept is added once.
 * Each importer then says which of the stored identifiers its files can hold.
 */
const TIME_IDENTIFIER_SPELLINGS: ReadonlyMap<string, TermIdentifier> = new Map<string, TermIdentifier>([
  ...TERM_ORDER.map((t) => [t, t] as const),
  // Releases of "Pupil absence in schools in England" capitalised the second term of the two-term period.
  ['Autumn and Spring term', 'Autumn and spring term'],
]);

/** The stored spelling of a term or year `time_identifier` as a DfE file writes it, or undefined (weeks too). */
export function readTimeIdentifier(raw: string): TermIdentifier | undefined {
  return TIME_IDENTIFIER_SPELLINGS.get(raw);
}

/** Checks a 6-digit academic `time_period` (consecutive years, e.g. 202324) and returns it. */
export function parseAcademicYear(raw: string, where: DataLocation): string {
  const t = raw.trim();
  const m = /^(\d{4})(\d{2})$/.exec(t);
  if (!m) throw new DataError(where, 'time_period is not an academic year like 202324', raw);
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2])) throw new DataError(where, 'time_period years are not consecutive', raw);
  return t;
}

/**
 * The earliest day a period could begin, as an ISO date: for an academic year (6 digits) 1 August of its
 * first year, or 1 January / 1 March of its second year for the spring / summer term; for a calendar
 * year with "Week NN", the start of week NN less a week (week numbering differs between files); for
 * another calendar year, 1 January. Early on purpose: a period is only called future when it cannot have
 * begun.
 */
export function periodEarliestStart(timePeriod: string, timeIdentifier: string): string {
  const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  if (/^\d{6}$/.test(timePeriod)) {
    const y = Number(timePeriod.slice(0, 4));
    if (timeIdentifier === 'Spring term') return utc(y + 1, 0, 1);
    if (timeIdentifier === 'Summer term') return utc(y + 1, 2, 1);
    return utc(y, 7, 1);
  }
  const y = Number(timePeriod.slice(0, 4));
  const week = /^Week (\d+)$/.exec(timeIdentifier);
  return week ? utc(y, 0, 1 + 7 * (Number(week[1]) - 2)) : utc(y, 0, 1);
}

/** periodEarliestStart by `${timePeriod}|${timeIdentifier}`, for assertNotFuture. */
const earliestStarts = new Map<string, string>();
/** The period assertNotFuture was last asked about, and its start: a file's rows come in runs of one period. */
let lastAsked = { timePeriod: '', timeIdentifier: '', start: '' };

/** The last UTC day isoDay formatted: its first and last millisecond and its ISO date. */
let lastDay = { from: 0, to: -1, iso: '' };

/** The ISO day (UTC) of `t` ms since 1970, "2026-12-06"; formatted once per day, since importers ask it of every row. */
function isoDay(t: number): string {
  if (t < lastDay.from || t > lastDay.to) {
    const from = t - (((t % 86_400_000) + 86_400_000) % 86_400_000);
    lastDay = { from, to: from + 86_399_999, iso: new Date(t).toISOString().slice(0, 10) };
  }
  return lastDay.iso;
}

/**
 * Refuses a period that has not begun on `today` (default: now): figures for it cannot have been
 * published, so the file or its `time_period` is wrong. Throws DataError naming `where`.
 */
export function assertNotFuture(timePeriod: string, timeIdentifier: string, where: DataLocation, today?: Date): void {
  // Importers ask this of every row; a file holds a few periods, so each one's start is worked out once.
  if (timePeriod !== lastAsked.timePeriod || timeIdentifier !== lastAsked.timeIdentifier) {
    const key = `${timePeriod}|${timeIdentifier}`;
    let start = earliestStarts.get(key);
    if (start === undefined) earliestStarts.set(key, (start = periodEarliestStart(timePeriod, timeIdentifier)));
    lastAsked = { timePeriod, timeIdentifier, start };
  }
  const start = lastAsked.start;
  const now = isoDay(today ? today.getTime() : Date.now());
  if (start > now) {
    throw new DataError(where, `period is in the future: ${timeIdentifier} ${timePeriod} cannot begin before ${start}, and today is ${now}`, timePeriod);
  }
}

/** "202324" -> "2023/24". */
export function academicYearLabel(timePeriod: string): string {
  return `${timePeriod.slice(0, 4)}/${timePeriod.slice(4, 6)}`;
}

/**
 * The same part of the year before: "202324" -> "202223" for an academic year, "2025" -> "2024" for a
 * calendar year. A term is compared with the same term a year earlier (autumn with autumn), since terms
 * differ in illness and holidays.
 */
export function previousYear(timePeriod: string): string {
  return /^\d{6}$/.test(timePeriod) ? `${Number(timePeriod.slice(0, 4)) - 1}${timePeriod.slice(2, 4)}` : String(Number(timePeriod) - 1);
}

/** First calendar year of an academic `time_period` ("202324" -> 2023). */
export function academicYearStart(timePeriod: string): number {
  return Number(timePeriod.slice(0, 4));
}

/** Sort key: academic year, then term position. Unknown identifiers (weeks) sort after known ones. */
export function periodSortKey(timePeriod: string, timeIdentifier: string): string {
  const i = (TERM_ORDER as readonly string[]).indexOf(timeIdentifier);
  const week = /^Week (\d+)$/.exec(timeIdentifier);
  const pos = i >= 0 ? String(i).padStart(2, '0') : week ? `w${week[1]!.padStart(2, '0')}` : `z${timeIdentifier}`;
  return `${timePeriod}|${pos}`;
}

/** The latest of `periods` whose `time_identifier` is one of `identifiers`, in time order (periodSortKey); undefined if none. */
export function latestPeriod<T extends { time_period: string; time_identifier: string }>(periods: readonly T[], identifiers: readonly string[]): T | undefined {
  return periods
    .filter((p) => identifiers.includes(p.time_identifier))
    .reduce<T | undefined>((best, p) => (!best || periodSortKey(p.time_period, p.time_identifier) > periodSortKey(best.time_period, best.time_identifier) ? p : best), undefined);
}

/** Human label for a period: "Autumn term 2023/24", "2023/24 full year". */
export function periodLabel(timePeriod: string, timeIdentifier: string): string {
  const year = /^\d{6}$/.test(timePeriod) ? academicYearLabel(timePeriod) : timePeriod;
  if (timeIdentifier === 'Full year' || timeIdentifier === 'Academic year') return `${year} full year`;
  if (timeIdentifier === 'Year to date') return `${year} year to date`;
  return `${timeIdentifier} ${year}`;
}

/**
 * What a chart says under a year-to-date point ("2025/26 to date"). The DfE's year-to-date file names no
 * end week or date, so the note says how far the year had gone in the file's own figures: school days per
 * enrolment, from its possible sessions (two a day) over enrolments, beside the last whole year's, when
 * both are known (`days`, `whole.days`: sess_possible / enrolments / 2, unrounded). `lead` opens the
 * sentence up to "the year so far" ("These figures are" for a headline).
 */
export function yearToDateNote(label: string, days: number | null, whole: { label: string; days: number } | null, lead = `The last point, ${label}, is`): string {
  let text = ` ${lead} the year so far, not a whole year; the DfE's file does not say the last week it covers.`;
  if (days !== null) text += ` Its possible sessions come to ${Math.round(days)} school days per enrolment${whole ? `, against ${Math.round(whole.days)} in ${whole.label}, the last whole year` : ''}.`;
  return text;
}

/** A period as it reads after "in" in a sentence: "2023/24" (a full year), "the summer term of 2024/25". */
export function periodInWords(timePeriod: string, timeIdentifier: string): string {
  const year = /^\d{6}$/.test(timePeriod) ? academicYearLabel(timePeriod) : timePeriod;
  if (timeIdentifier === 'Full year' || timeIdentifier === 'Academic year') return year;
  return `the ${timeIdentifier.toLowerCase()} of ${year}`;
}

/** A stable id for a period, used in URLs and file names: "202324-autumn-term". */
export function periodId(timePeriod: string, timeIdentifier: string): string {
  return `${timePeriod}-${timeIdentifier.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** Compact label for crowded axes: "Aut 22/23", "Spr 22/23", "2022/23". */
export function shortPeriodLabel(timePeriod: string, timeIdentifier: string): string {
  const year = /^\d{6}$/.test(timePeriod) ? `${timePeriod.slice(2, 4)}/${timePeriod.slice(4, 6)}` : timePeriod;
  const short: Record<string, string> = { 'Autumn term': 'Aut', 'Spring term': 'Spr', 'Summer term': 'Sum', 'Autumn and spring term': 'Aut+Spr' };
  if (timeIdentifier === 'Full year' || timeIdentifier === 'Academic year') return academicYearLabel(timePeriod);
  return `${short[timeIdentifier] ?? timeIdentifier} ${year}`;
}
