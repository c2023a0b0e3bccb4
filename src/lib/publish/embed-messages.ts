/**
 * The messages an embed page sends its host page to say how tall it is, in the three formats hosts
 * already listen for, so that Datawrapper's, pym.js's and AMP's resizers all work without our script:
 *
 *   Datawrapper: { "datawrapper-height": { "<id>": 512 } }
 *   pym.js:      "pymxPYMx<id>xPYMxheightxPYMx512"
 *   AMP:         { sentinel: "amp", type: "embed-size", height: 512 }
 *
 * Shared by the embed page's script and the tests; public/embed.js (our optional host script) reads
 * all three.
 */
export type HeightMessage = { 'datawrapper-height': Record<string, number> } | string | { sentinel: 'amp'; type: 'embed-size'; height: number };

export function heightMessages(id: string, height: number): HeightMessage[] {
  const h = Math.ceil(height);
  return [{ 'datawrapper-height': { [id]: h } }, `pymxPYMx${id}xPYMxheightxPYMx${h}`, { sentinel: 'amp', type: 'embed-size', height: h }];
}

/** The height in any of the three formats, or null for other messages. */
export function heightFromMessage(data: unknown): number | null {
  if (typeof data === 'string') {
    const m = /^pymxPYMx.*xPYMxheightxPYMx(\d+(?:\.\d+)?)$/.exec(data);
    return m ? Number(m[1]) : null;
  }
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    const dw = d['datawrapper-height'];
    if (dw && typeof dw === 'object') {
      const v = Object.values(dw as Record<string, unknown>)[0];
      return typeof v === 'number' ? v : null;
    }
    if (d.sentinel === 'amp' && d.type === 'embed-size' && typeof d.height === 'number') return d.height;
  }
  return null;
}
