import { describe, expect, it } from 'vitest';
import { lineChart, lineChartSvg } from '../../src/lib/charts/line-chart';
import { barChart, valueTicks } from '../../src/lib/charts/bar-chart';
import { smallMultiplesSvg } from '../../src/lib/charts/small-multiples';
import { CHART_FONT_PX, NARROW_WIDTH, legendSvg } from '../../src/lib/charts/plot-ssr';
import { tickIndexes } from '../../src/lib/charts/ticks';
import { svgSize } from '../../src/lib/publish/embeds';

const periods = Array.from({ length: 19 }, (_, i) => `${2006 + i}/${String((7 + i) % 100).padStart(2, '0')}`);
const line = (name: string, k: number) => ({
  name,
  points: periods.filter((p) => p !== '2019/20').map((label, i) => ({ area: name, key: label, label, time_period: '', time_identifier: 'Full year', value: 10 + k + i * 0.5, symbol: null })),
});
const opts = { lines: [line('Luton', 1), line('East of England', 0), line('England', 0.5)], periods, yLabel: '% (of enrolments missing 10% or more of sessions)', alt: 'chart', annotations: [{ label: '2020/21', text: 'COVID rules' }] };

/** x of each text whose content is `text`, from Plot's translate(x,y) or x="" attributes. */
function textX(svg: string, text: string): number[] {
  const out: number[] = [];
  const re = /<text\b([^>]*)>([^<]*)<\/text>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    if (m[2] !== text) continue;
    const t = /translate\(([\d.]+)/.exec(m[1]!) ?? /\sx="([\d.]+)"/.exec(m[1]!);
    out.push(Number(t?.[1]));
  }
  return out;
}

describe('tick labels that fit', () => {
  it('always labels the latest period, then every step back', () => {
    expect(tickIndexes(19, 4)).toEqual([3, 8, 13, 18]);
    expect(tickIndexes(3, 4)).toEqual([0, 1, 2]);
    expect(tickIndexes(1, 4)).toEqual([0]);
    expect(tickIndexes(0, 4)).toEqual([]);
  });
});

describe('narrow line chart', () => {
  const { svg, narrowSvg } = lineChart(opts);
  it('is drawn at the phone width, the wide one at its own', () => {
    expect(svgSize(narrowSvg).width).toBe(NARROW_WIDTH);
    expect(svgSize(svg).width).toBe(680);
  });
  it('labels the latest period inside its width', () => {
    const [x] = textX(narrowSvg, '2024/25');
    expect(x).toBeDefined();
    expect(x! + ('2024/25'.length * CHART_FONT_PX * 0.6) / 2).toBeLessThanOrEqual(NARROW_WIDTH);
  });
  it('names every line in a legend inside its width, in the text colour', () => {
    for (const name of ['Luton', 'East of England', 'England']) {
      const [x] = textX(narrowSvg, name);
      expect(x, name).toBeDefined();
      expect(x! + name.length * CHART_FONT_PX * 0.6).toBeLessThanOrEqual(NARROW_WIDTH);
    }
    expect(narrowSvg).toContain('<text x="32" y="13" dy="0.35em" fill="currentColor">Luton</text>');
    expect(narrowSvg).toContain('2020/21: COVID rules');
    expect(narrowSvg).toContain('No figures: 2019/20');
  });
  it('has no fixed text colour, so a theme can set it', () => {
    expect(narrowSvg).not.toMatch(/color:\s*#/);
    expect(svg).not.toMatch(/color:\s*#/);
  });
  it('names lines at their ends in the wide layout', () => {
    expect(textX(svg, 'Luton')).toHaveLength(1);
    expect(lineChartSvg(opts)).toBe(svg);
  });
});

describe('narrow bar chart', () => {
  const bars = [
    { group: 'Eligible for free school meals', series: 'Eligible', value: 36.5 },
    { group: 'Eligible for free school meals', series: 'Not eligible', value: 15.2 },
    { group: 'White and Black Caribbean, a long ethnic group name that wraps', series: 'Eligible', value: 20.1 },
    { group: 'White and Black Caribbean, a long ethnic group name that wraps', series: 'Not eligible', value: null },
  ];
  const { narrowSvg } = barChart({ bars, alt: 'bars', xLabel: '% of enrolments' });
  it('ends the longest bar early enough for its value label', () => {
    const bar = /<rect[^>]*x="([\d.]+)"[^>]*width="([\d.]+)"/g;
    let right = 0;
    for (let m = bar.exec(narrowSvg); m; m = bar.exec(narrowSvg)) right = Math.max(right, Number(m[1]) + Number(m[2]));
    const label = 'Eligible: 36.5';
    expect(narrowSvg).toContain(`>${label}<`);
    expect(right + 4 + label.length * CHART_FONT_PX * 0.6).toBeLessThanOrEqual(NARROW_WIDTH);
  });
  it('labels the value axis no further than the first tick past the longest bar (no rate axis at 150%)', () => {
    const numbers = (svg: string) => [...svg.matchAll(/<text[^>]*>([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    const { svg } = barChart({ bars, alt: 'bars', xLabel: '% of enrolments' });
    expect(Math.max(...numbers(narrowSvg))).toBe(40);
    expect(Math.max(...numbers(svg))).toBe(40);
    expect(valueTicks(58.7, 150)).toEqual([0, 20, 40, 60]);
    expect(valueTicks(58.7, 59)).toEqual([0, 20, 40]);
    expect(valueTicks(1.4, 3)).toEqual([0, 0.5, 1, 1.5]);
  });
  it('puts each group name above its bars, wrapped to the width', () => {
    expect(narrowSvg).toContain('>Eligible for free school meals<');
    expect(narrowSvg).toContain('>White and Black Caribbean, a long<');
    expect(narrowSvg).toContain('>ethnic group name that wraps<');
    expect(narrowSvg).toContain('>Not eligible: no figure<');
  });
});

describe('narrow small multiples', () => {
  it('has one panel a row and labels the first and latest periods', () => {
    const points = ['North East', 'London'].flatMap((panel) => ['England', panel].flatMap((who) => periods.map((label, i) => ({ panel, who, label, value: 10 + i }))));
    const narrow = smallMultiplesSvg({ points, periods, panels: ['North East', 'London'], reference: 'England', alt: 'x', yLabel: '%', layout: 'narrow' });
    expect(svgSize(narrow).width).toBe(NARROW_WIDTH);
    expect(svgSize(narrow).height).toBe(2 * 150 + 60 + 18);
    expect(narrow).toContain('>↑ %<');
    expect(textX(narrow, '2024/25').length).toBeGreaterThan(0);
  });
});

describe('legend rows', () => {
  it('draws a line sample for a series and words alone for a caption', () => {
    const g = legendSvg([{ text: 'A & B', stroke: '#08519c', dash: '6,3' }, { text: 'words' }]);
    expect(g).toContain('stroke-dasharray="6,3"');
    expect(g).toContain('>A &amp; B<');
    expect(g.match(/<line/g)).toHaveLength(1);
    expect(g).toContain('<text x="4" y="31" dy="0.35em" fill="currentColor">words</text>');
  });
});
