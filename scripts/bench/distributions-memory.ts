/**
 * Does the distributions importer's memory grow with its input? Streams the real zip (43 MB of CSV once
 * inflated) into `importDistributions`, and at every tenth of the compressed bytes forces a garbage
 * collection and records the live heap and the resident set. A streaming importer shows a flat live heap
 * while it reads; one that keeps rows shows a heap that climbs with the bytes read. The figures after the
 * import also include its output (figures and band distributions), which the build keeps.
 *
 * Run as a child process (needs --expose-gc):
 *   node --expose-gc --import tsx scripts/bench/distributions-memory.ts ZIP   (one JSON line on stdout)
 */
import fs from 'node:fs';
import { importDistributions } from '../../src/lib/ingest/importers/distributions';

export interface MemoryCheckpoint {
  /** Share of the compressed file read, 0..1 (1.01 = after the import returned). */
  progress: number;
  heapUsedMb: number;
  rssMb: number;
}

export interface DistributionsMemory {
  zipBytes: number;
  rows: number;
  /** Figures imported (5 per band distribution). */
  observations: number;
  checkpoints: MemoryCheckpoint[];
}

function checkpoint(progress: number): MemoryCheckpoint {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { progress, heapUsedMb: m.heapUsed / 2 ** 20, rssMb: m.rss / 2 ** 20 };
}

/** Imports `zip`, recording memory as it goes. */
export async function measureDistributions(zip: string): Promise<DistributionsMemory> {
  const zipBytes = fs.statSync(zip).size;
  const checkpoints: MemoryCheckpoint[] = [checkpoint(0)];
  let read = 0;
  let next = 0.1;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of fs.createReadStream(zip, { highWaterMark: 64 * 1024 })) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
      while (read / zipBytes >= next - 1e-9) {
        checkpoints.push(checkpoint(Math.round(next * 10) / 10));
        next += 0.1;
      }
    }
  }
  const r = await importDistributions(counted(), zip);
  checkpoints.push(checkpoint(1.01));
  const rows = r.rowsByLevel.National + r.rowsByLevel.Regional + r.rowsByLevel['Local authority'];
  return { zipBytes, rows, observations: r.figures.length, checkpoints };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const zip = process.argv[2];
  if (!zip) throw new Error('usage: distributions-memory.ts ZIP');
  process.stdout.write(`${JSON.stringify(await measureDistributions(zip))}\n`);
}
