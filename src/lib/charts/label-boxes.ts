/**
 * Where a chart's note labels ("COVID rules", "six half terms from here") go so that they never sit on a
 * line's end label or a "no figures" label. Works in SVG px with boxes estimated from the text's length
 * (no DOM, no Plot), so the build-time charts and the browser-drawn /compare/ chart can share it.
 */

/** A text's box in SVG px (y grows downwards). */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Estimated width in px of one character: system-ui at weight 400 averages about 0.55em, bold about 0.6em; kept wider on purpose. */
const CHAR_EM = { regular: 0.6, bold: 0.66 } as const;

/**
 * Box of `text` drawn at (x, y) in px with its vertical middle at y (Plot's default line anchor),
 * `anchor` as SVG text-anchor, `fontPx` its size. Width is estimated from the number of characters.
 */
export function textBox(text: string, x: number, y: number, fontPx: number, anchor: 'start' | 'middle' | 'end', bold = false): Box {
  const w = [...text].length * fontPx * CHAR_EM[bold ? 'bold' : 'regular'];
  const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { left, right: left + w, top: y - fontPx / 2 - 1, bottom: y + fontPx / 2 + 1 };
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** A place a note label may go: its text-anchor, its offsets from the rule's x and from the plot's top edge. */
export interface NoteSpot {
  anchor: 'start' | 'end';
  dx: number;
  dy: number;
}

/** Note label size in px (smaller than the end labels: it annotates, it is not data). */
export const NOTE_FONT_PX = 10;

/**
 * Spots tried in order for a note at a vertical rule: the top of the plot area right of the rule, then
 * left of it, then one row lower on either side. The top of the plot is above every line (the y axis
 * runs at least 18% past the highest value), so only end labels pushed up by their neighbours reach it.
 */
export const NOTE_SPOTS: readonly NoteSpot[] = [
  { anchor: 'start', dx: 3, dy: 8 },
  { anchor: 'end', dx: -3, dy: 8 },
  { anchor: 'start', dx: 3, dy: 8 + NOTE_FONT_PX + 4 },
  { anchor: 'end', dx: -3, dy: 8 + NOTE_FONT_PX + 4 },
];

/**
 * Chooses a spot for each note (x in px of its rule, text) so that its box overlaps none of `obstacles`
 * (end labels, "no figures" labels), no note placed before it, and stays inside 0..`width`. `top` is the
 * plot area's top edge in px. A note for which no spot is clear gets the first one. Returns one spot per
 * note, in order, with the box it gets.
 */
export function placeNotes(notes: readonly { x: number; text: string }[], obstacles: readonly Box[], top: number, width: number): { spot: NoteSpot; box: Box }[] {
  const taken = [...obstacles];
  return notes.map((n) => {
    const tried = NOTE_SPOTS.map((spot) => ({ spot, box: textBox(n.text, n.x + spot.dx, top + spot.dy, NOTE_FONT_PX, spot.anchor) }));
    const clear = tried.find(({ box }) => box.left >= 0 && box.right <= width && !taken.some((o) => overlaps(box, o)));
    const chosen = clear ?? tried[0]!;
    taken.push(chosen.box);
    return chosen;
  });
}
