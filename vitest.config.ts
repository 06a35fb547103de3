import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { RANGE, supported } from './bin/node-floor.cjs';

// The CLI the tests start refuses a Node outside its range (bin/node-floor.cjs), and so would fail
// most tests: said once, with the way to the pinned Node (a fresh Debian machine has Node 20).
if (!supported(process.versions.node))
  throw new Error(
    `the tests run on Node.js ${RANGE}, this is ${process.version}\nnext: ./scripts/test.sh [FILES], or export PATH="$(./scripts/setup.sh):$PATH" first (setup's Node 24)`,
  );

// Unit tests sit beside the code (src/**/x.test.ts); integration tests that start real
// registries and servers live in test/. The corpus suite over ../shared/charts has its own
// config (vitest.corpus.config.ts) because a fresh clone has no ../shared.
// Test files run side by side, as many as there are cores and at least two: most of a file's time
// is spent waiting on the processes it starts (the CLI, registries, Helm, skopeo), so vitest's
// default of one less than the cores (one file at a time on 2 cores) left a core idle. On 2 cores,
// eight files of test/oci and test/push took 31-35 s with two against 47-50 s with one, nine of
// test/sync, test/values and test/serve 36 s against 62 s. AIRGAP_TEST_WORKERS=N sets another count.
const workers = Number(process.env.AIRGAP_TEST_WORKERS) || Math.max(2, availableParallelism());
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/corpus/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: workers,
    // A worker keeps the modules it loaded from one test file to the next: loading src and
    // test/support afresh for each of 520 files costs a sixth of the suite's CPU (vitest's import
    // phase, 167 s of 1,290 summed). On 2 cores the whole suite (./scripts/test.sh) takes 10.5-11.4
    // min sharing them against 14.4 isolated; CPU 17.2-18.6 min against 24.5.
    // What it asks of a test file: no module mocks (test/architecture/test-files.test.ts keeps
    // that), and nothing it stubbed, started or changed in the process left behind when it ends
    // (the setup file ends each with the process-wide TLS trust a new process starts with).
    isolate: false,
    setupFiles: ['test/support/per-file-setup.ts'],
  },
});
