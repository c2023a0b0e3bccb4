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
 * Renders `options` to an SVG string that screen readers meet as one image described by `alt`:
 * Plot's own aria-labels on inner groups are dropped (they are prohibited on elements without a role
 * and would be read out as noise), and the numbers are given in the data table beside every chart.
 */
export function renderPlot(options: Plot.PlotOptions, alt: string): string {
  const node = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as { outerHTML: string };
  const svg = node.outerHTML.replace(/\s(aria-label|aria-description)="[^"]*"/g, '');
  return svg.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeAttr(alt)}" focusable="false"`);
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
