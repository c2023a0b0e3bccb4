import { describe, expect, it } from 'vitest';
import { FigureTable, MEASURE_IDS, measureCode, type FigureRow } from '../../src/lib/domain/figure-table';
import type { Observation } from '../../src/lib/domain/model';
import { lutonRow } from '../figure-row';

const place = (area_code: string, time_period = '202324'): FigureRow =>
  lutonRow(area_code === 'E06000032' ? { time_period } : { time_period, area_code, area_name: 'Bedford', old_la_code: '822' });

describe('FigureTable', () => {
  it('keeps numbers, symbols, measures and rows per figure, in order', () => {
    const t = new FigureTable(2); // small, so adding grows it
    const luton = t.addRow(place('E06000032'));
    t.add(luton, 'enrolments_pa_10_exact_percent', 21.36, null);
    t.add(luton, 'enrolments', 0, null);
    const bedford = t.addRow(place('E06000055'));
    t.add(bedford, 'enrolments_pa_10_exact_percent', null, 'c');
    t.add(bedford, 'enrolments_pa_50_exact_percent', null, 'low');
    expect(t.length).toBe(4);
    expect(t.value(0)).toBe(21.36);
    // A published 0 stays 0; a symbol never reads as 0.
    expect(t.value(1)).toBe(0);
    expect(t.symbol(1)).toBeNull();
    expect(t.value(2)).toBeNull();
    expect(t.symbol(2)).toBe('c');
    expect(t.symbol(3)).toBe('low');
    expect(t.measure(3)).toBe('enrolments_pa_50_exact_percent');
    expect(t.measureCode(3)).toBe(measureCode('enrolments_pa_50_exact_percent'));
    expect(MEASURE_IDS[t.measureCode(1)]).toBe('enrolments');
    expect(t.rowIndex(1)).toBe(luton);
    expect(t.row(2).area_name).toBe('Bedford');
    expect(t.observation(2)).toEqual({ ...place('E06000055'), measure: 'enrolments_pa_10_exact_percent', value: null, symbol: 'c' });
  });

  it('refuses a figure with both or neither of a number and a symbol, or with no row', () => {
    const t = new FigureTable();
    const r = t.addRow(place('E06000032'));
    expect(() => t.add(r, 'enrolments', 5, 'c')).toThrow(/not both/);
    expect(() => t.add(r, 'enrolments', null, null)).toThrow(/not neither/);
    expect(() => t.add(r + 1, 'enrolments', 5, null)).toThrow(/no row/);
  });

  it('round-trips observations, sharing a row between consecutive figures of one place', () => {
    const obs: Observation[] = [
      { ...place('E06000032'), measure: 'enrolments', value: 100, symbol: null },
      { ...place('E06000032'), measure: 'enrolments_pa_10_exact', value: null, symbol: 'x' },
      { ...place('E06000055'), measure: 'enrolments', value: 7, symbol: null },
      { ...place('E06000032', '202223'), measure: 'enrolments', value: 90, symbol: null },
    ];
    const t = FigureTable.of(obs);
    expect(t.rows).toHaveLength(3);
    expect(t.toObservations()).toEqual(obs);
  });

  it('appends with row indices moved past the first table\'s rows, and subsets in the order asked', () => {
    const a = FigureTable.of([{ ...place('E06000032'), measure: 'enrolments', value: 1, symbol: null }]);
    const b = FigureTable.of([
      { ...place('E06000055'), measure: 'enrolments', value: 2, symbol: null },
      { ...place('E06000055'), measure: 'sess_possible', value: null, symbol: 'z' },
    ]);
    a.append(b);
    expect(a.length).toBe(3);
    expect(a.rowIndex(1)).toBe(1);
    expect(a.row(2).area_code).toBe('E06000055');
    expect(a.symbol(2)).toBe('z');
    const s = a.subset([2, 0]);
    expect(s.toObservations().map((o) => [o.area_code, o.measure, o.value, o.symbol])).toEqual([
      ['E06000055', 'sess_possible', null, 'z'],
      ['E06000032', 'enrolments', 1, null],
    ]);
  });

  it('gives each run of one row\'s figures once, a row met again after another as a run of its own', () => {
    const t = new FigureTable();
    const luton = t.addRow(place('E06000032'));
    const bedford = t.addRow(place('E06000055'));
    t.add(luton, 'enrolments', 1, null);
    t.add(luton, 'sess_possible', 2, null);
    t.add(bedford, 'enrolments', 3, null);
    t.add(luton, 'sess_overall', 4, null);
    const runs: [string, number, number][] = [];
    t.eachRun((row, start, end) => runs.push([row.area_code, start, end]));
    expect(runs).toEqual([
      ['E06000032', 0, 2],
      ['E06000055', 2, 3],
      ['E06000032', 3, 4],
    ]);
    const none: unknown[] = [];
    new FigureTable().eachRun((...a) => none.push(a));
    expect(none).toEqual([]);
  });
});
