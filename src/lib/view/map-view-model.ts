/**
 * What the map shows for one view, with no DOM: from the map index, the view (MapState), the areas of its
 * boundary file and the layers it reads, each area's class, colour, outline and figure, the title, source
 * line, legend, screen-reader label, the small authorities' list, the table of every area and the words
 * said when an area is chosen or pointed at. src/scripts/map/render.ts puts it on the page; tests build it
 * in Node from fixtures. Figures are the layer's as published (1 decimal place on screen); a DfE symbol or a
 * missing figure is a gap with its own pattern and words, never a colour class.
 */
import { binOf, type Bin } from '../classes/bins';
import { covidYear, COVID_NOTE } from '../domain/census-years';
import { fixed } from '../domain/format';
import { MEASURES } from '../domain/model';
import type { MapIndex, MapLayer, PeriodEntry } from '../page-models/site-data';
import { cautionText } from '../domain/caution-words';
import { announce, changeBetween, classify, classText, patternId, previousMapPeriod, pupilsText, ranks, type MapClass } from './map-logic';
import type { MapState } from './map-url-state';
import { SMALL_AREAS, areaFill, areaOutline, legendHtml, mapPalette, mapSource, mapTitle, valueText } from './map-view';

/** An area of the boundary file (its TopoJSON properties). */
export interface MapArea {
  code: string;
  name: string;
}

/** How one area is painted: `kind` is its data-kind ("bin-3", "symbol-c", "missing"). */
export interface AreaPaint {
  kind: string;
  fill: string;
  stroke: string;
}

/** One row of the table of every area: cell texts and the numbers the columns sort by. */
export interface MapTableRow {
  code: string;
  name: string;
  value: string;
  valueSort: number;
  previous: string;
  previousSort: number;
  rank: string;
  rankSort: number;
  bin: string;
}

export interface MapView {
  period: PeriodEntry;
  /** The period compared with in change mode. */
  base?: PeriodEntry;
  /** The same term a year earlier (the table's second column outside change mode). */
  previous?: PeriodEntry;
  change: boolean;
  /** Codes drawn (the region's areas, or all). */
  shown: string[];
  /** Every area of the boundary file: its class (a value, a change, or a gap). */
  classes: Map<string, MapClass>;
  paint: Map<string, AreaPaint>;
  /** Rank of each area with a number, 1 = highest. */
  rank: Map<string, number>;
  title: string;
  source: string;
  /** The map's aria-label. */
  label: string;
  legend: string;
  /** SMALL_AREAS on this map with their figure. */
  small: { code: string; name: string; text: string }[];
  table: { caption: string; valueHead: string; previousHead: string; rows: MapTableRow[] };
  /** Tooltip and figure-card text for an area: "Luton: 24.6% (7,264 pupils)". */
  cardText(code: string): string;
  /** The sentence announced and shown when an area is chosen, with its notes, caution and COVID note. */
  selectedText(code: string): string;
}

/** What mapView needs to know: the index, the view and what was read for it. */
export interface MapViewInput {
  index: Pick<MapIndex, 'periods' | 'regions' | 'areas' | 'cautions' | 'breaks' | 'bins' | 'changeBreaks' | 'changeBins'>;
  state: MapState;
  /** Every area of the period's boundary file, in the file's order. */
  areas: readonly MapArea[];
  layer: MapLayer | null;
  /** Layer of the previous period (same phase), if any. */
  previousLayer: MapLayer | null;
  /** Layer of the compared period in change mode. */
  baseLayer: MapLayer | null;
}

const NO_FIGURE = -1e9;

