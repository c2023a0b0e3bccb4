import { describe, expect, it } from 'vitest';
import { projectShapes } from '../../src/lib/view/map-shapes';
import { fittedPath, INSET_SIZE, LONDON, MAP_SIZE, type LaFeature } from '../../src/lib/view/map-view';
import { openingMapFiles, shapesFile } from '../../src/lib/view/map-logic';

/** A square LA of `size` degrees with its south-west corner at (lon, lat). */
const square = (code: string, name: string, lon: number, lat: number, size = 0.2): LaFeature => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]]] },
});

const features = [square('E06000032', 'Luton', -0.5, 51.85), square('E09000007', 'Camden', -0.2, 51.5, 0.05), square('E09000001', 'City of London', -0.1, 51.5, 0.02)];
const regionOf = (code: string) => (code.startsWith('E09') ? LONDON : 'E12000006');

describe('the map of England projected at build time', () => {
  const shapes = projectShapes(features, regionOf);
  it('keeps every authority in the boundary file order, with its name, path and centroid as the browser would project them', () => {
    const path = fittedPath(features, MAP_SIZE.width, MAP_SIZE.height, 8);
    expect(shapes.areas.map(([code, name]) => [code, name])).toEqual(features.map((f) => [f.properties.code, f.properties.name]));
    const [code, , d, cx, cy] = shapes.areas[0]!;
    expect(code).toBe('E06000032');
    expect(d).toBe(path.digits(0)(features[0]!));
    expect(d).toMatch(/^M\d+,\d+L/);
    const [x, y] = path.centroid(features[0]!);
    expect(cx).toBeCloseTo(x, 1);
    expect(cy).toBeCloseTo(y, 1);
    expect(Math.abs(cx - x)).toBeLessThanOrEqual(0.05);
  });
  it('draws only London in the inset, fitted to London', () => {
    expect(shapes.inset.map(([code]) => code)).toEqual(['E09000007', 'E09000001']);
    const london = features.slice(1);
    expect(shapes.inset[0]![1]).toBe(fittedPath(london, INSET_SIZE.width, INSET_SIZE.height, 4).digits(1)(london[0]!));
    expect(shapes.inset[0]![1]).not.toBe(fittedPath(features, INSET_SIZE.width, INSET_SIZE.height, 4).digits(1)(london[0]!));
  });
  it('has no inset without London', () => {
    expect(projectShapes(features.slice(0, 1), regionOf).inset).toEqual([]);
  });
  it('is the file the map fetches first', () => {
    expect(shapesFile(2023)).toBe('shapes-2023.json');
    const p = { id: 'census-202324-full-year', series: 'census', time_period: '202324', time_identifier: 'Full year', phases: ['total'], geometry: 2023 };
    expect(openingMapFiles([p]).at(-1)).toBe('geo/shapes-2023.json');
  });
});
