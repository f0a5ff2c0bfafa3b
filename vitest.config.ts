import { defineConfig } from 'vitest/config';

// Two projects so the real OpenSearch starts only when a live suite is in the run: vitest runs a
// project's global setup only when files of that project are selected.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/deno/**', 'test/live/**', 'node_modules/**'] },
      },
      {
        extends: true,
        // A JVM and its engine on a busy 2-core machine: generous limits (no test asserts elapsed time).
        test: { name: 'live', include: ['test/live/**/*.test.ts'], globalSetup: ['test/setup/opensearch.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
