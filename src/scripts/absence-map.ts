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
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { announce, boundaryFile, layerFile, MAP_DATA_BASE, phaseFor, previousMapPeriod, pointerAction, pupilsText, changeBetween, classify, classText, patternId, ranks, searchAreas, type MapClass } from '../lib/view/map-logic';
import { binOf } from '../lib/classes/bins';
import { SMALL_AREAS, valueText as valueOf, areaFill, areaOutline, defaultView, fittedPath, legendHtml, mapPalette, mapSource, mapTitle, INSET_SIZE, LONDON, MAP_SIZE, type LaFeature } from '../lib/view/map-view';
import { fixed } from '../lib/domain/format';
import { MEASURES, PHASE_LABEL, PHASES, phaseWords, RATE_MEASURES, SERIES_LABEL, type Phase, type RateMeasure } from '../lib/domain/model';
import { askedNote, chooseParam } from '../lib/view/query-notes';
import type { MapIndex, MapLayer, PeriodEntry } from '../lib/page-models/site-data';
import { cautionText } from '../lib/shape/cautions';
import { covidYear, COVID_NOTE } from '../lib/domain/census-years';
import { embedHeight, mapEmbedCode } from '../lib/publish/embeds';
import { withBase } from '../lib/domain/site-url';

const SVG_NS = 'http://www.w3.org/2000/svg';

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
  const base = el.dataset.base ?? withBase(MAP_DATA_BASE);
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
    const key = layerFile(p.id, phase);
    if (!layerCache.has(key)) {
      layerCache.set(key, p.phases.includes(phase) ? getJson<MapLayer>(`${base}map/${key}`) : Promise.resolve(null));
    }
    return layerCache.get(key)!;
  };
  const featuresOf = (year: number) => {
    if (!topoCache.has(year)) {
      topoCache.set(
        year,
        getJson<Topology>(`${base}geo/${boundaryFile(year)}`).then((t) => {
          const fc = feature(t, t.objects.las as GeometryCollection<{ code: string; name: string }>);
          return (fc as unknown as { features: LaFeature[] }).features;
        }),
      );
    }
    return topoCache.get(year)!;
  };

  // Periods a period can be compared with: earlier ones of the same series and the same term.
  const comparable = (p: PeriodEntry) => index.periods.filter((x) => x.series === p.series && x.time_identifier === p.time_identifier && x.id < p.id && x.id !== p.id && x.time_period < p.time_period);

  // Default view: persistent absence, latest census full year, all schools (the home page preloads its files).
  const defaultPeriod = defaultView(index.periods).period;
  // The view the address asks for; whatever it asks for that cannot be shown is said in `notes` (query-notes).
  const fromUrl = (): State & { notes: string[] } => {
    const u = new URLSearchParams(location.search);
    const notes: string[] = [];
    const periodLabelOf = (id: string) => { const x = periods.get(id)!; return `${x.label} (${SERIES_LABEL[x.series].short.toLowerCase()})`; };
    const asked = chooseParam(u.get('period'), [...periods.keys()], defaultPeriod.id, 'period', periodLabelOf);
    const period = asked.value;
    if (asked.note) notes.push(asked.note);
    const p = periods.get(period)!;
    const m = chooseParam(u.get('measure'), RATE_MEASURES, 'enrolments_pa_10_exact_percent', 'measure', (x) => MEASURES[x].label.toLowerCase());
    if (m.note) notes.push(m.note);
    const measure = p.measures.includes(m.value) ? m.value : p.measures[0]!;
    if (measure !== m.value) notes.push(askedNote('measure', MEASURES[m.value].label.toLowerCase(), MEASURES[measure].label.toLowerCase(), `which is not published for ${p.label}`));
    const ph = chooseParam(u.get('phase'), PHASES, 'total', 'phase', (x) => phaseWords(x));
    if (ph.note) notes.push(ph.note);
    const phase = phaseFor(p, ph.value);
    if (phase !== ph.value) notes.push(askedNote('phase', phaseWords(ph.value), phaseWords(phase), `which is not published for ${p.label}`));
    const r = chooseParam(u.get('region'), index.regions.map((x) => x.code), '', 'region', () => 'all of England');
    if (r.note) notes.push(r.note);
    const askedArea = u.get('area') ?? '';
    const area = askedArea && index.areas[askedArea] ? askedArea : '';
    if (askedArea && !area) notes.push(`The address asked for area “${askedArea}”, which is not a code this site has; no area is chosen.`);
    const askedCompare = u.get('compare') ?? '';
    const c = periods.get(askedCompare);
    const compare = c && comparable(p).some((x) => x.id === c.id) ? c.id : '';
    if (askedCompare && !compare) notes.push(askedNote('change since', c ? periodLabelOf(c.id) : askedCompare, `the figures for ${p.label}`, c ? `which cannot be compared with ${p.label} (only an earlier ${p.time_identifier.toLowerCase()} of the same statistic can)` : 'which this site does not have'));
    return { measure, period, phase, region: r.value, area, compare, notes };
  };
  const { notes: urlNotes, ...fromAddress } = fromUrl();
  let state: State = fromAddress;
  note.textContent = urlNotes.join(' ');

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
      t.value = mapEmbedCode({ site: t.dataset.site!, release: t.dataset.release, query: q, title: `Map: ${title.textContent ?? 'school absence by local authority'}`, id: t.dataset.frameId!, height: embedHeight({ map: true, area: Boolean(state.area), change: Boolean(state.compare) }) });
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
      note.textContent = `${MEASURES[state.measure].label} is not published for ${p.label}; showing ${MEASURES[p.measures[0]!].label.toLowerCase()} instead.`;
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
  let tableFilled = false;

  // The same term of the year before, in the same series: autumn is compared with autumn.
  const previousPeriod = (p: PeriodEntry) => previousMapPeriod(p, index.periods);

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
    const path = fittedPath(shown, MAP_SIZE.width, MAP_SIZE.height, 8);
    const nodes = new Map<string, SVGPathElement>();
    const centroids = new Map<string, [number, number]>();
    for (const f of shown) {
      nodes.set(f.properties.code, make(f, path(f) ?? ''));
      centroids.set(f.properties.code, path.centroid(f) as [number, number]);
    }
    // London, enlarged: its 33 boroughs are too small to pick out at national scale.
    const insetNodes = new Map<string, SVGPathElement>();
    const london = features.filter((f) => index.areas[f.properties.code]?.region === LONDON);
    if (!region && london.length) {
      const ip = fittedPath(london, INSET_SIZE.width, INSET_SIZE.height, 4);
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
    const palette = mapPalette(bins.length, change);
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
    const valueText = (c: MapClass) => valueOf(c, change);

    // Shapes are projected once per boundary year and area shown; a change of period, measure or phase
    // on the same boundaries only recolours them, which keeps a redraw well under 100 ms.
    const geo = geometryFor(p.geometry, state.region, features, shown);
    for (const [code, node] of [...geo.nodes, ...geo.insetNodes]) {
      const c = classes.get(code)!;
      node.dataset.kind = c.kind === 'bin' ? `bin-${c.bin}` : c.kind === 'symbol' ? `symbol-${c.symbol}` : 'missing';
      node.setAttribute('fill', areaFill(c, palette));
      node.setAttribute('stroke', areaOutline(c, palette));
    }
    const g = svg.querySelector('g[data-areas]')!;
    // The build-time picture of the default view (shown without JavaScript) gives way to the live shapes.
    el.querySelectorAll('[data-map-static]').forEach((n) => n.remove());
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

    title.textContent = mapTitle({ measure: state.measure, phase: state.phase, period: p, base });
    source.textContent = mapSource({ measure: state.measure, period: p, base });

    // Legend: numbered classes, then one entry per kind of gap on this map.
    const onMap = new Set(shown.map((f) => f.properties.code));
    const gaps = new Set([...classes.entries()].filter(([code, c]) => onMap.has(code) && c.kind !== 'bin').map(([, c]) => patternId(c)!));
    legend.innerHTML = legendHtml({ bins, palette, change, measure: state.measure, gaps });

    // Authorities too small to see at this scale, reachable here as well as by search and the table.
    smallAreas.replaceChildren(
      ...SMALL_AREAS
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

    if (state.area && centroids.has(state.area)) select(state.area, false);
    embedCode();
    // The first time, let the browser paint the map before the table of every area is built: one long
    // task becomes two shorter ones, and the map shows sooner. Later redraws stay in one go.
    if (!tableFilled) {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      if (seq !== drawSeq) return;
      tableFilled = true;
    }
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
  }

  // Selection, keyboard and pointer.
  function select(code: string, speak = true): void {
    if (!current) return;
    for (const map of [svg, inset]) map.querySelectorAll('path.selected').forEach((n) => n.classList.remove('selected'));
    const node = svg.querySelector<SVGPathElement>(`path[data-code="${code}"]`);
    if (!node) return;
    // The London inset shows the selection too; each node is raised so its outline shows on top.
    for (const n of [node, inset.querySelector<SVGPathElement>(`path[data-code="${code}"]`)]) {
      if (!n) continue;
      n.classList.add('selected');
      n.parentNode!.appendChild(n);
    }
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
      text += ` ${COVID_NOTE}`;
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
  // The last pointer pressed on the map: a mouse click opens an area's page, a tap selects it (pointerAction).
  let pointerType = '';
  const pointerDown = (e: PointerEvent) => (pointerType = e.pointerType);
  const areaClick = (e: MouseEvent) => {
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node) return;
    const how = pointerAction((e as PointerEvent).pointerType || pointerType);
    pointerType = '';
    if (how === 'open') return go(withBase(`/local-authorities/${node.dataset.code}/`));
    select(node.dataset.code!);
    showCard(node, e);
  };
  /** The figure of `node` beside the pointer: a tooltip on hover, a card with a link after a tap. */
  function showCard(node: SVGPathElement, e: MouseEvent, withLink = true): void {
    if (!current) return;
    const c = current.classes.get(node.dataset.code!)!;
    const text = `${node.dataset.name}: ${valueOf(c, current.change)}${current.change ? '' : pupilsText(current.pupils.get(node.dataset.code!))}`;
    tooltip.hidden = false;
    tooltip.classList.toggle('map-card', withLink);
    tooltip.replaceChildren(text);
    if (withLink) {
      const a = document.createElement('a');
      a.href = withBase(`/local-authorities/${node.dataset.code}/`);
      a.textContent = `Open the page for ${node.dataset.name}`;
      tooltip.append(document.createElement('br'), a);
    }
    const box = el.querySelector('.map-frame')!.getBoundingClientRect();
    const x = Math.max(0, Math.min(e.clientX - box.left + 12, box.width - Math.min(tooltip.offsetWidth, box.width)));
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${e.clientY - box.top + 12}px`;
  }
  const hover = (e: PointerEvent) => {
    // Touch has no hover; a tap's card stays until the next tap.
    if (e.pointerType === 'touch' || tooltip.classList.contains('map-card')) return;
    const node = (e.target as Element).closest<SVGPathElement>('path[data-code]');
    if (!node || !current) {
      tooltip.hidden = true;
      return;
    }
    showCard(node, e, false);
  };
  for (const map of [svg, inset]) {
    map.addEventListener('pointerdown', pointerDown);
    map.addEventListener('click', areaClick);
    map.addEventListener('pointermove', hover);
    map.addEventListener('pointerleave', () => {
      if (!tooltip.classList.contains('map-card')) tooltip.hidden = true;
    });
  }
  // A tap or click away from the map closes the card.
  document.addEventListener('pointerdown', (e) => {
    if (tooltip.classList.contains('map-card') && !(e.target as Element).closest('[data-map-svg], [data-map-inset], [data-map-tooltip]')) {
      tooltip.classList.remove('map-card');
      tooltip.hidden = true;
    }
  });

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
      .map(([code, a]) => ({ code, name: a.name, number: a.number, ended: a.ended ?? false }));
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
