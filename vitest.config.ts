import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/x.test.ts); integration tests that start real
// registries and servers live in test/. The corpus suite over ../shared/charts has its own
// config (vitest.corpus.config.ts) because a fresh clone has no ../shared.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/corpus/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
