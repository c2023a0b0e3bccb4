/**
 * Renders Observable Plot charts to SVG strings at build time, with linkedom standing in for the
 * browser document, so pages ship no charting JavaScript.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Width in px of the narrow layout every chart also has: the content width of a 320 px phone (the
 * site's 1rem side padding), so its 12 px text is drawn at 12 px there without scaling.
 */
export const NARROW_WIDTH = 288;
/** Font size in px of chart text in both layouts; the narrow layout never scales it below 11 px at 320 px. */
export const CHART_FONT_PX = 12;

/** A chart drawn twice at build time: `svg` (wide, also the downloads) and `narrowSvg` (phones), chosen by CSS. */
export interface ChartSvgs {
  svg: string;
  narrowSvg: string;
}

/**
 * Plot style shared by every chart: no colour of its own, so text and axes take the page's text
 * colour (currentColor) and follow the embed's light, dark and forced-colours themes.
 */
export function chartStyle(fontPx: number = CHART_FONT_PX): Record<string, string> {
  return { fontSize: `${fontPx}px`, background: 'transparent' };
}

/**
 * Renders `options` to an SVG string that screen readers meet as one image described by `alt`:
 * Plot's own aria-labels on inner groups are dropped (they are prohibited on elements without a role
 * and would be read out as noise), and the numbers are given in the data table beside every chart.
 * `extra` is SVG markup added on top (the narrow layout's legend).
 */
export function renderPlot(options: Plot.PlotOptions, alt: string, extra = ''): string {
  const node = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as { outerHTML: string };
  let svg = node.outerHTML.replace(/\s(aria-label|aria-description)="[^"]*"/g, '');
  if (extra) svg = svg.replace(/<\/svg>\s*$/, `${extra}</svg>`);
  return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeAttr(alt)}" focusable="false"`);
}

/** One row of a legend drawn above a narrow chart: a line sample (colour, dash, optional dot) and its words. */
export interface LegendRow {
  text: string;
  /** Without a stroke the row is words only (the y axis's label above a narrow chart). */
  stroke?: string;
  dash?: string;
  strokeWidth?: number;
}

/** Height in px of one legend row. */
export const LEGEND_ROW_PX = 18;

/**
 * SVG markup of a legend, one row per entry from the top-left: a 22 px line sample then the words in
 * the page's text colour (the sample carries the colour, so the words meet text contrast in any theme).
 */
export function legendSvg(rows: readonly LegendRow[], top = 4, left = 4): string {
  return `<g class="chart-legend" font-size="${CHART_FONT_PX}" text-anchor="start">${rows
    .map((r, i) => {
      const y = top + i * LEGEND_ROW_PX + LEGEND_ROW_PX / 2;
      const words = `<text x="${r.stroke ? left + 28 : left}" y="${y}" dy="0.35em" fill="currentColor">${escapeAttr(r.text).replace(/>/g, '&gt;')}</text>`;
      if (!r.stroke) return words;
      return `<line x1="${left}" x2="${left + 22}" y1="${y}" y2="${y}" stroke="${r.stroke}" stroke-width="${r.strokeWidth ?? 2.5}"${r.dash && r.dash !== 'none' ? ` stroke-dasharray="${r.dash}"` : ''}/>` + words;
    })
    .join('')}</g>`;
}

/** Plot's <style> element, the same text in every chart it draws (its class name is fixed). */
const PLOT_STYLE = /<style>:where\(\.plot-[0-9a-f]+\)[\s\S]*?<\/style>/;

/**
 * A chart SVG as placed in an HTML page (site or embed): without Plot's <style>, which
 * src/styles/plot.css gives every page once (an LA page had 22 copies). Downloaded SVG files keep it,
 * since they stand alone.
 */
export function inlineChartSvg(svg: string): string {
  return svg.replace(PLOT_STYLE, '');
}

/** The text of Plot's <style> in a chart SVG, or null (for the test that plot.css still matches). */
export function plotStyleOf(svg: string): string | null {
  return PLOT_STYLE.exec(svg)?.[0].replace(/^<style>|<\/style>$/g, '') ?? null;
}

export { Plot };
