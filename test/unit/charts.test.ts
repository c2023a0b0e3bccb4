import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../src/lib/charts/line-chart';
import type { SeriesPoint } from '../../src/lib/charts/series';
import { NOTE_SPOTS, overlaps, placeNotes, textBox } from '../../src/lib/charts/label-boxes';
import { parseHTML } from 'linkedom';

/** A full-year point of `area` for a label such as "2022/23" (null value = not published, symbol "x"). */
const point = (area: string, label: string, value: number | null): SeriesPoint => {
  const time_period = label.replace('/', '').replace(/^(\d{4})(\d{2})$/, '$1$2');
  return { area, key: time_period, label, time_period, time_identifier: 'Full year', value, symbol: value === null ? 'x' : null };
};

/** The `d` attributes of the line marks' paths (axis ticks start at 0,0; Plot draws each line as one path, a gap starting a new "M"). */
function linePaths(svg: string): string[] {
  return [...svg.matchAll(/<path[^>]*\sd="([^"]+)"/g)].map((m) => m[1]!).filter((d) => !d.startsWith('M0,0'));
}

describe('lineChartSvg', () => {
  const periods = ['2021/22', '2022/23', '2023/24', '2024/25'];
  const luton = { name: 'Luton', points: [point('Luton', '2021/22', 20), point('Luton', '2022/23', null), point('Luton', '2023/24', 22), point('Luton', '2024/25', 21)] };

  it('breaks a line at an unpublished figure rather than drawing it as 0 or bridging it', () => {
    const svg = lineChartSvg({ lines: [luton], periods, yLabel: '%', alt: 'Luton' });
    const [d] = linePaths(svg);
    expect(d).toBeDefined();
    // Two pieces: 2021/22 alone (a move and close, no segment), then 2023/24 -> 2024/25.
    expect(d!.match(/M/g)).toHaveLength(2);
    expect(d!.match(/L/g)).toHaveLength(1);
    expect(svg).not.toMatch(/>0\.0%?</);
  });

  it('draws one unbroken line when every period is published, and marks an all-gap period on the axis', () => {
    const full = { name: 'England', points: periods.map((label, i) => point('England', label, 20 + i)) };
    const svg = lineChartSvg({ lines: [full], periods: [...periods, '2025/26'], yLabel: '%', alt: 'England' });
    const [d] = linePaths(svg);
    expect(d!.match(/M/g)).toHaveLength(1);
    expect(d!.match(/L/g)).toHaveLength(3);
    expect(svg).toContain('no figures');
  });
});

/**
 * Boxes (SVG px) of the texts in `svg` drawn by Plot text marks with class `cls`, read from the markup:
 * the group's translate (dx, dy), each text's translate, its `y` offset in em (0.32em = centred on the
 * anchor), the font size and text-anchor; width estimated at 0.6em a character.
 */
function textBoxesOf(svg: string, cls: string): { text: string; left: number; right: number; top: number; bottom: number }[] {
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  return [...document.querySelectorAll(`g.${cls}`)].flatMap((g) => {
    const [gx, gy] = (/translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '') ?? [0, 0, 0]).slice(1).map(Number);
    const fs = Number(g.getAttribute('font-size'));
    const anchor = g.getAttribute('text-anchor') ?? 'middle';
    return [...g.querySelectorAll('text')].map((t) => {
      const [x, y] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform')!)!.slice(1).map(Number);
      const em = parseFloat(t.getAttribute('y') ?? '0.32');
      const mid = y! + gy! + (em - 0.32) * fs;
      const w = t.textContent!.length * fs * 0.6;
      const at = x! + gx!;
      const left = anchor === 'start' ? at : anchor === 'end' ? at - w : at - w / 2;
      return { text: t.textContent!, left, right: left + w, top: mid - fs / 2, bottom: mid + fs / 2 };
    });
  });
}

