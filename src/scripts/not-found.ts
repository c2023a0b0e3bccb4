/**
 * The page-not-found page: for a trends address with a measure or phase the site does not have, says
 * which part was not understood (the page lists the trends pages that exist).
 */
import { PHASES, RATE_MEASURES } from '../lib/domain/model';
import { currentSite } from '../lib/domain/site-url';

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
