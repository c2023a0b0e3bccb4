/**
 * The words of a source line: which publication and which file a figure comes from. Printed under
 * every chart and map and in CSV downloads, so that census and register figures are never confused.
 */
import { DATASETS, SERIES_LABEL, type DatasetId, type Series } from './model';

/** Which series each dataset belongs to. */
export const DATASET_SERIES: Record<DatasetId, Series> = {
  lait: 'census',
  'census-geographic': 'census',
  'census-characteristics': 'census',
  'census-pru': 'census',
  distributions: 'census',
  cin: 'census',
  'registers-term': 'registers',
  'registers-weekly': 'registers',
  'registers-pa-ytd': 'registers',
};

/** "Source: DfE, Pupil absence in schools in England (school census): LA Interactive Tool compilation ... Periods: ..." */
export function sourceLine(datasets: readonly DatasetId[], periods: string): string {
  const series = [...new Set(datasets.map((d) => DATASET_SERIES[d]))];
  const pubs = series.map((s) => `${SERIES_LABEL[s].publication} (${SERIES_LABEL[s].short.toLowerCase()})`).join('; ');
  const files = [...new Set(datasets)].map((d) => DATASETS[d]).join('; ');
  return `Source: ${pubs}. File: ${files}. Periods: ${periods}.`;
}
