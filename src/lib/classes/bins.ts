/**
 * Fixed class breaks for the choropleth.
 *
 * Rule: for each measure and phase, pool every LA value of every period and both series, take the
 * sextile points (1/7 ... 6/7 quantiles) and round each to a "nice" step (0.5 points for spreads over
 * 10 points, else 0.1), dropping repeats. The breaks are computed once per build, so a colour means the
 * same value in Autumn 2022 and Autumn 2024 and two maps can be compared. Bins are numbered from 1;
 * a value equal to a break falls in the bin above it (lower edge inclusive).
 */
import { quantileSorted } from 'd3-array';

export interface Bin {
  /** 1-based bin number shown in the legend. */
  index: number;
  /** Inclusive lower edge; null for the first bin. */
  from: number | null;
  /** Exclusive upper edge; null for the last bin. */
  to: number | null;
}

export const BIN_COUNT = 7;

/** Breaks (BIN_COUNT - 1 or fewer ascending numbers) for the pooled values; [] when there are none. */
export function fixedBreaks(values: readonly number[], classes = BIN_COUNT): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const spread = sorted[sorted.length - 1]! - sorted[0]!;
  const step = spread > 10 ? 0.5 : 0.1;
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const q = quantileSorted(sorted, i / classes)!;
    const nice = Number((Math.round(q / step) * step).toFixed(1));
    if (nice > sorted[0]! && nice <= sorted[sorted.length - 1]! && !breaks.includes(nice)) breaks.push(nice);
  }
  return breaks;
}

/** The bins that `breaks` make. */
export function binsFor(breaks: readonly number[]): Bin[] {
  const edges: (number | null)[] = [null, ...breaks, null];
  return edges.slice(0, -1).map((from, i) => ({ index: i + 1, from, to: edges[i + 1]! }));
}

/** 1-based bin of `value` under `breaks` (lower edge inclusive). */
export function binOf(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]!) i++;
  return i + 1;
}

/** "Under 12.5", "12.5 to under 15.0", "25.0 and over". */
export function binLabel(bin: Bin): string {
  const f = (n: number) => n.toFixed(1);
  if (bin.from === null && bin.to === null) return 'All values';
  if (bin.from === null) return `Under ${f(bin.to!)}`;
  if (bin.to === null) return `${f(bin.from)} and over`;
  return `${f(bin.from)} to under ${f(bin.to)}`;
}

/**
 * Symmetric breaks for maps of change (percentage points) from pooled year-on-year differences:
 * ±a, ±b, ±c at the 1/3, 2/3 and 9/10 quantiles of the absolute change, rounded to 0.1 (0.5 over
 * 5 points). The middle class [-a, a) reads "little or no change". Empty input gives [].
 */
export function changeBreaks(diffs: readonly number[]): number[] {
  const abs = diffs.filter((d) => Number.isFinite(d)).map(Math.abs).sort((x, y) => x - y);
  if (abs.length === 0) return [];
  const nice = (v: number) => {
    const step = v > 5 ? 0.5 : 0.1;
    return Math.max(step, Number((Math.round(v / step) * step).toFixed(1)));
  };
  const edges = [...new Set([1 / 3, 2 / 3, 0.9].map((p) => nice(quantileSorted(abs, p)!)))].sort((x, y) => x - y);
  return [...edges.map((e) => -e).reverse(), ...edges];
}

/** "Fall of 2.0 or more", "-2.0 to under -0.5", "Rise of 2.0 or more" (percentage points). */
export function changeBinLabel(bin: Bin): string {
  const f = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(1)}`;
  if (bin.from === null && bin.to === null) return 'Any change';
  if (bin.from === null) return `Fall of more than ${Math.abs(bin.to!).toFixed(1)} points`;
  if (bin.to === null) return `Rise of ${bin.from.toFixed(1)} points or more`;
  if (bin.from < 0 && bin.to > 0) return `Little or no change (${f(bin.from)} to under ${f(bin.to)})`;
  return `${f(bin.from)} to under ${f(bin.to)} points`;
}
