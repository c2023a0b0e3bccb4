import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, readReal } from '../data-dir';
import { importCensusCharacteristics, importCensusGeographic, type CensusImport } from '../../src/lib/ingest/importers/census';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import { importLait } from '../../src/lib/ingest/importers/lait';
import { applyPrecedence } from '../../src/lib/shape/precedence';
import { checkSourcesAgree } from '../../src/lib/shape/quality';
import { findCautions } from '../../src/lib/shape/cautions';
import { FigureTable } from '../../src/lib/domain/figure-table';
import type { MeasureId, Observation } from '../../src/lib/domain/model';

// The three files of the 2024/25 release of "Pupil absence in schools in England" (SOURCES.md, dfe/census/).
const FULL = 'dfe/census/absence_rates_by_geographic_level.csv';
const TERMS = 'dfe/census/absence_by_geographic_level_termly.csv';
const ETHNICITY = 'dfe/census/absence_by_ethnicity_and_fsm.csv';

/** An import, with its figures as Observations (made once per file). */
type Loaded = Omit<CensusImport, 'figures'> & { observations: Observation[] };
const loaded = ({ figures, ...rest }: CensusImport): Loaded => ({ ...rest, observations: figures.toObservations() });

let full: Loaded;
let terms: Loaded;
let ethnicity: Loaded;

beforeAll(() => {
  full = loaded(importCensusGeographic(readReal(FULL), FULL));
  terms = loaded(importCensusGeographic(readReal(TERMS), TERMS));
  ethnicity = loaded(importCensusCharacteristics(readReal(ETHNICITY), ETHNICITY));
});

const find = (obs: Observation[], where: { area: string; period: string; term?: string; measure: MeasureId; phase?: string }) => {
  const hits = obs.filter(
    (o) => o.area_code === where.area && o.time_period === where.period && o.time_identifier === (where.term ?? 'Full year') && o.measure === where.measure && o.phase === (where.phase ?? 'total') && o.breakdown.topic === 'Total' && !o.breakdown.cross,
  );
  expect(hits).toHaveLength(1);
  return hits[0]!.value;
};

describe(FULL, () => {
  it('reads every column and gives Luton its published counts and rates (7,264, 18.92899% in 2023/24; 9,392, 24.64186% in 2022/23)', () => {
    expect(full.unknownColumns).toEqual([]);
    expect(find(full.observations, { area: 'E06000032', period: '202324', measure: 'enrolments_pa_10_exact' })).toBe(7264);
    expect(find(full.observations, { area: 'E06000032', period: '202324', measure: 'enrolments_pa_10_exact_percent' })).toBe(18.92899);
    expect(find(full.observations, { area: 'E06000032', period: '202223', measure: 'enrolments_pa_10_exact' })).toBe(9392);
    expect(find(full.observations, { area: 'E06000032', period: '202223', measure: 'enrolments_pa_10_exact_percent' })).toBe(24.64186);
  });

  it('covers 2006/07 to 2024/25 without 2019/20, five half terms to 2011/12 and six after', () => {
    const years = [...new Set(full.observations.map((o) => o.time_period))].sort();
    expect(years[0]).toBe('200607');
    expect(years.at(-1)).toBe('202425');
    expect(years).not.toContain('201920');
    expect(years).toHaveLength(18);
    expect(Object.keys(full.halfTerms).sort()).toEqual(years);
    for (const y of years) expect(full.halfTerms[y]).toBe(y <= '201112' ? 5 : 6);
  });

  it('keeps the authorities abolished in 2009 (Bedfordshire, Cheshire) in 2006/07, 150 LAs that year', () => {
    const las2006 = new Set(full.observations.filter((o) => o.time_period === '200607' && o.geographic_level === 'Local authority').map((o) => o.area_code));
    expect(las2006.size).toBe(150);
    expect(las2006.has('E10000001')).toBe(true);
    expect(las2006.has('E10000004')).toBe(true);
  });
});

