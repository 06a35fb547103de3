import { describe, expect, it } from 'vitest';
import { compareImages, previousImages } from './check.js';

const LIST = `quay.io/a/b:v1
busybox:latest

# runtime
# quay.io/a/solver:v1

# optional
# ghcr.io/x/reload:v0.14.0  [hotReload.enabled=true]
`;

describe('--check inputs', () => {
  it('*.images.txt: default lines and "# runtime" entries are needed; optional only when included', () => {
    expect(previousImages(LIST, 'l', false)).toEqual(['quay.io/a/b:v1', 'docker.io/library/busybox:latest', 'quay.io/a/solver:v1']);
    expect(previousImages(LIST, 'l', true)).toContain('ghcr.io/x/reload:v0.14.0');
  });

  it('--plain output: the first field of each line', () => {
    expect(previousImages('quay.io/a/b:v1\tdefault\tpod-spec: x\n', 'p', false)).toEqual(['quay.io/a/b:v1']);
  });

  it('drift lists added and removed images', () => {
    const c = compareImages(['quay.io/a/b:v2', 'quay.io/a/solver:v1', 'docker.io/library/busybox:latest'], LIST, 'l', false);
    expect(c).toEqual({ against: 'l', added: ['quay.io/a/b:v2'], removed: ['quay.io/a/b:v1'], same: false });
  });
});

describe('--check against a bundle lock', () => {
  const D = `sha256:${'d'.repeat(64)}`;
  const image = (ref: string, need: string) => ({
    source: ref,
    ref,
    digest: D,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    platforms: [],
    size: 1,
    need,
    sites: [],
    layoutRef: ref,
  });
  const lock = JSON.stringify({
    formatVersion: 1,
    createdBy: 'test',
    createdAt: '2026-01-01T00:00:00Z',
    platforms: [],
    notBundled: [],
    charts: [],
    images: [image('quay.io/a/b:v1', 'certain'), image('quay.io/a/opt:v1', 'optional'), image('docker.io/library/extra:1', 'extra')],
  });

  it("needed images are the certain ones (user extras are not the charts' doing); optional ones with --include-optional", () => {
    expect(previousImages(lock, 'airgap-lock.json', false)).toEqual(['quay.io/a/b:v1']);
    expect(previousImages(lock, 'airgap-lock.json', true)).toEqual(['quay.io/a/b:v1', 'quay.io/a/opt:v1']);
  });

  it("a lock of several charts: only the checked charts' images can be removed", () => {
    const site = (chart: string) => [
      { chart, template: `${chart}/templates/d.yaml`, kind: 'Deployment', name: 'd', fieldPath: 'x', site: 'pod-spec', certainty: 'certain' },
    ];
    const two = JSON.stringify({
      ...JSON.parse(lock),
      images: [
        { ...image('quay.io/a/b:v1', 'certain'), sites: site('a') },
        { ...image('quay.io/a/sub:v1', 'certain'), sites: site('a/charts/sub') },
        { ...image('quay.io/b/c:v1', 'certain'), sites: site('b') },
      ],
    });
    expect(previousImages(two, 'l.json', false, ['a'])).toEqual(['quay.io/a/b:v1', 'quay.io/a/sub:v1']);
    expect(compareImages(['quay.io/a/b:v1', 'quay.io/a/sub:v1'], two, 'l.json', false, ['a']).same).toBe(true);
    expect(compareImages(['quay.io/a/b:v1'], two, 'l.json', false, ['a']).removed).toEqual(['quay.io/a/sub:v1']);
  });

  it('a damaged lock is an error naming the file', () => {
    expect(() => previousImages('{"formatVersion": 9}', 'old-lock.json', false)).toThrow(/old-lock\.json: invalid bundle lock/);
  });
});
