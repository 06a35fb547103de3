import { defineConfig } from 'vitest/config';

// Runs over real charts in AIRGAP_CORPUS (default ../shared/charts): see .ci/run.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
