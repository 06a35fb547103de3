// Three `bundle` processes writing one -o on one cache at once (a CI matrix re-run, a double
// click): they serialize on a lock beside the output's stage folder. Each either writes the whole
// bundle or is told at once that another run writes it; none ends with a raw ENOENT/ENOTEMPTY,
// and the file left is one good bundle whose every blob is there (issue 33).
import { readdir, stat, truncate, writeFile } from 'node:fs/promises';
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

  it('a blob cut short in the cache is named, fetched again, and the next bundle is whole', async () => {
    const env = { ...process.env, ...worldEnv(w, { HOME: w.work }) };
    const blobs = join(w.work, 'cache', 'oci', 'blobs', 'sha256');
    const names = await readdir(blobs);
    const sizes = await Promise.all(names.map(async (n) => [n, (await stat(join(blobs, n))).size] as const));
    const [victim] = sizes.filter(([, size]) => size > 1000).sort((a, b) => b[1] - a[1])[0]!;
    await truncate(join(blobs, victim), 100);
    const out = join(w.work, 'after-cut.tar');
    const r = await execa(BIN, ['bundle', 'demo', '--repo', w.repo.url, '--version', '1.2.1', ...w.mirrors, '-o', out], { env, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`cache blob \\S*${victim} is not \\d+ bytes \\(cut short or lost\\): fetching it again`));
    const inspected = await inspectLayout(out);
    expect(inspected.images.flatMap((i) => i.missing)).toEqual([]);
    expect((await stat(join(blobs, victim))).size).toBeGreaterThan(100);
  });

  it('a cache blob of the right size but other bytes is named and removed; the next run fetches it again', async () => {
    const env = { ...process.env, ...worldEnv(w, { HOME: w.work }) };
    const blobs = join(w.work, 'cache', 'oci', 'blobs', 'sha256');
    const sizes = await Promise.all((await readdir(blobs)).map(async (n) => [n, (await stat(join(blobs, n))).size] as const));
    const [victim, size] = sizes.filter(([, s]) => s > 1000).sort((a, b) => b[1] - a[1])[0]!;
    await writeFile(join(blobs, victim), Buffer.alloc(size, 7));
    const run = (out: string) =>
      execa(BIN, ['bundle', 'demo', '--repo', w.repo.url, '--version', '1.2.1', ...w.mirrors, '-o', join(w.work, out)], { env, reject: false });
    const first = await run('corrupt-1.tar');
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toContain(`the cache's blob ${join(blobs, victim)} holds other bytes than its digest names: removed`);
    expect(first.stderr).toMatch(/^next: run the same bundle again/m);
    const second = await run('corrupt-2.tar');
    expect(second.exitCode, second.stderr).toBe(0);
    expect((await inspectLayout(join(w.work, 'corrupt-2.tar'))).images.flatMap((i) => i.missing)).toEqual([]);
  });
});
