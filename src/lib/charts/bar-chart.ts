/**
 * Grouped horizontal bars (build-time SVG): one row per group, one bar per series, each series with
 * its own colour and a value label, so colour is never the only cue. Null values get a text label.
 */
import { renderPlot, Plot } from './plot-ssr';
import { fixed } from '../format';

export interface Bar {
  group: string;
  series: string;
  value: number | null;
}

const COLOURS = ['#08519c', '#a63603', '#404040', '#54278f'];
/** Width, in ems, beyond which a group label wraps. */
const LABEL_EMS = 18;

/** SVG string for the chart. */
export function barChartSvg({ bars, alt, xLabel, width = 680 }: { bars: Bar[]; alt: string; xLabel: string; width?: number }): string {
  const groups = [...new Set(bars.map((b) => b.group))];
  const series = [...new Set(bars.map((b) => b.series))];
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  // With more than one series each bar is labelled with its series name, so no legend is needed.
  const rows = bars.map((b) => {
    const v = b.value === null ? 'no figure' : fixed(b.value);
    return { ...b, label: series.length > 1 ? `${b.series}: ${v}` : v, shown: b.value ?? 0 };
  });
  return renderPlot(
    {
      width,
      height: 40 + groups.length * series.length * 22 + groups.length * 12,
      // Labels longer than LABEL_EMS wrap onto a second line (DfE ethnic groups run to 52 characters).
      marginLeft: Math.min(30 + LABEL_EMS * 12, 30 + Math.max(...groups.map((g) => g.length)) * 7.5),
      marginRight: 60,
      style: { fontSize: '12px', background: 'transparent', color: '#222' },
      x: { domain: [0, max * (series.length > 1 ? 1.6 : 1.2)], label: xLabel, grid: true },
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
