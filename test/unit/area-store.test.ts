/**
 * The columnar area file and its store (src/lib/domain/area-store.ts), and the shape layer that writes the
 * files (src/lib/shape/areas.ts buildAreaFiles): encode/decode round trip, every select() key, the indexes
 * against a full scan, DfE symbols kept as symbols, empty areas, and which rows the files leave out.
 */
import { describe, expect, it } from 'vitest';
import { AreaFileBuilder, AreaStore, CODED_FIELDS, areaFileJson, type AreaFile, type AreaObservation, type AreaQuery } from '../../src/lib/domain/area-store';
import type { Observation } from '../../src/lib/domain/model';
import { FigureTable } from '../../src/lib/domain/figure-table';
import { areaStores, buildAreaEntries, buildAreaFiles, keptInAreaFile, keptInBandsFile } from '../../src/lib/shape/areas';
import { readAreaLookup } from '../../src/lib/ingest/geo/la-lookup';

type Row = AreaObservation;
const row = (over: Partial<Row>): Row => ({
  series: 'census',
  dataset: 'census-geographic',
  time_period: '202324',
  time_identifier: 'Full year',
  phase: 'total',
  topic: 'Total',
  breakdown: 'Total',
  measure: 'enrolments_pa_10_exact_percent',
  value: 20.1,
  symbol: null,
  ...over,
});

/** An LA's rows as the DfE files give them: two years, terms, phases, counts, each symbol, a crossed breakdown, a register term. */
const ROWS: Row[] = [
  row({ time_period: '202223', value: 22.3 }),
  row({ time_period: '202223', measure: 'enrolments_pa_10_exact', value: 5120 }),
  row({ time_period: '202223', phase: 'primary', value: 17.2 }),
  row({ time_period: '202223', phase: 'special', value: null, symbol: 'c' }),
  row({ time_period: '202223', measure: 'sess_overall_percent', value: 7.41 }),
  row({ time_period: '202324', time_identifier: 'Autumn term', value: 19.5 }),
  row({ time_period: '202324', time_identifier: 'Autumn term', phase: 'special', value: null, symbol: 'x' }),
  row({ value: 20.1 }),
  row({ measure: 'enrolments_pa_10_exact', value: 4980 }),
  row({ phase: 'primary', value: 15.9 }),
  row({ phase: 'secondary', value: null, symbol: 'z' }),
  row({ phase: 'pru', dataset: 'census-pru', time_identifier: 'Autumn and spring term', value: null, symbol: 'u' }),
  row({ measure: 'enrolments_pa_50_exact_percent', value: null, symbol: 'low' }),
  row({ measure: 'sess_overall_percent', value: null, symbol: ':' }),
  row({ dataset: 'lait', measure: 'sess_overall_percent', value: null, symbol: '-' }),
  row({ dataset: 'census-characteristics', topic: 'Ethnicity', breakdown: 'African', value: 14.2 }),
  row({ dataset: 'census-characteristics', topic: 'Ethnicity', breakdown: 'African', cross_topic: 'FSM eligibility', cross: 'FSM eligible', value: 24.8 }),
  row({ dataset: 'census-characteristics', topic: 'Ethnicity', breakdown: 'African', cross_topic: 'FSM eligibility', cross: 'FSM not eligible', value: 10.9 }),
  row({ series: 'registers', dataset: 'registers-term', time_identifier: 'Summer term', value: 18.7 }),
  row({ series: 'registers', dataset: 'registers-term', time_identifier: 'Summer term', measure: 'sess_possible', value: 1_200_000 }),
];

/** A file through JSON, as the data build writes it and the site build reads it. */
const viaJson = (file: AreaFile) => AreaStore.fromFile(JSON.parse(areaFileJson(file)) as AreaFile);
const fileOf = (rows: readonly Row[]) => {
  const b = new AreaFileBuilder();
  for (const r of rows) b.addRow(r);
  return b.finish();
};
const store = viaJson(fileOf(ROWS));

