/**
 * What a page says when its address asks for something it cannot show (an unknown period, a measure a
 * period does not publish, a code that is not an authority): one sentence naming what was asked for and
 * what is shown instead, so a shared link never silently shows something else. Pure and browser-safe;
 * used by the map, /compare/ and the page-not-found page.
 */

/**
 * "The address asked for period “2031/32”, which this site does not have; showing 2024/25 full year
 * (school census) instead." `why` replaces the middle clause ("which is not published for 2024/25").
 */
export function askedNote(what: string, asked: string, shown: string, why = 'which this site does not have'): string {
  return `The address asked for ${what} “${asked}”, ${why}; showing ${shown} instead.`;
}

/**
 * One URL parameter read against the values a page offers: the value when it is one of `allowed`, else
 * `fallback` with an askedNote (`label` names a value in words). An absent or empty parameter takes
 * `fallback` without a note.
 */
export function chooseParam<T extends string>(asked: string | null, allowed: readonly T[], fallback: T, what: string, label: (v: T) => string): { value: T; note?: string } {
  if (asked === null || asked === '') return { value: fallback };
  if ((allowed as readonly string[]).includes(asked)) return { value: asked as T };
  return { value: fallback, note: askedNote(what, asked, label(fallback)) };
}

/**
 * The authority a mistyped local-authority address means, for the page-not-found page to send the reader
 * on: `/local-authorities/e06000032/` (code in small letters) or `/local-authorities/821/` (DfE number)
 * gives "E06000032". `path` is the address without the base path; `areas` is the map index's areas (code
 * to level and DfE number). Null when the path is not such an address or names no authority; an ended
 * authority is only matched by its own code, as a DfE number carries on to its successor.
 */
export function laCodeFor(path: string, areas: Readonly<Record<string, { level: string; number?: string; ended?: boolean }>>): string | null {
  const m = /^\/local-authorities\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  const asked = decodeURIComponent(m[1]!).trim();
  const upper = asked.toUpperCase();
  if (upper !== asked && areas[upper]?.level === 'Local authority') return upper;
  const byNumber = Object.entries(areas).filter(([, a]) => a.level === 'Local authority' && a.number === asked);
  return (byNumber.find(([, a]) => !a.ended) ?? byNumber[0])?.[0] ?? null;
}
