import { describe, expect, it } from 'vitest';
import { parseManifest, successors, MAX_MANIFEST_BYTES } from './manifest.js';
import { MediaType } from './media-types.js';

const d = (n: string, mt = 'application/octet-stream') => ({ mediaType: mt, digest: 'sha256:' + n.repeat(64), size: 1 });
const enc = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('parseManifest', () => {
  it('keeps the raw bytes and lists config then layers (manifest: successors)', () => {
    const raw = enc({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: d('a'), layers: [d('b'), d('c')] });
    const m = parseManifest(raw, undefined, 'x');
    expect(m.raw).toBe(raw);
    expect(m.kind).toBe('manifest');
    expect(successors(m).map((s) => s.digest[7])).toEqual(['a', 'b', 'c']);
  });
  it("lists an index's children (manifest: index successors)", () => {
    const m = parseManifest(enc({ schemaVersion: 2, manifests: [d('a', MediaType.ociManifest)] }), MediaType.dockerManifestList, 'x');
    expect(m.kind).toBe('index');
    expect(successors(m)).toHaveLength(1);
  });
  it('guesses the kind when neither descriptor nor body name it (manifest: Helm charts omit mediaType)', () => {
    expect(parseManifest(enc({ schemaVersion: 2, config: d('a'), layers: [] }), undefined, 'x').kind).toBe('manifest');
    expect(parseManifest(enc({ schemaVersion: 2, manifests: [] }), undefined, 'x').kind).toBe('index');
  });
  it.each([
    [enc({ schemaVersion: 1, name: 'x', fsLayers: [] }), undefined, 'schema 1'],
    [enc({ schemaVersion: 2 }), MediaType.dockerSchema1Signed, 'schema 1'],
    [Buffer.from('{nope'), undefined, 'not JSON'],
    [enc({ schemaVersion: 2, layers: [{ digest: 1 }] }), undefined, 'layers[0]'],
    // found by fuzz/bundle-archive.ts: a config without its mediaType reached the graph walk
    [enc({ schemaVersion: 2, config: { digest: d('a').digest, size: 1 }, layers: [] }), undefined, 'config is not a descriptor'],
    [enc({ schemaVersion: 2, config: 'sha256:x', layers: [] }), undefined, 'config is not a descriptor'],
    [enc({ schemaVersion: 2, config: d('a'), layers: [], subject: { size: 'x' } }), undefined, 'subject is not a descriptor'],
    [enc({ schemaVersion: 2 }), 'text/plain', 'not a manifest'],
    [Buffer.alloc(MAX_MANIFEST_BYTES + 1), undefined, 'limit'],
  ])('refuses bad input (manifest: clear error mentioning %#)', (raw, mt, msg) => {
    expect(() => parseManifest(raw, mt, 'ref x')).toThrow(msg);
  });
});
