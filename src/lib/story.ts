/**
 * Plain-English sentences a reporter can quote, built from published figures only. Rates are printed
 * to 1 decimal place with the DfE's rounding; "up", "down" and "unchanged" compare the rounded figures,
 * so the words always agree with the numbers printed beside them.
 */
import { fixed, count } from './format';

export interface RatePoint {
  /** "2023/24" or "Autumn term 2024/25". */
  period: string;
  value: number;
}

export interface StoryInput {
  area: string;
  /** e.g. "persistently absent (missing 10% or more of sessions)". */
  what: string;
  latest: RatePoint;
  previous?: RatePoint | null;
  england?: number | null;
  region?: { name: string; value: number } | null;
  /** Published number of pupils (enrolments) behind `latest`, if the DfE published one. */
  pupils?: number | null;
}

/** "up from", "down from" or "unchanged from", comparing figures as printed (1 dp). */
export function changeWord(latest: number, previous: number): 'up from' | 'down from' | 'unchanged from' {
  const a = Number(fixed(latest));
  const b = Number(fixed(previous));
  return a > b ? 'up from' : a < b ? 'down from' : 'unchanged from';
}

/** "1 pupil", "0 pupils", "1,234 pupils". */
export function pupilsPhrase(n: number): string {
  const rounded = Math.round(n);
  return `${count(rounded)} ${rounded === 1 ? 'pupil' : 'pupils'}`;
}

/**
 * "In 2023/24, 18.9% of pupils in Luton were persistently absent, down from 24.6% in 2022/23.
 *  England: 20.0%. East of England: 19.2%."
 */
export function storySentence(s: StoryInput): string {
  const pupils = s.pupils !== null && s.pupils !== undefined ? ` (${pupilsPhrase(s.pupils)})` : '';
  let text = `In ${s.latest.period}, ${fixed(s.latest.value)}% of pupils in ${s.area}${pupils} ${s.pupils === 1 ? 'was' : 'were'} ${s.what}`;
  if (s.previous) {
    const word = changeWord(s.latest.value, s.previous.value);
    text += word === 'unchanged from' ? `, unchanged from ${s.previous.period}` : `, ${word} ${fixed(s.previous.value)}% in ${s.previous.period}`;
  }
  text += '.';
  const compare: string[] = [];
  if (s.region) compare.push(`${s.region.name}: ${fixed(s.region.value)}%`);
  if (s.england !== null && s.england !== undefined) compare.push(`England: ${fixed(s.england)}%`);
  if (compare.length) text += ` ${compare.join('. ')}.`;
  return text;
}
