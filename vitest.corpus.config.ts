import { defineConfig } from 'vitest/config';
import { RANGE, supported } from './bin/node-floor.cjs';

// The CLI the tests start refuses a Node outside its range (bin/node-floor.cjs), and so would fail
// most tests: said once, with the way to the pinned Node (a fresh Debian machine has Node 20).
if (!supported(process.versions.node))
  throw new Error(
    `the tests run on Node.js ${RANGE}, this is ${process.version}\nnext: ./scripts/test.sh [FILES], or export PATH="$(./scripts/setup.sh):$PATH" first (setup's Node 24)`,
  );

// Runs over real charts in AIRGAP_CORPUS (default ../shared/charts): see .ci/run.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
