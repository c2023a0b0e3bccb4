import { describe, expect, it } from 'vitest';
import { mapView, type MapViewInput } from '../../src/lib/view/map-view-model';
import { PALETTES, DIVERGING } from '../../src/lib/view/map-logic';
import type { MapState } from '../../src/lib/view/map-url-state';
import { AREAS, CAMDEN, CITY, INDEX, L2324, L2425, LUTON, P2324, P2425 } from '../fixtures/map-index';

const state: MapState = { measure: 'enrolments_pa_10_exact_percent', period: P2425.id, phase: 'total', region: '', area: '', compare: '' };
const input = (o: Partial<MapViewInput> = {}): MapViewInput => ({ index: INDEX, state, areas: AREAS, layer: L2425, previousLayer: L2324, baseLayer: null, ...o });

describe('what the map shows for a view', () => {
  const v = mapView(input());
  it('colours a figure by its fixed class', () => {
    expect(v.paint.get(LUTON)).toEqual({ kind: 'bin-3', fill: PALETTES[4]![2], stroke: '#1b1b1b' });
    expect(v.classes.get(LUTON)).toEqual({ kind: 'bin', bin: 3, value: 24.56 });
  });
  it('draws a suppressed figure with its pattern and says what the symbol means, never a colour or 0', () => {
    expect(v.paint.get(CITY)).toEqual({ kind: 'symbol-c', fill: 'url(#pat-c)', stroke: '#1b1b1b' });
    expect(v.cardText(CITY)).toBe('City of London: suppressed to protect confidentiality');
    expect(v.table.rows.find((r) => r.code === CITY)).toMatchObject({ value: 'suppressed to protect confidentiality', rank: '', bin: '', previous: '12.0' });
    expect(v.legend).toContain('data-legend-symbol="pat-c"');
  });
  it('draws a missing figure with the "no figure" pattern, not a class colour', () => {
    expect(v.paint.get(CAMDEN)).toEqual({ kind: 'missing', fill: 'url(#pat-missing)', stroke: '#1b1b1b' });
    expect(Object.values(PALETTES).flat()).not.toContain(v.paint.get(CAMDEN)!.fill);
    expect(v.legend).toContain('data-legend-symbol="pat-missing"');
    expect(v.table.rows.find((r) => r.code === CAMDEN)!.valueSort).toBeLessThan(-1e6);
  });
  it('ranks only areas with a figure and words the card with the pupils behind the rate', () => {
    expect([...v.rank]).toEqual([[LUTON, 1]]);
    expect(v.cardText(LUTON)).toBe('Luton: 24.6% (7,264 pupils)');
  });
  it('titles, sources and labels the view', () => {
    expect(v.title).toBe('Persistent absence, all schools, 2024/25 (school census)');
    expect(v.source).toContain('2024/25');
    expect(v.label).toMatch(/^Map of persistent absence by local authority, 2024\/25, England\./);
    expect(v.table.previousHead).toBe('2023/24 (%)');
    expect(v.table.caption).toBe('Persistent absence, all schools, 2024/25 (school census): every local authority on the map (3)');
  });
  it('lists the table by name, with the year before beside each figure', () => {
    expect(v.table.rows.map((r) => [r.name, r.value, r.previous, r.rank, r.bin])).toEqual([
      ['Camden', 'no figure published for this authority, phase and period', '18.0', '', ''],
      ['City of London', 'suppressed to protect confidentiality', '12.0', '', ''],
      ['Luton', '24.6', '22.1', '1', '3'],
    ]);
  });
  it('announces a chosen area with its rank, the year before, its note and caution', () => {
    expect(v.selectedText(LUTON)).toBe('Luton: persistent absence 24.6% (7,264 pupils), 2024/25. Rank 1 of 1, where 1 is the highest. Up from 22.1% in 2023/24. Luton has been a unitary authority since 1997.');
    expect(v.selectedText(CAMDEN)).toContain('Caution: this rate is based on 12 enrolments');
  });
  it('shows only the region chosen, and its gaps alone in the legend', () => {
    const london = mapView(input({ state: { ...state, region: 'E12000007' } }));
    expect(london.shown).toEqual([CITY, CAMDEN]);
    expect(london.small.map((s) => s.code)).toEqual([CITY]);
    expect(london.small[0]!.text).toBe('suppressed to protect confidentiality');
    expect(london.label).toContain(', London.');
    const east = mapView(input({ state: { ...state, region: 'E12000006' } }));
    expect(east.legend).not.toContain('pat-c');
  });
});

describe('the map of change between two periods', () => {
  const v = mapView(input({ state: { ...state, compare: P2324.id }, baseLayer: L2324, previousLayer: null }));
  it('colours the change in points with the diverging classes', () => {
    expect(v.change).toBe(true);
    const c = v.classes.get(LUTON)!;
    expect(c.kind === 'bin' && c.value).toBeCloseTo(2.5, 5);
    expect(v.paint.get(LUTON)!.fill).toBe(DIVERGING[4]);
    expect(v.cardText(LUTON)).toBe('Luton: +2.5 points');
    expect(v.table.rows.find((r) => r.code === LUTON)!.value).toBe('+2.5');
    expect(v.table.valueHead).toBe('Change (points)');
    expect(v.table.previousHead).toBe('2023/24 (%)');
  });
  it('shows the gap of whichever period lacks a figure, and says which', () => {
    expect(v.paint.get(CITY)!.kind).toBe('symbol-c');
    expect(v.paint.get(CAMDEN)!.kind).toBe('missing');
    expect(v.selectedText(CAMDEN)).toMatch(/^Camden: persistent absence in 2024\/25: no figure published/);
    expect(v.selectedText(LUTON)).toMatch(/^Luton: persistent absence rose by 2\.5 percentage points from 2023\/24 to 2024\/25\./);
  });
  it('says the base period has no figure when only the base lacks one', () => {
    const w = mapView(input({ state: { ...state, compare: P2324.id }, baseLayer: { ...L2324, values: { [LUTON]: { enrolments_pa_10_exact_percent: 'x' } } } }));
    expect(w.selectedText(LUTON)).toBe('Luton: no change can be shown, because 2023/24 has no figure (not available). Luton has been a unitary authority since 1997.');
  });
});
