/**
 * The registers importer against the real DfE "Pupil attendance in schools" files (DATA_DIR/dfe/...).
 * Expected figures are the ones recorded in DATA_DIR/dfe/SOURCES.md.
 */
import { describe, expect, it } from 'vitest';
import {
  importPersistentAbsenceByWeek,
  importRegistersFile,
  type RegistersImport,
} from '../../src/lib/ingest/importers/registers';
import type { GeographicLevel, Observation } from '../../src/lib/domain/model';
import { readReal } from '../data-dir';

const YEARS = ['202223', '202324', '202425'] as const;
const TERMS = ['aut', 'spr', 'sum', 'ytd'] as const;

const rel = (year: string, part: string) => `dfe/attendance/${year}/EES_${part}_data.csv`;
/** The build names the ytd files: a finished year is "Full year", the current one "Year to date". */
const ytdIdentifier = (year: string) => (year === '202526' ? 'Year to date' : 'Full year');

/** An import, with its figures as Observations (made once per file). */
type Loaded = Pick<RegistersImport, 'unknownColumns'> & { observations: Observation[] };
const cache = new Map<string, Loaded>();
function load(year: string, part: string): Loaded {
  const file = rel(year, part);
  let r = cache.get(file);
  if (!r) {
    const options = part === 'ytd' ? { timeIdentifier: ytdIdentifier(year) } : {};
    const imported = importRegistersFile(readReal(file), file, options);
    r = { unknownColumns: imported.unknownColumns, observations: imported.figures.toObservations() };
    cache.set(file, r);
  }
  return r;
}

const TERM_FILES: [string, string][] = [
  ...YEARS.flatMap((y) => TERMS.map((t): [string, string] => [y, t])),
  ['202526', 'ytd'],
];
const WEEKLY_FILES: string[] = [...YEARS, '202526'];

/** `sess_overall_percent` is in every row of every attendance file, so it counts rows. */
const rowsOf = (obs: Observation[]) => obs.filter((o) => o.measure === 'sess_overall_percent');
function rowsPerLevel(obs: Observation[]): Record<GeographicLevel, number> {
  const n: Record<GeographicLevel, number> = { National: 0, Regional: 0, 'Local authority': 0 };
  for (const o of rowsOf(obs)) n[o.geographic_level]++;
  return n;
}
function national(obs: Observation[], measure: string): Observation {
  const hits = obs.filter((o) => o.geographic_level === 'National' && o.phase === 'total' && o.measure === measure);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}
/** Rounds as the DfE's commentary does, so "7.53" means 7.525 <= value < 7.535. */
const rounded = (v: number | null, dp: number) => (v === null ? null : Number(v.toFixed(dp)));

describe('registers: every real term, ytd and weekly file imports', () => {
  it.each(TERM_FILES)('%s %s', (year, part) => {
    const r = load(year, part);
    expect(r.unknownColumns).toEqual([]);
    expect(r.observations.length).toBeGreaterThan(0);
    expect(new Set(r.observations.map((o) => o.dataset))).toEqual(new Set(['registers-term']));
    expect(new Set(r.observations.map((o) => o.time_period))).toEqual(new Set([year]));
    // every row carries persistent absence in term and ytd files
    expect(r.observations.filter((o) => o.measure === 'enrolments_pa_10_exact_percent')).toHaveLength(
      rowsOf(r.observations).length,
    );
  });

  it.each(WEEKLY_FILES)('%s weekly', (year) => {
    const r = load(year, 'weekly');
    expect(r.unknownColumns).toEqual([]);
    expect(new Set(r.observations.map((o) => o.dataset))).toEqual(new Set(['registers-weekly']));
    expect(r.observations.some((o) => o.measure === 'enrolments_pa_10_exact_percent')).toBe(false);
    const identifiers = [...new Set(r.observations.map((o) => o.time_identifier))];
    expect(identifiers.filter((t) => !/^Week \d{1,2}$/.test(t))).toEqual([]);
  });
});

