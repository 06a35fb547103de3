import { describe, expect, it } from 'vitest';
import { chartLayoutRef, formatLock, parseLock, validateLock, type BundleLock } from './lock.js';

const D = 'sha256:' + 'a'.repeat(64);
const E = 'sha256:' + 'b'.repeat(64);

function lock(): BundleLock {
  return {
    formatVersion: 1,
    createdBy: 'helm-airgap 0.1.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    platforms: [],
    charts: [
      {
        name: 'demo',
        version: '1.0.0',
        digest: D,
        source: { kind: 'repo', repo: 'http://127.0.0.1/' },
        releaseName: 'demo',
        namespace: 'default',
        values: {},
        layoutRef: 'charts/demo:1.0.0',
        manifestDigest: E,
      },
    ],
    images: [
      {
        source: 'busybox:1',
        ref: 'docker.io/library/busybox:1',
        digest: E,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: ['linux/amd64'],
        size: 10,
        need: 'certain',
        layoutRef: 'docker.io/library/busybox:1',
        sites: [
          {
            chart: 'demo',
            template: 'demo/templates/d.yaml',
            kind: 'Deployment',
            name: 'd',
            fieldPath: 'spec.template.spec.containers[0].image',
            site: 'pod-spec',
            certainty: 'certain',
            valuesPaths: ['image.tag'],
          },
        ],
      },
    ],
    notBundled: [],
  };
}

describe('bundle lock', () => {
  it('round-trips through formatLock/parseLock', () => {
    expect(parseLock(formatLock(lock()), 'x')).toEqual(lock());
  });
  it('sorts images by ref so two runs over the same charts give the same bytes', () => {
    const l = lock();
    l.images.push({ ...l.images[0]!, ref: 'a.io/x:1', layoutRef: 'a.io/x:1' });
    const parsed = parseLock(formatLock(l), 'x');
    expect(parsed.images.map((i) => i.ref)).toEqual(['a.io/x:1', 'docker.io/library/busybox:1']);
  });
  it.each([
    [(l: any) => (l.formatVersion = 2), /formatVersion is 2, this helm-airgap reads 1/],
    [(l: any) => (l.images[0].digest = 'sha256:zz'), /images\[0\]\.digest: expected sha256:<64 hex>/],
    [(l: any) => (l.charts[0].layoutRef = 'demo:1'), /charts\[0\]\.layoutRef: expected a ref starting with charts\//],
    [(l: any) => (l.images[0].need = 'maybe'), /images\[0\]\.need: expected certain\|optional\|extra/],
    [(l: any) => delete l.charts, /charts: expected a list/],
    [(l: any) => (l.catalog = [{ file: 'acme.yaml', operator: 'Acme', digest: 'md5:1' }]), /catalog\[0\]\.digest: expected sha256:<64 hex>/],
    [(l: any) => (l.catalog = 'acme.yaml'), /catalog: expected a list/],
  ])('names the JSON path of each problem %#', (mutate, re) => {
    const l = lock();
    mutate(l);
    expect(validateLock(l).join('; ')).toMatch(re);
    expect(() => parseLock(JSON.stringify(l), 'b.tar')).toThrow(/b\.tar: invalid bundle lock/);
  });
  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseLock('{', 'bundle.tar:airgap-lock.json')).toThrow(/bundle\.tar:airgap-lock\.json: invalid bundle lock: not valid JSON/);
  });
  it("reads the user's catalog files as optional", () => {
    const catalog = [{ file: 'acme.yaml', operator: 'Acme', digest: `sha256:${'b'.repeat(64)}` }];
    expect(parseLock(formatLock({ ...lock(), catalog }), 'l.json').catalog).toEqual(catalog);
    expect(parseLock(formatLock(lock()), 'l.json').catalog).toBeUndefined();
  });
  it('chart refs write + as _ (Helm OCI tag rule)', () => {
    expect(chartLayoutRef('demo', '1.0.0+build.1')).toBe('charts/demo:1.0.0_build.1');
  });
  it('reads the signature fields as optional, and names a damaged one', () => {
    const l = lock();
    const signed = {
      ...l,
      signaturePolicy: { entries: [{ match: '**', key: 'sha256:' + 'a'.repeat(64), require: 'signed' as const, origin: 'x' }], keys: {} },
    };
    expect(parseLock(formatLock(signed), 'l.json').signaturePolicy?.entries[0]?.match).toBe('**');
    expect(() => parseLock(JSON.stringify({ ...l, signaturePolicy: { entries: 'all' } }), 'l.json')).toThrow('signaturePolicy: expected {entries');
    const badSig = { ...l, images: l.images.map((i) => ({ ...i, signatures: [{ format: 'cosign-tag', digest: 'nope' }] })) };
    expect(() => parseLock(JSON.stringify(badSig), 'l.json')).toThrow('images[0].signatures: expected a list of {format, digest, ...}');
  });
});
