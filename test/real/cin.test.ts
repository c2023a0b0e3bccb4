import { describe, expect, it } from 'vitest';
import { importCinAbsence } from '../../src/lib/ingest/importers/cin';
import { readReal } from '../data-dir';

const FILE = 'dfe/cin_outcomes/absence_la.csv';
const { figures, unknownColumns } = importCinAbsence(readReal(FILE), FILE);
const observations = figures.toObservations();

function pick(area: string, period: string, group: string, phase: string, measure: string) {
  const hits = observations.filter(
    (o) => o.area_code === area && o.time_period === period && o.breakdown.value === group && o.phase === phase && o.measure === measure,
  );
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

describe('children in need absence (real file)', () => {
  it('reads every row: 12 measures per row, rows per level as in SOURCES.md', () => {
    expect(unknownColumns).toEqual([]);
    const rows = (level: string) => observations.filter((o) => o.geographic_level === level).length / 12;
    expect(rows('National')).toBe(105);
    expect(rows('Regional')).toBe(1155);
    expect(rows('Local authority')).toBe(15960);
  });

  it('covers 2018/19 to 2024/25 full years, three groups and five phases', () => {
    expect([...new Set(observations.map((o) => o.time_period))].sort()).toEqual([
      '201819',
      '201920',
      '202021',
      '202122',
      '202223',
      '202324',
      '202425',
    ]);
    expect(new Set(observations.map((o) => o.time_identifier))).toEqual(new Set(['Full year']));
    expect(new Set(observations.map((o) => o.breakdown.value))).toEqual(
      new Set(['Children in need', 'Child protection plan', 'Looked after for 12 months']),
    );
    expect(new Set(observations.map((o) => o.phase))).toEqual(new Set(['total', 'primary', 'secondary', 'special', 'ap']));
  });

  it('has the published England figures', () => {
    expect(pick('E92000001', '202223', 'Children in need', 'total', 'sess_overall_percent').value).toBe(17.4);
    expect(pick('E92000001', '202223', 'Children in need', 'total', 'enrolments_pa_10_exact_percent').value).toBe(48.5);
    expect(pick('E92000001', '202223', 'Looked after for 12 months', 'total', 'enrolments').value).toBe(35090);
    expect(pick('E92000001', '202425', 'Children in need', 'total', 'sess_overall_percent').value).toBe(17.4);
    expect(pick('E06000032', '202223', 'Children in need', 'total', 'enrolments_pa_10_exact_percent').value).toBe(44.7);
  });

  it('keeps symbols: 2019/20 not available, suppressed cells, and the four "k" cells as "low"', () => {
    const y1920 = observations.filter((o) => o.time_period === '201920');
    expect(y1920.every((o) => o.symbol === 'x')).toBe(true);
    expect(observations.filter((o) => o.symbol === 'low')).toHaveLength(4);
    expect(observations.filter((o) => o.symbol === 'c').length).toBeGreaterThan(1000);
    expect(observations.every((o) => (o.value === null) !== (o.symbol === null))).toBe(true);
  });

  it('has London (E12) and Inner/Outer London (E13) regions', () => {
    const regions = new Set(observations.filter((o) => o.geographic_level === 'Regional').map((o) => o.area_code));
    expect(regions.size).toBe(11);
    expect(regions).toContain('E12000007');
    expect(regions).toContain('E13000001');
    expect(regions).toContain('E13000002');
  });
});
