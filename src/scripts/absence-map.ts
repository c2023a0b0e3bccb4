/**
 * The home page's choropleth, in the browser: wires the map's parts together. Reads the map index, one
 * period/phase layer and the boundary vintage for that period (map/data.ts), works out what to show
 * (lib/view/map-view-model) and draws it with d3-geo (map/render.ts).
 *
 * State lives in the URL (?measure=&period=&phase=&region=&area=, lib/view/map-url-state): every change
 * pushes a history entry, so a copied link reopens the same view and the back button steps back through views.
 * Keyboard (map/keyboard.ts): the map is one tab stop; arrow keys move between authorities, Enter opens
 * its page; an aria-live region announces each one.
 *
 * On an embed page (data-embed) the view comes from the URL only: no history entries (they would land
 * in the host page's history), pages open in the host's window, and JSON comes from data-base (a
 * pinned release keeps its own copy).
 */
import { MAP_DATA_BASE, previousMapPeriod, searchAreas } from '../lib/view/map-logic';
import { changeMapState, mapQuery, readMapState, withArea, type MapState } from '../lib/view/map-url-state';
import { mapView, type MapView } from '../lib/view/map-view-model';
import type { MapLayer } from '../lib/page-models/site-data';
import type { Phase, RateMeasure } from '../lib/domain/model';
import { embedHeight, mapEmbedCode } from '../lib/publish/embeds';
import { withBase } from '../lib/domain/site-url';
import { loadMapData, type MapData } from './map/data';
import { attachTableSort, mapRenderer, yieldToMain, type MapGeometry } from './map/render';
import { attachPointer } from './map/pointer';
import { attachKeyboard } from './map/keyboard';

const root = document.querySelector<HTMLElement>('[data-absence-map]');
if (root) void init(root);

