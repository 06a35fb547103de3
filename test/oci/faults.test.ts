// Faults tried and survived: cut connections (resumed with Range), an interrupted run resumed
// by the next, 429/500 answers, and blob bytes that do not match their digest (refused, not stored).
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyImages } from '../../src/app/copy/copy.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';

let reg: RunningRegistry;
let proxy: FaultProxy;
let work: string;
let img: WrittenImage;
let n = 0;
const BIG = 24 * 1024 * 1024;

let big = '';
const bigLayer = () => big;
const fresh = () => join(work, `out-${++n}`);
const src = () => `docker://${proxy.host}/big/image:1`;

beforeAll(async () => {
  reg = await startRegistry();
  proxy = await startFaultProxy(reg.host);
  work = await mkdtemp(join(tmpdir(), 'airgap-faults-'));
  [img] = await writeSyntheticImages(join(work, 'seed'), [{ name: 'big/image', tag: '1', layers: [{ seed: 'big', size: BIG }] }]);
  await seedRegistry(reg.host, [img]);
  const sizes = await Promise.all(img.blobs.map(async (b) => [b, (await stat(join(work, 'seed', 'blobs', 'sha256', b.slice(7)))).size] as const));
  big = sizes.sort((a, b) => b[1] - a[1])[0][0];
});

afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.clear();
  proxy.log.length = 0;
});

async function blobNames(dir: string): Promise<string[]> {
  return readdir(join(dir, 'blobs', 'sha256')).catch(() => []);
}

