// Fuzz target: the bundle reader (src/bundle/open.ts) over the layout archive reader
// (src/layout/archive-reader.ts, tar-format.ts). The seed is a small real bundle: an OCI layout
// with one image (manifest, config, layer), a PAX long-named file and airgap-lock.json. Inputs are
// that tarball damaged by tar-mutate.ts, or rebuilt around a damaged index.json, manifest or lock
// (digests recomputed, so the reader believes them). Each input is opened as a push would: the
// lock read, every index entry resolved, its manifest graph fetched and every blob streamed to
// the end. Property: a result or an AirgapError, nothing else, and no stream longer than its
// descriptor says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { openBundle } from '../src/bundle/open.js';
import { formatLock, type BundleLock } from '../src/bundle/lock.js';
import { fetchManifest, successors } from '../src/oci/manifest.js';
import type { Descriptor, ReadOnlyTarget } from '../src/oci/content.js';
import { mutateText } from './mutate.js';
import { chance, int, type Rng } from './rng.js';
import { isCleanAirgapError, PropertyViolation, type FuzzTarget } from './runner.js';
import { mutateTar, packTar, type TarSeedEntry } from './tar-mutate.js';

interface BundleInput {
  bytes: Buffer;
  how: string;
}

const enc = (s: string) => Buffer.from(s, 'utf8');
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const REF = 'docker.io/library/busybox:1';

interface SeedTexts {
  manifest: string;
  index: (manifestDigest: string, manifestSize: number) => string;
  lock: (manifestDigest: string, manifestSize: number) => string;
}

const config = enc(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
const layer = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(700, 7)]);

const texts: SeedTexts = {
  manifest: JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
  }),
  index: (digest, size) =>
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size, annotations: { 'org.opencontainers.image.ref.name': REF } }],
    }),
  lock: (digest, size) => {
    const lock: BundleLock = {
      formatVersion: 1,
      createdBy: 'helm-airgap fuzz',
      createdAt: '2026-01-01T00:00:00.000Z',
      platforms: [],
      charts: [],
      images: [
        {
          source: 'busybox:1',
          ref: REF,
          digest,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          platforms: ['linux/amd64'],
          size,
          need: 'certain',
          layoutRef: REF,
          sites: [],
        },
      ],
      notBundled: [],
    } as BundleLock;
    return formatLock(lock);
  },
};

/** The bundle tarball around (possibly damaged) texts; digests follow the manifest bytes. */
function pack(manifestText: string, index?: string, lock?: string): Buffer {
  const manifest = enc(manifestText);
  const md = sha(manifest);
  const blob = (b: Buffer): TarSeedEntry => ({ name: `blobs/sha256/${sha(b).slice(7)}`, data: b });
  return packTar([
    { name: 'oci-layout', data: enc('{"imageLayoutVersion":"1.0.0"}') },
    { name: 'index.json', data: enc(index ?? texts.index(md, manifest.length)) },
    { name: 'blobs/' },
    { name: 'blobs/sha256/' },
    ...[config, layer, manifest].map(blob).sort((a, b) => (a.name < b.name ? -1 : 1)),
    { name: `extra/${'long-name-'.repeat(12)}.txt`, data: enc('a file whose name needs a PAX header\n') },
    { name: 'airgap-lock.json', data: enc(lock ?? texts.lock(md, manifest.length)) },
  ]);
}

const JSON_CHARS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '0',
  '-1',
  '1e309',
  'null',
  'true',
  '"sha256:',
  '"size":',
  '"digest":',
  '"mediaType":',
  '"manifests":[',
  '"layers":',
  '"config":',
];
let seedTar: Buffer | undefined;
let work: string | undefined;

function generate(r: Rng): BundleInput {
  seedTar ??= pack(texts.manifest);
  if (chance(r, 0.7)) return mutateTar(r, seedTar, false);
  const manifest = enc(texts.manifest);
  switch (int(r, 0, 2)) {
    case 0: {
      const m = mutateText(r, texts.manifest, JSON_CHARS);
      return { bytes: pack(m), how: `manifest (digest recomputed): ${m}` };
    }
    case 1: {
      const i = mutateText(r, texts.index(sha(manifest), manifest.length), JSON_CHARS);
      return { bytes: pack(texts.manifest, i), how: `index.json: ${i}` };
    }
    default: {
      const l = mutateText(r, texts.lock(sha(manifest), manifest.length), JSON_CHARS);
      return { bytes: pack(texts.manifest, undefined, l), how: `lock: ${l}` };
    }
  }
}

async function drain(s: Readable, d: Descriptor): Promise<void> {
  let n = 0;
  for await (const c of s) {
    n += (c as Buffer).length;
    if (n > d.size) throw new PropertyViolation(`blob ${d.digest} streamed past its ${d.size} bytes`);
  }
}

async function walk(store: ReadOnlyTarget, d: Descriptor, depth: number): Promise<void> {
  const m = await fetchManifest(store, d, `manifest ${d.digest}`);
  for (const child of successors(m)) {
    if (child.mediaType.includes('manifest') || child.mediaType.includes('index')) {
      if (depth < 3) await walk(store, child, depth + 1);
    } else if (await store.exists(child)) await drain(await store.fetch(child), child);
  }
}

async function run(i: BundleInput): Promise<void> {
  work ??= mkdtempSync(join(tmpdir(), 'fuzz-bundle-'));
  const file = join(work, 'bundle.tar');
  writeFileSync(file, i.bytes);
  const b = await openBundle(file);
  try {
    for (const img of b.lock.images) await walk(b.store, await b.store.resolve(img.layoutRef), 0);
    const first = b.lock.images[0];
    if (first) {
      // the push phase's store: byte ranges as they are, after the whole bundle was verified
      const bulk = b.bulkStore ?? b.store;
      const d = await bulk.resolve(first.layoutRef);
      await drain(await bulk.fetch(d), d);
    }
  } finally {
    await b.close();
  }
}

export const bundleArchiveTarget: FuzzTarget<BundleInput> = {
  name: 'bundle-archive',
  fullCount: 100_000,
  timeoutMs: 5000,
  generate,
  run,
  teardown() {
    if (work) rmSync(work, { recursive: true, force: true });
    work = undefined;
  },
  isDomain: isCleanAirgapError,
  describe: (i) => `${i.how} (${i.bytes.length} bytes)`,
};
