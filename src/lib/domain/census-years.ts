/**
 * What makes a school-census full year not like the others, in one place: the years that cover five half
 * terms (the census left out the second half of the summer term until 2011/12; the file's `absence_terms`)
 * and 2020/21, when pupils kept at home under COVID-19 rules were recorded with code X and not counted as
 * absent. Charts mark these years; tables say it beside the figure. Pure and browser-safe.
 */
import { academicYearLabel } from './periods';

/** `time_period` of the year recorded under COVID-19 rules. */
export const COVID_YEAR = '202021';

/** Said beside any comparison that involves 2020/21. */
export const COVID_NOTE = '2020/21 was recorded under COVID-19 rules and is not comparable with other years.';

/** Whether any of the `time_period`s is the COVID year. */
export function covidYear(...timePeriods: (string | undefined)[]): boolean {
  return timePeriods.includes(COVID_YEAR);
}

/** The words of the mark a chart puts at the COVID year. */
export const COVID_MARK = 'COVID rules';

/** Whether an axis or table label ("2020/21", "Autumn 2020/21", "Autumn term 2020/21") is of the COVID year. */
export function isCovidLabel(label: string): boolean {
  const year = academicYearLabel(COVID_YEAR);
  return label === year || label.endsWith(` ${year}`);
}

/**
 * The COVID mark for a chart whose points carry their own labels (terms, "Aut 20/21"; groups over years):
 * one mark at the first label of the COVID year, or none when the year is not on the axis.
 */
export function covidAnnotations(points: readonly { label: string; time_period: string }[]): { label: string; text: string }[] {
  const first = points.find((p) => p.time_period === COVID_YEAR);
  return first ? [{ label: first.label, text: COVID_MARK }] : [];
}

/** Half terms per full year (`time_period` -> 5 or 6), as SiteIndex.halfTerms holds them. */
export type HalfTerms = Readonly<Record<string, 5 | 6>>;

/** The note a table prints beside a full year's figure, or '' for an ordinary year. */
export function censusYearNote(timePeriod: string, halfTerms: HalfTerms): string {
  const notes: string[] = [];
  if (halfTerms[timePeriod] === 5) notes.push('five half terms (to the end of May)');
  if (timePeriod === COVID_YEAR) notes.push('COVID-19 rules: pupils kept at home not counted as absent');
  return notes.join('; ');
}

/**
 * Marks for a full-year chart whose x axis is `periods` (labels such as "2011/12"): the first six-half-term
 * year after five-half-term ones ("six half terms from here") and the COVID year. Only marks whose year is
 * on the axis, and the half-term mark only when a five-half-term year is on it too.
 */
export function censusAnnotations(periods: readonly string[], halfTerms: HalfTerms): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  const years = Object.keys(halfTerms).sort();
  const onAxis = (tp: string) => periods.includes(academicYearLabel(tp));
  const firstSix = years.find((y, i) => halfTerms[y] === 6 && i > 0 && halfTerms[years[i - 1]!] === 5);
  if (firstSix && onAxis(firstSix) && years.some((y) => halfTerms[y] === 5 && onAxis(y))) out.push({ label: academicYearLabel(firstSix), text: 'six half terms from here' });
  if (onAxis(COVID_YEAR)) out.push({ label: academicYearLabel(COVID_YEAR), text: COVID_MARK });
  return out;
}

/** Why census terms jump from 2018/19 to 2020/21: said wherever census terms are charted. */
export const NO_TERMS_201920 = 'There are no school-census terms for 2019/20: the DfE\'s termly file skips that year, and autumn 2019, published on its own in 2020, is not in the data loaded for this site.';