/** The view model of one map view. Throws if `state.period` (or `state.compare`) is not in the index. */
export function mapView(o: MapViewInput): MapView {
  const { index, state } = o;
  const byId = (id: string) => {
    const p = index.periods.find((x) => x.id === id);
    if (!p) throw new Error(`map view: period ${id} is not in the map index`);
    return p;
  };
  const p = byId(state.period);
  const base = state.compare ? byId(state.compare) : undefined;
  const previous = previousMapPeriod(p, index.periods);
  const change = Boolean(base);
  const key = `${state.measure}|${state.phase}`;
  const breaks = (change ? index.changeBreaks[key] : index.breaks[key]) ?? [];
  const bins: Bin[] = (change ? index.changeBins[key] : index.bins[key]) ?? [{ index: 1, from: null, to: null }];
  const palette = mapPalette(bins.length, change);
  const names = new Map(o.areas.map((a) => [a.code, a.name]));
  const shown = (state.region ? o.areas.filter((a) => index.areas[a.code]?.region === state.region) : o.areas).map((a) => a.code);
  const cell = (l: MapLayer | null, code: string) => l?.values[code]?.[state.measure];

  const classes = new Map<string, MapClass>();
  const numbers = new Map<string, number>();
  // LAs with a number in the chosen period, to word change-mode gaps.
  const nowHasFigure = new Set<string>();
  for (const { code } of o.areas) {
    let c = classify(cell(o.layer, code), breaks);
    if (c.kind === 'bin') nowHasFigure.add(code);
    if (change) {
      // A change needs a figure in both periods; otherwise the gap of whichever period lacks one is shown.
      const b = classify(cell(o.baseLayer, code), []);
      if (c.kind === 'bin' && b.kind === 'bin') {
        const d = changeBetween(c.value, b.value);
        c = { kind: 'bin', bin: binOf(d, breaks), value: d };
      } else if (c.kind === 'bin') c = b;
    }
    classes.set(code, c);
    if (c.kind === 'bin') numbers.set(code, c.value);
  }
  const paint = new Map<string, AreaPaint>();
  for (const [code, c] of classes) {
    paint.set(code, { kind: c.kind === 'bin' ? `bin-${c.bin}` : c.kind === 'symbol' ? `symbol-${c.symbol}` : 'missing', fill: areaFill(c, palette), stroke: areaOutline(c, palette) });
  }
  // The table's second column: the year before, or in change mode the period compared with.
  const otherLayer = change ? o.baseLayer : o.previousLayer;
  const otherClasses = otherLayer ? new Map(o.areas.map((a) => [a.code, classify(cell(otherLayer, a.code), change ? [] : breaks)])) : null;
  const pupils = new Map<string, number | string>();
  for (const [code, counts] of Object.entries(o.layer?.counts ?? {})) {
    const n = counts[state.measure];
    if (n !== undefined) pupils.set(code, n);
  }
  const rank = ranks(numbers);

  const measureLabel = MEASURES[state.measure].label;
  const title = mapTitle({ measure: state.measure, phase: state.phase, period: p, base });
  const regionName = state.region ? index.regions.find((r) => r.code === state.region)?.name : undefined;
  const label = `Map of ${change ? 'change in ' : ''}${measureLabel.toLowerCase()} by local authority, ${change ? `${base!.label} to ${p.label}` : p.label}${state.region ? `, ${regionName}` : ', England'}. Use the arrow keys to move between authorities and Enter to open one; the table below lists every value.`;
  // Legend: numbered classes, then one entry per kind of gap on this map.
  const onMap = new Set(shown);
  const gaps = new Set([...classes].filter(([code, c]) => onMap.has(code) && c.kind !== 'bin').map(([, c]) => patternId(c)!));
  const figure = (c: MapClass) => valueText(c, change);

  const rows = shown
    .map((code): MapTableRow => {
      const c = classes.get(code)!;
      const prev = otherClasses?.get(code);
      const r = rank.get(code);
      return {
        code,
        name: names.get(code)!,
        value: c.kind === 'bin' ? (change ? `${c.value > 0 ? '+' : ''}${fixed(c.value)}` : fixed(c.value)) : classText(c),
        valueSort: c.kind === 'bin' ? c.value : NO_FIGURE,
        previous: prev ? (prev.kind === 'bin' ? fixed(prev.value) : classText(prev)) : '',
        previousSort: prev && prev.kind === 'bin' ? prev.value : NO_FIGURE,
        rank: r ? String(r) : '',
        rankSort: r ?? 9999,
        bin: c.kind === 'bin' ? String(c.bin) : '',
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const measureWords = measureLabel.toLowerCase();
  const selectedText = (code: string): string => {
    const name = names.get(code) ?? index.areas[code]?.name ?? code;
    const cls = classes.get(code) ?? { kind: 'missing' };
    let text: string;
    if (change) {
      if (cls.kind === 'bin') {
        const how = cls.value > 0 ? `rose by ${fixed(cls.value)} percentage points` : cls.value < 0 ? `fell by ${fixed(-cls.value)} percentage points` : 'was unchanged';
        text = `${name}: ${measureWords} ${how} from ${base!.label} to ${p.label}.`;
      } else {
        // Which of the two periods lacks a figure decides the words.
        text = nowHasFigure.has(code) ? `${name}: no change can be shown, because ${base!.label} has no figure (${classText(cls)}).` : `${name}: ${measureWords} in ${p.label}: ${classText(cls)}.`;
      }
    } else {
      const prevCls = otherClasses?.get(code);
      text = announce({ name, measureLabel: measureWords, periodLabel: p.label, cls, rank: rank.get(code), of: rank.size, previous: prevCls ? { label: previous?.label ?? '', cls: prevCls } : null, pupils: pupils.get(code) });
    }
    const note = index.areas[code]?.note;
    if (note) text += ` ${note}`;
    const caution = index.cautions[`${p.id}|${state.phase}`]?.[code];
    if (caution) text += ` ${cautionText(caution)}`;
    if (covidYear(p.time_period, base?.time_period, change ? undefined : previous?.time_period)) text += ` ${COVID_NOTE}`;
    return text;
  };

  return {
    period: p,
    base,
    previous,
    change,
    shown,
    classes,
    paint,
    rank,
    title,
    source: mapSource({ measure: state.measure, period: p, base }),
    label,
    legend: legendHtml({ bins, palette, change, measure: state.measure, gaps }),
    small: SMALL_AREAS.filter((code) => onMap.has(code)).map((code) => ({ code, name: index.areas[code]?.name ?? code, text: figure(classes.get(code)!) })),
    table: {
      caption: `${title}: every local authority on the map (${rows.length})`,
      valueHead: change ? 'Change (points)' : 'Value (%)',
      previousHead: change ? `${base!.label} (%)` : previous ? `${previous.label} (%)` : 'Year before (%)',
      rows,
    },
    cardText: (code) => `${names.get(code) ?? code}: ${figure(classes.get(code) ?? { kind: 'missing' })}${change ? '' : pupilsText(pupils.get(code))}`,
    selectedText,
  };
}
