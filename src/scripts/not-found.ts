/**
 * The page-not-found page: for a trends address with a measure or phase the site does not have, says
 * which part was not understood (the page lists the trends pages that exist); a local authority address
 * with the code in small letters or a DfE number goes on to that authority's page.
 */
import { PHASES, RATE_MEASURES } from '../lib/domain/model';
import { currentSite, withBase } from '../lib/domain/site-url';
import { laCodeFor } from '../lib/view/query-notes';
import type { MapIndex } from '../lib/page-models/site-data';

const out = document.querySelector<HTMLElement>('[data-not-found-note]');
// The address without the base path the site is served under (site-url).
const base = currentSite().base;
const path = location.pathname.startsWith(base) ? `/${location.pathname.slice(base.length)}` : location.pathname;
const m = /^\/trends\/([^/]+)\/([^/]+)\/?$/.exec(path);
if (out && m) {
  const [measure, phase] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
  const bad = [
    ...((RATE_MEASURES as readonly string[]).includes(measure) ? [] : [`measure “${measure}”, which this site does not have`]),
    ...((PHASES as readonly string[]).includes(phase) ? [] : [`phase “${phase}”, which this site does not have`]),
  ];
  out.textContent = `The address asked for trends of ${bad.length ? bad.join(' and ') : `“${measure}” in “${phase}”, a pair with no trends page`}. Nothing is shown in its place: choose one of the trends pages below.`;
  out.hidden = false;
}
// A local authority address with its code in small letters or a DfE number goes on to the authority's page.
if (/^\/local-authorities\/[^/]+\/?$/.test(path)) {
  void fetch(withBase('/generated/map/index.json'))
    .then((res) => (res.ok ? (res.json() as Promise<MapIndex>) : null))
    .then((index) => {
      const code = index ? laCodeFor(path, index.areas) : null;
      if (code) location.replace(withBase(`/local-authorities/${code}/`));
    })
    .catch(() => undefined);
}
