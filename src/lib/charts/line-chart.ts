/**
 * A time-series line chart (build-time SVG): one line per area, each with its own colour, dash and
 * end label so colour is never the only cue. Null values (DfE symbols, unpublished years) break the
 * line rather than bridging it, and unpublished periods are marked on the axis.
 */
import { tickIndexes } from './ticks';
import { renderPlot, Plot, NARROW_WIDTH, CHART_FONT_PX, LEGEND_ROW_PX, chartStyle, legendSvg, type ChartSvgs, type LegendRow } from './plot-ssr';
import type { SeriesPoint } from './series';
import { wrapText } from '../domain/format';
import { NOTE_FONT_PX, placeNotes, textBox, type Box } from './label-boxes';

export interface LineSpec {
  name: string;
  points: SeriesPoint[];
}

export const LINE_STYLES = [
  { stroke: '#08519c', dash: 'none', symbol: 'circle' },
  { stroke: '#a63603', dash: '6,3', symbol: 'square' },
  { stroke: '#404040', dash: '2,3', symbol: 'diamond' },
  { stroke: '#54278f', dash: '8,2,2,2', symbol: 'triangle' },
  { stroke: '#006d2c', dash: '4,4', symbol: 'star' },
  { stroke: '#7f2704', dash: '1,2', symbol: 'cross' },
] as const;

export interface LineChartOptions {
  lines: LineSpec[];
  /** Every period on the x axis, in order (labels), including ones with nothing published. */
  periods: string[];
  yLabel: string;
  alt: string;
  width?: number;
  /** Notes pinned to periods on the axis, e.g. where the series' rules changed. */
  annotations?: { label: string; text: string }[];
  /**
   * 'narrow' (phones, NARROW_WIDTH): a legend above the chart instead of end labels and notes on the
   * plot, and only as many period labels as fit, always including the latest.
   */
  layout?: 'wide' | 'narrow';
}

/** The chart in both layouts (see ChartSvgs). */
export function lineChart(o: LineChartOptions): ChartSvgs {
  return { svg: lineChartSvg(o), narrowSvg: lineChartSvg({ ...o, layout: 'narrow' }) };
}

