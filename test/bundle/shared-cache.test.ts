// One cache, several processes: four `bundle` runs at once on the same charts and cache all
// succeed with the same images; a run killed (SIGKILL) while it holds a blob's partial file leaves a
// claim that the next run takes over (the dead process is detected) and finishes; temp files of
// dead runs are removed.
import { execa } from 'execa';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from './run-cli.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const MiB = 1024 * 1024;
let src: SeededSource;
let work: string;
let chart: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-shared-cache-'));
  src = await startSeededSource(
    ['api', 'worker', 'web'].map((n) => ({
      name: `acme.example/shop/${n}`,
      tag: '1.0',
      baseLayers: [{ seed: 'shop-base', size: 6 * MiB }],
      layers: [{ seed: n, size: 3 * MiB }],
    })),
  );
  chart = join(work, 'shop');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  const containers = ['api', 'worker', 'web'].map((n) => `      - name: ${n}\n        image: acme.example/shop/${n}:1.0`).join('\n');
  await writeFile(join(chart, 'templates', 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n  containers:\n${containers}\n`);
  return async () => {
    await src.stop();
    await rm(work, { recursive: true, force: true });
  };
});

const bundleArgs = (out: string) => ['bundle', chart, '--mirror', `acme.example=${src.registry.host}/acme.example`, '-o', out];

async function leftovers(cache: string): Promise<string[]> {
  return readdir(join(cache, 'oci', '.airgap-partial')).catch(() => []);
}

describe('one cache shared by several processes', () => {
  it('four bundles at once all succeed with identical images and leave no partial or claim behind', async () => {
    const cache = join(work, 'cache-4');
    const env = { HELM_AIRGAP_CACHE: cache, CI: 'true' };
    const runs = await Promise.all([1, 2, 3, 4].map((i) => runCli(bundleArgs(join(work, `b${i}.tar`)), env)));
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const locks = await Promise.all([1, 2, 3, 4].map((i) => readBundleLock(join(work, `b${i}.tar`))));
    const images = locks.map((l) => l.images.map((i) => `${i.ref}@${i.digest}`).sort());
    expect(images[0]).toHaveLength(3);
    for (const i of images) expect(i).toEqual(images[0]);
    for (const img of src.images) expect(images[0]!.some((x) => x.endsWith(`@${img.digest}`))).toBe(true);
    expect(await leftovers(cache)).toEqual([]);
  });

  it('a run killed while it holds a partial leaves a claim the next run takes over', async () => {
    const cache = join(work, 'cache-kill');
    const partials = join(cache, 'oci', '.airgap-partial');
    await mkdir(partials, { recursive: true });
    const child = execa(BIN, bundleArgs(join(work, 'killed.tar')), { env: { HELM_AIRGAP_CACHE: cache, CI: 'true' }, reject: false });
    // killed as soon as a claim (lock file) exists: an event, not a timer
    const watcher = watch(partials, (_e, name) => {
      if (String(name).endsWith('.lock')) child.kill('SIGKILL');
    });
    const first = await child;
    watcher.close();
    expect(first.signal, first.stderr).toBe('SIGKILL');
    expect((await leftovers(cache)).some((n) => n.endsWith('.lock'))).toBe(true);

    // and a half-written bundle temp file of that dead process, as a kill during assembly leaves it
    const deadTemp = join(work, `.again.tar.${child.pid}.deadbeef.tmp`);
    await writeFile(deadTemp, 'partial tar');
    const again = await runCli(bundleArgs(join(work, 'again.tar')), { HELM_AIRGAP_CACHE: cache, CI: 'true' });
    expect(again.exitCode, again.stderr).toBe(0);
    expect((await readBundleLock(join(work, 'again.tar'))).images).toHaveLength(3);
    expect(await leftovers(cache), 'leftovers after the re-run').toEqual([]);
    expect((await readdir(work)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
