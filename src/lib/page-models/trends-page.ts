/**
 * The trends pages: England and every region over every period, for one measure and phase, with the
 * school census and the daily registers in separate charts. Build-time only.
 */
import type { ChartModel } from './area-page';
import { cellText, seriesOf } from './area-page';
import { lineChart } from '../charts/line-chart';
import { smallMultiples, type PanelPoint } from '../charts/small-multiples';
import { academicYearsSpanning, pointsFor, type SeriesPoint } from '../charts/series';
import { ENGLAND_CODE, MEASURES, phaseWords, type DatasetId, type Phase, type RateMeasure } from '../domain/model';
import { academicYearLabel, shortPeriodLabel, SINGLE_TERMS } from '../domain/periods';
import { censusAnnotations, censusYearNote, covidAnnotations, covidYear, COVID_NOTE, NO_TERMS_201920, type HalfTerms } from '../domain/census-years';
import { fixed } from '../domain/format';
import type { AreaEntry } from './site-data';
import type { AreaObservation, AreaStore } from '../domain/area-store';
import { sourceLine } from '../domain/sources';

export interface TrendsModel {
  measure: RateMeasure;
  phase: Phase;
  charts: ChartModel[];
}

function panelChart(opts: {
  id: string;
  title: string;
  alt: string;
  source: string;
  datasets: DatasetId[];
  series: ChartModel['series'];
  periods: string[];
  england: SeriesPoint[];
  regions: { area: AreaEntry; points: SeriesPoint[] }[];
  measure: RateMeasure;
  annotations?: { label: string; text: string }[];
  /** Note beside a period in the table (census-years.censusYearNote); a Note column only when any period has one. */
  periodNote?: (label: string) => string;
  /** Said under the chart, after the panel key. */
  extraNote?: string;
}): ChartModel {
  const notes = opts.periods.map((label) => opts.periodNote?.(label) ?? '');
  const withNotes = notes.some(Boolean);
  const points: PanelPoint[] = [];
  for (const r of opts.regions) {
    for (const p of opts.england) points.push({ panel: r.area.name, who: 'England', label: p.label, value: p.value });
    for (const p of r.points) points.push({ panel: r.area.name, who: r.area.name, label: p.label, value: p.value });
  }
  const m = MEASURES[opts.measure];
  // The panels draw marks as lines without words: the note says what each one is.
  const marked = (opts.annotations ?? []).filter((a) => opts.periods.includes(a.label));
  return {
    id: opts.id,
    title: opts.title,
    alt: opts.alt,
    note: ` Each panel: the region (solid blue) and England (dashed grey).${marked.length ? ` Dotted lines mark ${marked.map((a) => `${a.label} (${a.text})`).join(' and ')}.` : ''}${opts.extraNote ?? ''}`,
    ...smallMultiples({ points, periods: opts.periods, panels: opts.regions.map((r) => r.area.name), reference: 'England', alt: opts.title, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, annotations: opts.annotations }),
    source: opts.source,
    datasets: opts.datasets,
    series: opts.series,
    table: {
      caption: `${opts.title} (${m.unit})`,
      columns: [
        { key: 'period', label: 'Period' },
        { key: 'eng', label: 'England', numeric: true },
        ...opts.regions.map((r, i) => ({ key: `r${i}`, label: r.area.name, numeric: true })),
        ...(withNotes ? [{ key: 'note', label: 'Note' }] : []),
      ],
      rowHeader: 'period',
      rows: opts.periods.map((label, j) => ({
        period: label,
        eng: cellText(opts.measure, opts.england.find((p) => p.label === label)),
        ...Object.fromEntries(opts.regions.map((r, i) => [`r${i}`, cellText(opts.measure, r.points.find((p) => p.label === label))])),
        ...(withNotes ? { note: notes[j]! } : {}),
      })),
    },
  };
}

