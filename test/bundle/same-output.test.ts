// Three `bundle` processes writing one -o on one cache at once (a CI matrix re-run, a double
// click): they serialize on a lock beside the output's stage folder. Each either writes the whole
// bundle or is told at once that another run writes it; none ends with a raw ENOENT/ENOTEMPTY,
// and the file left is one good bundle whose every blob is there (issue 33).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectLayout } from '../../src/app/inspect/inspect.js';
import { readBundleLock } from '../../src/bundle/open.js';
import { startBundleWorld, worldEnv, type BundleWorld } from './bundle-fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let w: BundleWorld;

beforeAll(async () => {
  w = await startBundleWorld();
}, 60_000);
afterAll(async () => {
  await w?.stop();
});

describe('bundle: one output, three runs at once', () => {
  it('one good bundle; a run that finds another writing the output says so and exits 1', async () => {
    const out = join(w.work, 'same.tar');
    const env = { ...process.env, ...worldEnv(w, { HOME: w.work }) };
    const runs = await Promise.all(
      [0, 1, 2].map(() => execa(BIN, ['bundle', 'demo', '--repo', w.repo.url, '--version', '1.2.1', ...w.mirrors, '-o', out], { env, reject: false })),
    );
    const ok = runs.filter((r) => r.exitCode === 0);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of runs.filter((x) => x.exitCode !== 0)) {
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/another helm-airgap bundle is writing this output/);
      expect(r.stderr).toMatch(/^next: /m);
    }
    const lock = await readBundleLock(out);
    expect(lock.charts.map((c) => c.name)).toEqual(['demo']);
    const inspected = await inspectLayout(out);
    expect(inspected.images.flatMap((i) => i.missing)).toEqual([]);
  });
});
