/**
 * The data build writing somewhere other than the repo, for measurements on synthetic data folders:
 *   node --import tsx scripts/bench/build-data-to.ts DATA_DIR OUT_ROOT
 * writes OUT_ROOT/data/generated and OUT_ROOT/public/generated exactly as `npm run data:build` would.
 */
import { buildData } from '../build-data';

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dataDir, outRoot] = process.argv.slice(2);
  if (!dataDir || !outRoot) throw new Error('usage: build-data-to.ts DATA_DIR OUT_ROOT');
  await buildData(dataDir, outRoot);
}
