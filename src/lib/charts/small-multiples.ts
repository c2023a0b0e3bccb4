/**
 * Small multiples (build-time SVG): one panel per region, each with the region's line and England's
 * as a dashed reference, on one shared y scale so panels can be compared.
 */
import { renderPlot, Plot, NARROW_WIDTH, CHART_FONT_PX, LEGEND_ROW_PX, chartStyle, legendSvg, type ChartSvgs } from './plot-ssr';
import { wrapText } from '../domain/format';

export interface PanelPoint {
  panel: string;
  who: string;
  label: string;
  value: number | null;
}

/** The chart in both layouts (see ChartSvgs): the narrow one has one panel a row. */
export function smallMultiples(o: SmallMultiplesOptions): ChartSvgs {
  return { svg: smallMultiplesSvg(o), narrowSvg: smallMultiplesSvg({ ...o, layout: 'narrow' }) };
}

export interface SmallMultiplesOptions {
  points: PanelPoint[];
  periods: string[];
  panels: string[];
  reference: string;
  alt: string;
  yLabel: string;
  width?: number;
  /** Periods to mark in every panel (census-years: COVID rules, six half terms from here). */
  annotations?: { label: string; text: string }[];
  /** 'narrow' (phones): NARROW_WIDTH, one panel a row. */
  layout?: 'wide' | 'narrow';
}

/** SVG string; `periods` orders the x axis and keeps unpublished periods as gaps. */
export function smallMultiplesSvg({ points, periods, panels, reference, alt, yLabel, width = 960, annotations = [], layout = 'wide' }: SmallMultiplesOptions): string {
  const narrow = layout === 'narrow';
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const columns = narrow ? 1 : 3;
  const rows: PanelPoint[] = [];
  for (const panel of panels) {
    for (const who of [reference, panel]) {
      const byLabel = new Map(points.filter((p) => p.panel === panel && p.who === who).map((p) => [p.label, p.value]));
      for (const label of periods) rows.push({ panel, who: who === reference ? reference : 'Region', label, value: byLabel.get(label) ?? null });
    }
  }
  const cell = (name: string) => ({ fx: panels.indexOf(name) % columns, fy: Math.floor(panels.indexOf(name) / columns) });
  const data = rows.map((r) => ({ ...r, ...cell(r.panel) }));
  const titles = panels.map((p) => ({ panel: p, ...cell(p) }));
  // Narrow: the y axis's label, wrapped, above the panels instead of running off the side.
  const yLines = narrow ? wrapText(`↑ ${yLabel}`, Math.floor((NARROW_WIDTH - 8) / (CHART_FONT_PX * 0.6))) : [];
  const ticks = periods.filter((_, i) => i === 0 || i === periods.length - 1 || (periods.length <= 6 ? true : i % Math.ceil(periods.length / 4) === 0));
  return renderPlot(
    {
      width: narrow ? NARROW_WIDTH : width,
      height: Math.ceil(panels.length / columns) * (narrow ? 150 : 190) + 60 + yLines.length * LEGEND_ROW_PX,
      marginLeft: narrow ? 36 : 48,
      marginRight: narrow ? 28 : 20,
      marginBottom: narrow ? 32 : 48,
      marginTop: 44 + yLines.length * LEGEND_ROW_PX,
      style: chartStyle(narrow ? 12 : 11),
      x: { type: 'point', domain: periods, label: null, ticks: narrow ? [periods[0]!, periods[periods.length - 1]!].filter(Boolean) : ticks, tickRotate: narrow ? 0 : -20 },
      y: { domain: [0, max * 1.15], label: narrow ? null : yLabel, grid: true },
      fx: { axis: null, padding: 0.12 },
      fy: { axis: null, padding: 0.3 },
      marks: [
        Plot.ruleY([0], { stroke: '#767676' }),
        ...annotations.filter((a) => periods.includes(a.label)).map((a) => Plot.ruleX(titles, { x: () => a.label, fx: 'fx', fy: 'fy', stroke: '#6b4c00', strokeDasharray: '1,3' })),
        Plot.line(data.filter((d) => d.who === reference), { x: 'label', y: 'value', fx: 'fx', fy: 'fy', stroke: '#404040', strokeDasharray: '3,3', strokeWidth: 1.5 }),
        Plot.line(data.filter((d) => d.who !== reference), { x: 'label', y: 'value', fx: 'fx', fy: 'fy', stroke: '#08519c', strokeWidth: 2.5 }),
        Plot.text(titles, { fx: 'fx', fy: 'fy', frameAnchor: 'top-left', dy: -14, text: 'panel', fontWeight: 700, fontSize: 12 }),
      ],
    },
    alt,
    narrow ? legendSvg(yLines.map((text, i) => ({ text: i === 0 ? text : `  ${text}` }))) : '',
  );
}
