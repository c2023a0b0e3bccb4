/**
 * A caution on an LA's rate (found at build time by shape/cautions findCautions) and its words for a
 * reader. Browser-safe: the map says it when the LA is chosen, the LA page and /data/quality/ print it.
 */
import { count } from './format';

/** What is said about one LA's figure in one period and phase. */
export type Caution =
  | { kind: 'drop'; enrolments: number; before: number; beforeLabel: string }
  | { kind: 'small'; enrolments: number };

/** The caution in words, for a reader: "Caution: enrolments fell from 58,715 in Autumn term 2022/23 to 504; ...". */
export function cautionText(c: Caution): string {
  if (c.kind === 'drop') {
    return `Caution: enrolments fell from ${count(c.before)} in ${c.beforeLabel} to ${count(c.enrolments)}, so this rate describes a small remainder of pupils and is not comparable with the term before.`;
  }
  return `Caution: this rate is based on ${count(c.enrolments)} ${c.enrolments === 1 ? "enrolment" : "enrolments"}, so a few pupils move it by whole percentage points.`;
}
