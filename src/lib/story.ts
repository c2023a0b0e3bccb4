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

/** "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd", "111th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** "1 pupil was", "0 pupils were", "1,234 pupils were". */
export function pupilsWere(n: number): string {
  return `${pupilsPhrase(n)} ${Math.round(n) === 1 ? 'was' : 'were'}`;
}

/**
 * The change on an earlier figure, as printed: "down 1.2 percentage points from 18.9% in 2023/24",
 * "up 1.0 percentage point from …", "unchanged from 2023/24 (1.0%)". The difference is taken between
 * the rounded figures, so it always matches the two numbers a reader sees.
 */
export function changePhrase(latest: number, previous: RatePoint): string {
  const word = changeWord(latest, previous.value);
  if (word === 'unchanged from') return `unchanged from ${previous.period} (${fixed(previous.value)}%)`;
  const diff = fixed(Math.abs(Number(fixed(latest)) - Number(fixed(previous.value))));
  return `${word === 'up from' ? 'up' : 'down'} ${diff} ${diff === '1.0' ? 'percentage point' : 'percentage points'} from ${fixed(previous.value)}% in ${previous.period}`;
}

export interface Rank {
  /** 1 = highest rate. Authorities with the same rate as printed (1 dp) share a rank. */
  rank: number;
  of: number;
  tied: boolean;
}

/** "the highest rate of the 153 local authorities", "the joint 12th highest rate of …", "the lowest rate of …". */
export function rankPhrase(r: Rank, period: string): string {
  const among = `of the ${count(r.of)} local ${r.of === 1 ? 'authority' : 'authorities'} with a figure for ${period}`;
  const joint = r.tied ? 'joint ' : '';
  if (r.of === 1) return `the only rate ${among}`;
  if (r.rank === 1) return `the ${joint}highest rate ${among}`;
  if (!r.tied && r.rank === r.of) return `the lowest rate ${among}`;
  return `the ${joint}${ordinal(r.rank)} highest rate ${among}`;
}

export interface MeasureFact {
  /** "Persistent absence". */
  label: string;
  /** "persistently absent (missing 10% or more of their sessions)". */
  what: string;
  latest: RatePoint;
  previous?: RatePoint | null;
  region?: { name: string; value: number } | null;
  england?: number | null;
  rank?: Rank | null;
}

export interface FactsInput {
  area: string;
  measures: MeasureFact[];
  /** Published counts of pupils (enrolments), with the period and file they come from. */
  counts?: { period: string; persistent: number | null; severe: number | null; source: string } | null;
}

/** One paragraph per measure, then the counts: the figures a local story needs, each with its period. */
export function storyFacts(f: FactsInput): string[] {
  const out: string[] = [];
  for (const m of f.measures) {
    let text = `${m.label}: in ${m.latest.period}, ${fixed(m.latest.value)}% of pupils in ${f.area} were ${m.what}`;
    text += m.previous ? `, ${changePhrase(m.latest.value, m.previous)}.` : '. There is no figure for the year before to compare with.';
    const compare: string[] = [];
    if (m.region) compare.push(`${m.region.name} ${fixed(m.region.value)}%`);
    if (m.england !== null && m.england !== undefined) compare.push(`England ${fixed(m.england)}%`);
    if (compare.length) text += ` The same year: ${compare.join(', ')}.`;
    if (m.rank) text += ` ${f.area} had ${rankPhrase(m.rank, m.latest.period)}.`;
    out.push(text);
  }
  const c = f.counts;
  if (c && (c.persistent !== null || c.severe !== null)) {
    const parts: string[] = [];
    if (c.persistent !== null) parts.push(`${pupilsWere(c.persistent)} persistently absent`);
    if (c.severe !== null) parts.push(`${pupilsWere(c.severe)} severely absent`);
    out.push(`Pupils: in ${c.period}, the latest year with published counts, ${parts.join(' and ')} in ${f.area} (${c.source}).`);
  }
  return out;
}
