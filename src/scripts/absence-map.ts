/**
 * The home page's choropleth, in the browser. Reads the map index, one period/phase layer and the
 * boundary vintage for that period (all JSON from /generated/), and draws LAs with d3-geo.
 *
 * State lives in the URL (?measure=&period=&phase=&region=&area=): every change pushes a history entry,
 * so a copied link reopens the same view and the back button steps back through views.
 * Keyboard: the map is one tab stop; arrow keys move between authorities (west/east/north/south of
 * the current one), Enter opens its page; an aria-live region announces each one.
 *
 * On an embed page (data-embed) the view comes from the URL only: no history entries (they would land
 * in the host page's history), pages open in the host's window, and JSON comes from data-base (a
 * pinned release keeps its own copy).
 */
import { geoPath, geoTransverseMercator, type GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import { announce, classify, classText, patternId, PALETTES, ranks, searchAreas, MISSING_MEANING, type MapClass } from '../lib/map-logic';
import { binLabel } from '../lib/bins';
import { fixed } from '../lib/format';
import { MEASURES, PHASE_LABEL, RATE_MEASURES, SERIES_LABEL, type Phase, type RateMeasure } from '../lib/model';
import { SYMBOL_MEANING, DFE_SYMBOLS } from '../lib/symbols';
import type { MapIndex, MapLayer, PeriodEntry } from '../lib/site-data';
import { iframeSnippet } from '../lib/embeds';

type LaFeature = Feature<Geometry, { code: string; name: string }>;

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 720;

const root = document.querySelector<HTMLElement>('[data-absence-map]');
if (root) void init(root);

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface State {
  measure: RateMeasure;
  period: string;
  phase: Phase;
  region: string;
  area: string;
}

async function init(el: HTMLElement): Promise<void> {
  const q = <T extends Element>(sel: string) => el.querySelector<T>(sel)!;
  const status = q<HTMLElement>('[data-map-status]');
  const live = q<HTMLElement>('[data-map-live]');
  const svg = q<SVGSVGElement>('svg[data-map-svg]');
  const legend = q<HTMLElement>('[data-map-legend]');
  const title = q<HTMLElement>('[data-map-title]');
  const source = q<HTMLElement>('[data-map-source]');
  const tableBody = q<HTMLTableSectionElement>('[data-map-table] tbody');
  const tableCaption = q<HTMLElement>('[data-map-table] caption');
  const measureSel = q<HTMLSelectElement>('select[name=measure]');
  const periodSel = q<HTMLSelectElement>('select[name=period]');
  const phaseSel = q<HTMLSelectElement>('select[name=phase]');
  const regionSel = q<HTMLSelectElement>('select[name=region]');
  const tooltip = q<HTMLElement>('[data-map-tooltip]');
  const base = el.dataset.base ?? '/generated/';
  const embed = el.hasAttribute('data-embed');
  const go = (href: string) => (embed ? window.open(href, '_top') : location.assign(href));
  q<HTMLFormElement>('form[data-map-controls]').addEventListener('submit', (e) => e.preventDefault());

  let index: MapIndex;
  try {
    index = await getJson<MapIndex>(`${base}map/index.json`);
  } catch (e) {
    status.textContent = `The map could not load its data (${(e as Error).message}). The table of local authorities is on the Local authorities page.`;
    return;
  }
  const periods = new Map(index.periods.map((p) => [p.id, p]));
  const layerCache = new Map<string, Promise<MapLayer | null>>();
  const topoCache = new Map<number, Promise<LaFeature[]>>();

  const layerOf = (p: PeriodEntry, phase: Phase) => {
    const key = `${p.id}--${phase}`;
    if (!layerCache.has(key)) {
      layerCache.set(key, p.phases.includes(phase) ? getJson<MapLayer>(`${base}map/${key}.json`) : Promise.resolve(null));
    }
    return layerCache.get(key)!;
  };
  const featuresOf = (year: number) => {
    if (!topoCache.has(year)) {
      topoCache.set(
        year,
        getJson<Topology>(`${base}geo/las-${year}.json`).then((t) => {
          const fc = feature(t, t.objects.las as GeometryCollection<{ code: string; name: string }>);
          return (fc as unknown as { features: LaFeature[] }).features;
        }),
      );
    }
    return topoCache.get(year)!;
  };

  // Default view: persistent absence, latest census full year, all schools.
  const census = index.periods.filter((p) => p.series === 'census');
  const defaultPeriod = (census.at(-1) ?? index.periods.at(-1))!;
  const fromUrl = (): State => {
    const u = new URLSearchParams(location.search);
    const measure = (RATE_MEASURES as readonly string[]).includes(u.get('measure') ?? '') ? (u.get('measure') as RateMeasure) : 'enrolments_pa_10_exact_percent';
    const period = periods.has(u.get('period') ?? '') ? u.get('period')! : defaultPeriod.id;
    const p = periods.get(period)!;
    const wantPhase = (u.get('phase') ?? 'total') as Phase;
    const phase = p.phases.includes(wantPhase) ? wantPhase : p.phases[0]!;
    const region = index.regions.some((r) => r.code === u.get('region')) ? u.get('region')! : '';
    const area = u.get('area') && index.areas[u.get('area')!] ? u.get('area')! : '';
    return { measure, period, phase, region, area };
  };
  let state = fromUrl();

  // Controls.
  for (const m of RATE_MEASURES) measureSel.add(new Option(MEASURES[m].label, m));
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const p of [...index.periods].reverse()) {
    let g = groups.get(p.series);
    if (!g) {
      g = document.createElement('optgroup');
      g.label = SERIES_LABEL[p.series].short;
      groups.set(p.series, g);
      periodSel.append(g);
    }
    g.append(new Option(p.label, p.id));
  }
  regionSel.add(new Option('All of England', ''));
  for (const r of index.regions) regionSel.add(new Option(r.name, r.code));

  const syncControls = () => {
    measureSel.value = state.measure;
    periodSel.value = state.period;
    const p = periods.get(state.period)!;
    phaseSel.replaceChildren(...p.phases.map((ph) => new Option(PHASE_LABEL[ph], ph)));
    phaseSel.value = state.phase;
    regionSel.value = state.region;
  };

  const query = () => {
    const u = new URLSearchParams();
    u.set('measure', state.measure);
    u.set('period', state.period);
    u.set('phase', state.phase);
    if (state.region) u.set('region', state.region);
    if (state.area) u.set('area', state.area);
    return u;
  };
  // "Embed this map": the code follows the view on screen.
  const embedCode = () => {
    const q = query().toString();
    el.querySelectorAll<HTMLTextAreaElement>('[data-map-embed] textarea[data-src]').forEach((t) => {
      t.value = iframeSnippet({ origin: '', src: `${t.dataset.src}?${q}`, title: `Map: ${title.textContent ?? 'school absence by local authority'}`, id: t.dataset.frameId!, height: 900 });
    });
    const preview = el.querySelector<HTMLAnchorElement>('[data-map-embed-preview]');
    if (preview) preview.search = q;
  };
  const setState = (next: Partial<State>, push = true) => {
    state = { ...state, ...next };
    const p = periods.get(state.period)!;
    if (!p.phases.includes(state.phase)) state.phase = p.phases.includes('total') ? 'total' : p.phases[0]!;
    if (push && !embed) history.pushState(null, '', `${location.pathname}?${query().toString()}${location.hash}`);
    syncControls();
    void draw();
  };
  measureSel.addEventListener('change', () => setState({ measure: measureSel.value as RateMeasure }));
  periodSel.addEventListener('change', () => setState({ period: periodSel.value }));
  phaseSel.addEventListener('change', () => setState({ phase: phaseSel.value as Phase }));
  regionSel.addEventListener('change', () => setState({ region: regionSel.value, area: '' }));
  window.addEventListener('popstate', () => {
    state = fromUrl();
    syncControls();
    void draw();
  });

  // Drawing.
  let current: { features: LaFeature[]; classes: Map<string, MapClass>; rank: Map<string, number>; prevClasses: Map<string, MapClass> | null; prevLabel: string; centroids: Map<string, [number, number]> } | null = null;
  let drawSeq = 0;

  function previousPeriod(p: PeriodEntry): PeriodEntry | undefined {
    // The same term of the year before, in the same series: autumn is compared with autumn.
    const prevYear = /^\d{6}$/.test(p.time_period)
      ? `${Number(p.time_period.slice(0, 4)) - 1}${p.time_period.slice(2, 4)}`
      : String(Number(p.time_period) - 1);
    return index.periods.find((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.time_period === prevYear);
  }

  async function draw(): Promise<void> {
    const seq = ++drawSeq;
    const p = periods.get(state.period)!;
    status.textContent = 'Loading…';
    let features: LaFeature[];
    let layer: MapLayer | null;
    let prevLayer: MapLayer | null = null;
    const prev = previousPeriod(p);
    try {
      [features, layer, prevLayer] = await Promise.all([featuresOf(p.vintage), layerOf(p, state.phase), prev ? layerOf(prev, state.phase) : Promise.resolve(null)]);
    } catch (e) {
      status.textContent = `The map could not load (${(e as Error).message}).`;
      return;
    }
    if (seq !== drawSeq) return;
    const key = `${state.measure}|${state.phase}`;
    const breaks = index.breaks[key] ?? [];
    const bins = index.bins[key] ?? [{ index: 1, from: null, to: null }];
    const palette = PALETTES[Math.min(7, Math.max(1, bins.length))]!;
    const shown = state.region ? features.filter((f) => index.areas[f.properties.code]?.region === state.region) : features;
    const classes = new Map<string, MapClass>();
    const numbers = new Map<string, number>();
    for (const f of features) {
      const c = classify(layer?.values[f.properties.code]?.[state.measure], breaks);
      classes.set(f.properties.code, c);
      if (c.kind === 'bin') numbers.set(f.properties.code, c.value);
    }
    const prevClasses = prevLayer ? new Map(features.map((f) => [f.properties.code, classify(prevLayer!.values[f.properties.code]?.[state.measure], breaks)])) : null;

    const projection = geoTransverseMercator().rotate([2, -49]).fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'FeatureCollection', features: shown } as GeoPermissibleObjects);
    const path = geoPath(projection);
    const g = svg.querySelector('g[data-areas]')!;
    const nodes: SVGPathElement[] = [];
    const centroids = new Map<string, [number, number]>();
    for (const f of shown) {
      const c = classes.get(f.properties.code)!;
      const node = document.createElementNS(SVG_NS, 'path');
      node.setAttribute('d', path(f) ?? '');
      node.dataset.code = f.properties.code;
      node.dataset.name = f.properties.name;
      node.dataset.kind = c.kind === 'bin' ? `bin-${c.bin}` : c.kind === 'symbol' ? `symbol-${c.symbol}` : 'missing';
      node.setAttribute('fill', c.kind === 'bin' ? palette[c.bin - 1]! : `url(#${patternId(c)})`);
      node.setAttribute('class', 'la');
      nodes.push(node);
      centroids.set(f.properties.code, path.centroid(f) as [number, number]);
    }
    g.replaceChildren(...nodes);
    svg.setAttribute('aria-label', `Map of ${MEASURES[state.measure].label.toLowerCase()} by local authority, ${p.label}${state.region ? `, ${index.regions.find((r) => r.code === state.region)?.name}` : ', England'}. Use the arrow keys to move between authorities and Enter to open one; the table below lists every value.`);
    current = { features: shown, classes, rank: ranks(numbers), prevClasses, prevLabel: prev?.label ?? '', centroids };

    title.textContent = `${MEASURES[state.measure].label}, ${PHASE_LABEL[state.phase].toLowerCase()}, ${p.label}`;
    source.textContent = `Source: ${SERIES_LABEL[p.series].publication} (${SERIES_LABEL[p.series].short.toLowerCase()}), ${p.label}. ${MEASURES[state.measure].unit}. Boundaries: ONS, local authorities as in ${p.vintage}. Colour classes are the same for every period.`;

    // Legend: numbered classes, then one entry per kind of gap on this map.
    const items: string[] = bins.map(
      (b, i) => `<li><svg width="28" height="18" aria-hidden="true"><rect x="1" y="1" width="26" height="16" fill="${palette[i]}" class="swatch"/></svg><span><b>${b.index}</b> ${binLabel(b)}${i === bins.length - 1 ? '' : ''}</span></li>`,
    );
    const kinds = new Set([...classes.entries()].filter(([code]) => shown.some((f) => f.properties.code === code)).map(([, c]) => (c.kind === 'bin' ? '' : patternId(c)!)));
    for (const s of DFE_SYMBOLS) {
      const id = patternId({ kind: 'symbol', symbol: s })!;
      if (kinds.has(id)) items.push(`<li><svg width="28" height="18" aria-hidden="true"><rect x="1" y="1" width="26" height="16" fill="url(#${id})" class="swatch"/></svg><span><b>${s}</b> ${SYMBOL_MEANING[s]}</span></li>`);
    }
    if (kinds.has('pat-missing')) items.push(`<li><svg width="28" height="18" aria-hidden="true"><rect x="1" y="1" width="26" height="16" fill="url(#pat-missing)" class="swatch"/></svg><span>${MISSING_MEANING}</span></li>`);
    legend.innerHTML = `<p class="legend-title">${MEASURES[state.measure].unit}</p><ul>${items.join('')}</ul>`;

    // Table of every area on the map.
    const rows = shown
      .map((f) => ({ code: f.properties.code, name: f.properties.name, c: classes.get(f.properties.code)!, prev: prevClasses?.get(f.properties.code) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    tableCaption.textContent = `${title.textContent}: every local authority on the map (${rows.length})`;
    q<HTMLElement>('[data-prev-head]').textContent = prev ? `${prev.label}` : 'Year before';
    tableBody.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement('tr');
        const rank = current!.rank.get(r.code);
        tr.innerHTML = `<th scope="row"><a href="/local-authorities/${r.code}/"></a></th><td class="num" data-sort="${r.c.kind === 'bin' ? r.c.value : -1}"></td><td class="num" data-sort="${r.prev && r.prev.kind === 'bin' ? r.prev.value : -1}"></td><td class="num" data-sort="${rank ?? 9999}"></td><td></td>`;
        tr.querySelector('a')!.textContent = r.name;
        const cells = tr.querySelectorAll('td');
        cells[0]!.textContent = r.c.kind === 'bin' ? fixed(r.c.value) : classText(r.c);
        cells[1]!.textContent = r.prev ? (r.prev.kind === 'bin' ? fixed(r.prev.value) : classText(r.prev)) : '';
        cells[2]!.textContent = rank ? String(rank) : '';
        cells[3]!.textContent = r.c.kind === 'bin' ? String(r.c.bin) : '';
        return tr;
      }),
    );
    status.textContent = '';
    if (state.area && centroids.has(state.area)) select(state.area, false);
    embedCode();
  }

  // Selection, keyboard and pointer.
  function select(code: string, speak = true): void {
    if (!current) return;
    svg.querySelectorAll('path.selected').forEach((n) => n.classList.remove('selected'));
    const node = svg.querySelector<SVGPathElement>(`path[data-code="${code}"]`);
    if (!node) return;
    node.classList.add('selected');
    node.parentNode!.appendChild(node); // on top, so the outline shows
    const p = periods.get(state.period)!;
    const cls = current.classes.get(code)!;
    const prevCls = current.prevClasses?.get(code);
    const text = announce({
      name: node.dataset.name!,
      measureLabel: MEASURES[state.measure].label.toLowerCase(),
      periodLabel: p.label,
      cls,
      rank: current.rank.get(code),
      of: current.rank.size,
      previous: prevCls ? { label: current.prevLabel, cls: prevCls } : null,
    });
    if (speak) live.textContent = text;
    q<HTMLElement>('[data-map-selected]').innerHTML = `<p></p><a href="/local-authorities/${code}/">Open the ${''}page for <span></span></a>`;
    q<HTMLElement>('[data-map-selected] p').textContent = text;
    q<HTMLElement>('[data-map-selected] span').textContent = node.dataset.name!;
    if (state.area !== code) {
      state.area = code;
      if (!embed) {
        const u = new URLSearchParams(location.search);
        u.set('area', code);
        history.replaceState(null, '', `${location.pathname}?${u.toString()}`);
      }
      embedCode();
    }
  }

  function neighbour(code: string, dir: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): string | null {
    if (!current) return null;
    const [x0, y0] = current.centroids.get(code)!;
    let best: string | null = null;
    let bestScore = Infinity;
    for (const [other, [x, y]] of current.centroids) {
      if (other === code) continue;
      const dx = x - x0;
      const dy = y - y0;
      const along = dir === 'ArrowRight' ? dx : dir === 'ArrowLeft' ? -dx : dir === 'ArrowDown' ? dy : -dy;
      const across = dir === 'ArrowRight' || dir === 'ArrowLeft' ? Math.abs(dy) : Math.abs(dx);
      if (along <= 0) continue;
      const score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = other;
      }
    }
    return best;
  }

  svg.addEventListener('keydown', (e) => {
    if (!current) return;
    const k = e.key;
    if (k === 'ArrowLeft' || k === 'ArrowRight' || k === 'ArrowUp' || k === 'ArrowDown') {
      e.preventDefault();
      const start = state.area && current.centroids.has(state.area) ? state.area : [...current.centroids.keys()].sort((a, b) => (index.areas[a]?.name ?? a).localeCompare(index.areas[b]?.name ?? b))[0]!;
      const next = state.area && current.centroids.has(state.area) ? neighbour(start, k) ?? start : start;
      select(next);
    } else if (k === 'Enter' && state.area) {
      go(`/local-authorities/${state.area}/`);
    } else if (k === 'Home' || k === 'End') {
      e.preventDefault();
      const codes = [...current.centroids.keys()].sort((a, b) => (index.areas[a]?.name ?? a).localeCompare(index.areas[b]?.name ?? b));
      select(k === 'Home' ? codes[0]! : codes.at(-1)!);
    }
  });
  svg.addEventListener('focus', () => {
    if (current && !state.area) live.textContent = 'Map focused. Use the arrow keys to move between local authorities, Enter to open one.';
  });
  svg.addEventListener('click', (e) => {
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (node) go(`/local-authorities/${node.dataset.code}/`);
  });
  svg.addEventListener('pointermove', (e) => {
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node || !current) {
      tooltip.hidden = true;
      return;
    }
    tooltip.hidden = false;
    tooltip.textContent = `${node.dataset.name}: ${classText(current.classes.get(node.dataset.code!)!)}`;
    const box = el.querySelector('.map-frame')!.getBoundingClientRect();
    tooltip.style.left = `${e.clientX - box.left + 12}px`;
    tooltip.style.top = `${e.clientY - box.top + 12}px`;
  });
  svg.addEventListener('pointerleave', () => (tooltip.hidden = true));

  // Sortable table: header buttons sort by their column.
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

  // Find your local authority (not on embed pages).
  const search = el.querySelector<HTMLInputElement>('input[data-la-search]');
  if (search) initSearch(search);
  function initSearch(search: HTMLInputElement): void {
    const results = q<HTMLUListElement>('[data-la-results]');
    const searchStatus = q<HTMLElement>('[data-la-search-status]');
    const laList = Object.entries(index.areas)
      .filter(([, a]) => a.level === 'Local authority')
      .map(([code, a]) => ({ code, name: a.name }));
    const renderResults = () => {
      const hits = searchAreas(search.value, laList);
      results.replaceChildren(
        ...hits.map((h) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = `/local-authorities/${h.code}/`;
          a.textContent = h.name;
          li.append(a);
          return li;
        }),
      );
      searchStatus.textContent = search.value.trim() ? (hits.length ? `${hits.length} match${hits.length === 1 ? '' : 'es'}; press Enter to open ${hits[0]!.name}.` : 'No local authority matches.') : '';
      if (hits[0] && current?.centroids.has(hits[0].code)) select(hits[0].code, false);
    };
    search.addEventListener('input', renderResults);
    q<HTMLFormElement>('form[data-la-form]').addEventListener('submit', (e) => {
      e.preventDefault();
      const hit = searchAreas(search.value, laList)[0];
      if (hit) location.href = `/local-authorities/${hit.code}/`;
      else searchStatus.textContent = 'No local authority matches.';
    });
  }

  syncControls();
  await draw();
}
