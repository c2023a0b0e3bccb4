/**
 * The map on the page: fills the controls, projects boundary files into SVG paths (once per boundary
 * year and region), paints them from a MapView (lib/view/map-view-model), and writes its title, legend,
 * source line, small authorities, table, the chosen area's words and the pointer's figure card. All the
 * words and colours come from the view model; this module only puts them in the DOM.
 */
import { covidYear } from '../../lib/domain/census-years';
import { MEASURES, PHASE_LABEL, RATE_MEASURES, SERIES_LABEL, type RateMeasure } from '../../lib/domain/model';
import { withBase } from '../../lib/domain/site-url';
import type { MapIndex } from '../../lib/page-models/site-data';
import { comparablePeriods, periodOptionLabel, type MapState } from '../../lib/view/map-url-state';
import type { MapView } from '../../lib/view/map-view-model';
import { fittedPath, MAP_SIZE, type LaFeature } from '../../lib/view/map-view';
import type { MapArea } from '../../lib/view/map-view-model';
import type { MapShapes } from '../../lib/view/map-shapes';
import type { MapData } from './data';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Projected shapes of one boundary year and region: path nodes (map and London inset) and centroids (SVG px). */
export interface MapGeometry {
  /** Every area of the boundary file (the view model classifies them all; the inset may show some off the map). */
  areas: MapArea[];
  order: SVGPathElement[];
  nodes: Map<string, SVGPathElement>;
  insetNodes: Map<string, SVGPathElement>;
  centroids: Map<string, [number, number]>;
}

const areaHref = (code: string) => withBase(`/local-authorities/${code}/`);

/** Areas made (or projected) per slice of a first draw: a few ms each on a mid-range phone. */
const SLICE = 24;
/** Table rows made per slice of a first draw. */
const TABLE_SLICE = 40;

/**
 * Gives the main thread back (a task boundary): scheduler.yield where the browser has it (the rest of
 * the work keeps its place ahead of other tasks), else a zero timeout.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** The map's elements inside `el` (the [data-absence-map] section) and what draws into them. */
