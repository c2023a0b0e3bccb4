/**
 * The comparison tool: up to five LAs on one time series with the first one's region and England as
 * references, for one measure, phase and view (census full years, census terms or register terms, never two on
 * one line). State is in the URL (?areas=code,code&measure=&phase=&series=census|census-terms|registers).
 */
import * as Plot from '@observablehq/plot';
import { tickIndexes } from '../lib/charts/ticks';
import { NOTE_FONT_PX, placeNotes, textBox } from '../lib/charts/label-boxes';
import { MEASURES, PHASE_LABEL, phaseWords, RATE_MEASURES, SERIES_LABEL, type Phase, type RateMeasure } from '../lib/domain/model';
import { fixed } from '../lib/domain/format';
import { SYMBOL_MEANING, isDfeSymbol } from '../lib/domain/symbols';
import type { MapIndex } from '../lib/page-models/site-data';
import type { CompareSeries } from '../lib/shape/areas';
import { COVID_MARK, COVID_NOTE, isCovidLabel, NO_TERMS_201920 } from '../lib/domain/census-years';
import { COMPARE_MAX as MAX, COMPARE_PHASES, COMPARE_VIEWS as VIEWS, compareStatus, lineNames, pickLa, predecessorNote, readCompareQuery, termAxis, viewLabel } from '../lib/view/compare-view';
import { toCsv } from '../lib/publish/csv-out';
import { withBase } from '../lib/domain/site-url';

