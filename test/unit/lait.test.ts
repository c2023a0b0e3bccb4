import { describe, expect, it } from 'vitest';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';
import fs from 'node:fs';
import path from 'node:path';
import { decodersFor, importLait, laitRowsToFigures, type LaitRow } from '../../src/lib/ingest/importers/lait';

const lookup = readAreaLookup({
  regions: 'region_code,region_name\nE12000006,East of England\nE12000003,Yorkshire and The Humber\nE13000001,Inner London\n',
  las: `new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,entity_code,entity_description,status,old_la_code
E06000032,Luton,01/01/2009,,E12000006,E06,Unitary Authorities,live,821
E10000023,North Yorkshire,01/01/2009,31/03/2023,E12000003,E10,Counties,terminated,815
E06000065,North Yorkshire,01/04/2023,,E12000003,E06,Unitary Authorities,live,815
`,
  changes: 'oldcd,oldnm,newcd,newnm,type,start\nE10000023,North Yorkshire,,,termination,2023\n',
});
const row = (desc: string, year: string, name: string, value: string, num: string, region: string): LaitRow => ({
  'Short Desc': desc, Years: year, 'LA and Regions': name, Values: value, 'LA Number': num, Region: region,
});

describe('laitRowsToFigures', () => {
  it('maps indicators to phase and DfE measure and years to time_period', () => {
    const { figures } = laitRowsToFigures(
      [
        row('TotPerAbNew', '2024', 'Luton', '18.93', '821', 'East of England'),
        row('SFSecSevPerAbNew', '2024', 'England', '3.9', '970', 'NA'),
        row('TotAbs', '2024', 'Yorkshire and the Humber', '7.59', '982', 'NA'),
        row('TotAbs', '2024', 'London (Inner)', '-', '987', 'NA'),
        row('Work_Force_SWAbsence', '2024', 'Luton', '3', '821', 'East of England'),
      ],
      'lait.parquet',
      lookup,
    );
    const observations = figures.toObservations();
    expect(observations.map((o) => [o.area_code, o.time_period, o.phase, o.measure, o.value, o.symbol])).toEqual([
      ['E06000032', '202324', 'total', 'enrolments_pa_10_exact_percent', 18.93, null],
      ['E92000001', '202324', 'secondary', 'enrolments_pa_50_exact_percent', 3.9, null],
      ['E12000003', '202324', 'total', 'sess_overall_percent', 7.59, null],
      ['E13000001', '202324', 'total', 'sess_overall_percent', null, '-'],
    ]);
    expect(observations[0]!.series).toBe('census');
    expect(observations[0]!.time_identifier).toBe('Full year');
  });
  it('checks each LA name against the lookup\'s name of the LA its number resolves to', () => {
    const luton = (name: string) => [row('TotAbs', '2024', name, '7', '821', 'East of England')];
    expect(laitRowsToFigures(luton('LUTON'), 'l.parquet', lookup).figures.toObservations()[0]!.area_name).toBe('Luton');
    expect(() => laitRowsToFigures(luton('Luton Borough'), 'l.parquet', lookup)).toThrow(
      'l.parquet, row 1, column LA and Regions: LA Number 821 is E06000032 on 2023-09-01, and this is not the name of E06000032 in geo/las.csv (Luton) nor a variant of it in LA_NAME_VARIANTS (value "Luton Borough")',
    );
    // The same name under another number, checked again: a name passes only beside its own number.
    const later = [row('TotAbs', '2024', 'Luton', '7', '821', 'E'), row('TotAbs', '2024', 'Luton', '7', '815', 'Y')];
    expect(() => laitRowsToFigures(later, 'l.parquet', lookup)).toThrow(/row 2, column LA and Regions: LA Number 815 is E06000065 .*: it names Luton \(E06000032\)/);
  });
  it('adds one row per figure; the same indicator and area in another year, or another indicator, is no repeat', () => {
    const r = laitRowsToFigures(
      [row('TotAbs', '2024', 'Luton', '7', '821', 'E'), row('TotAbs', '2023', 'Luton', '6', '821', 'E'), row('PriTotAbs', '2024', 'Luton', '5', '821', 'E')],
      'l.parquet',
      lookup,
    );
    expect(r.figures.rows).toHaveLength(3);
    expect(r.figures.toObservations().map((o) => [o.time_period, o.phase, o.value])).toEqual([
      ['202324', 'total', 7],
      ['202223', 'total', 6],
      ['202324', 'primary', 5],
    ]);
  });
  it('resolves a reused 3-digit code by the year, and counts "-" rows for years an LA did not exist', () => {
    const r = laitRowsToFigures(
      [row('TotAbs', '2023', 'North Yorkshire', '7', '815', 'Y'), row('TotAbs', '2024', 'North Yorkshire', '7.1', '815', 'Y'), row('TotAbs', '2009', 'Luton', '-', '821', 'E')],
      'l.parquet',
      lookup,
    );
    expect(r.figures.toObservations().map((o) => o.area_code)).toEqual(['E10000023', 'E06000065']);
    expect(r.notOperatingRows).toBe(1);
  });
  it('refuses figures for an unknown LA, rates over 100, bad years and repeated rows, naming row and column', () => {
    expect(() => laitRowsToFigures([row('TotAbs', '2024', 'Nowhere', '7', '999', 'X')], 'l.parquet', lookup)).toThrow(
      /l\.parquet, row 1, column LA Number: no LA with this old_la_code/,
    );
    expect(() => laitRowsToFigures([row('TotAbs', '2024', 'Luton', '101', '821', 'E')], 'l.parquet', lookup)).toThrow(
      /row 1, column Values: rate outside 0 to 100/,
    );
    expect(() => laitRowsToFigures([row('TotAbs', '2023-24', 'Luton', '1', '821', 'E')], 'l.parquet', lookup)).toThrow(/column Years/);
    const dup = row('TotAbs', '2024', 'Luton', '7', '821', 'E');
    expect(() => laitRowsToFigures([dup, dup], 'l.parquet', lookup)).toThrow(/row 2, column Short Desc: repeats row 1/);
    // However the year is spelled, and after other rows.
    const spaced = row('TotAbs', ' 2024 ', 'Luton', '7', '821', 'E');
    const other = row('TotAbs', '2024', 'North Yorkshire', '7', '815', 'Y');
    expect(() => laitRowsToFigures([dup, other, spaced], 'l.parquet', lookup)).toThrow(
      'l.parquet, row 3, column Short Desc: repeats row 1 (same indicator, year and area) (value "TotAbs|202324|E06000032")',
    );
    expect(() => laitRowsToFigures([row('TotAbs', '2024', 'Luton', 'SUPP', '821', 'E')], 'l.parquet', lookup)).toThrow(/column Values/);
  });
});

