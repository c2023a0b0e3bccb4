import { describe, expect, it } from 'vitest';
import { applyPrecedence, precedenceRank } from '../../src/lib/shape/precedence';
import { checkSourcesAgree } from '../../src/lib/shape/quality';
import type { DatasetId, Observation } from '../../src/lib/domain/model';
import { lutonRow } from '../figure-row';
import { FigureTable } from '../../src/lib/domain/figure-table';

const precedence = (obs: Observation[]) => {
  const { shown, superseded } = applyPrecedence(FigureTable.of(obs));
  return { shown: shown.toObservations(), superseded };
};

const fig = (dataset: DatasetId, value: number | null, over: Partial<Observation> = {}): Observation => ({
  ...lutonRow({ series: dataset.startsWith('registers') ? 'registers' : 'census', dataset }),
  measure: 'enrolments_pa_10_exact_percent',
  value,
  symbol: value === null ? 'x' : null,
  ...over,
});

describe('applyPrecedence: one answer per figure', () => {
  it('shows the publication file over LAIT, whichever comes first, and keeps LAIT for the check', () => {
    for (const order of [
      ['lait', 'census-geographic'],
      ['census-geographic', 'lait'],
    ] as DatasetId[][]) {
      const input = order.map((d) => fig(d, d === 'lait' ? 18.93 : 18.92899));
      const { shown, superseded } = precedence(input);
      expect(shown.map((o) => o.dataset)).toEqual(['census-geographic']);
      expect(superseded).toHaveLength(1);
      expect(superseded[0]!.other.dataset).toBe('lait');
      expect(superseded[0]!.shown.value).toBe(18.92899);
    }
  });

  it('lets LAIT answer where the publication file is silent (another year, measure, phase or area)', () => {
    const input = [
      fig('census-geographic', 18.92899),
      fig('lait', 20.1, { time_period: '201516' }),
      fig('lait', 7.4, { measure: 'sess_overall_percent' }),
      fig('lait', 25.2, { phase: 'secondary' }),
      fig('lait', 17.0, { area_code: 'E06000055', area_name: 'Bedford' }),
    ];
    expect(precedence(input).shown).toHaveLength(5);
  });

  it('never pits datasets of different statistics against each other (registers vs census, a term vs the year)', () => {
    const input = [fig('census-geographic', 18.9), fig('registers-term', 20.7), fig('census-geographic', 9.8, { time_identifier: 'Autumn term' }), fig('cin', 40.1)];
    const { shown, superseded } = precedence(input);
    expect(shown).toEqual(input);
    expect(superseded).toEqual([]);
  });

  it('keys crossed breakdowns apart from uncrossed ones', () => {
    const a = fig('census-characteristics', 11.6, { breakdown: { topic: 'Ethnicity', value: 'African' } });
    const b = fig('census-characteristics', 18.6, { breakdown: { topic: 'Ethnicity', value: 'African', cross: { topic: 'FSM eligibility', value: 'FSM eligible' } } });
    // The same two breakdowns from the two competing datasets: neither answers the other's question.
    const census = { ...a, dataset: 'census-geographic' as const };
    expect(precedence([census, { ...b, dataset: 'lait' }]).superseded).toEqual([]);
    expect(precedence([census, { ...a, dataset: 'lait' }]).superseded).toHaveLength(1);
  });

  it('ranks the publication file first', () => {
    expect(precedenceRank('census-geographic')).toBeLessThan(precedenceRank('lait'));
  });
});

describe('checkSourcesAgree: LAIT against the publication file, to LAIT\'s rounding', () => {
  const pair = (census: number | null, lait: number | null) => ({ shown: fig('census-geographic', census), other: fig('lait', lait) });

  it('holds for a correctly rounded figure, either way on an exact half, and for matching symbols', () => {
    const r = checkSourcesAgree([pair(18.92899, 18.93), pair(5.175, 5.18), pair(5.175, 5.17), pair(null, null)]);
    expect(r).toMatchObject({ id: 'sources', compared: 4, held: 4, status: 'pass' });
  });

  it('fails a figure one unit of the last place out, and a number against a symbol', () => {
    const r = checkSourcesAgree([pair(18.92899, 18.94), pair(18.92899, null), pair(null, 18.93)]);
    expect(r.held).toBe(0);
    expect(r.status).toBe('warn');
    expect(r.exceptions[0]).toBe('Luton (E06000032) Full year 202324 total enrolments_pa_10_exact_percent: lait 18.94, census-geographic 18.92899');
    expect(r.exceptionsByGroup).toEqual({ 'lait vs census-geographic enrolments_pa_10_exact_percent': 3 });
  });
});

describe('applyPrecedence on neighbouring rows', () => {
  it('keeps apart figures that differ in one part of the question, each met right after the other', () => {
    const others: Partial<Observation>[] = [
      { series: 'registers' },
      { time_period: '202223' },
      { time_identifier: 'Autumn term' },
      { geographic_level: 'Regional' },
      { area_code: 'E06000033' },
      { phase: 'primary' },
      { breakdown: { topic: 'Gender', value: 'Female' } },
      { measure: 'sess_overall_percent' },
    ];
    for (const over of others) {
      const a = fig('census-geographic', 1);
      const b = fig('census-geographic', 2, over);
      expect(precedence([a, b]).superseded, JSON.stringify(over)).toEqual([]);
      expect(precedence([b, a]).superseded, JSON.stringify(over)).toEqual([]);
    }
    expect(precedence([fig('lait', 1), fig('census-geographic', 2)]).superseded).toHaveLength(1);
  });
});

describe('applyPrecedence on a table of rows with several measures', () => {
  it('decides each measure of a row on its own and keeps the figures shown in input order', () => {
    // LAIT's row has two measures, the publication file's row only one of them.
    const input = [
      fig('lait', 18.93),
      fig('lait', 7.41, { measure: 'sess_overall_percent' }),
      fig('registers-term', 20.7),
      fig('census-geographic', 18.92899),
    ];
    const { shown, superseded } = precedence(input);
    expect(shown.map((o) => [o.dataset, o.measure])).toEqual([
      ['lait', 'sess_overall_percent'],
      ['registers-term', 'enrolments_pa_10_exact_percent'],
      ['census-geographic', 'enrolments_pa_10_exact_percent'],
    ]);
    expect(superseded).toEqual([{ shown: input[3], other: input[0] }]);
  });

  it('shows the first of two figures of one dataset for one question and sets the later one aside', () => {
    const { shown, superseded } = precedence([fig('census-geographic', 1), fig('lait', 3), fig('census-geographic', 2)]);
    expect(shown.map((o) => o.value)).toEqual([1]);
    expect(superseded.map((s) => [s.shown.value, s.other.value])).toEqual([
      [1, 3],
      [1, 2],
    ]);
  });

  it('gives a subset of the same table: rows shared, symbols kept', () => {
    const table = FigureTable.of([fig('lait', null), fig('census-geographic', null), fig('cin', 40.1)]);
    const { shown } = applyPrecedence(table);
    expect(shown.length).toBe(2);
    expect(shown.row(0)).toBe(table.row(1));
    expect(shown.symbol(0)).toBe('x');
    expect(shown.value(1)).toBe(40.1);
  });
});