describe('registers: national Total figures recorded in SOURCES.md', () => {
  it.each([
    ['202223', 7.53, 22.3],
    ['202324', 7.21, 20.7],
    ['202425', 6.87, 18.7],
    ['202526', 6.88, 18.8],
  ] as const)('%s ytd: overall absence %s%%, persistent absence %s%%', (year, overall, pa) => {
    const { observations } = load(year, 'ytd');
    const o = national(observations, 'sess_overall_percent');
    expect(o.time_identifier).toBe(ytdIdentifier(year));
    expect(rounded(o.value, 2)).toBe(overall);
    expect(rounded(national(observations, 'enrolments_pa_10_exact_percent').value, 1)).toBe(pa);
  });

  it('PA explorer: England, all schools, week 30 of 2025 is 18.7 (= pa_perc 18.699 in the 2024/25 ytd file)', () => {
    const file = 'dfe/pa_explorer/week_29_persistent_absence.csv';
    const { figures, unknownColumns } = importPersistentAbsenceByWeek(readReal(file), file);
    const observations = figures.toObservations();
    expect(unknownColumns).toEqual([]);
    const w30 = observations.filter(
      (o) => o.geographic_level === 'National' && o.phase === 'total' && o.time_identifier === 'Week 30',
    );
    expect(w30).toHaveLength(1);
    expect(w30[0]).toMatchObject({ time_period: '2025', value: 18.7, symbol: null });
    const ytd = national(load('202425', 'ytd').observations, 'enrolments_pa_10_exact_percent').value!;
    expect(rounded(ytd, 1)).toBe(w30[0]!.value);

    const n: Record<GeographicLevel, number> = { National: 0, Regional: 0, 'Local authority': 0 };
    for (const o of observations) n[o.geographic_level]++;
    expect(n).toEqual({ National: 48, Regional: 432, 'Local authority': 5448 });
    const las = new Set(observations.filter((o) => o.geographic_level === 'Local authority').map((o) => o.area_code));
    expect(las.size).toBe(153);
    expect(new Set(observations.map((o) => o.time_identifier)).size).toBe(12);
  });
});

describe('registers: coverage recorded in SOURCES.md', () => {
  it.each(TERM_FILES)('%s %s: 153 LAs', (year, part) => {
    const la = load(year, part).observations.filter((o) => o.geographic_level === 'Local authority');
    const las = new Set(la.map((o) => o.area_code));
    expect(las.size).toBe(153);
  });

  it.each(TERM_FILES)('%s %s: rows per level', (year, part) => {
    const la = year === '202223' ? 453 : year === '202526' ? 607 : 454;
    expect(rowsPerLevel(load(year, part).observations)).toEqual({ National: 4, Regional: 36, 'Local authority': la });
  });

  it('2025/26 adds LA-level Total rows; earlier years have Total only at national and regional level', () => {
    const laTotals = (year: string) =>
      rowsOf(load(year, 'ytd').observations).filter((o) => o.geographic_level === 'Local authority' && o.phase === 'total')
        .length;
    expect(laTotals('202526')).toBe(153);
    for (const y of YEARS) expect(laTotals(y)).toBe(0);
  });

  it.each([
    ['202223', 7369, '2022 Week 37', '2023 Week 2'],
    ['202324', 6568, '2023 Week 37', '2023 Week 51'],
    ['202425', 5932, '2024 Week 37', '2024 Week 49'],
    ['202526', 5146, '2025 Week 37', '2025 Week 45'],
  ] as const)('%s weekly: %i rows from %s to %s', (year, rows, first, last) => {
    const obs = rowsOf(load(year, 'weekly').observations);
    expect(obs).toHaveLength(rows);
    const key = (o: Observation) => Number(o.time_period) * 100 + Number(o.time_identifier.slice(5));
    const weeks = [...new Set(obs.map(key))].sort((a, b) => a - b);
    const label = (k: number) => `${Math.floor(k / 100)} Week ${k % 100}`;
    expect(label(weeks[0]!)).toBe(first);
    expect(label(weeks.at(-1)!)).toBe(last);
  });
});
