/**
 * Which area a tap on the map means. At phone width most authorities are drawn smaller than a finger
 * (112 of 153 under 24 x 24 px at 375 px; the Isles of Scilly are a few specks of land), so a tap that
 * lands beside a small area, or in the sea between its islands, is taken as meant for it. Pure (boxes
 * in, code out); the map script measures the boxes (getBoundingClientRect of each area's path).
 */

/** An area's drawn bounding box in CSS px, in the same coordinates as the tap (clientX/clientY). */
export interface AreaBox {
  code: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest target, in CSS px a side, that WCAG 2.5.8 (target size, minimum) asks for. */
export const MIN_TARGET_PX = 24;

/** Distance in px from (x, y) to the box (0 inside it). */
function distanceTo(b: AreaBox, x: number, y: number): number {
  const dx = Math.max(b.left - x, 0, x - (b.left + b.width));
  const dy = Math.max(b.top - y, 0, y - (b.top + b.height));
  return Math.hypot(dx, dy);
}

/**
 * The code of the area a tap at (x, y) selects. `hit` is the area whose shape is under the tap (null
 * in the sea or outside every shape). An area whose box is under `min` px on either side has a target
 * of its box grown to at least `min` x `min` about its centre. The shape under the finger wins when it
 * is itself small; otherwise, among the small areas whose target holds the tap, the one whose box is
 * nearest wins (the smaller on a tie); failing both, `hit`. Large areas keep exactly their shape
 * minus what small neighbours claim within half a target of themselves: they can be tapped elsewhere.
 */
export function tapTarget(x: number, y: number, hit: string | null, boxes: readonly AreaBox[], min = MIN_TARGET_PX): string | null {
  const small = boxes.filter((b) => b.width < min || b.height < min);
  if (hit !== null && small.some((b) => b.code === hit)) return hit;
  let best: { code: string; d: number; area: number } | null = null;
  for (const b of small) {
    const cx = b.left + b.width / 2;
    const cy = b.top + b.height / 2;
    const halfW = Math.max(b.width, min) / 2;
    const halfH = Math.max(b.height, min) / 2;
    if (Math.abs(x - cx) > halfW || Math.abs(y - cy) > halfH) continue;
    const d = distanceTo(b, x, y);
    const area = b.width * b.height;
    if (!best || d < best.d || (d === best.d && area < best.area)) best = { code: b.code, d, area };
  }
  return best?.code ?? hit;
}
