/**
 * Persistent and severe absence by ethnic group for one area and phase, from the school census
 * (`census-characteristics`: the DfE's "Absence by pupil ethnicity and FSM eligibility" file for England,
 * or a pupil-characteristics file with ethnicity rows for LAs when one is in the data folder).
 * Rates are % of enrolments (`enrolments_pa_10_exact_percent`, `enrolments_pa_50_exact_percent`); counts
 * are pupils (`enrolments_pa_10_exact`, `enrolments_pa_50_exact`), printed beside every rate. Build-time only.
 */
import { cellText, seriesOf, type ChartModel } from './area-page';
import { barChart } from '../charts/bar-chart';
import { groupEthnicities } from '../domain/ethnicity';
import { phaseWords, type MeasureId, type Phase } from '../domain/model';
import { academicYearLabel } from '../domain/periods';
import type { AreaEntry } from './site-data';
import type { AreaStore } from '../domain/area-store';
import { sourceLine } from '../domain/sources';

/** Groups with fewer enrolments than this are left off the bars (the table keeps them): a rate of 1 pupil in 3 misleads. */
const MIN_CHARTED = 10;

/**
 * Two charts for the latest full year with ethnicity figures: persistent and severe absence by ethnic group
 * (all pupils of each group), and persistent absence by ethnic group for pupils eligible and not eligible
 * for free school meals (the file's ethnicity x FSM rows). Either is left out when its rows are absent;
 * [] when the area has no ethnicity figures for `phase`.
 */
