import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Ctx, Descriptor, FetchOptions } from './content.js';
import { copyGraph, createCopySession } from './copy-graph.js';
import { sha256Of } from './digest.js';
import { MemoryStore } from './memory-store.js';
import { MediaType } from './media-types.js';
import { MAX_REFERRERS_PER_IMAGE } from './referrer-bounds.js';
import { parsePlatforms } from './platform.js';

async function put(s: MemoryStore, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const d = { mediaType, digest: sha256Of(bytes), size: bytes.length };
  await s.push(d, Readable.from([bytes]));
  return d;
}

async function image(s: MemoryStore, arch: string, base: Descriptor): Promise<Descriptor> {
  const cfg = await put(s, Buffer.from(JSON.stringify({ architecture: arch, os: 'linux' })), MediaType.ociConfig);
  const own = await put(s, Buffer.from(`layer-${arch}`), MediaType.ociLayerGzip);
  const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: cfg, layers: [base, own] }));
  return { ...(await put(s, m, MediaType.ociManifest)), platform: { os: 'linux', architecture: arch } };
}

async function fixture() {
  const src = new MemoryStore();
  const base = await put(src, Buffer.from('shared base layer'), MediaType.ociLayerGzip);
  const amd = await image(src, 'amd64', base);
  const arm = await image(src, 'arm64', base);
  const ix = await put(src, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [amd, arm] })), MediaType.ociIndex);
  return { src, base, amd, arm, ix };
}

/** Counts fetches per digest on a real store (a wrapper, not a mock). */
class Counting extends MemoryStore {
  fetches = new Map<string, number>();
  override async fetch(d: Descriptor, c?: Ctx, o?: FetchOptions): Promise<Readable> {
    this.fetches.set(d.digest, (this.fetches.get(d.digest) ?? 0) + 1);
    await new Promise((r) => setImmediate(r));
    return super.fetch(d, c, o);
  }
}