describe('note labels on line charts', () => {
  // Northamptonshire (E10000021), children in need: the authority ended in 2021, so every line ends at
  // 2020/21, the COVID year, and its highest end label sat on the "COVID rules" mark.
  const periods = ['2018/19', '2019/20', '2020/21'];
  const lines = [
    { name: 'Children in need', points: [point('a', '2018/19', 31.2), point('a', '2019/20', null), point('a', '2020/21', 36.6)] },
    { name: 'Looked after', points: [point('b', '2018/19', 11.5), point('b', '2019/20', null), point('b', '2020/21', 24.9)] },
    { name: 'On a protection plan', points: [point('c', '2018/19', 34.7), point('c', '2019/20', null), point('c', '2020/21', 50.6)] },
  ];
  const annotations = [{ label: '2020/21', text: 'COVID rules' }];

  it('keeps "COVID rules" off every end label and inside the drawing when lines end at the COVID year', () => {
    const svg = lineChartSvg({ lines, periods, yLabel: '%', alt: 'a', annotations });
    const [note] = textBoxesOf(svg, 'note-label');
    const ends = textBoxesOf(svg, 'end-label');
    expect(note?.text).toBe('COVID rules');
    expect(ends).toHaveLength(3);
    for (const e of ends) expect(note!.left < e.right && e.left < note!.right && note!.top < e.bottom && e.top < note!.bottom, e.text).toBe(false);
    expect(note!.left).toBeGreaterThanOrEqual(0);
    expect(note!.right).toBeLessThanOrEqual(680);
  });

  it('moves the note left of its rule when end labels fill the top right of it', () => {
    // Six close lines ending at the COVID year: their spread names climb to the top of the plot.
    const close = Array.from({ length: 6 }, (_, i) => ({ name: `Group ${i + 1}`, points: [point('g', '2018/19', 40), point('g', '2020/21', 50 - i * 0.1)] }));
    const svg = lineChartSvg({ lines: close, periods, yLabel: '%', alt: 'a', annotations });
    const [note] = textBoxesOf(svg, 'note-label');
    expect(note!.right).toBeLessThanOrEqual(417);
    for (const e of textBoxesOf(svg, 'end-label')) {
      expect(note!.left < e.right && e.left < note!.right && note!.top < e.bottom && e.top < note!.bottom, e.text).toBe(false);
      // The names stay inside the drawing.
      expect(e.top, e.text).toBeGreaterThanOrEqual(0);
    }
  });

  it('puts the note in the narrow drawing\'s legend, not on the plot', () => {
    const svg = lineChartSvg({ lines, periods, yLabel: '%', alt: 'a', annotations, layout: 'narrow' });
    expect(textBoxesOf(svg, 'note-label')).toEqual([]);
    expect(textBoxesOf(svg, 'end-label')).toEqual([]);
    expect(svg).toContain('>2020/21: COVID rules<');
  });
});

describe('placeNotes', () => {
  const top = 20;
  it('puts a note right of its rule at the top of the plot when that is clear', () => {
    const [p] = placeNotes([{ x: 100, text: 'COVID rules' }], [], top, 680);
    expect(p!.spot).toEqual(NOTE_SPOTS[0]);
    expect(p!.box.left).toBe(103);
  });
  it('goes left of the rule when an end label is where it would go, and left again past the right edge', () => {
    const blocker = textBox('Luton', 105, top + 8, 12, 'start', true);
    expect(placeNotes([{ x: 100, text: 'COVID rules' }], [blocker], top, 680)[0]!.spot.anchor).toBe('end');
    expect(placeNotes([{ x: 670, text: 'COVID rules' }], [], top, 680)[0]!.box.right).toBeLessThanOrEqual(680);
  });
  it('keeps two notes on neighbouring rules apart', () => {
    const [a, b] = placeNotes([{ x: 100, text: 'six half terms from here' }, { x: 120, text: 'COVID rules' }], [], top, 680);
    expect(overlaps(a!.box, b!.box)).toBe(false);
  });
});
