/**
 * The search box of /local-authorities/: narrows the list to the authorities whose name, code or DfE LA
 * number matches (map-logic.searchAreas, the same rule as the map's search). Without JavaScript the form
 * stays hidden and the whole list shows.
 */
import { searchAreas } from '../lib/view/map-logic';
import { withBase } from '../lib/domain/site-url';

const form = document.querySelector<HTMLFormElement>('form[data-la-list-search]');
if (form) {
  const input = form.querySelector<HTMLInputElement>('input')!;
  const status = form.querySelector<HTMLElement>('[data-la-list-status]')!;
  const items = [...document.querySelectorAll<HTMLLIElement>('li[data-la]')].map((li) => ({ li, code: li.dataset.la!, name: li.dataset.name!, number: li.dataset.number, ended: li.dataset.ended === 'true' }));
  form.hidden = false;
  const filter = () => {
    const query = input.value.trim();
    const hits = new Set(query ? searchAreas(query, items, items.length) : items);
    for (const it of items) it.li.hidden = !hits.has(it);
    document.querySelectorAll<HTMLElement>('section[data-la-region]').forEach((s) => (s.hidden = !s.querySelector('li[data-la]:not([hidden])')));
    status.textContent = query ? (hits.size ? `${hits.size} local ${hits.size === 1 ? 'authority matches' : 'authorities match'}.` : 'No local authority matches.') : '';
  };
  input.addEventListener('input', filter);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = searchAreas(input.value, items)[0];
    if (first) location.href = withBase(`/local-authorities/${first.code}/`);
    else filter();
  });
}
