/**
 * The floor for the data build: one bare streaming pass of papaparse over the same CSV bytes the build
 * reads (every CSV under dfe/, the three geo/ CSVs, and the CSV inside each dfe/absence_distributions/
 * zip, inflated as a stream), counting rows and doing nothing else. Nothing is kept, so its time and
 * memory are what reading the input costs at the least; the build's figures are compared with it.
 * The LAIT parquet file and the ONS topology JSON are not CSV and are not in the floor.
 *
 * Run as a child process so its memory is its own:
 *   node --import tsx scripts/bench/csv-floor.ts DATA_DIR     (prints one JSON line on stdout)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Papa from 'papaparse';
import { Unzip, UnzipInflate } from 'fflate';

/** The geo/ CSVs the data build reads. */
export const GEO_CSVS = ['geo/las.csv', 'geo/regions.csv', 'geo/ONSvisual_uk-topojson_changes.csv'];

export interface FloorInput {
  /** Plain CSV files, absolute paths. */
  csv: string[];
  /** Zips whose CSV entries are inflated and parsed as streams. */
  zips: string[];
}

export interface FloorResult {
  files: number;
  rows: number;
  /** Bytes of CSV text parsed (zips counted inflated). */
  csvBytes: number;
  wallMs: number;
}

/** Lists what the floor reads in a data folder. */
export function floorInput(dataDir: string): FloorInput {
  const dfe = fs.readdirSync(path.join(dataDir, 'dfe'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return {
    csv: [...dfe.filter((f) => f.endsWith('.csv')), ...GEO_CSVS.map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f))],
    zips: dfe.filter((f) => f.startsWith(path.join(dataDir, 'dfe', 'absence_distributions')) && f.endsWith('.zip')),
  };
}

/** Streams text chunks through papaparse; resolves with the number of rows and characters. */
async function parseStream(source: Readable): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const counted = source.map((chunk: string | Buffer) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    return chunk;
  });
  const sink = new Writable({
    objectMode: true,
    write(_row, _enc, done) {
      rows++;
      done();
    },
  });
  await pipeline(counted, Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',' }), sink);
  return { rows, bytes };
}

/** Inflates every entry of a zip file as a stream of UTF-8 text chunks, without holding the whole entry. */
async function* unzippedText(zipFile: string): AsyncGenerator<string> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  const unzip = new Unzip((entry) => {
    entry.ondata = (err, data, final) => {
      if (err) throw err;
      out.push(decoder.decode(data, { stream: !final }));
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of fs.createReadStream(zipFile, { highWaterMark: 64 * 1024 })) {
    unzip.push(chunk as Buffer, false);
    while (out.length) yield out.shift()!;
  }
  unzip.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

/** One pass over every input; see the module note. */
export async function csvFloor(input: FloorInput): Promise<FloorResult> {
  const started = performance.now();
  let rows = 0;
  let csvBytes = 0;
  for (const file of input.csv) {
    const r = await parseStream(fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 }));
    rows += r.rows;
    csvBytes += r.bytes;
  }
  for (const zip of input.zips) {
    const r = await parseStream(Readable.from(unzippedText(zip)));
    rows += r.rows;
    csvBytes += r.bytes;
  }
  return { files: input.csv.length + input.zips.length, rows, csvBytes, wallMs: performance.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: csv-floor.ts DATA_DIR');
  process.stdout.write(`${JSON.stringify(await csvFloor(floorInput(dataDir)))}\n`);
}
