// push --on-existing-tag on a real docker-registry (mutable tags): a tag that already holds other
// content is replaced (overwrite, the default), kept and named (skip), or refused before any byte
// of the image is uploaded (fail). The same content is success under all three.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle, type PushOptions, type PushReport } from '../../src/app/push/push.js';
import { PartialResultError } from '../../src/util/errors.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { servedDigest } from '../sync/sync-world.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

let reg: RunningRegistry;
let work: string;
let first: FixtureBundle;
let second: FixtureBundle;
const opts = (over: Partial<PushOptions> = {}): PushOptions => ({ registry: `${reg.host}/m`, retryBaseMs: 5, ...over });
const REPO = 'm/quay.io/org/app';

beforeAll(async () => {
  reg = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-existing-tag-'));
  const image = (seed: string) => [
    { name: 'quay.io/org/app', tag: '1.0', layers: [{ seed, size: 30_000 }] },
    { name: 'quay.io/org/other', tag: '2.0', layers: [{ seed: 'o', size: 1000 }] },
  ];
  first = await writeFixtureBundle(join(work, 'a'), image('first'));
  second = await writeFixtureBundle(join(work, 'b'), image('second'));
  await pushBundle(first.file, opts());
});
afterAll(async () => {
  await reg?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('push --on-existing-tag', () => {
  it('fail: the tag on other content is named and nothing of that image is uploaded', async () => {
    const err = (await rejection(pushBundle(second.file, opts({ onExistingTag: 'fail' })))) as PartialResultError<PushReport>;
    expect(err).toBeInstanceOf(PartialResultError);
    const app = err.report.items.find((i) => i.source === 'quay.io/org/app:1.0')!;
    expect(app.status).toBe('failed');
    expect(app.error).toContain(`the tag already holds ${first.images[0]!.digest}, the bundle has ${second.images[0]!.digest}`);
    expect(app.bytesUploaded).toBe(0);
    expect(await servedDigest(reg.host, REPO, '1.0')).toBe(first.images[0]!.digest);
  });

  it('skip: the tag is kept and named; the run succeeds', async () => {
    const report = await pushBundle(second.file, opts({ onExistingTag: 'skip' }));
    const app = report.items.find((i) => i.source === 'quay.io/org/app:1.0')!;
    expect(app.status).toBe('kept');
    expect(app.error).toContain('the tag already holds');
    expect(report.totals.images.kept).toBe(1);
    expect(await servedDigest(reg.host, REPO, '1.0')).toBe(first.images[0]!.digest);
  });

  it('overwrite (the default): the tag moves to the bundle content', async () => {
    const report = await pushBundle(second.file, opts());
    expect(report.items.find((i) => i.source === 'quay.io/org/app:1.0')!.status).toBe('pushed');
    expect(await servedDigest(reg.host, REPO, '1.0')).toBe(second.images[0]!.digest);
    const again = await pushBundle(second.file, opts({ onExistingTag: 'fail' }));
    expect(again.items.every((i) => i.status === 'present')).toBe(true);
  });
});