/** The plain filter a select() replaces: every key given equals (one of) its values; a missing cross is null. */
const reference = (q: AreaQuery) =>
  ROWS.filter((r) =>
    Object.entries(q).every(([k, want]) => {
      const have = (r as unknown as Record<string, unknown>)[k] ?? null;
      return Array.isArray(want) ? want.includes(have) : want === have;
    }),
  );

describe('area file: encode and decode', () => {
  it('gives back every row, field for field and in order, through JSON', () => {
    expect(store.all()).toEqual(ROWS);
    expect(store.size).toBe(ROWS.length);
    // Rows without a crossed breakdown have no cross keys at all, as before.
    expect(Object.keys(store.row(0))).not.toContain('cross');
    expect(store.row(16)).toMatchObject({ cross_topic: 'FSM eligibility', cross: 'FSM eligible' });
  });

  it('stores text fields as codes into dictionaries of distinct values, and numbers as numbers', () => {
    const file = JSON.parse(areaFileJson(fileOf(ROWS))) as Omit<AreaFile, 'codes' | 'value'> & { codes: Record<string, number[]>; value: (number | null)[] };
    expect(file.n).toBe(ROWS.length);
    expect(file.dict.measure).toEqual(['enrolments_pa_10_exact_percent', 'enrolments_pa_10_exact', 'sess_overall_percent', 'enrolments_pa_50_exact_percent', 'sess_possible']);
    expect(file.codes.measure!.slice(0, 5)).toEqual([0, 1, 0, 0, 2]);
    expect(file.value.slice(0, 4)).toEqual([22.3, 5120, 17.2, null]);
    expect(file.dict.symbol).toEqual([null, 'c', 'x', 'z', 'u', 'low', ':', '-']);
    for (const f of CODED_FIELDS) expect(file.codes[f]!.length, f).toBe(ROWS.length);
  });

  it('keeps no codes for a field that is empty on every row, and still decodes it', () => {
    const plain = fileOf(ROWS.filter((r) => !r.cross));
    expect(plain.codes.cross).toBeUndefined();
    expect(plain.codes.cross_topic).toBeUndefined();
    expect(plain.dict.cross).toEqual([null]);
    expect(plain.codes.symbol).toBeDefined();
    expect(viaJson(plain).all()).toEqual(ROWS.filter((r) => !r.cross));
  });

  it('builds typed columns (NaN for a symbol) and writes them as the JSON of plain arrays', () => {
    const built = fileOf(ROWS);
    expect(built.codes.measure).toBeInstanceOf(Int32Array);
    expect(built.value).toBeInstanceOf(Float64Array);
    const plain = {
      v: 1,
      n: built.n,
      dict: built.dict,
      codes: Object.fromEntries(Object.entries(built.codes).map(([f, c]) => [f, Array.from(c)])),
      value: Array.from(built.value, (v) => (Number.isNaN(v) ? null : v)),
    };
    expect(plain.value.filter((v) => v === null)).toHaveLength(ROWS.filter((r) => r.value === null).length);
    expect(areaFileJson(built)).toBe(JSON.stringify(plain));
    expect(areaFileJson(plain as AreaFile)).toBe(JSON.stringify(plain));
    // Read straight from the built columns, a symbol's value is null, not NaN.
    expect(AreaStore.fromRows(ROWS).all()).toEqual(ROWS);
  });

  it('grows its columns past the capacity it was given, and leaves no unused rows in the file', () => {
    const small = new AreaFileBuilder(1);
    for (const r of ROWS) small.addRow(r);
    const roomy = new AreaFileBuilder(ROWS.length * 3);
    for (const r of ROWS) roomy.addRow(r);
    expect(areaFileJson(small.finish())).toBe(areaFileJson(fileOf(ROWS)));
    const file = roomy.finish();
    expect(file.value.length).toBe(ROWS.length);
    expect(areaFileJson(file)).toBe(areaFileJson(fileOf(ROWS)));
  });

  /** ROWS as Luton's figures, as an importer gives them (a row's measures share one breakdown object). */
  const asObservations = (rows: readonly Row[]): Observation[] => {
    const breakdowns = new Map<string, Observation['breakdown']>();
    return rows.map((r) => ({
      series: r.series,
      dataset: r.dataset,
      time_period: r.time_period,
      time_identifier: r.time_identifier,
      geographic_level: 'Local authority',
      area_code: 'E06000032',
      area_name: 'Luton',
      old_la_code: '821',
      region_code: 'E12000006',
      phase: r.phase,
      breakdown: (() => {
        const key = `${r.topic}|${r.breakdown}|${r.cross_topic ?? ''}|${r.cross ?? ''}`;
        if (!breakdowns.has(key)) breakdowns.set(key, { topic: r.topic, value: r.breakdown, ...(r.cross_topic ? { cross: { topic: r.cross_topic, value: r.cross! } } : {}) });
        return breakdowns.get(key)!;
      })(),
      measure: r.measure,
      value: r.value,
      symbol: r.symbol,
    }));
  };

  it("makes the same file from a table's figures as from their area rows", () => {
    const table = FigureTable.of(asObservations(ROWS));
    // Rows of several measures (2022/23 total, 2023/24 total, the register term) are one table row each.
    expect(table.rows.length).toBeLessThan(ROWS.length);
    const b = new AreaFileBuilder();
    for (let i = 0; i < table.length; i++) b.addFigure(table, i);
    expect(areaFileJson(b.finish())).toBe(areaFileJson(fileOf(ROWS)));
  });

  it('codes each figure by its own row when rows alternate and when figures come from two tables', () => {
    const table = FigureTable.of(asObservations(ROWS));
    const other = FigureTable.of(asObservations(ROWS.slice(15)));
    // Figures of one row apart (0 and 1 are 2022/23 total, 2 is primary), then row 0 of another table.
    const picks: [FigureTable, number][] = [[table, 0], [table, 2], [table, 1], [other, 0], [table, 0]];
    const b = new AreaFileBuilder();
    for (const [t, i] of picks) b.addFigure(t, i);
    expect(viaJson(b.finish()).all()).toEqual([ROWS[0], ROWS[2], ROWS[1], ROWS[15], ROWS[0]]);
  });

  it('refuses a file of another format version', () => {
    expect(() => AreaStore.fromFile({ ...fileOf(ROWS), v: 2 } as unknown as AreaFile)).toThrow(/format 2/);
  });
});

