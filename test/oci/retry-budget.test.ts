// One retry layer: against a registry that refuses every upload (a full disk answers 500), a blob
// is tried as often as one retry loop allows (5), not once per nested loop multiplied (it was
// about 120 times per blob, 67 s for three small blobs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyImages } from '../../src/app/copy/copy.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages } from '../support/synthetic-image.js';

it('a registry refusing every upload: each blob tried at most 5 times, then a clear failure', async () => {
  const src = await startRegistry();
  const dst = await startRegistry();
  const proxy = await startFaultProxy(dst.host);
  const work = await mkdtemp(join(tmpdir(), 'airgap-retry-budget-'));
  try {
    const imgs = await writeSyntheticImages(join(work, 'seed'), [
      {
        name: 'team/app',
        tag: '1',
        layers: [
          { seed: 'x', size: 1000 },
          { seed: 'y', size: 1000 },
        ],
      },
    ]);
    await seedRegistry(src.host, imgs);
    proxy.inject({ path: /blobs\/uploads/, times: 100_000, fault: { kind: 'status', status: 500 } });
    const err = await copyImages({ items: [{ src: `docker://${src.host}/team/app:1` }], destination: `docker://${proxy.host}/team/app:1` }).catch(
      (e: unknown) => e,
    );
    expect(String(err)).toMatch(/destination: blob sha256:\w+: POST .*: 500/);
    // upload sessions (POST) carry no digest yet: count them all, for the blobs the copy started
    const posts = proxy.log.filter((x) => x.method === 'POST' && x.fault === 'status').length;
    expect(posts).toBeGreaterThanOrEqual(5);
    expect(posts).toBeLessThanOrEqual(5 * imgs[0]!.blobs.length);
  } finally {
    await proxy.stop();
    await src.stop();
    await dst.stop();
    await rm(work, { recursive: true, force: true });
  }
});