const root = document.querySelector<HTMLElement>('[data-compare]');
if (root) void init(root);

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function init(el: HTMLElement): Promise<void> {
  const q = <T extends Element>(sel: string) => el.querySelector<T>(sel)!;
  const index = await getJson<MapIndex>(withBase('/generated/map/index.json'));
  const las = Object.entries(index.areas).filter(([, a]) => a.level === 'Local authority').map(([code, a]) => ({ code, name: a.name, number: a.number, ended: a.ended }));
  const cache = new Map<string, Promise<CompareSeries>>();
  const seriesOf = (code: string) => {
    if (!cache.has(code)) cache.set(code, getJson<CompareSeries>(withBase(`/generated/series/${code}.json`)));
    return cache.get(code)!;
  };

  const measureSel = q<HTMLSelectElement>('select[name=measure]');
  const phaseSel = q<HTMLSelectElement>('select[name=phase]');
  const seriesSel = q<HTMLSelectElement>('select[name=series]');
  for (const m of RATE_MEASURES) measureSel.add(new Option(MEASURES[m].label, m));
  for (const p of COMPARE_PHASES) phaseSel.add(new Option(PHASE_LABEL[p], p));
  for (const v of VIEWS) seriesSel.add(new Option(viewLabel(v), v.id));
  const list = q<HTMLUListElement>('[data-compare-list]');
  const input = q<HTMLInputElement>('input[data-compare-add]');
  const status = q<HTMLElement>('[data-compare-status]');
  const chart = q<HTMLElement>('[data-compare-chart]');
  const table = q<HTMLElement>('[data-compare-table]');
  const title = q<HTMLElement>('[data-compare-title]');
  const source = q<HTMLElement>('[data-compare-source]');
  const download = q<HTMLAnchorElement>('a[data-compare-csv]');

  const asked = readCompareQuery(new URLSearchParams(location.search), (c) => index.areas[c]?.level === 'Local authority');
  let codes = asked.codes;
  measureSel.value = asked.measure;
  phaseSel.value = asked.phase;
  seriesSel.value = asked.view;
  // What the address asked for and could not be shown, said until the reader changes something.
  const queryNote = q<HTMLElement>('[data-compare-query-note]');
  queryNote.textContent = asked.notes.join(' ');
  queryNote.hidden = asked.notes.length === 0;

  const save = () => {
    queryNote.hidden = true;
    const p = new URLSearchParams({ areas: codes.join(','), measure: measureSel.value, phase: phaseSel.value, series: seriesSel.value });
    history.pushState(null, '', `${location.pathname}?${p.toString()}`);
  };

  async function draw(): Promise<void> {
    const listed = lineNames(codes.map((code) => ({ code, name: index.areas[code]!.name })));
    list.replaceChildren(
      ...codes.map((code, i) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = withBase(`/local-authorities/${code}/`);
        a.textContent = listed[i]!;
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = 'Remove';
        b.setAttribute('aria-label', `Remove ${listed[i]!}`);
        b.addEventListener('click', () => {
          codes = codes.filter((c) => c !== code);
          save();
          void draw();
        });
        li.append(a, ' ', b);
        return li;
      }),
    );
    input.disabled = codes.length >= MAX;
    const measure = measureSel.value as RateMeasure;
    const phase = phaseSel.value as Phase;
    const view = VIEWS.find((v) => v.id === seriesSel.value)!;
    const series = view.series;
    const key = `${measure}|${phase}`;
    const region = codes[0] ? index.areas[codes[0]]!.region : '';
    const refs = [...(region ? [region] : []), 'E92000001'];
    const all = [...codes, ...refs];
    const fetched = await Promise.all(all.map(async (code) => ({ code, name: index.areas[code]?.name ?? (code === 'E92000001' ? 'England' : code), ...((s) => ({ points: s[view.key]?.[key] ?? [], predecessor: s.predecessor }))(await seriesOf(code)) })));
    const shown = lineNames(fetched);
    const data = fetched.map((d, i) => ({ ...d, name: shown[i]! }));
    const published = [...new Set(data.flatMap((d) => d.points.map((p) => p[0])))];
    const order = (label: string) => {
      const m = /(\d{4})\/\d{2}$/.exec(label);
      const term = label.startsWith('Autumn') ? 0 : label.startsWith('Spring') ? 1 : label.startsWith('Summer') ? 2 : 0;
      return (m ? Number(m[1]) : 0) * 10 + term;
    };
    published.sort((a, b) => order(a) - order(b));
    const periods = view.id === 'census-terms' ? termAxis(published) : published;
    const rows = data.flatMap((d) => periods.map((label) => {
      const p = d.points.find((x) => x[0] === label);
      return { who: d.name, label, value: typeof p?.[1] === 'number' ? p[1] : null };
    }));
    const names = data.map((d) => d.name);
    title.textContent = `${MEASURES[measure].label}, ${phaseWords(phase)}, ${view.words}`;
    const gap = view.id === 'census-terms' && !published.some((p) => p.endsWith('2019/20')) ? ` ${NO_TERMS_201920}` : '';
    const covidAt = periods.find(isCovidLabel);
    const recoded = data.map((d) => predecessorNote(d.name, d.predecessor, view, measure, phase)).filter(Boolean).map((t) => ` ${t}`).join('');
    source.textContent = `Source: ${SERIES_LABEL[series].publication} (${SERIES_LABEL[series].short.toLowerCase()}), ${view.periods}.${gap}${covidAt ? ` ${COVID_NOTE}` : ''}${recoded}`;
    if (codes.length === 0) {
      chart.replaceChildren();
      table.replaceChildren();
      download.hidden = true;
      status.textContent = 'Add a local authority to start.';
      return;
    }
    if (periods.length === 0) {
      chart.replaceChildren();
      table.replaceChildren();
      download.hidden = true;
      status.textContent = `${MEASURES[measure].label} is not published in the ${SERIES_LABEL[series].short.toLowerCase()} series for this phase. Choose another measure or statistic.`;
      return;
    }
    // Authorities get distinct colours and dashes; the region and England are grey and black references.
    const laColours = ['#08519c', '#d95f02', '#7570b3', '#1b9e77', '#e7298a'];
    const styles = [...laColours.slice(0, codes.length), ...(region ? ['#737373'] : []), '#1b1b1b'];
    const dashes = ['none', '6,3', '8,2,2,2', '4,4', '1,2', '3,3', '2,3'];
    // End labels, spread apart so close lines keep readable names.
    const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
    const ends = names
      .map((n) => ({ who: n, last: [...rows].reverse().find((r) => r.who === n && r.value !== null) }))
      .filter((e): e is { who: string; last: (typeof rows)[number] } => e.last !== undefined)
      .sort((a, b) => a.last.value! - b.last.value!);
    const labels: { who: string; label: string; y: number }[] = [];
    for (const e of ends) {
      const prevY = labels.at(-1)?.y;
      labels.push({ who: e.who, label: e.last.label, y: prevY === undefined ? e.last.value! : Math.max(e.last.value!, prevY + max * 0.07) });
    }
    const width = Math.min(900, el.clientWidth || 680);
    // On a phone the axis labels only as many periods as fit (always the latest) and the y label moves
    // into the caption's unit, so nothing is clipped or overlaps.
    const narrow = width < 560;
    const ticks = tickIndexes(periods.length, Math.max(2, Math.floor((width - (narrow ? 130 : 200)) / 34))).map((i) => periods[i]!);
    const options = {
      width,
      height: 360,
      marginTop: 20,
      // Room on the left for the first period's label, rotated ("Autumn 2018/19" was cut to "utumn").
      marginLeft: narrow ? 56 : 72,
      marginRight: narrow ? 110 : 160,
      marginBottom: 60,
      x: { type: 'point', domain: periods, label: null, tickRotate: -30, ticks },
      // Headroom above the highest line, as on the build-time charts: the COVID mark's words go there.
      y: { label: narrow ? '%' : `% (${MEASURES[measure].unit.replace(/^% of /, 'of ')})`, grid: true, domain: [0, max * 1.18], nice: true },
      color: { domain: names, range: styles.slice(0, names.length) },
      marks: [
        ...names.map((n, i) => Plot.line(rows.filter((r) => r.who === n), { x: 'label', y: 'value', stroke: styles[i], strokeWidth: i < codes.length ? 2.5 : 1.5, strokeDasharray: i < codes.length ? dashes[i] : i === names.length - 1 ? '2,3' : '6,3', ariaHidden: 'true' })),
        Plot.dot(rows.filter((r) => r.value !== null), { x: 'label', y: 'value', fill: 'who', r: 3, ariaHidden: 'true' }),
        Plot.text(labels, { x: 'label', y: 'y', text: 'who', dx: 8, textAnchor: 'start', fill: 'who', fontWeight: 600, ariaHidden: 'true' }),
        Plot.ruleY([0], { ariaHidden: 'true' }),
        // The COVID year is marked where it is on the axis, as on the site's other census charts.
        ...(covidAt ? [Plot.ruleX([covidAt], { stroke: '#6b4c00', strokeDasharray: '1,3', ariaHidden: 'true' })] : []),
      ],
    } satisfies Plot.PlotOptions;
    let svg = Plot.plot(options);
    if (covidAt) {
      // Its words go at the top of the plot on whichever side of the mark no line's name is (an
      // authority that ended in 2021 has its name right beside the mark): the drawn chart's scales give
      // each name's place in px, and the chart is drawn again with the words.
      const xAt = svg.scale('x')!;
      const yAt = svg.scale('y')!;
      // End labels are in Plot's default 10 px type here.
      const taken = labels.map((l) => textBox(l.who, Number(xAt.apply(l.label)) + 8, Number(yAt.apply(l.y)), 10, 'start', true));
      const { spot } = placeNotes([{ x: Number(xAt.apply(covidAt)), text: COVID_MARK }], taken, options.marginTop, width)[0]!;
      svg = Plot.plot({ ...options, marks: [...options.marks, Plot.text([covidAt], { x: (d: string) => d, frameAnchor: 'top', lineAnchor: 'middle', dy: spot.dy, dx: spot.dx, text: () => COVID_MARK, fontSize: NOTE_FONT_PX, fill: '#6b4c00', textAnchor: spot.anchor, ariaHidden: 'true' })] });
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `Line chart: ${title.textContent} for ${names.join(', ')}. The table below gives every value.`);
    svg.querySelectorAll('[aria-label]').forEach((n) => { if (n !== svg) n.removeAttribute('aria-label'); });
    chart.replaceChildren(svg);

    const t = document.createElement('table');
    t.className = 'data';
    const cap = t.createCaption();
    cap.textContent = `${title.textContent} (${MEASURES[measure].unit})`;
    const head = t.createTHead().insertRow();
    for (const h of ['Period', ...names]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const body = t.createTBody();
    for (const label of periods) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = label;
      tr.append(th);
      for (const d of data) {
        const p = d.points.find((x) => x[0] === label);
        const td = tr.insertCell();
        td.className = 'num';
        td.textContent = p === undefined ? 'no figure published' : typeof p[1] === 'number' ? fixed(p[1]) : isDfeSymbol(p[1]) ? SYMBOL_MEANING[p[1]] : String(p[1]);
      }
    }
    table.replaceChildren(t);
    // The table as CSV, for download: the numbers as published, symbols as their letters.
    const csvRows = periods.map((label) => Object.fromEntries([['period', label], ...data.map((d) => [d.name, d.points.find((x) => x[0] === label)?.[1] ?? ''])]) as Record<string, string | number>);
    const csv = toCsv(csvRows, ['period', ...names]);
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    download.download = `compare-${measure}-${phase}-${view.id}.csv`;
    download.hidden = false;
    status.textContent = compareStatus({
      las: data.slice(0, codes.length).map((d) => ({ name: d.name, hasFigures: d.points.length > 0 })),
      region: region ? index.areas[region]?.name ?? null : null,
      view,
      phase,
      measure,
    });
  }

  q<HTMLFormElement>('form[data-compare-form]').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = pickLa(input.value, las)?.code;
    if (!code) {
      status.textContent = 'No local authority matches.';
      return;
    }
    if (!codes.includes(code) && codes.length < MAX) codes.push(code);
    input.value = '';
    save();
    void draw();
  });
  for (const s of [measureSel, phaseSel, seriesSel]) s.addEventListener('change', () => { save(); void draw(); });
  measureSel.form?.addEventListener('submit', (e) => e.preventDefault());
  window.addEventListener('popstate', () => location.reload());
  const dl = q<HTMLDataListElement>('datalist#la-names');
  dl.replaceChildren(...las.sort((a, b) => a.name.localeCompare(b.name)).map((a) => new Option(a.name)));
  await draw();
}
