/**
 * `npm test`'s wall time, layer by layer: the same commands its script runs (package.json "test"),
 * each timed on its own. The build between the unit/real and browser layers is not re-run here: the
 * benchmark has just timed the same build, and adds it in.
 */
import path from 'node:path';
import { runMeasured, type ProcessMeasure } from './process';

export const TEST_LAYERS = ['tsc', 'unit', 'real', 'browser', 'release'] as const;
export type TestLayer = (typeof TEST_LAYERS)[number];

export interface LayerRun {
  layer: TestLayer;
  wallMs: number;
  cpuMs: number | null;
  exitCode: number | null;
  /** vitest's own summary line ("Tests  395 passed (395)"), when it printed one. */
  summary: string;
}

/** The command of a layer, as package.json's "test" script runs it. */
export function layerCommand(root: string, layer: TestLayer): string[] {
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  return layer === 'tsc' ? [bin('tsc'), '--noEmit'] : [bin('vitest'), 'run', '--project', layer];
}

/**
 * Which layers to run, from the command line: all by default; none with --skip-tests; a list with
 * --tests=unit,real. Unknown names are an error.
 */
export function layersFromArgs(args: readonly string[]): TestLayer[] {
  if (args.includes('--skip-tests')) return [];
  const list = args.find((a) => a.startsWith('--tests='));
  if (!list) return [...TEST_LAYERS];
  const names = list.slice('--tests='.length).split(',').filter(Boolean);
  for (const n of names) if (!(TEST_LAYERS as readonly string[]).includes(n)) throw new Error(`--tests: no layer "${n}" (layers: ${TEST_LAYERS.join(', ')})`);
  return TEST_LAYERS.filter((l) => names.includes(l));
}

const SUMMARY = /^\s*Tests\s+.*$/m;

/** Runs the layers one after the other, timed; a failing layer is recorded, not thrown. */
export async function runLayers(root: string, layers: readonly TestLayer[], env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<LayerRun[]> {
  const runs: LayerRun[] = [];
  for (const layer of layers) {
    const [cmd, ...args] = layerCommand(root, layer);
    const m: ProcessMeasure = await runMeasured(cmd!, args, { cwd: root, env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    const text = `${m.stdout}\n${m.stderr.map((l) => l.text).join('\n')}`;
    const run = { layer, wallMs: m.wallMs, cpuMs: m.cpuMs, exitCode: m.exitCode, summary: SUMMARY.exec(text)?.[0].trim().replace(/\s+/g, ' ') ?? '' };
    log(`${layer}: ${(run.wallMs / 1000).toFixed(1)} s, exit ${run.exitCode}${run.summary ? `, ${run.summary}` : ''}`);
    runs.push(run);
  }
  return runs;
}