describe('AreaStore.select', () => {
  const cases: [string, AreaQuery][] = [
    ['series', { series: 'registers' }],
    ['dataset', { dataset: 'census-characteristics' }],
    ['datasets', { dataset: ['lait', 'census-pru'] }],
    ['measure', { measure: 'enrolments_pa_10_exact' }],
    ['phase', { phase: 'special' }],
    ['topic', { topic: 'Ethnicity' }],
    ['breakdown', { breakdown: 'African' }],
    ['cross', { cross: 'FSM not eligible' }],
    ['no cross', { topic: 'Ethnicity', cross: null }],
    ['cross_topic', { cross_topic: 'FSM eligibility' }],
    ['time_period', { time_period: '202223' }],
    ['time_identifier', { time_identifier: 'Autumn term' }],
    ['identifiers', { time_identifier: ['Autumn term', 'Summer term'] }],
    ['symbol', { symbol: 'c' }],
    ['no symbol', { symbol: null, phase: 'total' }],
    ['measure and phase', { measure: 'enrolments_pa_10_exact_percent', phase: 'primary' }],
    ['measures and phases', { measure: ['enrolments_pa_10_exact', 'sess_overall_percent'], phase: ['total', 'primary'] }],
    ['a page query', { dataset: ['census-geographic', 'lait'], measure: 'sess_overall_percent', phase: 'total', topic: 'Total', time_identifier: 'Full year', time_period: '202324' }],
  ];
  for (const [name, q] of cases) {
    it(`by ${name}: the rows a plain filter gives, in file order`, () => {
      const want = reference(q);
      expect(want.length, 'the case selects something').toBeGreaterThan(0);
      expect(want.length, 'the case leaves something out').toBeLessThan(ROWS.length);
      expect(store.select(q)).toEqual(want);
      expect(store.scan(q)).toEqual(want);
      // The same rows as indices, each field of each read from the columns as its row has it.
      const indices = store.selectIndices(q);
      expect(indices.map((i) => ROWS[i])).toEqual(want);
      for (const i of indices) {
        const r = ROWS[i]!;
        expect([store.textAt('measure', i), store.textAt('phase', i), store.textAt('time_period', i), store.textAt('cross', i), store.valueAt(i), store.textAt('symbol', i)]).toEqual([
          r.measure,
          r.phase,
          r.time_period,
          r.cross ?? null,
          r.value,
          r.symbol,
        ]);
      }
    });
  }

  it('matches everything when no key is given', () => {
    expect(store.select({})).toEqual(ROWS);
  });

  it('answers measure and phase from its index, reading only those rows, the same as a scan', () => {
    const q: AreaQuery = { measure: 'enrolments_pa_10_exact_percent', phase: 'total', time_identifier: 'Full year' };
    const plan = store.plan(q);
    expect(plan.index).toBe('measure+phase');
    expect(plan.reads).toBe(ROWS.filter((r) => r.measure === q.measure && r.phase === q.phase).length);
    expect(plan.reads).toBeLessThan(ROWS.length);
    expect(store.select(q)).toEqual(store.scan(q));
  });

  it('keeps file order when a query spans several index buckets', () => {
    // Rows of these two measures interleave in the file: bucket by bucket would put every count after every rate.
    const q: AreaQuery = { measure: ['enrolments_pa_10_exact', 'enrolments_pa_10_exact_percent'], phase: 'total' };
    expect(store.plan(q).index).toBe('measure+phase');
    expect(store.select(q).map((r) => r.value)).toEqual(reference(q).map((r) => r.value));
    expect(store.select(q).map((r) => r.measure).slice(0, 2)).toEqual(['enrolments_pa_10_exact_percent', 'enrolments_pa_10_exact']);
  });

  it('uses the smallest index that applies, and scans when none does', () => {
    expect(store.plan({ dataset: 'lait', measure: 'enrolments_pa_10_exact_percent' }).index).toBe('dataset');
    expect(store.plan({ topic: 'Ethnicity' })).toEqual({ index: 'scan', reads: ROWS.length });
    expect(store.plan({ measure: 'num_schools' })).toEqual({ index: 'none', reads: 0 });
  });

  it('keeps DfE symbols as symbols with no number, never as zero', () => {
    const special = store.select({ phase: 'special' });
    expect(special.map((r) => [r.value, r.symbol])).toEqual([[null, 'c'], [null, 'x']]);
    expect(store.select({ symbol: ['z', 'u', 'low', ':', '-'] }).map((r) => [r.value, r.symbol])).toEqual([[null, 'z'], [null, 'u'], [null, 'low'], [null, ':'], [null, '-']]);
  });

  it('returns nothing for a value the area never has', () => {
    expect(store.select({ measure: 'num_schools' })).toEqual([]);
    expect(store.select({ time_period: '201920', measure: 'enrolments_pa_10_exact_percent', phase: 'total' })).toEqual([]);
    expect(store.first({ dataset: 'cin' })).toBeUndefined();
  });

  it('gives the first row in file order', () => {
    expect(store.first({ measure: 'enrolments_pa_10_exact_percent', phase: 'total' })?.time_period).toBe('202223');
  });

  it('is empty for an area with no rows', () => {
    for (const empty of [AreaStore.empty, AreaStore.fromRows([]), viaJson(fileOf([]))]) {
      expect(empty.size).toBe(0);
      expect(empty.all()).toEqual([]);
      expect(empty.select({ measure: 'enrolments_pa_10_exact_percent', phase: 'total' })).toEqual([]);
      expect(empty.select({})).toEqual([]);
    }
  });
});

