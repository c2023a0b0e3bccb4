import { describe, expect, it } from 'vitest';
import { changeMapState, comparablePeriods, mapQuery, readMapState, withArea } from '../../src/lib/view/map-url-state';
import { CAMDEN, INDEX, LUTON, P2324, P2425, R2425 } from '../fixtures/map-index';

describe('the map view read from the address', () => {
  it('opens on persistent absence, all schools, the latest census year when nothing is asked', () => {
    expect(readMapState('', INDEX)).toEqual({ measure: 'enrolments_pa_10_exact_percent', period: P2425.id, phase: 'total', region: '', area: '', compare: '', notes: [] });
  });
  it('reads every parameter it can show, without notes', () => {
    const s = readMapState(`?measure=sess_overall_percent&period=${P2425.id}&phase=secondary&region=E12000007&area=${CAMDEN}&compare=${P2324.id}`, INDEX);
    expect(s).toEqual({ measure: 'sess_overall_percent', period: P2425.id, phase: 'secondary', region: 'E12000007', area: CAMDEN, compare: P2324.id, notes: [] });
  });
  it('says so when the period asked for is unknown, and shows the default period', () => {
    const s = readMapState('?period=census-203132-full-year', INDEX);
    expect(s.period).toBe(P2425.id);
    expect(s.notes).toEqual(['The address asked for period “census-203132-full-year”, which this site does not have; showing 2024/25 (school census) instead.']);
  });
  it('says so when the period does not publish the measure or phase asked for', () => {
    const s = readMapState(`?period=${R2425.id}&measure=enrolments_pa_50_exact_percent&phase=secondary`, INDEX);
    expect(s.measure).toBe('enrolments_pa_10_exact_percent');
    expect(s.phase).toBe('primary');
    expect(s.notes[0]).toContain('severe absence');
    expect(s.notes[0]).toContain('not published for 2024/25 autumn term');
    expect(s.notes[1]).toBe('The address asked for phase “state-funded secondary schools”, which is not published for 2024/25 autumn term; showing state-funded primary schools instead.');
    expect(s.notes).toHaveLength(2);
  });
  it('chooses no area for an unknown code, and drops a change-since period that cannot be compared', () => {
    const s = readMapState(`?area=E0600XXXX&compare=${R2425.id}`, INDEX);
    expect(s.area).toBe('');
    expect(s.compare).toBe('');
    expect(s.notes[0]).toContain('area “E0600XXXX”');
    expect(s.notes[1]).toContain('cannot be compared with 2024/25');
  });
  it('writes a query string that reads back as the same view', () => {
    const view = { measure: 'sess_overall_percent', period: P2425.id, phase: 'primary', region: 'E12000007', area: CAMDEN, compare: P2324.id } as const;
    const q = mapQuery(view).toString();
    expect(q).toBe(`measure=sess_overall_percent&period=${P2425.id}&phase=primary&region=E12000007&area=${CAMDEN}&compare=${P2324.id}`);
    const { notes, ...back } = readMapState(q, INDEX);
    expect(back).toEqual(view);
    expect(notes).toEqual([]);
    expect(mapQuery({ ...view, region: '', area: '', compare: '' }).toString()).toBe(`measure=sess_overall_percent&period=${P2425.id}&phase=primary`);
  });
  it('sets the area in an address and keeps its other parameters', () => {
    expect(withArea(`period=${P2425.id}&area=${CAMDEN}&x=1`, LUTON)).toBe(`period=${P2425.id}&area=${LUTON}&x=1`);
  });
});

describe('a reader changing the map view', () => {
  const start = { measure: 'enrolments_pa_50_exact_percent', period: P2425.id, phase: 'secondary', region: 'E12000007', area: CAMDEN, compare: P2324.id } as const;
  it('keeps the selected area and region through a period change', () => {
    const { state } = changeMapState(start, { period: P2324.id }, INDEX.periods);
    expect(state.area).toBe(CAMDEN);
    expect(state.region).toBe('E12000007');
    expect(state.period).toBe(P2324.id);
    expect(state.phase).toBe('secondary');
  });
  it('falls back to a phase and measure the new period publishes, saying so for the measure', () => {
    const { state, note } = changeMapState(start, { period: R2425.id }, INDEX.periods);
    expect(state.phase).toBe('primary');
    expect(state.measure).toBe('enrolments_pa_10_exact_percent');
    expect(note).toBe('Severe absence is not published for 2024/25 autumn term; showing persistent absence instead.');
    expect(state.compare).toBe('');
    expect(changeMapState(start, { phase: 'primary' }, INDEX.periods).note).toBe('');
  });
  it('compares a period only with earlier ones of the same series and term', () => {
    expect(comparablePeriods(P2425, INDEX.periods).map((p) => p.id)).toEqual([P2324.id]);
    expect(comparablePeriods(P2324, INDEX.periods)).toEqual([]);
    expect(comparablePeriods(R2425, INDEX.periods)).toEqual([]);
  });
});
