import { describe, expect, it } from 'vitest';
import { RowKeys, type RowField } from '../../src/lib/domain/row-keys';
import { FigureTable, type FigureRow } from '../../src/lib/domain/figure-table';
import { breakdownKey } from '../../src/lib/domain/model';
import { lutonRow } from '../figure-row';

const row = lutonRow;

const ROWS: FigureRow[] = [
  row(),
  row({ area_code: 'E06000055', area_name: 'Bedford' }),
  // Luton again, the same key as row 0 though a different object (and a breakdown object of its own).
  row({ breakdown: { topic: 'Total', value: 'Total' } }),
  row({ dataset: 'lait' }),
  row({ time_period: '202223' }),
  row({ time_identifier: 'Autumn term' }),
  row({ phase: 'secondary' }),
  row({ breakdown: { topic: 'FSM eligibility', value: 'FSM eligible' } }),
  row({ breakdown: { topic: 'FSM eligibility', value: 'FSM eligible', cross: { topic: 'Gender', value: 'Girls' } } }),
  row({ breakdown: { topic: 'FSM eligibility', value: 'FSM eligible' } }),
];
const ALL: RowField[] = ['dataset', 'time_period', 'time_identifier', 'area_code', 'phase', 'breakdown'];

/** The numbering the string keys would give: rows with equal key strings share a number, in order of first row. */
function byStrings(rows: readonly FigureRow[], fields: readonly RowField[], include: (r: FigureRow) => boolean = () => true): number[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    if (!include(r)) return -1;
    const k = fields.map((f) => (f === 'breakdown' ? breakdownKey(r.breakdown) : r[f])).join('|');
    if (!seen.has(k)) seen.set(k, seen.size);
    return seen.get(k)!;
  });
}

describe('RowKeys: rows numbered by their fields', () => {
  for (const directPairs of [1 << 22, 0]) {
    const how = directPairs ? 'typed-array steps' : 'map steps';

    it(`gives equal rows one number and every other row its own, in order of first row (${how})`, () => {
      const { ids, count, first } = new RowKeys(ROWS, directPairs).number(ALL);
      expect([...ids]).toEqual(byStrings(ROWS, ALL));
      // Row 2 is row 0 again, and row 9 row 7: a breakdown is compared by value, a crossed one apart.
      expect([...ids]).toEqual([0, 1, 0, 2, 3, 4, 5, 6, 7, 6]);
      expect(count).toBe(8);
      expect([...first]).toEqual([0, 1, 3, 4, 5, 6, 7, 8]);
    });

    it(`numbers by the fields asked for only (${how})`, () => {
      const keys = new RowKeys(ROWS, directPairs);
      for (const fields of [['area_code'], ['breakdown'], ['dataset', 'phase'], ['time_period', 'time_identifier', 'breakdown']] as RowField[][]) {
        expect([...keys.number(fields).ids]).toEqual(byStrings(ROWS, fields));
      }
      // Luton rows other than Bedford's are one area.
      expect([...keys.number(['area_code']).ids]).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    });

    it(`leaves out the rows not included, numbering the rest densely from 0 (${how})`, () => {
      const notLait = (r: FigureRow) => r.dataset !== 'lait' && r.area_code !== 'E06000032';
      const { ids, count, first } = new RowKeys(ROWS, directPairs).number(ALL, notLait);
      expect([...ids]).toEqual(byStrings(ROWS, ALL, notLait));
      expect([...ids]).toEqual([-1, 0, -1, -1, -1, -1, -1, -1, -1, -1]);
      expect(count).toBe(1);
      expect([...first]).toEqual([1]);
      const none = new RowKeys(ROWS, directPairs).number(ALL, () => false);
      expect(none.count).toBe(0);
      expect([...none.ids].every((id) => id === -1)).toBe(true);
    });
  }

  it('agrees with string keys on many rows whose combinations outgrow a typed-array step', () => {
    const rows: FigureRow[] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push(row({ area_code: `E0${i % 97}`, time_period: String(200000 + (i % 31)), phase: i % 2 ? 'primary' : 'secondary', breakdown: { topic: 'Ethnicity', value: `e${i % 13}` } }));
    }
    const fields: RowField[] = ['time_period', 'phase', 'area_code', 'breakdown'];
    const expected = byStrings(rows, fields);
    expect([...new RowKeys(rows, 100).number(fields).ids]).toEqual(expected);
    expect([...new RowKeys(rows).number(fields).ids]).toEqual(expected);
  });

  it('numbers a first row whose field is missing at run time like any other value, never as left out', () => {
    const odd = [row({ area_code: undefined as never }), row(), row({ area_code: undefined as never })];
    expect([...new RowKeys(odd).number(['area_code']).ids]).toEqual([0, 1, 0]);
    expect([...new RowKeys(odd).number(['dataset', 'area_code']).ids]).toEqual([0, 1, 0]);
  });

  it('refuses an empty key, and keys made for other rows', () => {
    expect(() => new RowKeys(ROWS).number([])).toThrow(/at least one field/);
    expect(() => new RowKeys(ROWS).forRows(ROWS.slice(1))).toThrow(/10 rows cannot serve 9/);
    expect([...new RowKeys(ROWS).forRows([...ROWS]).number(ALL).ids]).toEqual(byStrings(ROWS, ALL));
  });

  it('is kept by a FigureTable until a row is added, and shared with its subsets', () => {
    const t = new FigureTable();
    t.add(t.addRow(ROWS[0]!), 'enrolments', 10, null);
    const before = t.rowKeys;
    expect(t.rowKeys).toBe(before);
    t.add(t.addRow(ROWS[1]!), 'enrolments', 20, null);
    expect(t.rowKeys).not.toBe(before);
    expect([...t.rowKeys.number(['area_code']).ids]).toEqual([0, 1]);
    const other = new FigureTable();
    other.add(other.addRow(ROWS[2]!), 'enrolments', 30, null);
    const keys = t.rowKeys;
    t.append(other);
    expect(t.rowKeys).not.toBe(keys);
    expect([...t.rowKeys.number(['area_code']).ids]).toEqual([0, 1, 0]);
    const sub = t.subset([2]);
    expect([...sub.rowKeys.number(['area_code']).ids]).toEqual([0, 1, 0]);
    t.clear();
    expect(t.rowKeys.length).toBe(0);
    // The subset's rows are its own: emptying the table it came from leaves its keys whole.
    expect(sub.rowKeys.number(['breakdown']).count).toBe(1);
  });
});