export function ethnicityCharts(area: AreaEntry, rows: AreaStore, phase: Phase): ChartModel[] {
  const ethnicity = { dataset: 'census-characteristics', topic: 'Ethnicity', phase, time_identifier: 'Full year' } as const;
  const latest = rows.select(ethnicity).filter((r) => r.breakdown !== 'Total').map((r) => r.time_period).sort().at(-1);
  if (!latest) return [];
  const year = academicYearLabel(latest);
  const inYear = rows.select({ ...ethnicity, time_period: latest }).filter((r) => r.breakdown !== 'Total');
  const groups = groupEthnicities(new Set(inYear.map((r) => r.breakdown)));
  const ordered = groups.flatMap((g) => g.minor.map((minor) => ({ major: g.major, minor })));
  // Without `fsm`, the figure for every pupil of the group (no crossed row).
  const get = (minor: string, measure: MeasureId, fsm?: string) => rows.first({ ...ethnicity, time_period: latest, breakdown: minor, measure, cross: fsm ?? null });
  const phaseText = phaseWords(phase);
  const out: ChartModel[] = [];

  const all = ordered.filter((g) => get(g.minor, 'enrolments'));
  if (all.length) {
    const charted = all.filter((g) => (get(g.minor, 'enrolments')?.value ?? 0) >= MIN_CHARTED);
    const title = `Persistent and severe absence by ethnic group, ${phaseText}, ${area.name}, ${year}`;
    const pa = (m: string) => get(m, 'enrolments_pa_10_exact_percent')?.value ?? null;
    const highest = [...charted].filter((g) => pa(g.minor) !== null).sort((a, b) => pa(b.minor)! - pa(a.minor)!)[0];
    const lowest = [...charted].filter((g) => pa(g.minor) !== null).sort((a, b) => pa(a.minor)! - pa(b.minor)!)[0];
    out.push({
      id: `ethnicity-${phase}`,
      title,
      alt: `Bar chart of the share of enrolments persistently and severely absent in ${year} for each of ${charted.length} ethnic groups${highest && lowest ? `; persistent absence is highest for ${highest.minor} (${cellText('enrolments_pa_10_exact_percent', get(highest.minor, 'enrolments_pa_10_exact_percent'))}%) and lowest for ${lowest.minor} (${cellText('enrolments_pa_10_exact_percent', get(lowest.minor, 'enrolments_pa_10_exact_percent'))}%)` : ''}.`,
      note: ` Ethnic groups are the DfE's minor groups, listed under their major group. Groups of under ${MIN_CHARTED} enrolments are in the table only.`,
      ...barChart({
        bars: charted.flatMap((g) => [
          { group: g.minor, series: 'Persistent (10%+)', value: pa(g.minor) },
          { group: g.minor, series: 'Severe (50%+)', value: get(g.minor, 'enrolments_pa_50_exact_percent')?.value ?? null },
        ]),
        alt: title,
        xLabel: '% of enrolments',
      }),
      source: sourceLine(['census-characteristics'], `${year} full year`),
      datasets: ['census-characteristics'],
      series: seriesOf([{ area, rows }], { dataset: 'census-characteristics', phase, topic: ['Ethnicity', 'Total'] }),
      table: {
        caption: `${title}: enrolments, pupils persistently and severely absent, and % of enrolments`,
        columns: [
          { key: 'major', label: 'Major group' },
          { key: 'group', label: 'Ethnic group' },
          { key: 'enrol', label: 'Enrolments', numeric: true },
          { key: 'pan', label: 'Persistently absent (pupils)', numeric: true },
          { key: 'pa', label: 'Persistent absence %', numeric: true },
          { key: 'san', label: 'Severely absent (pupils)', numeric: true },
          { key: 'sa', label: 'Severe absence %', numeric: true },
        ],
        rowHeader: 'group',
        rows: all.map((g) => ({
          major: g.major,
          group: g.minor,
          enrol: cellText('enrolments', get(g.minor, 'enrolments')),
          pan: cellText('enrolments_pa_10_exact', get(g.minor, 'enrolments_pa_10_exact')),
          pa: cellText('enrolments_pa_10_exact_percent', get(g.minor, 'enrolments_pa_10_exact_percent')),
          san: cellText('enrolments_pa_50_exact', get(g.minor, 'enrolments_pa_50_exact')),
          sa: cellText('enrolments_pa_50_exact_percent', get(g.minor, 'enrolments_pa_50_exact_percent')),
        })),
      },
    });
  }

  const FSM = ['FSM eligible', 'FSM not eligible'] as const;
  const crossed = ordered.filter((g) => FSM.some((f) => get(g.minor, 'enrolments', f)));
  if (crossed.length) {
    const title = `Persistent absence by ethnic group and free school meal eligibility, ${phaseText}, ${area.name}, ${year}`;
    const charted = crossed.filter((g) => FSM.every((f) => (get(g.minor, 'enrolments', f)?.value ?? 0) >= MIN_CHARTED));
    out.push({
      id: `ethnicity-fsm-${phase}`,
      title,
      alt: `Bar chart of the share of enrolments persistently absent in ${year} for pupils eligible and not eligible for free school meals, in each of ${charted.length} ethnic groups.`,
      note: ` Groups with under ${MIN_CHARTED} enrolments on either side are in the table only. FSM unclassified pupils are in the CSV.`,
      ...barChart({
        bars: charted.flatMap((g) => FSM.map((f) => ({ group: g.minor, series: f, value: get(g.minor, 'enrolments_pa_10_exact_percent', f)?.value ?? null }))),
        alt: title,
        xLabel: '% of enrolments persistently absent',
      }),
      source: sourceLine(['census-characteristics'], `${year} full year`),
      datasets: ['census-characteristics'],
      series: seriesOf([{ area, rows }], { dataset: 'census-characteristics', phase, topic: 'Ethnicity' }, (r) => Boolean(r.cross)),
      table: {
        caption: `${title}: pupils persistently absent and % of enrolments`,
        columns: [
          { key: 'group', label: 'Ethnic group' },
          ...FSM.flatMap((f, i) => [
            { key: `n${i}`, label: `${f}: persistently absent (pupils)`, numeric: true },
            { key: `p${i}`, label: `${f}: %`, numeric: true },
          ]),
        ],
        rowHeader: 'group',
        rows: crossed.map((g) => ({
          group: g.minor,
          ...Object.fromEntries(
            FSM.flatMap((f, i) => [
              [`n${i}`, cellText('enrolments_pa_10_exact', get(g.minor, 'enrolments_pa_10_exact', f))],
              [`p${i}`, cellText('enrolments_pa_10_exact_percent', get(g.minor, 'enrolments_pa_10_exact_percent', f))],
            ]),
          ),
        })),
      },
    });
  }
  return out;
}