/** SVG string for the chart. */
export function lineChartSvg({ lines, periods, yLabel, alt, width = 680, annotations = [], layout = 'wide' }: LineChartOptions): string {
  const narrow = layout === 'narrow';
  const all = lines.flatMap((l) => l.points.map((p) => ({ ...p, area: l.name })));
  const max = Math.max(1, ...all.map((p) => p.value ?? 0));
  const published = new Set(all.filter((p) => p.value !== null).map((p) => p.label));
  const gaps = periods.filter((p) => !published.has(p));
  const notes = annotations.filter((x) => periods.includes(x.label));
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#767676' })];
  const legend: LegendRow[] = [];
  for (const label of gaps) {
    marks.push(Plot.ruleX([label], { stroke: '#949494', strokeDasharray: '3,3' }));
    if (!narrow) marks.push(Plot.text([label], { x: (d: string) => d, y: max * 1.12, text: () => 'no figures', fontSize: NOTE_FONT_PX, fillOpacity: 0.85 }));
  }
  for (const a of notes) marks.push(Plot.ruleX([a.label], { stroke: '#6b4c00', strokeDasharray: '1,3' }));
  const ends: { name: string; label: string; value: number; stroke: string }[] = [];
  lines.forEach((line, i) => {
    const style = LINE_STYLES[i % LINE_STYLES.length]!;
    const byLabel = new Map(line.points.map((p) => [p.label, p]));
    // One row per axis period so that gaps are real gaps in the line.
    const rows = periods.map((label) => ({ label, value: byLabel.get(label)?.value ?? null }));
    marks.push(Plot.line(rows, { x: 'label', y: 'value', stroke: style.stroke, strokeWidth: 2.5, strokeDasharray: style.dash }));
    marks.push(Plot.dot(rows.filter((r) => r.value !== null), { x: 'label', y: 'value', fill: style.stroke, symbol: style.symbol, r: 3.5 }));
    const last = [...rows].reverse().find((r) => r.value !== null);
    if (last) ends.push({ name: line.name, label: last.label, value: last.value!, stroke: style.stroke });
    legend.push({ text: line.name, stroke: style.stroke, dash: style.dash });
  });
  if (narrow) {
    if (gaps.length > 0) legend.push({ text: `No figures: ${gaps.join(', ')}`, stroke: '#949494', dash: '3,3', strokeWidth: 1 });
    for (const a of notes) legend.push({ text: `${a.label}: ${a.text}`, stroke: '#6b4c00', dash: '1,3', strokeWidth: 1.5 });
    // The y axis's label goes above the plot, wrapped to the narrow width.
    for (const [i, text] of wrapText(`↑ ${yLabel}`, Math.floor((NARROW_WIDTH - 8) / (CHART_FONT_PX * 0.6))).entries()) legend.push({ text: i === 0 ? text : `  ${text}` });
    const top = legend.length * LEGEND_ROW_PX + 8;
    // Period labels are centred on their points: the plot's side margins hold half of the end ones.
    const labelPx = Math.max(1, ...periods.map((p) => p.length)) * CHART_FONT_PX * 0.6;
    const side = Math.max(26, Math.ceil(labelPx / 2) + 2);
    const shown = new Set(tickIndexes(periods.length, Math.floor((NARROW_WIDTH - 2 * side) / (labelPx + 12)) + 1).map((i) => periods[i]!));
    return renderPlot(
      {
        width: NARROW_WIDTH,
        height: 230 + top,
        marginTop: top + 8,
        marginLeft: Math.max(36, side),
        marginRight: side,
        marginBottom: 32,
        style: chartStyle(),
        x: { type: 'point', domain: periods, label: null, ticks: periods.filter((p) => shown.has(p)), tickSize: 4 },
        y: { domain: [0, max * 1.08], label: null, grid: true, nice: true, ticks: 5 },
        marks,
      },
      alt,
      legendSvg(legend),
    );
  }
  // End labels are spread apart vertically so that close lines keep readable names.
  const gap = max * 0.075;
  const placed = [...ends].sort((a, b) => a.value - b.value);
  placed.forEach((e, i) => {
    const y = i === 0 ? e.value : Math.max(e.value, (placed[i - 1] as { y?: number }).y! + gap);
    (e as { y?: number }).y = y;
  });
  // Many close lines would climb past the top of the axis: the stack is then pushed back down from it.
  for (let i = placed.length - 1; i >= 0; i--) {
    const e = placed[i] as { y?: number };
    e.y = Math.min(e.y!, i === placed.length - 1 ? max * 1.18 : (placed[i + 1] as { y?: number }).y! - gap);
  }
  for (const e of placed) {
    marks.push(Plot.text([e], { x: 'label', y: (d: { y?: number }) => d.y, text: () => e.name, dx: 8, textAnchor: 'start', fill: e.stroke, fontWeight: 600, fontSize: CHART_FONT_PX, className: 'end-label' }));
  }
  const rotate = periods.some((p) => p.length > 8) || periods.length * 62 > width - 200;
  const height = 320;
  const margin = { top: 20, right: 190, bottom: rotate ? 70 : 36, left: rotate ? 72 : 52 };
  const yDomain: [number, number] = [0, max * 1.18];
  // The notes' words go where no end label or "no figures" label is: the same scales as the plot's give
  // every label's place in px (a line that ends at the COVID year has its name right beside the mark).
  const xAt = Plot.scale({ x: { type: 'point', domain: periods, range: [margin.left, width - margin.right] } });
  const yAt = Plot.scale({ y: { domain: yDomain, nice: true, range: [height - margin.bottom, margin.top] } });
  const obstacles: Box[] = [
    ...placed.map((e) => textBox(e.name, xAt.apply(e.label) + 8, yAt.apply((e as { y?: number }).y), CHART_FONT_PX, 'start', true)),
    ...gaps.map((g) => textBox('no figures', xAt.apply(g), yAt.apply(max * 1.12), NOTE_FONT_PX, 'middle')),
  ];
  placeNotes(notes.map((a) => ({ x: xAt.apply(a.label) as number, text: a.text })), obstacles, margin.top, width).forEach(({ spot }, i) => {
    const a = notes[i]!;
    marks.push(Plot.text([a.label], { x: (d: string) => d, frameAnchor: 'top', lineAnchor: 'middle', dy: spot.dy, dx: spot.dx, text: () => a.text, fontSize: NOTE_FONT_PX, fill: '#6b4c00', textAnchor: spot.anchor, className: 'note-label' }));
  });
  return renderPlot(
    {
      width,
      height,
      marginTop: margin.top,
      marginLeft: margin.left,
      marginRight: margin.right,
      marginBottom: margin.bottom,
      style: chartStyle(),
      x: { type: 'point', domain: periods, label: null, tickRotate: rotate ? -30 : 0 },
      y: { domain: yDomain, label: yLabel, grid: true, nice: true },
      marks,
    },
    alt,
  );
}
