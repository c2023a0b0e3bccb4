/** A published row for unit tests: Luton (E06000032, DfE 821), census full year 2023/24, all schools, all pupils. */
import type { FigureRow } from '../src/lib/domain/figure-table';
import { ALL_PUPILS } from '../src/lib/domain/model';

/** Luton's all-pupils census row for 2023/24, with `over` in place of any of its fields. */
export function lutonRow(over: Partial<FigureRow> = {}): FigureRow {
  return {
    series: 'census',
    dataset: 'census-geographic',
    time_period: '202324',
    time_identifier: 'Full year',
    geographic_level: 'Local authority',
    area_code: 'E06000032',
    area_name: 'Luton',
    old_la_code: '821',
    region_code: 'E12000006',
    phase: 'total',
    breakdown: ALL_PUPILS,
    ...over,
  };
}
