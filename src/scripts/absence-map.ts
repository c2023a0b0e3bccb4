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
import { announce, pupilsText, changeBetween, classify, classText, divergingPalette, outlineFor, patternId, PALETTES, ranks, searchAreas, MISSING_MEANING, type MapClass } from '../lib/map-logic';
import { binLabel, binOf, changeBinLabel } from '../lib/bins';
import { fixed } from '../lib/format';
import { previousYear } from '../lib/periods';
import { MEASURES, PHASE_LABEL, RATE_MEASURES, SERIES_LABEL, type Phase, type RateMeasure } from '../lib/model';
import { SYMBOL_MEANING, DFE_SYMBOLS } from '../lib/symbols';
import type { MapIndex, MapLayer, PeriodEntry } from '../lib/site-data';
import { cautionText } from '../lib/cautions';
import { covidYear } from '../lib/census-years';
import { mapEmbedCode } from '../lib/embeds';
import { withBase } from '../lib/site-url';

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
  /** Period compared with in change mode ('' = show values). Same series and term as `period`. */
  compare: string;
  phase: Phase;
  region: string;
  area: string;
}

async function init(el: HTMLElement): Promise<void> {
  const q = <T extends Element>(sel: string) => el.querySelector<T>(sel)!;
  const status = q<HTMLElement>('[data-map-status]');
  const note = q<HTMLElement>('[data-map-note]');
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
  const compareSel = q<HTMLSelectElement>('select[name=compare]');
  const tooltip = q<HTMLElement>('[data-map-tooltip]');
  const inset = q<SVGSVGElement>('svg[data-map-inset]');
  const insetFrame = q<HTMLElement>('[data-inset-frame]');
  const smallAreas = q<HTMLUListElement>('[data-small-areas]');
  const base = el.dataset.base ?? withBase('/generated/');
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

  // Periods a period can be compared with: earlier ones of the same series and the same term.
  const comparable = (p: PeriodEntry) => index.periods.filter((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.id < p.id && x.id !== p.id && x.time_period < p.time_period);

  // Default view: persistent absence, latest census full year, all schools.
  const census = index.periods.filter((p) => p.series === 'census');
  const defaultPeriod = (census.at(-1) ?? index.periods.at(-1))!;
  const fromUrl = (): State => {
    const u = new URLSearchParams(location.search);
    const period = periods.has(u.get('period') ?? '') ? u.get('period')! : defaultPeriod.id;
    const p = periods.get(period)!;
    const wanted = (RATE_MEASURES as readonly string[]).includes(u.get('measure') ?? '') ? (u.get('measure') as RateMeasure) : 'enrolments_pa_10_exact_percent';
    const measure = p.measures.includes(wanted) ? wanted : p.measures[0]!;
    const wantPhase = (u.get('phase') ?? 'total') as Phase;
    const phase = p.phases.includes(wantPhase) ? wantPhase : p.phases[0]!;
    const region = index.regions.some((r) => r.code === u.get('region')) ? u.get('region')! : '';
    const area = u.get('area') && index.areas[u.get('area')!] ? u.get('area')! : '';
    const c = periods.get(u.get('compare') ?? '');
    const compare = c && comparable(p).some((x) => x.id === c.id) ? c.id : '';
    return { measure, period, phase, region, area, compare };
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
    g.append(new Option(`${p.label} (${SERIES_LABEL[p.series].short.toLowerCase()})`, p.id));
  }
  regionSel.add(new Option('All of England', ''));
  for (const r of index.regions) regionSel.add(new Option(r.name, r.code));

  const syncControls = () => {
    const p = periods.get(state.period)!;
    // Measures a period does not publish (the registers have no severe absence) cannot be chosen.
    for (const o of measureSel.options) {
      o.disabled = !p.measures.includes(o.value as RateMeasure);
      o.textContent = `${MEASURES[o.value as RateMeasure].label}${o.disabled ? ' (not published for this period)' : ''}`;
    }
    measureSel.value = state.measure;
    periodSel.value = state.period;
    phaseSel.replaceChildren(...p.phases.map((ph) => new Option(PHASE_LABEL[ph], ph)));
    phaseSel.value = state.phase;
    regionSel.value = state.region;
    compareSel.replaceChildren(new Option('No: show the figures', ''), ...comparable(p).reverse().map((x) => new Option(`Change since ${x.label}${covidYear(x.time_period) ? ' (COVID rules)' : ''}`, x.id)));
    compareSel.value = state.compare;
  };

  const query = () => {
    const u = new URLSearchParams();
    u.set('measure', state.measure);
    u.set('period', state.period);
    u.set('phase', state.phase);
    if (state.region) u.set('region', state.region);
    if (state.area) u.set('area', state.area);
    if (state.compare) u.set('compare', state.compare);
    return u;
  };
  // "Embed this map": the code follows the view on screen.
  const embedCode = () => {
    const q = query().toString();
    el.querySelectorAll<HTMLTextAreaElement>('[data-map-embed] textarea[data-site]').forEach((t) => {
      // The site's absolute root from the build, so the script and frame load from it on any host page.
      t.value = mapEmbedCode({ site: t.dataset.site!, release: t.dataset.release, query: q, title: `Map: ${title.textContent ?? 'school absence by local authority'}`, id: t.dataset.frameId!, height: 900 });
    });
    const preview = el.querySelector<HTMLAnchorElement>('[data-map-embed-preview]');
    if (preview) preview.search = q;
  };
  const setState = (next: Partial<State>, push = true) => {
    state = { ...state, ...next };
    const p = periods.get(state.period)!;
    if (!p.phases.includes(state.phase)) state.phase = p.phases.includes('total') ? 'total' : p.phases[0]!;
    if (state.compare && !comparable(p).some((x) => x.id === state.compare)) state.compare = '';
    note.textContent = '';
    if (!p.measures.includes(state.measure)) {
      note.textContent = `${MEASURES[state.measure].label} is not published for ${p.label}; showing ${MEASURES[p.measures[0]!].label.toLowerCase()}.`;
      state.measure = p.measures[0]!;
    }
    if (push && !embed) history.pushState(null, '', `${location.pathname}?${query().toString()}${location.hash}`);
    syncControls();
    void draw();
  };
  measureSel.addEventListener('change', () => setState({ measure: measureSel.value as RateMeasure }));
  periodSel.addEventListener('change', () => setState({ period: periodSel.value }));
  phaseSel.addEventListener('change', () => setState({ phase: phaseSel.value as Phase }));
  regionSel.addEventListener('change', () => setState({ region: regionSel.value, area: '' }));
  compareSel.addEventListener('change', () => setState({ compare: compareSel.value }));
  window.addEventListener('popstate', () => {
    state = fromUrl();
    syncControls();
    void draw();
  });

  // Drawing.
  let current: {
    features: LaFeature[];
    classes: Map<string, MapClass>;
    rank: Map<string, number>;
    prevClasses: Map<string, MapClass> | null;
    prevLabel: string;
    centroids: Map<string, [number, number]>;
    change: boolean;
    /** LAs with a number in the chosen period, to word change-mode gaps. */
    nowHasFigure: Set<string>;
    /** Pupils behind each LA's rate in the chosen period (persistent and severe absence), by code. */
    pupils: Map<string, number | string>;
  } | null = null;
  let drawSeq = 0;

  function previousPeriod(p: PeriodEntry): PeriodEntry | undefined {
    // The same term of the year before, in the same series: autumn is compared with autumn.
    const prevYear = previousYear(p.time_period);
    return index.periods.find((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.time_period === prevYear);
  }

  const geometryCache = new Map<string, { order: SVGPathElement[]; nodes: Map<string, SVGPathElement>; insetNodes: Map<string, SVGPathElement>; centroids: Map<string, [number, number]> }>();

  /** The projected shapes for a boundary year and region (all of England when `region` is ''), cached. */
  function geometryFor(vintage: number, region: string, features: LaFeature[], shown: LaFeature[]) {
    const key = `${vintage}|${region}`;
    const hit = geometryCache.get(key);
    if (hit) return hit;
    const make = (f: LaFeature, d: string) => {
      const node = document.createElementNS(SVG_NS, 'path');
      node.setAttribute('d', d);
      node.dataset.code = f.properties.code;
      node.dataset.name = f.properties.name;
      node.setAttribute('class', 'la');
      return node;
    };
    const path = geoPath(geoTransverseMercator().rotate([2, -49]).fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'FeatureCollection', features: shown } as GeoPermissibleObjects));
    const nodes = new Map<string, SVGPathElement>();
    const centroids = new Map<string, [number, number]>();
    for (const f of shown) {
      nodes.set(f.properties.code, make(f, path(f) ?? ''));
      centroids.set(f.properties.code, path.centroid(f) as [number, number]);
    }
    // London, enlarged: its 33 boroughs are too small to pick out at national scale.
    const insetNodes = new Map<string, SVGPathElement>();
    const london = features.filter((f) => index.areas[f.properties.code]?.region === 'E12000007');
    if (!region && london.length) {
      const ip = geoPath(geoTransverseMercator().rotate([2, -49]).fitExtent([[4, 4], [236, 176]], { type: 'FeatureCollection', features: london } as GeoPermissibleObjects));
      for (const f of london) insetNodes.set(f.properties.code, make(f, ip(f) ?? ''));
    }
    const entry = { order: [...nodes.values()], nodes, insetNodes, centroids };
    geometryCache.set(key, entry);
    return entry;
  }

  async function draw(): Promise<void> {
    const seq = ++drawSeq;
    const p = periods.get(state.period)!;
    status.textContent = 'Loading…';
    let features: LaFeature[];
    let layer: MapLayer | null;
    let prevLayer: MapLayer | null = null;
    let baseLayer: MapLayer | null = null;
    const prev = previousPeriod(p);
    const base = state.compare ? periods.get(state.compare)! : undefined;
    try {
      [features, layer, prevLayer, baseLayer] = await Promise.all([
        featuresOf(p.geometry),
        layerOf(p, state.phase),
        prev ? layerOf(prev, state.phase) : Promise.resolve(null),
        base ? layerOf(base, state.phase) : Promise.resolve(null),
      ]);
    } catch (e) {
      status.textContent = `The map could not load (${(e as Error).message}).`;
      return;
    }
    if (seq !== drawSeq) return;
    const key = `${state.measure}|${state.phase}`;
    const change = Boolean(base);
    const breaks = (change ? index.changeBreaks[key] : index.breaks[key]) ?? [];
    const bins = (change ? index.changeBins[key] : index.bins[key]) ?? [{ index: 1, from: null, to: null }];
    const palette = change ? divergingPalette(bins.length) : PALETTES[Math.min(7, Math.max(1, bins.length))]!;
    const shown = state.region ? features.filter((f) => index.areas[f.properties.code]?.region === state.region) : features;
    const classes = new Map<string, MapClass>();
    const numbers = new Map<string, number>();
    const nowHasFigure = new Set<string>();
    for (const f of features) {
      const code = f.properties.code;
      let c = classify(layer?.values[code]?.[state.measure], breaks);
      if (c.kind === 'bin') nowHasFigure.add(code);
      if (change) {
        // A change needs a figure in both periods; otherwise the gap of whichever period lacks one is shown.
        const b = classify(baseLayer?.values[code]?.[state.measure], []);
        if (c.kind === 'bin' && b.kind === 'bin') {
          const d = changeBetween(c.value, b.value);
          c = { kind: 'bin', bin: binOf(d, breaks), value: d };
        } else if (c.kind === 'bin') c = b;
      }
      classes.set(code, c);
      if (c.kind === 'bin') numbers.set(code, c.value);
    }
    // The table's second column: the year before, or in change mode the period compared with.
    const otherLayer = change ? baseLayer : prevLayer;
    const prevClasses = otherLayer ? new Map(features.map((f) => [f.properties.code, classify(otherLayer.values[f.properties.code]?.[state.measure], change ? [] : breaks)])) : null;
    const valueText = (c: MapClass) => (c.kind !== 'bin' ? classText(c) : change ? `${c.value > 0 ? '+' : ''}${fixed(c.value)} points` : `${fixed(c.value)}%`);
    const fillOf = (c: MapClass) => (c.kind === 'bin' ? palette[c.bin - 1]! : `url(#${patternId(c)})`);
    const outlineOf = (c: MapClass) => (c.kind === 'bin' ? outlineFor(palette[c.bin - 1]!) : '#1b1b1b');

    // Shapes are projected once per boundary year and area shown; a change of period, measure or phase
    // on the same boundaries only recolours them, which keeps a redraw well under 100 ms.
    const geo = geometryFor(p.geometry, state.region, features, shown);
    for (const [code, node] of [...geo.nodes, ...geo.insetNodes]) {
      const c = classes.get(code)!;
      node.dataset.kind = c.kind === 'bin' ? `bin-${c.bin}` : c.kind === 'symbol' ? `symbol-${c.symbol}` : 'missing';
      node.setAttribute('fill', fillOf(c));
      node.setAttribute('stroke', outlineOf(c));
    }
    const g = svg.querySelector('g[data-areas]')!;
    if (g.firstChild !== geo.order[0]) {
      g.replaceChildren(...geo.order);
      inset.querySelector('g[data-inset-areas]')!.replaceChildren(...geo.insetNodes.values());
    }
    insetFrame.hidden = geo.insetNodes.size === 0;
    const centroids = geo.centroids;

    const measureLabel = MEASURES[state.measure].label;
    svg.setAttribute('aria-label', `Map of ${change ? 'change in ' : ''}${measureLabel.toLowerCase()} by local authority, ${change ? `${base!.label} to ${p.label}` : p.label}${state.region ? `, ${index.regions.find((r) => r.code === state.region)?.name}` : ', England'}. Use the arrow keys to move between authorities and Enter to open one; the table below lists every value.`);
    const pupils = new Map<string, number | string>();
    for (const [code, cell] of Object.entries(layer?.counts ?? {})) {
      const n = cell[state.measure];
      if (n !== undefined) pupils.set(code, n);
    }
    current = { features: shown, classes, rank: ranks(numbers), prevClasses: change ? null : prevClasses, prevLabel: prev?.label ?? '', centroids, change, nowHasFigure, pupils };

    title.textContent = change
      ? `Change in ${measureLabel.toLowerCase()}, ${PHASE_LABEL[state.phase].toLowerCase()}, from ${base!.label} to ${p.label} (${SERIES_LABEL[p.series].short.toLowerCase()}, percentage points)`
      : `${measureLabel}, ${PHASE_LABEL[state.phase].toLowerCase()}, ${p.label} (${SERIES_LABEL[p.series].short.toLowerCase()})`;
    source.textContent = `Source: ${SERIES_LABEL[p.series].publication} (${SERIES_LABEL[p.series].short.toLowerCase()}), ${change ? `${base!.label} and ${p.label}` : p.label}. ${change ? 'Difference in percentage points of ' : ''}${MEASURES[state.measure].unit}. Boundaries: ONS, local authorities as in ${p.vintage}. Colour classes are the same for every period.`;

    // Legend: numbered classes, then one entry per kind of gap on this map.
    const swatch = (fill: string) => `<svg width="28" height="18" aria-hidden="true"><rect x="1" y="1" width="26" height="16" fill="${fill}" class="swatch"/></svg>`;
    const items: string[] = bins.map((b, i) => `<li>${swatch(palette[i]!)}<span><b>${b.index}</b> ${change ? changeBinLabel(b) : binLabel(b)}</span></li>`);
    const onMap = new Set(shown.map((f) => f.properties.code));
    const kinds = new Set([...classes.entries()].filter(([code]) => onMap.has(code)).map(([, c]) => (c.kind === 'bin' ? '' : patternId(c)!)));
    for (const sym of DFE_SYMBOLS) {
      const id = patternId({ kind: 'symbol', symbol: sym })!;
      if (kinds.has(id)) items.push(`<li data-legend-symbol="${id}">${swatch(`url(#${id})`)}<span><b>${sym}</b> ${SYMBOL_MEANING[sym]}</span></li>`);
    }
    if (kinds.has('pat-missing')) items.push(`<li data-legend-symbol="pat-missing">${swatch('url(#pat-missing)')}<span>${MISSING_MEANING}</span></li>`);
    legend.innerHTML = `<p class="legend-title">${change ? 'Change, percentage points' : MEASURES[state.measure].unit}</p><ul>${items.join('')}</ul>`;

    // Authorities too small to see at this scale, reachable here as well as by search and the table.
    smallAreas.replaceChildren(
      ...['E09000001', 'E06000053', 'E06000017']
        .filter((code) => onMap.has(code))
        .map((code) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = withBase(`/local-authorities/${code}/`);
          a.textContent = index.areas[code]?.name ?? code;
          li.append(a, `: ${valueText(classes.get(code)!)}`);
          return li;
        }),
    );

    q<HTMLElement>('.small-areas-heading').hidden = smallAreas.childElementCount === 0;

    // Table of every area on the map.
    const rows = shown
      .map((f) => ({ code: f.properties.code, name: f.properties.name, c: classes.get(f.properties.code)!, prev: prevClasses?.get(f.properties.code) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    tableCaption.textContent = `${title.textContent}: every local authority on the map (${rows.length})`;
    q<HTMLElement>('[data-value-head]').textContent = change ? 'Change (points)' : 'Value (%)';
    q<HTMLElement>('[data-prev-head]').textContent = change ? `${base!.label} (%)` : prev ? `${prev.label} (%)` : 'Year before (%)';
    tableBody.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement('tr');
        const rank = current!.rank.get(r.code);
        tr.innerHTML = `<th scope="row"><a href="${withBase(`/local-authorities/${r.code}/`)}"></a></th><td class="num" data-sort="${r.c.kind === 'bin' ? r.c.value : -1e9}"></td><td class="num" data-sort="${r.prev && r.prev.kind === 'bin' ? r.prev.value : -1e9}"></td><td class="num" data-sort="${rank ?? 9999}"></td><td></td>`;
        tr.querySelector('a')!.textContent = r.name;
        const cells = tr.querySelectorAll('td');
        cells[0]!.textContent = r.c.kind === 'bin' ? (change ? `${r.c.value > 0 ? '+' : ''}${fixed(r.c.value)}` : fixed(r.c.value)) : classText(r.c);
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
    const base = state.compare ? periods.get(state.compare) : undefined;
    const measureWords = MEASURES[state.measure].label.toLowerCase();
    const changeText = () => {
      if (cls.kind === 'bin') {
        const how = cls.value > 0 ? `rose by ${fixed(cls.value)} percentage points` : cls.value < 0 ? `fell by ${fixed(-cls.value)} percentage points` : 'was unchanged';
        return `${node.dataset.name}: ${measureWords} ${how} from ${base?.label} to ${p.label}.`;
      }
      // Which of the two periods lacks a figure decides the words.
      const nowHasFigure = current!.nowHasFigure.has(code);
      return nowHasFigure
        ? `${node.dataset.name}: no change can be shown, because ${base?.label} has no figure (${classText(cls)}).`
        : `${node.dataset.name}: ${measureWords} in ${p.label}: ${classText(cls)}.`;
    };
    let text = current.change
      ? changeText()
      : announce({
          name: node.dataset.name!,
          measureLabel: MEASURES[state.measure].label.toLowerCase(),
          periodLabel: p.label,
          cls,
          rank: current.rank.get(code),
          of: current.rank.size,
          previous: prevCls ? { label: current.prevLabel, cls: prevCls } : null,
          pupils: current.pupils.get(code),
        });
    const note = index.areas[code]?.note;
    if (note) text += ` ${note}`;
    const caution = index.cautions[`${p.id}|${state.phase}`]?.[code];
    if (caution) text += ` ${cautionText(caution)}`;
    if (covidYear(p.time_period, base?.time_period, current.change ? undefined : previousPeriod(p)?.time_period)) {
      text += ' 2020/21 was recorded under COVID-19 rules (pupils kept at home were not counted as absent), so it is not comparable with other years.';
    }
    if (speak) live.textContent = text;
    q<HTMLElement>('[data-map-selected]').innerHTML = `<p></p><a href="${withBase(`/local-authorities/${code}/`)}">Open the ${''}page for <span></span></a>`;
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
      go(withBase(`/local-authorities/${state.area}/`));
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
    if (node) go(withBase(`/local-authorities/${node.dataset.code}/`));
  });
  inset.addEventListener('click', (e) => {
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (node) go(withBase(`/local-authorities/${node.dataset.code}/`));
  });
  svg.addEventListener('pointermove', (e) => {
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node || !current) {
      tooltip.hidden = true;
      return;
    }
    tooltip.hidden = false;
    const c = current.classes.get(node.dataset.code!)!;
    tooltip.textContent = `${node.dataset.name}: ${c.kind === 'bin' ? (current.change ? `${c.value > 0 ? '+' : ''}${fixed(c.value)} points` : `${fixed(c.value)}%`) : classText(c)}${current.change ? '' : pupilsText(current.pupils.get(node.dataset.code!))}`;
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
      .map(([code, a]) => ({ code, name: a.name, ended: a.ended ?? false }));
    const renderResults = () => {
      const hits = searchAreas(search.value, laList);
      results.replaceChildren(
        ...hits.map((h) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = withBase(`/local-authorities/${h.code}/`);
          a.textContent = h.name;
          li.append(a);
          if (h.ended) li.append(' (no longer exists)');
          return li;
        }),
      );
      searchStatus.textContent = search.value.trim() ? (hits.length ? `${hits.length} match${hits.length === 1 ? '' : 'es'}; press Enter to open ${hits[0]!.name}.` : 'No local authority matches.') : '';
      // The first match is chosen on the map too, and its figure announced: the search drives the map.
      if (hits[0] && current?.centroids.has(hits[0].code)) select(hits[0].code, true);
    };
    search.addEventListener('input', renderResults);
    q<HTMLFormElement>('form[data-la-form]').addEventListener('submit', (e) => {
      e.preventDefault();
      const hit = searchAreas(search.value, laList)[0];
      if (hit) location.href = withBase(`/local-authorities/${hit.code}/`);
      else searchStatus.textContent = 'No local authority matches.';
    });
  }

  syncControls();
  await draw();
}