describe('buildAreaFiles', () => {
  // One breakdown object for every row, as an importer shares it: consecutive figures of one place are one row.
  const TOTAL = { topic: 'Total', value: 'Total' } as const;
  const obs = (area_code: string, over: Partial<Observation>): Observation => ({
    series: 'census',
    dataset: 'census-geographic',
    time_period: '202324',
    time_identifier: 'Full year',
    geographic_level: area_code === 'E92000001' ? 'National' : 'Local authority',
    area_code,
    area_name: '',
    old_la_code: '',
    region_code: '',
    phase: 'total',
    breakdown: TOTAL,
    measure: 'enrolments_pa_10_exact_percent',
    value: 1,
    symbol: null,
    ...over,
  });

  it('writes each area in time order, keeping the importers order within a period', () => {
    const files = buildAreaFiles(FigureTable.of([
      obs('E06000032', { time_period: '202324', time_identifier: 'Summer term', value: 1 }),
      obs('E06000032', { time_period: '202324', time_identifier: 'Autumn term', value: 2 }),
      obs('E06000032', { time_period: '202223', value: 3 }),
      obs('E92000001', { time_period: '202223', value: 4 }),
      obs('E06000032', { time_period: '202324', time_identifier: 'Autumn term', value: 5, phase: 'primary' }),
      obs('E06000032', { time_period: '202324', time_identifier: 'Autumn term', value: 6, measure: 'enrolments' }),
      obs('E06000032', { time_period: '202324', value: 7 }),
    ]));
    const luton = areaStores(files).get('E06000032')!;
    expect(luton.all().map((r) => r.value)).toEqual([3, 2, 5, 6, 1, 7]);
    expect(areaStores(files).get('E92000001')!.all().map((r) => r.value)).toEqual([4]);
  });

  it("files each row's figures under its own area when areas, periods and rows left out alternate", () => {
    const table = FigureTable.of([
      obs('E06000032', { time_period: '202324', value: 1 }),
      obs('E06000032', { time_period: '202324', measure: 'enrolments_pa_10_exact', value: 2 }),
      obs('E06000055', { time_period: '202223', value: 3 }),
      obs('E06000055', { time_period: '202223', measure: 'enrolments_pa_10_exact', value: 4 }),
      obs('E06000032', { series: 'registers', dataset: 'registers-weekly', time_period: '2024', time_identifier: 'Week 37', value: 5 }),
      obs('E06000032', { series: 'registers', dataset: 'registers-weekly', time_period: '2024', time_identifier: 'Week 37', measure: 'sess_overall_percent', value: 6 }),
      obs('E06000032', { time_period: '202223', value: 7 }),
      obs('E06000032', { time_period: '202223', measure: 'enrolments_pa_10_exact', value: 8 }),
      obs('E06000055', { time_period: '202324', value: 9 }),
    ]);
    expect(table.rows).toHaveLength(5);
    const files = buildAreaFiles(table);
    // Areas in the order first met; each in time order, a row's figures together.
    expect([...files.keys()]).toEqual(['E06000032', 'E06000055']);
    const stores = areaStores(files);
    expect(stores.get('E06000032')!.all().map((r) => [r.time_period, r.measure, r.value])).toEqual([
      ['202223', 'enrolments_pa_10_exact_percent', 7],
      ['202223', 'enrolments_pa_10_exact', 8],
      ['202324', 'enrolments_pa_10_exact_percent', 1],
      ['202324', 'enrolments_pa_10_exact', 2],
    ]);
    expect(stores.get('E06000055')!.all().map((r) => r.value)).toEqual([3, 4, 9]);
  });

  it('leaves out the rows no page reads, and only those', () => {
    const input = [
      obs('E06000032', { series: 'registers', dataset: 'registers-weekly', time_period: '2024', time_identifier: 'Week 37', measure: 'sess_overall_percent', value: 11 }),
      obs('E92000001', { series: 'registers', dataset: 'registers-weekly', time_period: '2024', time_identifier: 'Week 37', measure: 'sess_overall_percent', value: 12 }),
      obs('E92000001', { series: 'registers', dataset: 'registers-pa-ytd', time_period: '2024', time_identifier: 'Week 37', value: 13 }),
      obs('E06000032', { series: 'registers', dataset: 'registers-pa-ytd', time_period: '2024', time_identifier: 'Week 37', value: 14 }),
      obs('E06000032', { dataset: 'distributions', phase: 'primary', value: 15 }),
      obs('E06000032', { dataset: 'distributions', phase: 'total', value: 16 }),
      obs('E92000001', { dataset: 'distributions', phase: 'primary', value: 17 }),
      obs('E06000032', { series: 'registers', dataset: 'registers-term', time_identifier: 'Autumn term', value: 18 }),
      obs('E06000032', { dataset: 'cin', breakdown: { topic: 'Social care group', value: 'CIN' }, value: 19 }),
    ];
    const stores = areaStores(buildAreaFiles(FigureTable.of(input)));
    expect(stores.get('E06000032')!.all().map((r) => r.value)).toEqual([18, 16, 19]);
    expect(stores.get('E92000001')!.all().map((r) => r.value)).toEqual([17, 12]);
    expect(input.filter(keptInAreaFile).map((o) => o.value)).toEqual([12, 16, 17, 18, 19]);
  });

  it('keeps band distributions of England for all pupils only (the breakdowns pages read no other)', () => {
    const band = (area_code: string, topic: string) => ({ area_code, breakdown: { topic } });
    expect([band('E92000001', 'Total'), band('E92000001', 'Gender'), band('E06000032', 'Total'), band('E12000006', 'Total')].map(keptInBandsFile)).toEqual([true, false, false, false]);
  });
});

