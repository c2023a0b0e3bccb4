/** Axis tick choice shared by the build-time charts and the browser-drawn /compare/ chart (no Plot, no DOM). */

/**
 * Indexes of `n` axis periods to label when only `max` labels fit: always the latest (the figure a
 * reader looks for), then every `step`-th one back from it. Pure; `n` 0 gives [].
 */
export function tickIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  const step = Math.max(1, Math.ceil(n / Math.max(1, max)));
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}
