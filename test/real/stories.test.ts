/**
 * stories.csv from the real census files. The real-data tests run before any build, so the rows are made
 * here the way the data build makes data/generated (importer, lookup, precedence, grouping by area) from
 * the census files under DATA_DIR. LAIT is left out: it only answers years the census files lack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvHeader } from '../../src/lib/ingest/csv';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import { importCensusCharacteristics, importCensusGeographic, isCharacteristicsHeader } from '../../src/lib/ingest/importers/census';
import type { Observation } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';
import { areaStores, buildAreaEntries, buildAreaFiles } from '../../src/lib/shape/areas';
import { AreaStore } from '../../src/lib/domain/area-store';
import { applyPrecedence } from '../../src/lib/shape/precedence';
import { storyPeriods, storyRows, type StoryRow } from '../../src/lib/page-models/stories';
import { DATA_DIR, readReal } from '../data-dir';

const lookup = readAreaLookup({ las: readReal('geo/las.csv'), regions: readReal('geo/regions.csv'), changes: readReal('geo/ONSvisual_uk-topojson_changes.csv') });
const observations: Observation[] = [];
for (const name of fs.readdirSync(path.join(DATA_DIR, 'dfe/census')).filter((f) => f.endsWith('.csv')).sort()) {
  const file = `dfe/census/${name}`;
  const text = readReal(file);
  const r = isCharacteristicsHeader(readCsvHeader(text, file)) ? importCensusCharacteristics(text, file) : importCensusGeographic(text, file);
  for (const o of r.figures.toObservations()) observations.push(o);
}
const table = FigureTable.of(observations);
const areas = buildAreaEntries(table, lookup, () => 'dfe/census/');
const byArea = areaStores(buildAreaFiles(applyPrecedence(table).shown));
const read = (code: string) => byArea.get(code) ?? AreaStore.empty;
const periods = storyPeriods([...new Map(observations.map((o) => [`${o.time_period}|${o.time_identifier}`, { series: o.series, time_period: o.time_period, time_identifier: o.time_identifier }])).values()]);
const rows = storyRows({ areas, read, periods });
const luton = (rs: StoryRow[], measure: string, identifier: string) => {
  const hits = rs.filter((r) => r.new_la_code === 'E06000032' && r.measure === measure && r.time_identifier === identifier);
  expect(hits).toHaveLength(1);
  return hits[0]!;
};

describe('stories.csv from the real census files', () => {
  it('covers the 2024/25 full year and the summer term of 2024/25 for the 153 current authorities', () => {
    expect(periods.map((p) => `${p.time_period} ${p.time_identifier}`)).toEqual(['202425 Full year', '202425 Summer term']);
    expect(new Set(rows.map((r) => r.new_la_code)).size).toBe(153);
    expect(rows).toHaveLength(153 * 2 * 2);
    // Barnsley and Sheffield took new codes in 2025; the DfE still publishes them under the old ones.
    expect(rows.some((r) => r.new_la_code === 'E08000016')).toBe(true);
    expect(rows.some((r) => r.la_name === 'Cumbria')).toBe(false);
  });

  it("gives Luton's 2024/25 persistent absence row as published", () => {
    const r = luton(rows, 'persistent', 'Full year');
    expect(r).toMatchObject({ old_la_code: '821', region_name: 'East of England', enrolments: 38216, pupils: 6759, rate: 17.68631, previous_pupils: 7264, previous_rate: 18.92899, change_pp_between_1dp_rates: '-1.2', rank_of: 153 });
    expect(r.sentence).toMatch(/^6,759 pupils in Luton were persistently absent in 2024\/25 \(17\.7% of pupils\), down from 7,264 \(18\.9%\) in 2023\/24\. East of England: 17\.5%\. England: 18\.1%\./);
  });

  it('gives the Luton 2023/24 figures reporters quote: 7,264 (18.92899%) down from 9,392 (24.64186%)', () => {
    const r = luton(storyRows({ areas, read, periods: [{ time_period: '202324', time_identifier: 'Full year' }] }), 'persistent', 'Full year');
    expect(r).toMatchObject({ pupils: 7264, rate: 18.92899, previous_pupils: 9392, previous_rate: 24.64186, change_pp_between_1dp_rates: '-5.7' });
    expect(r.sentence).toMatch(/^7,264 pupils in Luton were persistently absent in 2023\/24 \(18\.9% of pupils\), down from 9,392 \(24\.6%\) in 2022\/23\./);
  });

  it("compares Luton's summer term with the summer term a year before", () => {
    expect(luton(rows, 'persistent', 'Summer term')).toMatchObject({ pupils: 7411, rate: 20.63426, previous_time_period: '202324', previous_pupils: 8184, previous_rate: 22.40534 });
  });
});
