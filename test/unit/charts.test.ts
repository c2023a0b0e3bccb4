import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../src/lib/charts/line-chart';
import type { SeriesPoint } from '../../src/lib/charts/series';

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
