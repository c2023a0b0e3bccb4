/**
 * Grouped horizontal bars (build-time SVG): one row per group, one bar per series, each series with
 * its own colour and a value label, so colour is never the only cue. Null values get a text label.
 */
import { renderPlot, Plot, NARROW_WIDTH, CHART_FONT_PX, chartStyle, type ChartSvgs } from './plot-ssr';
import { fixed } from '../domain/format';
import { wrapText } from '../domain/format';
import { tickIncrement } from 'd3-array';

export interface Bar {
  group: string;
  series: string;
  value: number | null;
}

export interface BarChartOptions {
  bars: Bar[];
  alt: string;
  xLabel: string;
  width?: number;
  /** 'narrow' (phones, NARROW_WIDTH): each group's name on its own line(s) above its bars, bars full width. */
  layout?: 'wide' | 'narrow';
}

const COLOURS = ['#08519c', '#a63603', '#404040', '#54278f'];
/** Width, in ems, beyond which a group label wraps. */
const LABEL_EMS = 18;
/** Average width of a character of chart text, in px, for fitting labels (system sans-serif at 12 px). */
const CHAR_PX = CHART_FONT_PX * 0.6;

/**
 * Ticks of the value axis: from 0 to the first tick at or past the longest bar (about `count` of them),
 * none past `end`. The scale runs on past the longest bar to leave room for its value label; ticks out
 * there would put a rate axis at 150%.
 */
export function valueTicks(max: number, end: number, count = 4): number[] {
  const step = tickIncrement(0, max, count);
  // tickIncrement gives a negative inverse step below 1 (-2 means 0.5).
  const size = step > 0 ? step : -1 / step;
  const out: number[] = [];
  for (let i = 0; i * size <= end + 1e-9; i++) {
    out.push(Number((i * size).toFixed(10)));
    if (i * size >= max) break;
  }
  return out;
}

/** The chart in both layouts (see ChartSvgs). */
export function barChart(o: BarChartOptions): ChartSvgs {
  return { svg: barChartSvg(o), narrowSvg: barChartSvg({ ...o, layout: 'narrow' }) };
}

/** SVG string for the chart. */
export function barChartSvg({ bars, alt, xLabel, width = 680, layout = 'wide' }: BarChartOptions): string {
  const groups = [...new Set(bars.map((b) => b.group))];
  const series = [...new Set(bars.map((b) => b.series))];
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  // With more than one series each bar is labelled with its series name, so no legend is needed.
  const rows = bars.map((b) => {
    const v = b.value === null ? 'no figure' : fixed(b.value);
    return { ...b, label: series.length > 1 ? `${b.series}: ${v}` : v, shown: b.value ?? 0 };
  });
  if (layout === 'narrow') return narrowBars(groups, series, rows, max, alt, xLabel);
  return renderPlot(
    {
      width,
      height: 40 + groups.length * series.length * 22 + groups.length * 12,
      // Labels longer than LABEL_EMS wrap onto a second line (DfE ethnic groups run to 52 characters).
      marginLeft: Math.min(30 + LABEL_EMS * 12, 30 + Math.max(...groups.map((g) => g.length)) * 7.5),
      marginRight: 60,
      style: chartStyle(),
      x: { domain: [0, max * (series.length > 1 ? 1.6 : 1.2)], label: xLabel, grid: true, ticks: valueTicks(max, max * (series.length > 1 ? 1.6 : 1.2)) },
      y: { domain: series, axis: null },
      fy: { domain: groups, label: null, padding: 0.15, axis: null },
      color: { domain: series, range: COLOURS.slice(0, series.length) },
      marks: [
        Plot.barX(rows, { fy: 'group', y: 'series', x: 'shown', fill: 'series' }),
        Plot.text(rows, { fy: 'group', y: 'series', x: 'shown', text: 'label', dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
        Plot.axisFy({ anchor: 'left', label: null, lineWidth: LABEL_EMS, tickSize: 0 }),
      ],
    },
    alt,
  );
}

/**
 * Narrow layout: one band per line of a group's name, then one per bar; the x scale leaves room after
 * the longest bar for its value label, so every label ends inside NARROW_WIDTH.
 */
function narrowBars(groups: string[], series: string[], rows: { group: string; series: string; label: string; shown: number }[], max: number, alt: string, xLabel: string): string {
  const left = 6;
  const right = 8;
  const plotPx = NARROW_WIDTH - left - right;
  const perLine = Math.floor(plotPx / CHAR_PX);
  const bands: string[] = [];
  const titles: { band: string; text: string }[] = [];
  for (const g of groups) {
    wrapText(g, perLine).forEach((text, i) => {
      bands.push(`${g}\u0000t${i}`);
      titles.push({ band: `${g}\u0000t${i}`, text });
    });
    for (const s of series) bands.push(`${g}\u0000s${s}`);
  }
  // Bars scaled so that the longest label still fits after the longest bar: plotPx / k + label <= plotPx.
  const labelPx = Math.max(...rows.map((r) => r.label.length)) * CHAR_PX + 8;
  const k = plotPx / Math.max(plotPx * 0.35, plotPx - labelPx);
  const band = (r: { group: string; series: string }) => `${r.group}\u0000s${r.series}`;
  return renderPlot(
    {
      width: NARROW_WIDTH,
      height: 50 + bands.length * 20,
      marginLeft: left,
      marginRight: right,
      marginTop: 4,
      marginBottom: 40,
      style: chartStyle(),
      x: { domain: [0, max * k], label: xLabel, grid: true, ticks: valueTicks(max, max * k), labelAnchor: 'left', labelArrow: 'none' },
      y: { domain: bands, axis: null, padding: 0.12 },
      color: { domain: series, range: COLOURS.slice(0, series.length) },
      marks: [
        Plot.barX(rows, { y: band, x: 'shown', fill: 'series' }),
        Plot.text(rows, { y: band, x: 'shown', text: 'label', dx: 4, textAnchor: 'start' }),
        Plot.text(titles, { y: 'band', x: 0, text: 'text', textAnchor: 'start', fontWeight: 600 }),
      ],
    },
    alt,
  );
}
