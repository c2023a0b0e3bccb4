import { describe, expect, it } from 'vitest';
import { ethnicityCharts } from '../../src/lib/page-models/ethnicity-charts';
import { ETHNIC_GROUPS, groupEthnicities, NOT_GROUPED } from '../../src/lib/domain/ethnicity';
import type { AreaEntry, AreaObservation } from '../../src/lib/page-models/site-data';
import type { MeasureId } from '../../src/lib/domain/model';
import { AreaStore } from '../../src/lib/domain/area-store';

const england = { code: 'E92000001', name: 'England', level: 'National', old_la_code: '', region_code: '' } as AreaEntry;

function group(minor: string, figures: Partial<Record<MeasureId, number | null>>, over: Partial<AreaObservation> = {}): AreaObservation[] {
  return Object.entries(figures).map(([measure, value]) => ({
    series: 'census',
    dataset: 'census-characteristics',
    time_period: '202425',
    time_identifier: 'Full year',
    phase: 'total',
    topic: 'Ethnicity',
    breakdown: minor,
    measure: measure as MeasureId,
    value: value ?? null,
    symbol: value === null ? 'c' : null,
    ...over,
  }));
}

const fsm = (value: string) => ({ cross_topic: 'FSM eligibility' as const, cross: value });

describe('groupEthnicities', () => {
  it('puts minor groups under their major group in the DfE order, and keeps unknown labels last', () => {
    expect(groupEthnicities(['African', 'Indian', 'Irish', 'Martian', 'Pakistani'])).toEqual([
      { major: 'White', minor: ['Irish'] },
      { major: 'Asian / Asian British', minor: ['Indian', 'Pakistani'] },
      { major: 'Black / African / Caribbean / Black British', minor: ['African'] },
      { major: NOT_GROUPED, minor: ['Martian'] },
    ]);
  });

  it('knows the 19 minor groups of the DfE file', () => {
    expect(ETHNIC_GROUPS.flatMap((g) => g.minor)).toHaveLength(19);
  });
});

describe('ethnicityCharts', () => {
  const rows = [
    ...group('Irish', { enrolments: 20000, enrolments_pa_10_exact: 4000, enrolments_pa_10_exact_percent: 20, enrolments_pa_50_exact: 400, enrolments_pa_50_exact_percent: 2 }),
    ...group('Indian', { enrolments: 100000, enrolments_pa_10_exact: 9000, enrolments_pa_10_exact_percent: 9, enrolments_pa_50_exact: null, enrolments_pa_50_exact_percent: null }),
    ...group('Gypsy Roma', { enrolments: 6, enrolments_pa_10_exact: 3, enrolments_pa_10_exact_percent: 50, enrolments_pa_50_exact: 1, enrolments_pa_50_exact_percent: 16.66667 }),
    ...group('Irish', { enrolments: 5000, enrolments_pa_10_exact: 1500, enrolments_pa_10_exact_percent: 30 }, fsm('FSM eligible')),
    ...group('Irish', { enrolments: 15000, enrolments_pa_10_exact: 2500, enrolments_pa_10_exact_percent: 16.66667 }, fsm('FSM not eligible')),
    ...group('Indian', { enrolments: 19000, enrolments_pa_10_exact: 1900, enrolments_pa_10_exact_percent: 10 }, { time_period: '202324' }),
  ];
  const [all, crossed] = ethnicityCharts(england, AreaStore.fromRows(rows), 'total');

  it('uses the latest year and the uncrossed figures for the group chart, with counts beside rates', () => {
    expect(all!.title).toBe('Persistent and severe absence by ethnic group, all schools, England, 2024/25');
    expect(all!.table.rows).toEqual([
      { major: 'White', group: 'Irish', enrol: '20,000', pan: '4,000', pa: '20.0', san: '400', sa: '2.0' },
      { major: 'White', group: 'Gypsy Roma', enrol: '6', pan: '3', pa: '50.0', san: '1', sa: '16.7' },
      { major: 'Asian / Asian British', group: 'Indian', enrol: '100,000', pan: '9,000', pa: '9.0', san: 'suppressed to protect confidentiality (c)', sa: 'suppressed to protect confidentiality (c)' },
    ]);
  });

  it('leaves groups under 10 enrolments off the bars but names highest and lowest among those charted', () => {
    expect(all!.alt).toContain('for each of 2 ethnic groups; persistent absence is highest for Irish (20.0%) and lowest for Indian (9.0%)');
    expect(all!.svg).not.toContain('Gypsy Roma');
  });

  it('charts FSM eligible against not eligible for the crossed rows only', () => {
    expect(crossed!.table.rows).toEqual([{ group: 'Irish', n0: '1,500', p0: '30.0', n1: '2,500', p1: '16.7' }]);
    const csv = crossed!.series();
    expect(csv.every((r) => r.breakdown_topic === 'Ethnicity; FSM eligibility')).toBe(true);
    expect(csv.map((r) => r.breakdown)).toContain('Irish; FSM eligible');
  });

  it('names the census source and the file', () => {
    expect(all!.source).toMatch(/^Source: Pupil absence in schools in England \(DfE\)/);
    expect(all!.datasets).toEqual(['census-characteristics']);
  });

  it('gives nothing for an area or phase with no ethnicity rows', () => {
    expect(ethnicityCharts(england, AreaStore.fromRows(rows), 'special')).toEqual([]);
    expect(ethnicityCharts(england, AreaStore.fromRows(rows.map((r) => ({ ...r, topic: 'Gender' as const }))), 'total')).toEqual([]);
  });
});
