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

/** "Source: <publication> (<series>). File: <dataset>. Periods: <periods>." */
export function sourceLine(datasets: readonly DatasetId[], periods: string): string {
  // Children-in-need absence is census absence published in its own release, which is what a reader must cite.
  const pubs = [...new Set(datasets.map((d) => `${DATASET_PUBLICATION[d]} (DfE) (${SERIES_LABEL[DATASET_SERIES[d]].short.toLowerCase()})`))].join('; ');
  const files = [...new Set(datasets)].map((d) => DATASETS[d]).join('; ');
  return `Source: ${pubs}. File: ${files}. Periods: ${periods}.`;
}

/** The DfE publication each dataset is published in, as a citation names it. */
export const DATASET_PUBLICATION: Record<DatasetId, string> = {
  lait: 'Pupil absence in schools in England',
  'census-geographic': 'Pupil absence in schools in England',
  'census-characteristics': 'Pupil absence in schools in England',
  'census-pru': 'Pupil absence in schools in England',
  distributions: 'Pupil absence in schools in England',
  cin: 'Outcomes for children in need, including children looked after by local authorities in England',
  'registers-term': 'Pupil attendance in schools',
  'registers-weekly': 'Pupil attendance in schools',
  'registers-pa-ytd': 'Pupil attendance in schools',
};

/** Source files (paths under the data folder) that gave observations to any of `datasets`. */
export function sourceFilesFor<T extends { file: string; datasets?: readonly DatasetId[] }>(datasets: readonly DatasetId[], sources: readonly T[]): T[] {
  return sources.filter((s) => (s.datasets ?? []).some((d) => datasets.includes(d)));
}
