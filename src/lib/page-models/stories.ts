/**
 * The newsroom story kit, /data/v1/stories.csv: for every current local authority, persistent and
 * severe absence in the latest school-census full year and the latest census term, each with the number
 * of pupils, the rate, the same period a year earlier, the change, the rank among LAs, the region and
 * England, a source line and sentences to quote. Pure: areas and a row reader in, rows out.
 *
 * Every figure is the one the LA's page shows (area-page.censusFigures: same file precedence, same
 * predecessor rule, same year before); ranks are the page's (area-page.laRanks); sentences are
 * story.storySentence's. A DfE symbol stays the symbol; a figure not published is an empty cell.
 */
import { covidYear, COVID_NOTE } from '../domain/census-years';
import { areaContext, censusFigures, laRanks, STORY_MEASURES, type CensusFigures, type CensusPeriod } from './area-page';
import type { SeriesPoint } from '../charts/series';
import { fixed } from '../domain/format';
import { changeBetween } from '../view/map-logic';
import type { DatasetId, Series } from '../domain/model';
import { latestPeriod, periodInWords, periodLabel, previousYear, SINGLE_TERMS } from '../domain/periods';
import { hasEnded, type AreaEntry } from './site-data';
import type { AreaStore } from '../domain/area-store';
import { sourceLine } from '../domain/sources';
import { rankPhrase, storySentence, type Rank } from './story';
import { SYMBOL_MEANING } from '../domain/symbols';

/**
 * The CSV's columns, DfE names where the DfE has one. `rate`, `previous_rate`, `region_rate` and
 * `england_rate` are % of enrolments as published (full precision); `pupils` are enrolments counted
 * as persistently (10%+ of sessions missed) or severely (50%+) absent; `change_pp_between_1dp_rates` is
 * the change in percentage points between the two rates as printed to 1 decimal place, so it always
 * matches the figures in `sentence`.
 */
export const STORY_COLUMNS = [
  'period',
  'time_period',
  'time_identifier',
  'new_la_code',
  'old_la_code',
  'la_name',
  'region_code',
  'region_name',
  'measure',
  'enrolments',
  'pupils',
  'rate',
  'previous_time_period',
  'previous_pupils',
  'previous_rate',
  'change_pp_between_1dp_rates',
  'rank',
  'rank_of',
  'region_rate',
  'england_rate',
  'source',
  'sentence',
] as const;

/**
 * One row of stories.csv: numbers as published, DfE symbols as the symbol, '' where nothing was
 * published; `datasets` (not a column) are the files its figures come from, for the download manifest.
 */
export type StoryRow = Record<(typeof STORY_COLUMNS)[number], string | number> & { datasets: DatasetId[] };

/**
 * The periods the kit covers: the latest census full year, then the latest single census term (autumn,
 * spring or summer), from a list such as the site index's `periods`. Either may be missing.
 */
export function storyPeriods<T extends CensusPeriod & { series: Series }>(periods: readonly T[]): T[] {
  const census = periods.filter((p) => p.series === 'census');
  return [latestPeriod(census, ['Full year']), latestPeriod(census, SINGLE_TERMS)].filter((p): p is T => p !== undefined);
}

/** The cell for a figure: its number, else its DfE symbol, else '' (not published). */
function cell(p: SeriesPoint | undefined): string | number {
  return p ? (p.value ?? p.symbol ?? '') : '';
}

const num = (p: SeriesPoint | undefined): number | null => p?.value ?? null;

export interface StoryRowsInput {
  /** Every area with a page (England, regions, LAs): the index's `areas`. */
  areas: readonly AreaEntry[];
  /** An area's rows by code (site-data.readAreaStore). */
  read: (code: string) => AreaStore;
  /** The periods to report, in the order the rows should follow (see storyPeriods). */
  periods: readonly CensusPeriod[];
}

/**
 * The rows of stories.csv: for each period, each measure (persistent, then severe), each current LA
 * (hasEnded: a code change with no figures under the new code is still current) by name.
 */
