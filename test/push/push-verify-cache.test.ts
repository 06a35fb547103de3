// Re-runs of one push skip re-hashing a bundle file that was fully verified and has not changed
// since; any write to the file (even one that puts the old mtime back) forces the full check.
import { mkdtemp, open, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle } from '../../src/app/push/push.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

describe('push verification cache', () => {
  let reg: RunningRegistry;
  let work: string;
  let bundle: FixtureBundle;
  let cacheDir: string;
  beforeAll(async () => {
    reg = await startRegistry();
    work = await mkdtemp(join(tmpdir(), 'push-vcache-'));
    cacheDir = join(work, 'cache');
    bundle = await writeFixtureBundle(work, [{ name: 'quay.io/org/app', tag: '1', layers: [{ seed: 'a', size: 300_000 }] }]);
  });
  afterAll(async () => {
    await reg?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('first push hashes every blob; a re-run of the unchanged file checks sizes only', async () => {
    const first = await pushBundle(bundle.file, { registry: `${reg.host}/c`, verifyCacheDir: cacheDir });
    expect(first.verified.cached).toBe(false);
    const second = await pushBundle(bundle.file, { registry: `${reg.host}/c`, verifyCacheDir: cacheDir });
    expect(second.verified.cached).toBe(true);
    expect(second.verified.blobs).toBe(first.verified.blobs);
    expect(second.totals.blobsUploaded).toBe(0);
  });

  it('a byte changed in place (mtime put back) is still caught before any push: ctime moved', async () => {
    const before = await stat(bundle.file);
    const layer = (await ArchiveReader.open(bundle.file)).entries().find((e) => e.size > 100_000)!;
    const fh = await open(bundle.file, 'r+');
    await fh.write(Buffer.from([0x99]), 0, 1, layer.offset + 10);
    await fh.close();
    await utimes(bundle.file, before.atime, before.mtime);
    const err = await rejection(pushBundle(bundle.file, { registry: `${reg.host}/c2`, verifyCacheDir: cacheDir }));
    expect(err.code).toBe('ERR_BUNDLE_TAMPERED');
  });
});
