/**
 * A ranking strip (build-time SVG): every LA's value as a bar, sorted from highest to lowest, with one
 * authority highlighted and labelled, so a reader sees where it stands among all of them.
 */
import { renderPlot, Plot, NARROW_WIDTH, chartStyle, type ChartSvgs } from './plot-ssr';
import { fixed } from '../domain/format';

export interface RankedValue {
  code: string;
  name: string;
  value: number;
  rank: number;
}

export interface RankingOptions {
  values: RankedValue[];
  highlight: string;
  alt: string;
  yLabel: string;
  width?: number;
}

/** The chart in both layouts (see ChartSvgs): the narrow one is the same strip at NARROW_WIDTH. */
export function ranking(o: RankingOptions): ChartSvgs {
  return { svg: rankingSvg(o), narrowSvg: rankingSvg({ ...o, width: NARROW_WIDTH }) };
}

/** SVG string; `highlight` is the code drawn dark and labelled. */
export function rankingSvg({ values, highlight, alt, yLabel, width = 680 }: RankingOptions): string {
  const sorted = [...values].sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  const hit = sorted.find((v) => v.code === highlight);
  const marks: Plot.Markish[] = [
    Plot.barY(sorted, { x: 'code', y: 'value', fill: (d: RankedValue) => (d.code === highlight ? '#08519c' : '#bdbdbd') }),
    Plot.ruleY([0]),
  ];
  if (hit) {
    marks.push(Plot.text([hit], { x: 'code', y: 'value', text: (d: RankedValue) => `${d.name}: ${fixed(d.value)}% (rank ${d.rank})`, dy: -10, fontWeight: 700, fill: '#08519c', textAnchor: sorted.indexOf(hit) > sorted.length / 2 ? 'end' : 'start' }));
  }
  return renderPlot(
    {
      width,
      height: 220,
      marginLeft: 48,
      marginRight: 8,
      marginTop: 28,
      style: chartStyle(),
      x: { domain: sorted.map((v) => v.code), axis: null, padding: 0.1 },
      y: { label: yLabel, grid: true, nice: true },
      marks,
    },
    alt,
  );
}