describe('decodersFor: parquet decoders loaded only when a codec needs them', () => {
  it('needs none for snappy and uncompressed chunks, and gives the codec\'s decoder otherwise', async () => {
    expect(await decodersFor(['SNAPPY', 'UNCOMPRESSED', 'SNAPPY'])).toBeUndefined();
    expect(await decodersFor([])).toBeUndefined();
    for (const codec of ['GZIP', 'ZSTD', 'BROTLI']) expect(typeof (await decodersFor(['SNAPPY', codec]))?.[codec as 'GZIP']).toBe('function');
  });
});

describe('importLait: row numbers across parquet row groups', () => {
  it('numbers rows through the whole file, not from 1 in each row group', async () => {
    const geo = path.resolve(import.meta.dirname, '..', 'fixtures', 'mini-data', 'geo');
    const miniLookup = readAreaLookup({
      regions: fs.readFileSync(path.join(geo, 'regions.csv'), 'utf8'),
      las: fs.readFileSync(path.join(geo, 'las.csv'), 'utf8'),
      changes: fs.readFileSync(path.join(geo, 'ONSvisual_uk-topojson_changes.csv'), 'utf8'),
    });
    // Six rows in three groups of two; the fifth (third group, first row) names "Redcar and Cleveland Borough".
    const file = path.resolve(import.meta.dirname, '..', 'fixtures', 'lait', 'three-row-groups-bad-name-row-5.parquet');
    await expect(importLait(fs.readFileSync(file), 'dfe/lait/bds_long_0.parquet', miniLookup)).rejects.toThrow(
      /^dfe\/lait\/bds_long_0\.parquet, row 5, column LA and Regions: LA Number 807 /,
    );
  });
});