describe('faults (issue 2: tried and survived)', () => {
  it('a connection cut mid-blob resumes with Range and stores verified bytes', async () => {
    const dir = fresh();
    proxy.inject({ method: 'GET', path: bigLayer(), fault: { kind: 'cut', afterBytes: 5_000_000 } });
    const r = await copyImages({ items: [{ src: src() }], destination: `oci:${dir}` });
    expect(r.items[0].digest).toBe(img.digest);
    expect(proxy.log.filter((e) => e.fault === 'cut')).toHaveLength(1);
    expect(proxy.log.some((e) => e.path.includes(bigLayer()) && /^bytes=[1-9]\d*-$/.test(String(e.headers.range)))).toBe(true);
    expect((await stat(join(dir, 'blobs', 'sha256', bigLayer().slice(7)))).size).toBeGreaterThan(BIG);
  });

  it('an interrupted run leaves a partial that the next run continues from (resume across runs)', async () => {
    const dir = fresh();
    const ac = new AbortController();
    let moved = 0;
    proxy.inject({ method: 'GET', path: bigLayer(), fault: { kind: 'delay', ms: 0 } });
    const first = copyImages({
      items: [{ src: src() }],
      destination: `oci:${dir}`,
      ctx: {
        signal: ac.signal,
        onProgress: (e) => {
          if (e.type === 'advance' && (moved += e.bytes) > 4_000_000) ac.abort();
        },
      },
    });
    await expect(first).rejects.toThrow();
    const partials = await readdir(join(dir, '.airgap-partial'));
    expect(partials).toHaveLength(1);
    const kept = (await stat(join(dir, '.airgap-partial', partials[0]))).size;
    expect(kept).toBeGreaterThan(0);
    expect(await blobNames(dir)).not.toContain(bigLayer().slice(7));
    proxy.log.length = 0;
    await copyImages({ items: [{ src: src() }], destination: `oci:${dir}` });
    expect(proxy.log.find((e) => e.path.includes(bigLayer()))?.headers.range).toBe(`bytes=${kept}-`);
    expect(await blobNames(dir)).toContain(bigLayer().slice(7));
  });

  it.each([['intact'], ['corrupt']])(
    'a partial as long as the blob (killed before its rename, %s) is finished or dropped, never resumed past its end (416)',
    async (state) => {
      const full = fresh();
      await copyImages({ items: [{ src: src() }], destination: `oci:${full}` });
      const bytes = await readFile(join(full, 'blobs', 'sha256', bigLayer().slice(7)));
      const dir = fresh();
      const ac = new AbortController();
      let moved = 0;
      const first = copyImages({
        items: [{ src: src() }],
        destination: `oci:${dir}`,
        ctx: { signal: ac.signal, onProgress: (e) => void (e.type === 'advance' && (moved += e.bytes) > 4_000_000 && ac.abort()) },
      });
      await expect(first).rejects.toThrow();
      const [partial] = await readdir(join(dir, '.airgap-partial'));
      if (state === 'corrupt') bytes[bytes.length - 1] ^= 0xff;
      await writeFile(join(dir, '.airgap-partial', partial!), bytes);
      proxy.log.length = 0;
      await copyImages({ items: [{ src: src() }], destination: `oci:${dir}` });
      const ranges = proxy.log.filter((e) => e.path.includes(bigLayer())).map((e) => String(e.headers.range ?? ''));
      expect(ranges.filter((r) => r === `bytes=${bytes.length}-`)).toEqual([]);
      // intact: finished from the partial, nothing fetched; corrupt: dropped and fetched whole
      expect(ranges).toEqual(state === 'intact' ? [] : ['']);
      expect(
        createHash('sha256')
          .update(await readFile(join(dir, 'blobs', 'sha256', bigLayer().slice(7))))
          .digest('hex'),
      ).toBe(bigLayer().slice(7));
    },
  );

  it('429 with Retry-After and 500 answers are retried', async () => {
    const dir = fresh();
    proxy.inject({ method: 'GET', path: '/manifests/', fault: { kind: 'status', status: 429, retryAfter: '0' } });
    // the copy reads the root manifest with one GET (no HEAD first): the 429, then a 500, then it
    proxy.inject({ method: 'GET', path: '/manifests/', fault: { kind: 'status', status: 500 } });
    proxy.inject({ method: 'GET', path: '/blobs/', fault: { kind: 'status', status: 500 }, times: 2 });
    const r = await copyImages({ items: [{ src: src() }], destination: `oci:${dir}` });
    expect(r.items[0].digest).toBe(img.digest);
    expect(proxy.pending()).toBe(0);
  });

  it('blob bytes that do not match the digest are refused and not stored', async () => {
    const dir = fresh();
    proxy.inject({ method: 'GET', path: bigLayer(), fault: { kind: 'corrupt', at: 1000 }, times: 10 });
    await expect(copyImages({ items: [{ src: src() }], destination: `oci:${dir}` })).rejects.toThrow(/digest mismatch/);
    expect(await blobNames(dir)).not.toContain(bigLayer().slice(7));
    expect(await readdir(join(dir, '.airgap-partial')).catch(() => [])).toEqual([]);
  });

  it('a source that stalls mid-blob is dropped after the idle timeout and resumed with Range from where it stopped', async () => {
    const dir = fresh();
    proxy.inject({ method: 'GET', path: bigLayer(), fault: { kind: 'stall', afterBytes: 3_000_000 } });
    const r = await copyImages({ items: [{ src: src() }], destination: `oci:${dir}`, ctx: { idleTimeoutMs: 400 } });
    expect(r.items[0].digest).toBe(img.digest);
    expect(proxy.log.filter((e) => e.fault === 'stall')).toHaveLength(1);
    const resumed = proxy.log.find((e) => e.path.includes(bigLayer()) && e.headers.range !== undefined);
    expect(Number(/^bytes=(\d+)-$/.exec(String(resumed?.headers.range))?.[1])).toBeGreaterThan(0);
  });

  it('a registry that accepts and never answers is retried, then named with the idle timeout and what to check', async () => {
    const dir = fresh();
    proxy.inject({ path: '/v2/', fault: { kind: 'stall' }, times: 1000 });
    const err = await copyImages({ items: [{ src: src() }], destination: `oci:${dir}`, ctx: { idleTimeoutMs: 200 } }).catch((e: unknown) => e);
    expect(String(err)).toContain(`no bytes from ${proxy.host} for 0.2 s (idle timeout)`);
    // the first request and its retries, each given up on
    expect(proxy.log.filter((e) => e.fault === 'stall').length).toBeGreaterThan(1);
  });
});
