import { describe, expect, it } from 'vitest';
import { sha256Of } from '../oci/digest.js';
import { buildServedBundle, MAX_SERVED_PART, parseServedRefs, readServedBundleManifest, ServedPart } from './served-bundle.js';

const lockBytes = Buffer.from('{"apiVersion":"helm-airgap/v1"}\n');
const input = {
  lockBytes,
  signature: Buffer.from('{"sig":1}'),
  sbom: { file: 'airgap-sbom.cdx.json', bytes: Buffer.from('{}') },
  refs: new Map([
    ['image/b', 'docker.io/library/busybox'],
    ['chart/a', 'charts/demo'],
  ]),
  recordedLockDigest: `sha256:${'a'.repeat(64)}`,
};

describe('served bundle artifact', () => {
  it('reads back what it builds: each part by the digest of its exact bytes, the lock binding kept', () => {
    const { manifest, blobs } = buildServedBundle(input);
    expect(manifest.descriptor.digest).toBe(sha256Of(manifest.raw));
    const layers = readServedBundleManifest(manifest.raw, 'x');
    expect(layers.lock.digest).toBe(sha256Of(lockBytes));
    expect(layers.signature?.size).toBe(input.signature.length);
    expect(layers.sbom?.digest).toBe(sha256Of(input.sbom.bytes));
    expect(layers.recordedLockDigest).toBe(input.recordedLockDigest);
    const refs = blobs.find((b) => b.descriptor.digest === layers.refs.digest)!;
    expect([...parseServedRefs(refs.raw, 'x')]).toEqual([
      ['chart/a', 'charts/demo'],
      ['image/b', 'docker.io/library/busybox'],
    ]);
    // an unsigned bundle has no signature layer, and says so by its absence
    expect(readServedBundleManifest(buildServedBundle({ lockBytes, refs: new Map() }).manifest.raw, 'x').signature).toBeUndefined();
  });

  it('refuses what is not a served bundle, a part over the bound, and two parts of one kind, by name', () => {
    const m = JSON.parse(buildServedBundle(input).manifest.raw.toString()) as { artifactType: string; layers: { mediaType: string; size: number }[] };
    const bytes = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(() => readServedBundleManifest(Buffer.from('nope'), 'oci://h:1')).toThrow(/oci:\/\/h:1: not a bundle served by .*not JSON/);
    expect(() => readServedBundleManifest(bytes({ ...m, artifactType: 'x' }), 'h')).toThrow(/artifactType is "x"/);
    const big = m.layers.map((l) => (l.mediaType === ServedPart.lock ? { ...l, size: MAX_SERVED_PART + 1 } : l));
    expect(() => readServedBundleManifest(bytes({ ...m, layers: big }), 'h')).toThrow(/lock\.v1\+json layer is 16777217 bytes/);
    expect(() => readServedBundleManifest(bytes({ ...m, layers: [...m.layers, m.layers[0]] }), 'h')).toThrow(/2 layers of/);
    expect(() => readServedBundleManifest(bytes({ ...m, layers: m.layers.filter((l) => l.mediaType !== ServedPart.lock) }), 'h')).toThrow(/lacks the lock/);
    expect(() => parseServedRefs(Buffer.from('{"refs":{"a":1}}'), 'h')).toThrow(/not \{"refs"/);
  });
});