export function storyRows({ areas, read, periods }: StoryRowsInput): StoryRow[] {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const las = areas.filter((a) => a.level === 'Local authority' && !hasEnded(a, byCode)).sort((a, b) => a.name.localeCompare(b.name));
  const contexts = new Map(las.map((a) => [a.code, areaContext(a, byCode, read)]));
  const out: StoryRow[] = [];
  for (const period of periods) {
    const words = periodInWords(period.time_period, period.time_identifier);
    const previous: CensusPeriod = { time_period: previousYear(period.time_period), time_identifier: period.time_identifier };
    const previousWords = periodInWords(previous.time_period, previous.time_identifier);
    for (const m of STORY_MEASURES) {
      const rankTable = laRanks(areas, read, m.rate, period);
      for (const la of las) {
        const ctx = contexts.get(la.code)!;
        const rate = censusFigures(ctx, m.rate, period);
        const pupils = censusFigures(ctx, m.pupils, period);
        const enrolments = censusFigures(ctx, 'enrolments', period).own;
        const rank = rankTable.get(la.code) ?? null;
        const now = num(rate.own);
        const before = num(rate.previous);
        const datasets = [...new Set([rate.own, rate.previous, pupils.own, pupils.previous].flatMap((p) => (p?.dataset ? [p.dataset] : [])))];
        out.push({
          period: periodLabel(period.time_period, period.time_identifier),
          time_period: period.time_period,
          time_identifier: period.time_identifier,
          new_la_code: la.code,
          old_la_code: la.old_la_code,
          la_name: la.name,
          region_code: la.region_code,
          region_name: ctx.region?.name ?? '',
          measure: m.id,
          enrolments: cell(enrolments),
          pupils: cell(pupils.own),
          rate: cell(rate.own),
          previous_time_period: previous.time_period,
          previous_pupils: cell(pupils.previous),
          previous_rate: cell(rate.previous),
          change_pp_between_1dp_rates: now !== null && before !== null ? fixed(changeBetween(now, before)) : '',
          rank: rank?.rank ?? '',
          rank_of: rank?.of ?? '',
          region_rate: cell(rate.region),
          england_rate: cell(rate.england),
          source: datasets.length ? sourceLine(datasets, [period, ...(rate.previous || pupils.previous ? [previous] : [])].map((p) => periodLabel(p.time_period, p.time_identifier)).join('; ')) : '',
          datasets,
          sentence: sentenceFor({ area: la.name, region: ctx.region?.name ?? '', what: m.what, words, previousWords, rate, pupils, rank, covid: covidYear(period.time_period, before !== null ? previous.time_period : undefined) }),
        });
      }
    }
  }
  return out;
}

/** The quotable sentences of a row; no number is ever made up for a symbol or a gap. */
function sentenceFor(s: {
  area: string;
  region: string;
  what: string;
  words: string;
  previousWords: string;
  rate: CensusFigures;
  pupils: CensusFigures;
  rank: Rank | null;
  covid: boolean;
}): string {
  const { area, words, rate, pupils, rank } = s;
  const now = num(rate.own);
  if (now === null) {
    const why = rate.own?.symbol ? `: ${SYMBOL_MEANING[rate.own.symbol]} (${rate.own.symbol})` : '';
    return `No figure was published for ${area} in ${words}${why}.`;
  }
  const before = num(rate.previous);
  const region = num(rate.region);
  let text = storySentence({
    area,
    what: s.what,
    latest: { period: words, value: now, pupils: num(pupils.own) },
    previous: before !== null ? { period: s.previousWords, value: before, pupils: num(pupils.previous) } : null,
    region: region !== null ? { name: s.region, value: region } : null,
    england: num(rate.england),
  });
  if (rank) text += ` ${area} had ${rankPhrase(rank, words)}.`;
  if (s.covid) text += ` ${COVID_NOTE}`;
  return text;
}