describe('buildAreaEntries: every area checked against the lookup', () => {
  const lookup = readAreaLookup({
    las:
      'new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,old_la_code\n' +
      'E06000001,Hartlepool,01/04/2009,,E12000001,805\n' +
      'E06000002,Middlesbrough,01/04/2009,,E12000001,806\n',
    regions: 'region_code,region_name\nE12000001,North East\n',
    changes: 'oldcd,newcd,type,start\nE07000048,E06000058,merger,2019\n',
  });
  const TOTAL = { topic: 'Total', value: 'Total' } as const;
  const fig = (level: Observation['geographic_level'], area_code: string, area_name: string, old_la_code: string, measure: Observation['measure'] = 'enrolments'): Observation => ({
    series: 'census', dataset: 'census-geographic', time_period: '202324', time_identifier: 'Full year', geographic_level: level,
    area_code, area_name, old_la_code, region_code: 'E12000001', phase: 'total', breakdown: TOTAL, measure, value: 1, symbol: null,
  });
  /** Figures 0-2 from a.csv, 3 on from b.csv. */
  const fileOf = (i: number) => (i < 3 ? 'a.csv' : 'b.csv');

  it('lists England, the regions and the LAs met', () => {
    const table = FigureTable.of([fig('Local authority', 'E06000002', 'Middlesbrough', '806'), fig('Regional', 'E12000001', 'North East', ''), fig('National', 'E92000001', 'England', '')]);
    expect(buildAreaEntries(table, lookup, fileOf).map((a) => a.code)).toEqual(['E92000001', 'E12000001', 'E06000002']);
  });

  it("names the file of the first figure of a row whose authority is wrong, and of a region the lookup lacks", () => {
    // Hartlepool's row has two figures (0, 1); the wrong row starts at figure 3, in b.csv.
    const wrongLa = FigureTable.of([
      fig('Local authority', 'E06000001', 'Hartlepool', '805'),
      fig('Local authority', 'E06000001', 'Hartlepool', '805', 'sess_possible'),
      fig('National', 'E92000001', 'England', ''),
      fig('Local authority', 'E06000001', 'Hartlepool', '806'),
    ]);
    expect(() => buildAreaEntries(wrongLa, lookup, fileOf)).toThrow(expect.objectContaining({ file: 'b.csv', column: 'old_la_code' }));
    const wrongRegion = FigureTable.of([fig('Local authority', 'E06000001', 'Hartlepool', '805'), fig('Local authority', 'E06000001', 'Hartlepool', '805', 'sess_possible'), fig('National', 'E92000001', 'England', ''), fig('Regional', 'E12000009', 'Nowhere', '')]);
    expect(() => buildAreaEntries(wrongRegion, lookup, fileOf)).toThrow(expect.objectContaining({ file: 'b.csv', column: 'region_code' }));
  });
});
