import { describe, expect, it } from 'vitest';
import { pointerAction, PALETTES, DIVERGING, type MapClass } from '../../src/lib/view/map-logic';
import { areaFill, areaOutline, defaultView, legendHtml, mapPalette, mapTitle, valueText } from '../../src/lib/view/map-view';
import type { PeriodEntry } from '../../src/lib/page-models/site-data';

const period = (id: string, series: 'census' | 'registers', tp: string, label: string): PeriodEntry =>
  ({ id, series, time_period: tp, time_identifier: 'Full year', label, vintage: 2024, geometry: 2023, phases: ['total', 'primary'], measures: ['enrolments_pa_10_exact_percent', 'sess_overall_percent'] }) as unknown as PeriodEntry;

describe('what a click or tap on the map does', () => {
  it('opens on a mouse click, selects on a touch or pen tap', () => {
    expect(pointerAction('mouse')).toBe('open');
    expect(pointerAction('')).toBe('open');
    expect(pointerAction('touch')).toBe('select');
    expect(pointerAction('pen')).toBe('select');
  });
});

describe('map colours, one rule for the live map and its picture', () => {
  const bin: MapClass = { kind: 'bin', bin: 2, value: 20.04 };
  const sym: MapClass = { kind: 'symbol', symbol: 'c' };
  it('takes as many value colours as bins, up to seven, and diverging colours for change', () => {
    expect(mapPalette(5, false)).toEqual(PALETTES[5]);
    expect(mapPalette(9, false)).toEqual(PALETTES[7]);
    expect(mapPalette(7, true)).toEqual(DIVERGING);
  });
  it('fills a bin with its colour and a gap with its pattern', () => {
    expect(areaFill(bin, PALETTES[5]!)).toBe(PALETTES[5]![1]);
    expect(areaFill(sym, PALETTES[5]!)).toBe('url(#pat-c)');
    expect(areaOutline(sym, PALETTES[5]!)).toBe('#1b1b1b');
    expect(areaOutline({ kind: 'bin', bin: 5, value: 30 }, PALETTES[5]!)).toBe('#ffffff');
  });
  it('words a figure, a change and a gap', () => {
    expect(valueText(bin, false)).toBe('20.0%');
    expect(valueText({ kind: 'bin', bin: 1, value: 1.25 }, true)).toBe('+1.3 points');
    expect(valueText({ kind: 'bin', bin: 1, value: -0.5 }, true)).toBe('-0.5 points');
    expect(valueText(sym, false)).toBe('suppressed to protect confidentiality');
  });
  it('lists the classes and only the gaps on the map in the legend', () => {
    const bins = [{ index: 1, from: null, to: 10 }, { index: 2, from: 10, to: null }];
    const html = legendHtml({ bins, palette: mapPalette(2, false), change: false, measure: 'enrolments_pa_10_exact_percent', gaps: new Set(['pat-c']) });
    expect(html.match(/<li/g)).toHaveLength(3);
    expect(html).toContain('data-legend-symbol="pat-c"');
    expect(html).not.toContain('pat-missing');
    expect(html).toContain(`fill="${PALETTES[2]![1]}"`);
  });
});

describe('the default view', () => {
  it('is persistent absence, all schools, in the latest census year even when registers are newer', () => {
    const periods = [period('census-202223', 'census', '202223', '2022/23'), period('census-202324', 'census', '202324', '2023/24'), period('registers-202425', 'registers', '202425', '2024/25')];
    const v = defaultView(periods);
    expect(v.period.id).toBe('census-202324');
    expect(v.measure).toBe('enrolments_pa_10_exact_percent');
    expect(v.phase).toBe('total');
    expect(mapTitle(v)).toBe('Persistent absence, all schools, 2023/24 (school census)');
  });
});