/** Builds the charts for one measure and phase. */
export function buildTrends(measure: RateMeasure, phase: Phase, areas: AreaEntry[], read: (code: string) => AreaStore, halfTerms: HalfTerms = {}): TrendsModel {
  const regions = areas.filter((a) => a.level === 'Regional');
  const england = read(ENGLAND_CODE);
  const englandArea = areas.find((a) => a.code === ENGLAND_CODE);
  const slices = [englandArea && { area: englandArea, rows: england }, ...regions.map((area) => ({ area, rows: read(area.code) }))];
  const charts: ChartModel[] = [];
  const m = MEASURES[measure];
  const phaseText = phaseWords(phase);

  const censusQ = { series: 'census' as const, datasets: ['census-geographic', 'lait'] as DatasetId[], measure, phase, identifiers: ['Full year'] };
  const engCensus = pointsFor('England', england, censusQ);
  if (engCensus.some((p) => p.value !== null)) {
    const periods = academicYearsSpanning(engCensus).map(academicYearLabel);
    const regionPts = regions.map((area) => ({ area, points: pointsFor(area.name, read(area.code), censusQ) }));
    // Name the files the figures came from: one dataset per figure (shape/precedence), but a series can draw on both.
    const censusUsed = censusQ.datasets.filter((d) => slices.some((s) => s?.rows.select({ dataset: d, measure, phase, time_identifier: 'Full year' }).some((r) => r.value !== null)));
    const gaps = periods.filter((p) => !engCensus.some((x) => x.label === p && x.value !== null));
    const yearOf = new Map(engCensus.map((p) => [p.label, p.time_period]));
    // England's highest and lowest published year, so a "highest since records began" claim can be checked here.
    const published = engCensus.filter((p) => p.value !== null);
    const top = published.reduce((a, b) => (b.value! > a.value! ? b : a));
    const low = published.reduce((a, b) => (b.value! < a.value! ? b : a));
    const ties = published.filter((p) => fixed(p.value!) === fixed(top.value!)).map((p) => p.label);
    const record = ` England's highest: ${fixed(top.value!)}% in ${ties.join(' and ')}; lowest: ${fixed(low.value!)}% in ${low.label}.`;
    charts.push(
      panelChart({
        id: 'census-regions',
        title: `${m.label}, ${phaseText}, full year, by region (school census)`,
        alt: `Nine small line charts, one per region, of ${m.label.toLowerCase()} (${m.unit}) each full school year from ${periods[0]} to ${periods.at(-1)}, with England for reference.${gaps.length ? ` Nothing was published for ${gaps.join(', ')}.` : ''}`,
        source: sourceLine(censusUsed, `full school years ${periods[0]} to ${periods.at(-1)}`),
        datasets: censusUsed,
        series: seriesOf(slices, { dataset: censusQ.datasets, measure, phase, topic: 'Total', time_identifier: 'Full year' }),
        periods,
        england: engCensus,
        regions: regionPts,
        measure,
        annotations: censusAnnotations(periods, halfTerms),
        periodNote: (label) => censusYearNote(yearOf.get(label) ?? '', halfTerms),
        extraNote: `${record}${engCensus.some((p) => covidYear(p.time_period)) ? ` ${COVID_NOTE}` : ''}`,
      }),
    );
  }

  // School-census single terms: a separate chart from the full years and from the registers' terms.
  const termQ = { series: 'census' as const, datasets: ['census-geographic'] as DatasetId[], measure, phase, identifiers: [...SINGLE_TERMS] as string[] };
  const engTerms = pointsFor('England', england, termQ).map((p) => ({ ...p, label: shortPeriodLabel(p.time_period, p.time_identifier) }));
  if (engTerms.some((p) => p.value !== null)) {
    const gapNote = engTerms.some((p) => p.time_period === '201920') ? '' : NO_TERMS_201920;
    const periods = [...new Map(engTerms.map((p) => [p.key, p.label])).values()];
    const regionPts = regions.map((area) => ({ area, points: pointsFor(area.name, read(area.code), termQ).map((p) => ({ ...p, label: shortPeriodLabel(p.time_period, p.time_identifier) })) }));
    charts.push(
      panelChart({
        id: 'census-terms-regions',
        title: `${m.label}, ${phaseText}, by term, by region (school census)`,
        alt: `Nine small line charts, one per region, of ${m.label.toLowerCase()} (${m.unit}) in each school-census term from ${periods[0]} to ${periods.at(-1)}, with England for reference. ${gapNote}`,
        source: sourceLine(['census-geographic'], `terms ${periods[0]} to ${periods.at(-1)}`),
        datasets: ['census-geographic'],
        series: seriesOf(slices, { dataset: 'census-geographic', measure, phase, topic: 'Total', time_identifier: termQ.identifiers }),
        periods,
        england: engTerms,
        regions: regionPts,
        measure,
        annotations: covidAnnotations(engTerms),
        periodNote: (label) => censusYearNote(engTerms.find((p) => p.label === label)?.time_period ?? '', {}),
        extraNote: `${gapNote ? ` ${gapNote}` : ''}${engTerms.some((p) => covidYear(p.time_period)) ? ` ${COVID_NOTE}` : ''}`,
      }),
    );
  }

  const regQ = { series: 'registers' as const, datasets: ['registers-term'] as DatasetId[], measure, phase, identifiers: [...SINGLE_TERMS] as string[] };
  // Term labels are shortened ("Aut 22/23") so nine panels stay legible.
  const short = (pts: SeriesPoint[]) => pts.map((p) => ({ ...p, label: shortPeriodLabel(p.time_period, p.time_identifier) }));
  const engReg = short(pointsFor('England', england, regQ));
  if (engReg.some((p) => p.value !== null)) {
    const periods = [...new Map(engReg.map((p) => [p.key, p.label])).values()];
    const regionPts = regions.map((area) => ({ area, points: short(pointsFor(area.name, read(area.code), regQ)) }));
    charts.push(
      panelChart({
        id: 'registers-regions',
        title: `${m.label}, ${phaseText}, by term, by region (daily registers)`,
        alt: `Nine small line charts, one per region, of ${m.label.toLowerCase()} (${m.unit}) in each term from ${periods[0]} to ${periods.at(-1)}, from daily attendance registers, with England for reference.`,
        source: sourceLine(['registers-term'], `terms ${periods[0]} to ${periods.at(-1)}`),
        datasets: ['registers-term'],
        series: seriesOf(slices, { dataset: 'registers-term', measure, phase, topic: 'Total' }),
        periods,
        england: engReg,
        regions: regionPts,
        measure,
      }),
    );
  }

  // Weekly register figures for England, one line per academic year's weeks (never joined to terms).
  if (measure !== 'enrolments_pa_10_exact_percent' && measure !== 'enrolments_pa_50_exact_percent') {
    const weeklyQ = { dataset: 'registers-weekly', measure, phase, topic: 'Total' } as const;
    const weekly = england.select(weeklyQ);
    if (weekly.some((r) => r.value !== null)) {
      const weekNo = (id: string) => Number(id.replace('Week ', ''));
      // Weeks 36-52 belong to the autumn of the academic year that starts in that calendar year.
      const yearOf = (r: AreaObservation) => (weekNo(r.time_identifier) >= 30 ? Number(r.time_period) : Number(r.time_period) - 1);
      const years = [...new Set(weekly.map(yearOf))].sort();
      const order = (w: number) => (w >= 30 ? w - 30 : w + 23);
      const weeks = [...new Set(weekly.map((r) => weekNo(r.time_identifier)))].sort((a, b) => order(a) - order(b)).map((w) => `Week ${w}`);
      const lines = years.map((y) => ({
        name: `${y}/${String((y + 1) % 100).padStart(2, '0')}`,
        points: weekly
          .filter((r) => yearOf(r) === y)
          .map((r) => ({ area: 'England', key: r.time_identifier, label: r.time_identifier, time_period: r.time_period, time_identifier: r.time_identifier, value: r.value, symbol: r.symbol })),
      }));
      const title = `${m.label}, ${phaseText}, England, week by week (daily registers)`;
      charts.push({
        id: 'registers-weekly',
        title,
        alt: `Line chart of England's weekly ${m.label.toLowerCase()} (${m.unit}), one line per school year, from the daily registers. Half-term and holiday weeks have few sessions and can jump.`,
        note: ' Half-term and holiday weeks hold few sessions, so their rates can jump.',
        ...lineChart({ lines, periods: weeks, yLabel: `% (${m.unit.replace(/^% of /, 'of ')})`, alt: title, width: 960 }),
        source: sourceLine(['registers-weekly'], `weeks in ${lines.map((l) => l.name).join(', ')}`),
        datasets: ['registers-weekly'],
        series: seriesOf([englandArea && { area: englandArea, rows: england }], weeklyQ),
        table: {
          caption: `${title} (${m.unit})`,
          columns: [{ key: 'week', label: 'Week' }, ...lines.map((l, i) => ({ key: `y${i}`, label: l.name, numeric: true }))],
          rowHeader: 'week',
          rows: weeks.map((w) => ({ week: w, ...Object.fromEntries(lines.map((l, i) => [`y${i}`, cellText(measure, l.points.find((p) => p.label === w))])) })),
        },
      });
    }
  }
  return { measure, phase, charts };
}
