/**
 * The map's keys. The map is one tab stop: arrow keys move to the nearest authority in that direction
 * (by projected centroid, straight ahead weighed over sideways), Home/End to the first/last by name,
 * Enter opens the chosen authority's page. With none chosen, an arrow picks the first by name.
 */

type Arrow = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/** The nearest area to `code` in direction `dir` (SVG y grows downwards), or null at the edge. */
export function neighbour(code: string, dir: Arrow, centroids: ReadonlyMap<string, readonly [number, number]>): string | null {
  const [x0, y0] = centroids.get(code)!;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [other, [x, y]] of centroids) {
    if (other === code) continue;
    const dx = x - x0;
    const dy = y - y0;
    const along = dir === 'ArrowRight' ? dx : dir === 'ArrowLeft' ? -dx : dir === 'ArrowDown' ? dy : -dy;
    const across = dir === 'ArrowRight' || dir === 'ArrowLeft' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = other;
    }
  }
  return best;
}

/**
 * What `key` does with `area` chosen ('' = none) on a map of `centroids`: select an area, open the chosen
 * one, or nothing (null: the key is left to the browser). `nameOf` orders areas by name for Home/End.
 */
export function keyAction(key: string, area: string, centroids: ReadonlyMap<string, readonly [number, number]>, nameOf: (code: string) => string): { select: string } | { open: string } | null {
  const byName = () => [...centroids.keys()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const onMap = area !== '' && centroids.has(area);
  if (ARROWS.has(key)) {
    if (!onMap) return { select: byName()[0]! };
    return { select: neighbour(area, key as Arrow, centroids) ?? area };
  }
  if (key === 'Enter' && area) return { open: area };
  if (key === 'Home' || key === 'End') {
    const codes = byName();
    return { select: key === 'Home' ? codes[0]! : codes.at(-1)! };
  }
  return null;
}

/** Listens for the map's keys on `svg`; `current` gives the chosen area and centroids (null before the first draw). */
export function attachKeyboard(svg: SVGSVGElement, o: { current: () => { area: string; centroids: ReadonlyMap<string, readonly [number, number]> } | null; nameOf: (code: string) => string; select: (code: string) => void; open: (code: string) => void }): void {
  svg.addEventListener('keydown', (e) => {
    const now = o.current();
    if (!now) return;
    const action = keyAction(e.key, now.area, now.centroids, o.nameOf);
    if (!action) return;
    if ('open' in action) return o.open(action.open);
    e.preventDefault();
    o.select(action.select);
  });
}
