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

/**
 * The DfE publication each dataset is released in. Children-in-need absence is census absence, but it
 * is published in its own statistics release, which is what a reader must cite.
 */
export const DATASET_PUBLICATION: Record<DatasetId, string> = {
  lait: SERIES_LABEL.census.publication,
  'census-geographic': SERIES_LABEL.census.publication,
  'census-characteristics': SERIES_LABEL.census.publication,
  'census-pru': SERIES_LABEL.census.publication,
  distributions: SERIES_LABEL.census.publication,
  cin: 'Outcomes for children in need, including children looked after by local authorities in England (DfE)',
  'registers-term': SERIES_LABEL.registers.publication,
  'registers-weekly': SERIES_LABEL.registers.publication,
  'registers-pa-ytd': SERIES_LABEL.registers.publication,
};

/** "Source: <publication> (<series>). File: <dataset>. Periods: <periods>." */
export function sourceLine(datasets: readonly DatasetId[], periods: string): string {
  const pubs = [...new Set(datasets.map((d) => `${DATASET_PUBLICATION[d]} (${SERIES_LABEL[DATASET_SERIES[d]].short.toLowerCase()})`))].join('; ');
  const files = [...new Set(datasets)].map((d) => DATASETS[d]).join('; ');
  return `Source: ${pubs}. File: ${files}. Periods: ${periods}.`;
}
