/**
 * The direction of src/lib's layers (see src/lib/README.md): a module may import, at run time, only from its
 * own layer or the layers before it in LAYERS. Browser-safe layers never import Node built-ins, and the
 * page models and publishing read generated files, never the importers. Type-only imports are free: they
 * vanish at build time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = path.resolve(import.meta.dirname, '..', '..', 'src', 'lib');
const LAYERS = ['domain', 'classes', 'ingest', 'shape', 'view', 'charts', 'page-models', 'publish'] as const;
const BROWSER_SAFE = new Set(['domain', 'classes', 'view', 'charts']);
const NEVER: Record<string, string[]> = { 'page-models': ['ingest'], publish: ['ingest'], charts: ['ingest', 'shape'], view: ['ingest', 'shape'] };

const modules = fs
  .readdirSync(LIB, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'));

/** Run-time import specifiers of a module (`import type` and `export type` left out). */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(path.join(LIB, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)].filter((m) => !m[1]).map((m) => m[2]!);
}

describe('src/lib layers', () => {
  it('has every module in a known layer', () => {
    expect(modules.filter((f) => !(LAYERS as readonly string[]).includes(f.split(path.sep)[0]!))).toEqual([]);
  });

  for (const file of modules) {
    const layer = file.split(path.sep)[0]!;
    it(`${file} imports only from its own or earlier layers`, () => {
      const bad: string[] = [];
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith('node:')) {
          if (BROWSER_SAFE.has(layer)) bad.push(`${spec} (a Node built-in in a browser-safe layer)`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = path.relative(LIB, path.resolve(path.dirname(path.join(LIB, file)), spec)).split(path.sep)[0]!;
        if (LAYERS.indexOf(target as (typeof LAYERS)[number]) > LAYERS.indexOf(layer as (typeof LAYERS)[number])) bad.push(`${spec} (a later layer)`);
        if (NEVER[layer]?.includes(target)) bad.push(`${spec} (${layer} must not use ${target})`);
      }
      expect(bad).toEqual([]);
    });
  }
});
