/**
 * Plain-English sentences a reporter can quote, built from published figures only. Rates are printed
 * to 1 decimal place with the DfE's rounding; "up", "down" and "unchanged" compare the rounded figures,
 * so the words always agree with the numbers printed beside them. Where the DfE published the number of
 * pupils, a sentence leads with it, as reporters write them.
 */
import { fixed, count } from '../domain/format';
import { changeBetween } from '../view/map-logic';
import { COVID_NOTE } from '../domain/census-years';

export interface RatePoint {
  /** The period as it reads after "in": "2023/24", "the summer term of 2024/25". */
  period: string;
  /** The rate as published: % of enrolments for persistent and severe absence. */
  value: number;
  /** Published number of pupils (enrolments) behind `value`; null or absent when none was published. */
  pupils?: number | null;
}

export interface StoryInput {
  area: string;
  /** e.g. "persistently absent". */
  what: string;
  latest: RatePoint;
  previous?: RatePoint | null;
  england?: number | null;
  region?: { name: string; value: number } | null;
}

/** "up from", "down from" or "unchanged from", comparing figures as printed (1 dp). */
export function changeWord(latest: number, previous: number): 'up from' | 'down from' | 'unchanged from' {
  const d = changeBetween(latest, previous);
  return d > 0 ? 'up from' : d < 0 ? 'down from' : 'unchanged from';
}

const wasWere = (n: number) => (Math.round(n) === 1 ? 'was' : 'were');
const hasPupils = (p: RatePoint | null | undefined): p is RatePoint & { pupils: number } => p !== null && p !== undefined && typeof p.pupils === 'number';

/** "1 pupil", "0 pupils", "1,234 pupils". */
export function pupilsPhrase(n: number): string {
  const rounded = Math.round(n);
  return `${count(rounded)} ${rounded === 1 ? 'pupil' : 'pupils'}`;
}

/**
 * The first sentence of a story, without its full stop. With a published count for `latest`:
 * "7,264 pupils in Luton were persistently absent in 2023/24 (18.9% of pupils), down from 9,392 (24.6%)
 * in 2022/23". "Up", "down" and "unchanged" are the rate's, as printed; where the count moved otherwise,
 * or the year before has no count, the comparison names the rate ("…, the rate down from 24.6% in
 * 2022/23 (9,500 pupils)") so the sentence never says "down from" a smaller number.
 * Without a count: "In 2023/24, 18.9% of pupils in Luton were persistently absent, down from 24.6% in 2022/23".
 */
export function leadClause(s: Pick<StoryInput, 'area' | 'what' | 'latest' | 'previous'>): string {
  const { latest, previous } = s;
  if (!hasPupils(latest)) {
    let text = `In ${latest.period}, ${fixed(latest.value)}% of pupils in ${s.area} were ${s.what}`;
    if (previous) {
      const word = changeWord(latest.value, previous.value);
      text += word === 'unchanged from' ? `, unchanged from ${previous.period}` : `, ${word} ${fixed(previous.value)}% in ${previous.period}`;
    }
    return text;
  }
  let text = `${pupilsPhrase(latest.pupils)} in ${s.area} ${wasWere(latest.pupils)} ${s.what} in ${latest.period} (${fixed(latest.value)}% of pupils)`;
  if (previous) {
    const word = changeWord(latest.value, previous.value);
    if (hasPupils(previous) && Math.sign(Math.round(latest.pupils) - Math.round(previous.pupils)) === Math.sign(changeBetween(latest.value, previous.value))) {
      text += `, ${word} ${count(previous.pupils)} (${fixed(previous.value)}%) in ${previous.period}`;
    } else {
      text += `, the rate ${word} ${fixed(previous.value)}% in ${previous.period}${hasPupils(previous) ? ` (${pupilsPhrase(previous.pupils)})` : ''}`;
    }
  }
  return text;
}

/**
 * A quotable sentence and the comparators: "7,264 pupils in Luton were persistently absent in 2023/24
 * (18.9% of pupils), down from 9,392 (24.6%) in 2022/23. East of England: 19.2%. England: 20.0%."
 * Rate-only ("In 2023/24, 18.9% of pupils in Luton were …") when no count was published.
 */
export function storySentence(s: StoryInput): string {
  let text = `${leadClause(s)}.`;
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
  return `${pupilsPhrase(n)} ${wasWere(n)}`;
}

/**
 * The change on an earlier figure, as printed: "down 1.2 percentage points from 18.9% in 2023/24",
 * "up 1.0 percentage point from …", "unchanged from 2023/24 (1.0%)". The difference is taken between
 * the rounded figures, so it always matches the two numbers a reader sees.
 */
export function changePhrase(latest: number, previous: RatePoint): string {
  const word = changeWord(latest, previous.value);
  if (word === 'unchanged from') return `unchanged from ${previous.period} (${fixed(previous.value)}%)`;
  return `${word === 'up from' ? 'up' : 'down'} ${pointsPhrase(latest, previous.value)} from ${fixed(previous.value)}% in ${previous.period}`;
}

/** "1.2 percentage points", "1.0 percentage point": the size of the change between the printed figures. */
export function pointsPhrase(latest: number, previous: number): string {
  const diff = fixed(Math.abs(changeBetween(latest, previous)));
  return `${diff} ${diff === '1.0' ? 'percentage point' : 'percentage points'}`;
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
  /** The latest or previous year is 2020/21 (census-years.covidYear): the paragraph ends with COVID_NOTE. */
  covid?: boolean;
}

export interface FactsInput {
  area: string;
  measures: MeasureFact[];
  /** Published counts of pupils (enrolments), with the period and file they come from. */
  counts?: { period: string; persistent: number | null; severe: number | null; source: string } | null;
}

/**
 * One paragraph per measure, then the counts: the figures a local story needs, each with its period.
 * A measure whose latest figure has a published count leads with it (leadClause) and gives the change
 * in percentage points after; `counts` is for counts of another year (say so in its `period`).
 */
export function storyFacts(f: FactsInput): string[] {
  const out: string[] = [];
  for (const m of f.measures) {
    let text: string;
    if (hasPupils(m.latest)) {
      text = `${m.label}: ${leadClause({ area: f.area, what: m.what, latest: m.latest, previous: m.previous })}`;
      if (!m.previous) text += '. There is no figure for the year before to compare with.';
      else {
        const d = changeBetween(m.latest.value, m.previous.value);
        text += d === 0 ? '.' : `, a ${d > 0 ? 'rise' : 'fall'} of ${pointsPhrase(m.latest.value, m.previous.value)}.`;
      }
    } else {
      text = `${m.label}: in ${m.latest.period}, ${fixed(m.latest.value)}% of pupils in ${f.area} were ${m.what}`;
      text += m.previous ? `, ${changePhrase(m.latest.value, m.previous)}.` : '. There is no figure for the year before to compare with.';
    }
    const compare: string[] = [];
    if (m.region) compare.push(`${m.region.name} ${fixed(m.region.value)}%`);
    if (m.england !== null && m.england !== undefined) compare.push(`England ${fixed(m.england)}%`);
    if (compare.length) text += ` The same year: ${compare.join(', ')}.`;
    if (m.rank) text += ` ${f.area} had ${rankPhrase(m.rank, m.latest.period)}.`;
    if (m.covid) text += ` ${COVID_NOTE}`;
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
