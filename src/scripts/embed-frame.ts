/**
 * Runs on every embed page: applies ?theme=light|dark|auto and, inside an iframe, tells the host page
 * the content's height on load and whenever it changes (ResizeObserver), in the Datawrapper, pym.js
 * and AMP formats (see lib/embed-messages). The id is pym's ?childId= when given, else the page's own.
 */
import { heightMessages } from '../lib/publish/embed-messages';

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark' || theme === 'auto') document.documentElement.dataset.theme = theme;

const root = document.querySelector<HTMLElement>('[data-embed-id]');
if (root && window.parent !== window) {
  // Read at each report: a pinned release's shared renderer sets the chart's id once its data is in.
  const id = () => params.get('childId') || root.dataset.embedId || 'absence-embed';
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || height === 0) return;
    last = height;
    for (const message of heightMessages(id(), height)) window.parent.postMessage(message, '*');
  };
  new ResizeObserver(report).observe(document.body);
  addEventListener('load', report);
  report();
}
