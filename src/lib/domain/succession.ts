/**
 * Which authority's page holds an ended authority's area for a period: the one rule for saying, beside a
 * year after an authority ended, that it was replaced and where those years' figures are (rather than
 * "no figure published"). Lineage (successors, same-area successor, end date) is la-lookup's; whether an
 * authority has ended is site-data.hasEnded. Pure and browser-safe.
 */
import { periodEarliestStart } from './periods';

/** An authority that took over an ended one's area, with a page on this site. */
export interface Successor {
  code: string;
  name: string;
}

/**
 * Whether a period began after the authority's last day (`end`, ISO date; null while it exists): the
 * authority cannot have figures for it. Buckinghamshire (ended 2020-03-31) has 2019/20 and not 2020/21.
 */
export function periodAfterEnd(end: string | null, timePeriod: string, timeIdentifier: string): boolean {
  return end !== null && periodEarliestStart(timePeriod, timeIdentifier) > end;
}

function names(successors: readonly Successor[]): string {
  const each = successors.map((s) => `${s.name} (${s.code})`);
  return each.length <= 1 ? each.join('') : `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`;
}

/** A table cell for such a period: "replaced by Buckinghamshire (E06000060)". */
export function replacedCell(successors: readonly Successor[]): string {
  return successors.length ? `replaced by ${names(successors)}` : 'authority ended';
}

/**
 * The chart note for an ended authority whose chart runs past its end: from which year its area's
 * figures are on which pages. `fromLabel` is the first such period as the chart labels it ("2020/21").
 * `sameArea`: the successor covers exactly the same area (a code change), so its figures carry on the line.
 */
export function replacedNote(area: string, fromLabel: string, successors: readonly Successor[], sameArea: boolean): string {
  if (!successors.length) return ` ${area} ended before ${fromLabel}; no authority on this site took over its area.`;
  return sameArea
    ? ` From ${fromLabel} ${area}'s figures are on the page of ${names(successors)}, which replaced it and covers the same area.`
    : ` From ${fromLabel} ${area}'s area is covered by ${names(successors)}; ${successors.length === 1 ? 'its figures are on its page' : 'their figures are on their pages'} and cover different areas.`;
}