async function init(el: HTMLElement): Promise<void> {
  const base = el.dataset.base ?? withBase(MAP_DATA_BASE);
  const embed = el.hasAttribute('data-embed');
  const go = (href: string) => (embed ? window.open(href, '_top') : location.assign(href));
  const areaHref = (code: string) => withBase(`/local-authorities/${code}/`);
  el.querySelector<HTMLFormElement>('form[data-map-controls]')!.addEventListener('submit', (e) => e.preventDefault());

  let data: MapData;
  try {
    data = await loadMapData(base);
  } catch (e) {
    el.querySelector('[data-map-status]')!.textContent = `The map could not load its data (${(e as Error).message}). The table of local authorities is on the Local authorities page.`;
    return;
  }
  const { index } = data;
  const r = mapRenderer(el, index);
  const { dom } = r;
  const periodOf = (id: string) => index.periods.find((p) => p.id === id)!;

  const { notes: urlNotes, ...fromAddress } = readMapState(location.search, index);
  let state: MapState = fromAddress;
  dom.note.textContent = urlNotes.join(' ');
  r.fillControls();

  // "Embed this map": the code follows the view on screen.
  const embedCode = () => {
    const query = mapQuery(state).toString();
    el.querySelectorAll<HTMLTextAreaElement>('[data-map-embed] textarea[data-site]').forEach((t) => {
      // The site's absolute root from the build, so the script and frame load from it on any host page.
      t.value = mapEmbedCode({ site: t.dataset.site!, release: t.dataset.release, query, title: `Map: ${dom.title.textContent ?? 'school absence by local authority'}`, id: t.dataset.frameId!, height: embedHeight({ map: true, area: Boolean(state.area), change: Boolean(state.compare) }) });
    });
    const preview = el.querySelector<HTMLAnchorElement>('[data-map-embed-preview]');
    if (preview) preview.search = query;
  };
  const setState = (next: Partial<MapState>) => {
    const changed = changeMapState(state, next, index.periods);
    state = changed.state;
    dom.note.textContent = changed.note;
    if (!embed) history.pushState(null, '', `${location.pathname}?${mapQuery(state).toString()}${location.hash}`);
    r.syncControls(state);
    void draw();
  };
  dom.measure.addEventListener('change', () => setState({ measure: dom.measure.value as RateMeasure }));
  dom.period.addEventListener('change', () => setState({ period: dom.period.value }));
  dom.phase.addEventListener('change', () => setState({ phase: dom.phase.value as Phase }));
  dom.region.addEventListener('change', () => setState({ region: dom.region.value, area: '' }));
  dom.compare.addEventListener('change', () => setState({ compare: dom.compare.value }));
  window.addEventListener('popstate', () => {
    const { notes: _notes, ...s } = readMapState(location.search, index);
    state = s;
    r.syncControls(state);
    void draw();
  });

  // What is on screen: the view model and the shapes it painted.
  let current: { view: MapView; geo: MapGeometry } | null = null;
  let drawSeq = 0;
  let tableFilled = false;

  async function draw(): Promise<void> {
    const seq = ++drawSeq;
    const p = periodOf(state.period);
    dom.status.textContent = 'Loading…';
    let geo: MapGeometry;
    let layer: MapLayer | null;
    let previousLayer: MapLayer | null;
    let baseLayer: MapLayer | null;
    const prev = previousMapPeriod(p, index.periods);
    const compared = state.compare ? periodOf(state.compare) : undefined;
    try {
      // Shapes are made once per boundary year and area shown (in slices, the first time); a change of
      // period, measure or phase on the same boundaries only recolours them, keeping a redraw well under 100 ms.
      [geo, layer, previousLayer, baseLayer] = await Promise.all([
        r.geometry(p.geometry, state.region, data),
        data.layer(p, state.phase),
        prev ? data.layer(prev, state.phase) : Promise.resolve(null),
        compared ? data.layer(compared, state.phase) : Promise.resolve(null),
      ]);
    } catch (e) {
      dom.status.textContent = `The map could not load (${(e as Error).message}).`;
      return;
    }
    if (seq !== drawSeq) return;
    const view = mapView({ index, state, areas: geo.areas, layer, previousLayer, baseLayer });
    r.drawShapes(view, geo);
    current = { view, geo };
    const first = !tableFilled;
    // The first time, the main thread is given back between steps (the map's shapes, its words, then the
    // table of every area, built in slices after the map has painted), so no step blocks a tap for long.
    // Later redraws stay in one go, well under 100 ms.
    if (first) {
      await yieldToMain();
      if (seq !== drawSeq) return;
    }
    r.drawText(view);
    if (state.area && geo.centroids.has(state.area)) select(state.area, false);
    embedCode();
    if (first) {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      if (seq !== drawSeq) return;
      tableFilled = true;
    }
    if (!(await r.drawTable(view, first ? () => seq !== drawSeq : undefined))) return;
    dom.status.textContent = '';
  }

  // Selection: the map, the inset, the words beside the map and the address follow the chosen area.
  function select(code: string, speak = true): void {
    if (!current) return;
    const node = dom.svg.querySelector<SVGPathElement>(`path[data-code="${code}"]`);
    if (!node) {
      for (const map of [dom.svg, dom.inset]) map.querySelectorAll('path.selected').forEach((n) => n.classList.remove('selected'));
      return;
    }
    const text = current.view.selectedText(code);
    r.showSelected(code, node.dataset.name!, text);
    if (speak) dom.live.textContent = text;
    if (state.area !== code) {
      state.area = code;
      if (!embed) history.replaceState(null, '', `${location.pathname}?${withArea(location.search, code)}`);
      embedCode();
    }
  }

  const nameOf = (code: string) => index.areas[code]?.name ?? code;
  attachKeyboard(dom.svg, {
    current: () => (current ? { area: state.area, centroids: current.geo.centroids } : null),
    nameOf,
    select: (code) => select(code),
    open: (code) => go(areaHref(code)),
  });
  dom.svg.addEventListener('focus', () => {
    if (current && !state.area) dom.live.textContent = 'Map focused. Use the arrow keys to move between local authorities, Enter to open one.';
  });
  attachPointer(r, {
    current: () => current?.view ?? null,
    open: (code) => go(areaHref(code)),
    select: (code) => select(code),
  });
  attachTableSort(el, dom.tableBody);

  // Find your local authority (not on embed pages).
  const search = el.querySelector<HTMLInputElement>('input[data-la-search]');
  if (search) {
    const results = r.q<HTMLUListElement>('[data-la-results]');
    const searchStatus = r.q<HTMLElement>('[data-la-search-status]');
    const laList = Object.entries(index.areas)
      .filter(([, a]) => a.level === 'Local authority')
      .map(([code, a]) => ({ code, name: a.name, number: a.number, ended: a.ended ?? false }));
    search.addEventListener('input', () => {
      const hits = searchAreas(search.value, laList);
      results.replaceChildren(
        ...hits.map((h) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = areaHref(h.code);
          a.textContent = h.name;
          li.append(a);
          if (h.ended) li.append(' (no longer exists)');
          return li;
        }),
      );
      searchStatus.textContent = search.value.trim() ? (hits.length ? `${hits.length} match${hits.length === 1 ? '' : 'es'}; press Enter to open ${hits[0]!.name}.` : 'No local authority matches.') : '';
      // The first match is chosen on the map too, and its figure announced: the search drives the map.
      if (hits[0] && current?.geo.centroids.has(hits[0].code)) select(hits[0].code, true);
    });
    r.q<HTMLFormElement>('form[data-la-form]').addEventListener('submit', (e) => {
      e.preventDefault();
      const hit = searchAreas(search.value, laList)[0];
      if (hit) location.href = areaHref(hit.code);
      else searchStatus.textContent = 'No local authority matches.';
    });
  }

  r.syncControls(state);
  await draw();
}
