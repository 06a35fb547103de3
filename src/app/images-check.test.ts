import { describe, expect, it } from 'vitest';
import { compareImages, previousImages } from './images-check.js';

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