describe(TERMS, () => {
  it('gives England summer 2022/23: 1,688,649 persistently absent (23.93324%), 157,722 severely; spring: 1,464,475 and 139,657', () => {
    expect(terms.unknownColumns).toEqual([]);
    const eng = (term: string, measure: MeasureId) => find(terms.observations, { area: 'E92000001', period: '202223', term, measure });
    expect(eng('Summer term', 'enrolments_pa_10_exact')).toBe(1688649);
    expect(eng('Summer term', 'enrolments_pa_10_exact_percent')).toBe(23.93324);
    expect(eng('Summer term', 'enrolments_pa_50_exact')).toBe(157722);
    expect(eng('Spring term', 'enrolments_pa_10_exact')).toBe(1464475);
    expect(eng('Spring term', 'enrolments_pa_50_exact')).toBe(139657);
  });

  it('has single terms of 2018/19 and 2020/21 to 2024/25 only, and no authorised or unauthorised rates', () => {
    expect([...new Set(terms.observations.map((o) => o.time_period))].sort()).toEqual(['201819', '202021', '202122', '202223', '202324', '202425']);
    expect(new Set(terms.observations.map((o) => o.time_identifier))).toEqual(new Set(['Autumn term', 'Spring term', 'Summer term']));
    expect(terms.observations.some((o) => o.measure === 'sess_authorised_percent')).toBe(false);
  });

  it('cautions Cumbria spring 2022/23, whose enrolments fell from 58,715 to 504', () => {
    const drops = findCautions(FigureTable.of(terms.observations)).filter((c) => c.caution.kind === 'drop' && c.phase === 'total');
    expect(drops.map((c) => `${c.area_name} ${c.time_identifier} ${c.time_period}`)).toContain('Cumbria Spring term 202223');
    const cumbria = drops.find((c) => c.area_code === 'E10000006')!;
    expect(cumbria.caution).toMatchObject({ enrolments: 504, before: 58715 });
  });
});

describe(ETHNICITY, () => {
  it('gives England 2023/24 persistent absence 19.95004% in its Total row', () => {
    expect(ethnicity.unknownColumns).toEqual([]);
    expect(find(ethnicity.observations, { area: 'E92000001', period: '202324', measure: 'enrolments_pa_10_exact_percent' })).toBe(19.95004);
  });

  it('reads 19 minor ethnic groups, each alone and crossed with FSM eligible, not eligible and unclassified', () => {
    const eth = ethnicity.observations.filter((o) => o.breakdown.topic === 'Ethnicity');
    expect(new Set(eth.map((o) => o.breakdown.value)).size).toBe(19);
    expect(new Set(eth.map((o) => o.breakdown.cross?.value ?? 'all'))).toEqual(new Set(['all', 'FSM eligible', 'FSM not eligible', 'FSM unclassified']));
    // 639 rows: 2 years x 4 phases x 4 FSM x 20 ethnicity values, less unpublished combinations; every row read.
    expect(ethnicity.observations.length / 8).toBe(639);
  });
});

describe('the publication file against LAIT', () => {
  it('shows one figure per question and LAIT agrees with it to its 2-decimal rounding everywhere', async () => {
    const lookup = readAreaLookup({ las: readReal('geo/las.csv'), regions: readReal('geo/regions.csv'), changes: readReal('geo/ONSvisual_uk-topojson_changes.csv') });
    const lait = await importLait(fs.readFileSync(path.join(DATA_DIR, 'dfe/lait/bds_long_0.parquet')), 'dfe/lait/bds_long_0.parquet', lookup);
    const { shown, superseded } = applyPrecedence(FigureTable.of([...lait.figures.toObservations(), ...full.observations]));
    expect(superseded.length).toBeGreaterThan(25000);
    expect(superseded.every((s) => s.other.dataset === 'lait' && s.shown.dataset === 'census-geographic')).toBe(true);
    const agree = checkSourcesAgree(superseded);
    expect(agree.exceptions).toEqual([]);
    // What LAIT still answers alone is "-" (not published): 2019/20, and phases an authority has no school of
    // (Isles of Scilly's secondary) that the publication file leaves out. No LAIT number is shown.
    const laitLeft = shown.toObservations().filter((o) => o.dataset === 'lait');
    expect(laitLeft.length).toBeGreaterThan(0);
    expect(laitLeft.filter((o) => o.value !== null)).toEqual([]);
    expect(new Set(laitLeft.map((o) => o.time_period))).toContain('201920');
  });
});
