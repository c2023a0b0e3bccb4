/**
 * The comparison tool: up to five LAs on one time series with the first one's region and England as
 * references, for one measure, phase and view (census full years, census terms or register terms, never two on
 * one line). State is in the URL (?areas=code,code&measure=&phase=&series=census|census-terms|registers).
 */
import * as Plot from '@observablehq/plot';
import { MEASURES, PHASE_LABEL, RATE_MEASURES, SERIES_LABEL, type Phase, type RateMeasure, type Series, SCHOOL_PHASES } from '../lib/model';
import { fixed } from '../lib/format';
import { SYMBOL_MEANING, isDfeSymbol } from '../lib/symbols';
import { normaliseName, searchAreas } from '../lib/map-logic';
import type { MapIndex } from '../lib/site-data';
import type { CompareSeries } from '../lib/shape/areas';
import { NO_TERMS_201920 } from '../lib/census-years';
import { withBase } from '../lib/site-url';

const MAX = 5;
/** What the "Statistic" choice shows: census full years, census single terms, or register terms. */
type View = 'census' | 'census-terms' | 'registers';
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
  const las = Object.entries(index.areas).filter(([, a]) => a.level === 'Local authority').map(([code, a]) => ({ code, name: a.name }));
  const byName = new Map(las.map((a) => [normaliseName(a.name), a.code]));
  const cache = new Map<string, Promise<CompareSeries>>();
  const seriesOf = (code: string) => {
    if (!cache.has(code)) cache.set(code, getJson<CompareSeries>(withBase(`/generated/series/${code}.json`)));
    return cache.get(code)!;
  };

  const measureSel = q<HTMLSelectElement>('select[name=measure]');
  const phaseSel = q<HTMLSelectElement>('select[name=phase]');
  const seriesSel = q<HTMLSelectElement>('select[name=series]');
  for (const m of RATE_MEASURES) measureSel.add(new Option(MEASURES[m].label, m));
  for (const p of SCHOOL_PHASES) phaseSel.add(new Option(PHASE_LABEL[p], p));
  // Three views, never mixed on one line: census full years, census single terms, register terms.
  const VIEWS: { id: View; series: Series; key: keyof CompareSeries; words: string; periods: string }[] = [
    { id: 'census', series: 'census', key: 'census', words: 'full years (school census)', periods: 'full school years' },
    { id: 'census-terms', series: 'census', key: 'censusTerms', words: 'by term (school census)', periods: 'autumn, spring and summer terms' },
    { id: 'registers', series: 'registers', key: 'registers', words: 'by term (daily registers)', periods: 'autumn, spring and summer terms' },
  ];
  for (const v of VIEWS) seriesSel.add(new Option(`${SERIES_LABEL[v.series].short} (${v.id === 'census' ? 'full years' : 'terms'})`, v.id));
  const list = q<HTMLUListElement>('[data-compare-list]');
  const input = q<HTMLInputElement>('input[data-compare-add]');
  const status = q<HTMLElement>('[data-compare-status]');
  const chart = q<HTMLElement>('[data-compare-chart]');
  const table = q<HTMLElement>('[data-compare-table]');
  const title = q<HTMLElement>('[data-compare-title]');
  const source = q<HTMLElement>('[data-compare-source]');
  const download = q<HTMLAnchorElement>('a[data-compare-csv]');

  const u = new URLSearchParams(location.search);
  let codes = [...new Set((u.get('areas') ?? 'E06000032').split(','))].filter((c) => index.areas[c]?.level === 'Local authority').slice(0, MAX);
  measureSel.value = RATE_MEASURES.includes(u.get('measure') as RateMeasure) ? u.get('measure')! : 'enrolments_pa_10_exact_percent';
  phaseSel.value = (SCHOOL_PHASES as readonly string[]).includes(u.get('phase') ?? '') ? u.get('phase')! : 'total';
  seriesSel.value = VIEWS.some((v) => v.id === u.get('series')) ? u.get('series')! : 'census';

  const save = () => {
    const p = new URLSearchParams({ areas: codes.join(','), measure: measureSel.value, phase: phaseSel.value, series: seriesSel.value });
    history.pushState(null, '', `${location.pathname}?${p.toString()}`);
  };

  async function draw(): Promise<void> {
    list.replaceChildren(
      ...codes.map((code) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = withBase(`/local-authorities/${code}/`);
        a.textContent = index.areas[code]!.name;
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = 'Remove';
        b.setAttribute('aria-label', `Remove ${index.areas[code]!.name}`);
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
    const data = await Promise.all(all.map(async (code) => ({ code, name: index.areas[code]?.name ?? (code === 'E92000001' ? 'England' : code), points: (await seriesOf(code))[view.key]?.[key] ?? [] })));
    const periods = [...new Set(data.flatMap((d) => d.points.map((p) => p[0])))];
    const order = (label: string) => {
      const m = /(\d{4})\/\d{2}$/.exec(label);
      const term = label.startsWith('Autumn') ? 0 : label.startsWith('Spring') ? 1 : label.startsWith('Summer') ? 2 : 0;
      return (m ? Number(m[1]) : 0) * 10 + term;
    };
    periods.sort((a, b) => order(a) - order(b));
    const rows = data.flatMap((d) => periods.map((label) => {
      const p = d.points.find((x) => x[0] === label);
      return { who: d.name, label, value: typeof p?.[1] === 'number' ? p[1] : null };
    }));
    const names = data.map((d) => d.name);
    title.textContent = `${MEASURES[measure].label}, ${PHASE_LABEL[phase].toLowerCase()}, ${view.words}`;
    const gap = view.id === 'census-terms' && !periods.some((p) => p.endsWith('2019/20')) ? ` ${NO_TERMS_201920}` : '';
    source.textContent = `Source: ${SERIES_LABEL[series].publication} (${SERIES_LABEL[series].short.toLowerCase()}), ${view.periods}.${gap}`;
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
    const svg = Plot.plot({
      width: Math.min(900, el.clientWidth || 680),
      height: 360,
      marginRight: 160,
      marginBottom: 60,
      x: { type: 'point', domain: periods, label: null, tickRotate: -30 },
      y: { label: `% (${MEASURES[measure].unit.replace(/^% of /, 'of ')})`, grid: true, zero: true },
      color: { domain: names, range: styles.slice(0, names.length) },
      marks: [
        ...names.map((n, i) => Plot.line(rows.filter((r) => r.who === n), { x: 'label', y: 'value', stroke: styles[i], strokeWidth: i < codes.length ? 2.5 : 1.5, strokeDasharray: i < codes.length ? dashes[i] : i === names.length - 1 ? '2,3' : '6,3', ariaHidden: 'true' })),
        Plot.dot(rows.filter((r) => r.value !== null), { x: 'label', y: 'value', fill: 'who', r: 3, ariaHidden: 'true' }),
        Plot.text(labels, { x: 'label', y: 'y', text: 'who', dx: 8, textAnchor: 'start', fill: 'who', fontWeight: 600, ariaHidden: 'true' }),
        Plot.ruleY([0], { ariaHidden: 'true' }),
      ],
    });
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
    const csvRows = [['period', ...names], ...periods.map((label) => [label, ...data.map((d) => { const p = d.points.find((x) => x[0] === label); return p === undefined ? '' : String(p[1]); })])];
    const csv = csvRows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    download.download = `compare-${measure}-${phase}-${view.id}.csv`;
    download.hidden = false;
    status.textContent = `Showing ${codes.length} local ${codes.length === 1 ? 'authority' : 'authorities'}${region ? `, ${index.areas[region]?.name ?? 'its region'}` : ''} and England.`;
  }

  q<HTMLFormElement>('form[data-compare-form]').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = byName.get(normaliseName(input.value)) ?? searchAreas(input.value, las)[0]?.code;
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