describe('copyGraph', () => {
  it('copies an index with all children, byte for byte (copy: digests preserved)', async () => {
    const { src, ix } = await fixture();
    const dst = new MemoryStore();
    const r = await copyGraph(src, dst, ix);
    expect(new Set(dst.digests())).toEqual(new Set(src.digests()));
    expect(r.selected).toHaveLength(2);
  });

  it('fetches a shared blob once across concurrent roots in one session (copy: in-flight dedup)', async () => {
    const { src: plain, amd, arm, base } = await fixture();
    const src = new Counting();
    for (const dg of plain.digests()) {
      const d = { mediaType: 'application/octet-stream', digest: dg, size: 0 };
      const bytes = Buffer.concat(await (await plain.fetch(d)).toArray());
      await src.push({ ...d, size: bytes.length }, Readable.from([bytes]));
    }
    const session = createCopySession(4);
    const dst = new MemoryStore();
    await Promise.all([copyGraph(src, dst, amd, { session }), copyGraph(src, dst, arm, { session })]);
    expect(src.fetches.get(base.digest)).toBe(1);
    expect(session.stats.copied).toBe(7);
  });

  it('keeps the original index bytes but only the selected platform (copy: sparse index keeps the pinned digest)', async () => {
    const { src, ix, amd, arm } = await fixture();
    const dst = new MemoryStore();
    const r = await copyGraph(src, dst, ix, { platforms: parsePlatforms('linux/arm64') });
    expect(await dst.exists(ix)).toBe(true);
    expect(await dst.exists(arm)).toBe(true);
    expect(await dst.exists(amd)).toBe(false);
    expect(r.selected.map((d) => d.digest)).toEqual([arm.digest]);
  });

  it('skips what the destination holds and reports it (copy: present = success)', async () => {
    const { src, ix } = await fixture();
    const dst = new MemoryStore();
    await copyGraph(src, dst, ix);
    const skipped: string[] = [];
    const session = createCopySession();
    await copyGraph(src, dst, ix, { session, onSkipped: (d) => void skipped.push(d.digest) });
    expect(session.stats.copied).toBe(0);
    expect(skipped).toContain(ix.digest);
  });

  it('copies referrers of the root when asked (copy: --with-referrers)', async () => {
    const { src, amd } = await fixture();
    const empty = await put(src, Buffer.from('{}'), MediaType.ociEmpty);
    const sig = await put(src, Buffer.from('signature'), 'application/vnd.dev.cosign.simplesigning.v1+json');
    const ref = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        config: empty,
        layers: [sig],
        subject: { mediaType: amd.mediaType, digest: amd.digest, size: amd.size },
      }),
    );
    const rd = await put(src, ref, MediaType.ociManifest);
    const dst = new MemoryStore();
    const r = await copyGraph(src, dst, amd, { withReferrers: true });
    expect(r.referrers.map((d) => d.digest)).toEqual([rd.digest]);
    expect(await dst.exists(rd)).toBe(true);
    expect(await dst.exists(sig)).toBe(true);
  });

  it('walks referrers as a graph: a cycle back to the image is skipped, a chain ends at the depth bound', async () => {
    const { src, amd } = await fixture();
    const empty = await put(src, Buffer.from('{}'), MediaType.ociEmpty);
    const artifact = async (n: number) =>
      put(
        src,
        Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: empty, layers: [], annotations: { n: String(n) } })),
        MediaType.ociManifest,
      );
    const chain = await Promise.all([1, 2, 3, 4, 5, 6].map(artifact));
    // referrers as a registry may answer them: the image refers back to itself through its referrer
    const cyclic = Object.assign(Object.create(src) as MemoryStore, {
      referrers: async (d: Descriptor) => (d.digest === amd.digest ? [chain[0]!, amd] : d.digest === chain[0]!.digest ? [amd] : []),
    });
    const r = await copyGraph(cyclic, new MemoryStore(), amd, { withReferrers: true });
    expect(r.referrers.map((d) => d.digest)).toEqual([chain[0]!.digest]);
    const endless = Object.assign(Object.create(src) as MemoryStore, {
      referrers: async (d: Descriptor) => {
        const at = d.digest === amd.digest ? 0 : chain.findIndex((c) => c.digest === d.digest) + 1;
        return chain[at] ? [chain[at]] : [];
      },
    });
    await expect(copyGraph(endless, new MemoryStore(), amd, { withReferrers: true })).rejects.toThrow(
      `referrers of ${amd.digest} nest more than 4 levels deep (${[amd, ...chain.slice(0, 5)].map((d) => d.digest.slice(0, 19)).join(' -> ')}): refused`,
    );
  });

  it('refuses more referrers per image than the bound, all levels together', async () => {
    const { src, amd } = await fixture();
    const empty = await put(src, Buffer.from('{}'), MediaType.ociEmpty);
    const many: Descriptor[] = [];
    for (let n = 0; n <= MAX_REFERRERS_PER_IMAGE; n++)
      many.push(
        await put(
          src,
          Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: empty, layers: [], annotations: { n: String(n) } })),
          MediaType.ociManifest,
        ),
      );
    // half under the image, half under its first referrer: the count is over both levels
    const half = Math.floor(many.length / 2);
    const flood = Object.assign(Object.create(src) as MemoryStore, {
      referrers: async (d: Descriptor) => (d.digest === amd.digest ? many.slice(0, half) : d.digest === many[0]!.digest ? many.slice(half) : []),
    });
    await expect(copyGraph(flood, new MemoryStore(), amd, { withReferrers: true })).rejects.toThrow(
      `${amd.digest} has more than ${MAX_REFERRERS_PER_IMAGE} referrers (all levels together): refused`,
    );
  });

  it('refuses an artifact blob past its declared-size bound before fetching it', async () => {
    const { src } = await fixture();
    const empty = await put(src, Buffer.from('{}'), MediaType.ociEmpty);
    const huge = { mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', digest: sha256Of(Buffer.from('x')), size: 2 ** 40 };
    const sig = await put(
      src,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: empty, layers: [huge] })),
      MediaType.ociManifest,
    );
    const counting = new Counting();
    for (const d of [empty, sig]) await counting.push(d, await src.fetch(d));
    await expect(copyGraph(counting, new MemoryStore(), sig, { artifact: 'sha256-x.sig' })).rejects.toThrow(
      `sha256-x.sig: ${huge.mediaType} ${huge.digest} declares ${2 ** 40} bytes, past the 1 MiB a cosign signature payload may be`,
    );
    expect(counting.fetches.get(huge.digest)).toBeUndefined();
  });

  it('refuses a blob whose bytes do not match and stores nothing (copy: digest verified)', async () => {
    const src = new MemoryStore();
    const good = Buffer.from('good');
    const d = { mediaType: MediaType.ociLayerGzip, digest: sha256Of(good), size: 4 };
    const liar = { ...src, exists: async () => true, fetch: async () => Readable.from([Buffer.from('evil')]) };
    const dst = new MemoryStore();
    await expect(copyGraph(liar, dst, d)).rejects.toThrow(/digest mismatch/);
    expect(dst.digests()).toEqual([]);
  });
});
