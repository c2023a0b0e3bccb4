import { defineConfig } from 'vitest/config';

/**
 * Four projects: `unit` (fixtures only, fast), `real` (the real DfE/ONS files under DATA_DIR),
 * `browser` (Chromium against the built site in dist/; run after `npm run build`), `release` (two
 * builds of a scratch copy of the project, to check pinned embeds across data releases; slow).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      // Real-data files are read in beforeAll hooks: a generous hookTimeout so a loaded machine is slow, not failing.
      { test: { name: 'real', include: ['test/real/**/*.test.ts'], environment: 'node', testTimeout: 300_000, hookTimeout: 600_000 } },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'release',
          include: ['test/release/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
