/**
 * The breakdowns pages: England's persistent and severe absence by pupil characteristic and the
 * distribution of enrolments across absence bands, for one phase. Build-time only.
 */
import { breakdownCharts, cellText, type ChartModel } from './area-page';
import { barChart } from '../charts/bar-chart';
import { fixed, count } from '../domain/format';
import { BAND_LABELS } from '../domain/model';
import { ethnicityCharts } from './ethnicity-charts';
import { PHASE_LABEL, phaseWords, type Phase } from '../domain/model';
import { academicYearLabel } from '../domain/periods';
import type { AreaBands, AreaEntry } from './site-data';
import type { AreaStore } from '../domain/area-store';
import { sourceLine } from '../domain/sources';

/** Share of enrolments in each band, for the latest year with bands. */
export function bandChart(area: AreaEntry, bands: AreaBands[], phase: Phase): ChartModel | null {
  const all = bands.filter((b) => b.phase === phase && b.breakdown.topic === 'Total');
  const latest = all.map((b) => b.time_period).sort().at(-1);
  const row = all.find((b) => b.time_period === latest);
  if (!row || row.enrolments === 0) return null;
  const year = academicYearLabel(row.time_period);
  const share = row.bands.map((n) => (100 * n) / row.enrolments);
  const title = `Pupils by share of sessions missed, ${phaseWords(phase)}, ${area.name}, ${year}`;
  return {
    id: `bands-${phase}`,
    title,
    alt: `Bar chart of the share of enrolments in each 5-point band of overall absence, ${year}: ${fixed(share[0]!)}% missed under 5% of sessions and ${fixed(share.at(-1)!)}% missed 50% or more.`,
    note: ' Enrolments from band 3 (10%) upwards are persistently absent; the last band is severe absence.',
    ...barChart({ bars: BAND_LABELS.map((label, i) => ({ group: label, series: 'Enrolments', value: share[i]! })), alt: title, xLabel: '% of enrolments' }),
    source: sourceLine(['distributions'], `${year} full year`),
    datasets: ['distributions'],
    series: () =>
      all
        .sort((a, b) => a.time_period.localeCompare(b.time_period))
        .flatMap((b) =>
          BAND_LABELS.map((label, i) => ({
            time_period: b.time_period,
            time_identifier: 'Full year',
            geographic_level: area.level,
            area_code: area.code,
            area_name: area.name,
            old_la_code: area.old_la_code,
            region_code: area.region_code,
            school_type: PHASE_LABEL[phase],
            breakdown_topic: 'Overall absence band',
            breakdown: label,
            source: 'School census',
            dataset: 'distributions' as const,
            measure: 'enrolments' as const,
            value: b.bands[i]!,
            symbol: '',
          })),
        ),
    table: {
      caption: `${title}: enrolments and % of enrolments in each band`,
      columns: [
        { key: 'band', label: 'Sessions missed' },
        { key: 'n', label: 'Enrolments', numeric: true },
        { key: 'pct', label: '% of enrolments', numeric: true },
      ],
      rowHeader: 'band',
      rows: BAND_LABELS.map((label, i) => ({ band: label, n: count(row.bands[i]!), pct: fixed(share[i]!) })),
    },
  };
}

export interface BreakdownsModel {
  phase: Phase;
  charts: ChartModel[];
  hasEthnicity: boolean;
  years: string[];
}

/** Charts for England and one phase. */
export function buildBreakdowns(england: AreaEntry, rows: AreaStore, bands: AreaBands[], phase: Phase): BreakdownsModel {
  const charts = breakdownCharts({ area: england, rows }, phase);
  const band = bandChart(england, bands, phase);
  if (band) charts.push(band);
  const ethnicity = ethnicityCharts(england, rows, phase);
  charts.push(...ethnicity);
  const years = [...new Set(rows.select({ dataset: 'distributions' }).map((r) => academicYearLabel(r.time_period)))].sort();
  return { phase, charts, hasEthnicity: ethnicity.length > 0, years };
}

export { cellText };