export function mapRenderer(el: HTMLElement, index: MapIndex) {
  const q = <T extends Element>(sel: string) => el.querySelector<T>(sel)!;
  const dom = {
    status: q<HTMLElement>('[data-map-status]'),
    note: q<HTMLElement>('[data-map-note]'),
    live: q<HTMLElement>('[data-map-live]'),
    svg: q<SVGSVGElement>('svg[data-map-svg]'),
    legend: q<HTMLElement>('[data-map-legend]'),
    title: q<HTMLElement>('[data-map-title]'),
    source: q<HTMLElement>('[data-map-source]'),
    tableBody: q<HTMLTableSectionElement>('[data-map-table] tbody'),
    tableCaption: q<HTMLElement>('[data-map-table] caption'),
    measure: q<HTMLSelectElement>('select[name=measure]'),
    period: q<HTMLSelectElement>('select[name=period]'),
    phase: q<HTMLSelectElement>('select[name=phase]'),
    region: q<HTMLSelectElement>('select[name=region]'),
    compare: q<HTMLSelectElement>('select[name=compare]'),
    tooltip: q<HTMLElement>('[data-map-tooltip]'),
    inset: q<SVGSVGElement>('svg[data-map-inset]'),
    insetFrame: q<HTMLElement>('[data-inset-frame]'),
    smallAreas: q<HTMLUListElement>('[data-small-areas]'),
  };
  const periods = new Map(index.periods.map((p) => [p.id, p]));
  const geometryCache = new Map<string, Promise<MapGeometry>>();

  /** Options of the controls that do not depend on the view: measures, periods by series, regions. */
  function fillControls(): void {
    for (const m of RATE_MEASURES) dom.measure.add(new Option(MEASURES[m].label, m));
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const p of [...index.periods].reverse()) {
      let g = groups.get(p.series);
      if (!g) {
        g = document.createElement('optgroup');
        g.label = SERIES_LABEL[p.series].short;
        groups.set(p.series, g);
        dom.period.append(g);
      }
      g.append(new Option(periodOptionLabel(p), p.id));
    }
    dom.region.add(new Option('All of England', ''));
    for (const r of index.regions) dom.region.add(new Option(r.name, r.code));
  }

  /** The controls set to `state`; measures and phases the period does not publish cannot be chosen. */
  function syncControls(state: MapState): void {
    const p = periods.get(state.period)!;
    for (const o of dom.measure.options) {
      o.disabled = !p.measures.includes(o.value as RateMeasure);
      o.textContent = `${MEASURES[o.value as RateMeasure].label}${o.disabled ? ' (not published for this period)' : ''}`;
    }
    dom.measure.value = state.measure;
    dom.period.value = state.period;
    dom.phase.replaceChildren(...p.phases.map((ph) => new Option(PHASE_LABEL[ph], ph)));
    dom.phase.value = state.phase;
    dom.region.value = state.region;
    dom.compare.replaceChildren(new Option('No: show the figures', ''), ...comparablePeriods(p, index.periods).reverse().map((x) => new Option(`Change since ${x.label}${covidYear(x.time_period) ? ' (COVID rules)' : ''}`, x.id)));
    dom.compare.value = state.compare;
  }

  /**
   * The shapes for a boundary year and region (all of England when `region` is ''), cached. All of England
   * comes projected from the build (data.shapes); a region is projected here from the boundary file, fitted
   * to it. Nodes are made in slices of SLICE areas with the main thread given back between them
   * (yieldToMain): the build-time picture stays on screen meanwhile, and no single task blocks a tap for long.
   */
  function geometry(vintage: number, region: string, data: MapData): Promise<MapGeometry> {
    const key = `${vintage}|${region}`;
    let hit = geometryCache.get(key);
    if (!hit) {
      hit = region ? data.features(vintage).then((f) => project(region, f)) : data.shapes(vintage).then(fromShapes);
      geometryCache.set(key, hit);
    }
    return hit;
  }

  const make = (code: string, name: string, d: string) => {
    const node = document.createElementNS(SVG_NS, 'path');
    node.setAttribute('d', d);
    node.dataset.code = code;
    node.dataset.name = name;
    node.setAttribute('class', 'la');
    return node;
  };

  async function fromShapes(shapes: MapShapes): Promise<MapGeometry> {
    const nodes = new Map<string, SVGPathElement>();
    const centroids = new Map<string, [number, number]>();
    for (let i = 0; i < shapes.areas.length; i += SLICE) {
      await yieldToMain();
      for (const [code, name, d, cx, cy] of shapes.areas.slice(i, i + SLICE)) {
        nodes.set(code, make(code, name, d));
        centroids.set(code, [cx, cy]);
      }
    }
    const names = new Map(shapes.areas.map(([code, name]) => [code, name]));
    const insetNodes = new Map(shapes.inset.map(([code, d]) => [code, make(code, names.get(code)!, d)]));
    return { areas: shapes.areas.map(([code, name]) => ({ code, name })), order: [...nodes.values()], nodes, insetNodes, centroids };
  }

  async function project(region: string, features: readonly LaFeature[]): Promise<MapGeometry> {
    const shown = features.filter((f) => index.areas[f.properties.code]?.region === region);
    await yieldToMain();
    const path = fittedPath(shown, MAP_SIZE.width, MAP_SIZE.height, 8);
    const nodes = new Map<string, SVGPathElement>();
    const centroids = new Map<string, [number, number]>();
    for (let i = 0; i < shown.length; i += SLICE) {
      await yieldToMain();
      for (const f of shown.slice(i, i + SLICE)) {
        nodes.set(f.properties.code, make(f.properties.code, f.properties.name, path(f) ?? ''));
        centroids.set(f.properties.code, path.centroid(f) as [number, number]);
      }
    }
    // No London inset on a region's map: London's own map shows its boroughs large enough.
    return { areas: features.map((f) => f.properties), order: [...nodes.values()], nodes, insetNodes: new Map(), centroids };
  }

  /** Paints the shapes of `geo` from `view` and puts them on the map in place of the build-time picture. */
  function drawShapes(view: MapView, geo: MapGeometry): void {
    for (const [code, node] of [...geo.nodes, ...geo.insetNodes]) {
      const a = view.paint.get(code)!;
      node.dataset.kind = a.kind;
      node.setAttribute('fill', a.fill);
      node.setAttribute('stroke', a.stroke);
    }
    const g = dom.svg.querySelector('g[data-areas]')!;
    // The build-time picture of the default view (shown without JavaScript) gives way to the live shapes.
    el.querySelectorAll('[data-map-static]').forEach((n) => n.remove());
    if (g.firstChild !== geo.order[0]) {
      g.replaceChildren(...geo.order);
      dom.inset.querySelector('g[data-inset-areas]')!.replaceChildren(...geo.insetNodes.values());
    }
    dom.insetFrame.hidden = geo.insetNodes.size === 0;
  }

  /** Title, source line, the map's label, legend and the small authorities' list. */
  function drawText(view: MapView): void {
    dom.svg.setAttribute('aria-label', view.label);
    dom.title.textContent = view.title;
    dom.source.textContent = view.source;
    dom.legend.innerHTML = view.legend;
    // Authorities too small to see at this scale, reachable here as well as by search and the table.
    dom.smallAreas.replaceChildren(
      ...view.small.map((s) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = areaHref(s.code);
        a.textContent = s.name;
        li.append(a, `: ${s.text}`);
        return li;
      }),
    );
    q<HTMLElement>('.small-areas-heading').hidden = dom.smallAreas.childElementCount === 0;
  }

  /**
   * The table of every area on the map. With `stale` (the first draw), rows are made in slices with the
   * main thread given back between them, and nothing is written once `stale()` says a newer draw began:
   * then it resolves false.
   */
  async function drawTable(view: MapView, stale?: () => boolean): Promise<boolean> {
    const rows: HTMLTableRowElement[] = [];
    for (const [i, r] of view.table.rows.entries()) {
      if (stale && i > 0 && i % TABLE_SLICE === 0) {
        await yieldToMain();
        if (stale()) return false;
      }
      const tr = document.createElement('tr');
      tr.innerHTML = `<th scope="row"><a href="${areaHref(r.code)}"></a></th><td class="num" data-sort="${r.valueSort}"></td><td class="num" data-sort="${r.previousSort}"></td><td class="num" data-sort="${r.rankSort}"></td><td></td>`;
      tr.querySelector('a')!.textContent = r.name;
      const cells = tr.querySelectorAll('td');
      cells[0]!.textContent = r.value;
      cells[1]!.textContent = r.previous;
      cells[2]!.textContent = r.rank;
      cells[3]!.textContent = r.bin;
      rows.push(tr);
    }
    dom.tableCaption.textContent = view.table.caption;
    q<HTMLElement>('[data-value-head]').textContent = view.table.valueHead;
    q<HTMLElement>('[data-prev-head]').textContent = view.table.previousHead;
    dom.tableBody.replaceChildren(...rows);
    return true;
  }

  /** Marks `code` selected on the map and the inset (raised so its outline shows) and shows `text` with a link. */
  function showSelected(code: string, name: string, text: string): void {
    for (const map of [dom.svg, dom.inset]) map.querySelectorAll('path.selected').forEach((n) => n.classList.remove('selected'));
    for (const n of [dom.svg, dom.inset].map((m) => m.querySelector<SVGPathElement>(`path[data-code="${code}"]`))) {
      if (!n) continue;
      n.classList.add('selected');
      n.parentNode!.appendChild(n);
    }
    const box = q<HTMLElement>('[data-map-selected]');
    box.innerHTML = `<p></p><a href="${areaHref(code)}">Open the page for <span></span></a>`;
    box.querySelector('p')!.textContent = text;
    box.querySelector('span')!.textContent = name;
  }

  /** The figure `text` of `node` beside the pointer: a tooltip on hover, a card with a link after a tap. */
  function showCard(node: SVGPathElement, text: string, e: MouseEvent, withLink: boolean): void {
    const tooltip = dom.tooltip;
    tooltip.hidden = false;
    tooltip.classList.toggle('map-card', withLink);
    tooltip.replaceChildren(text);
    if (withLink) {
      const a = document.createElement('a');
      a.href = areaHref(node.dataset.code!);
      a.textContent = `Open the page for ${node.dataset.name}`;
      tooltip.append(document.createElement('br'), a);
    }
    const box = el.querySelector('.map-frame')!.getBoundingClientRect();
    const x = Math.max(0, Math.min(e.clientX - box.left + 12, box.width - Math.min(tooltip.offsetWidth, box.width)));
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${e.clientY - box.top + 12}px`;
  }

  return { dom, q, fillControls, syncControls, geometry, drawShapes, drawText, drawTable, showSelected, showCard };
}

export type MapRenderer = ReturnType<typeof mapRenderer>;

/** Sortable table: each header button sorts the rows by its column (numbers by their data-sort), toggling the direction. */
export function attachTableSort(el: HTMLElement, tableBody: HTMLTableSectionElement): void {
  el.querySelectorAll<HTMLButtonElement>('[data-map-table] thead button').forEach((btn, col) => {
    btn.addEventListener('click', () => {
      const th = btn.closest('th')!;
      const asc = th.getAttribute('aria-sort') !== 'ascending';
      el.querySelectorAll('[data-map-table] thead th').forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      const rows = [...tableBody.rows];
      const keyOf = (r: HTMLTableRowElement) => (col === 0 ? r.cells[0]!.textContent ?? '' : Number((r.cells[col] as HTMLElement).dataset.sort ?? 0));
      rows.sort((a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        const d = typeof ka === 'string' ? ka.localeCompare(kb as string) : (ka as number) - (kb as number);
        return asc ? d : -d;
      });
      tableBody.replaceChildren(...rows);
    });
  });
}
