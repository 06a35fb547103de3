import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatKustomizeImages, imageName, kustomizeImages } from './kustomize.js';

const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const T = `${TARGET.registry}/${TARGET.prefix}`;
const DIGEST = `sha256:${'1'.repeat(64)}`;

describe('kustomize images', () => {
  it.each([
    ['nginx:1.25', 'nginx'],
    ['localhost:5000/a/b:v1', 'localhost:5000/a/b'],
    ['localhost:5000/a/b', 'localhost:5000/a/b'],
    [`quay.io/a/b:v1@${DIGEST}`, 'quay.io/a/b'],
  ])('imageName: %s → %s (tag after the last "/", a port is not a tag)', (source, name) => {
    expect(imageName(source)).toBe(name);
  });

  it.each([
    [
      'name kept as the manifest spells it (kustomize matches on it); newTag from the tag',
      'nginx:1.25',
      { name: 'nginx', newName: `${T}/docker.io/library/nginx`, newTag: '1.25' },
    ],
    [
      'a digest pin wins over the tag (what was pushed is the digest)',
      `quay.io/a/b:v1@${DIGEST}`,
      { name: 'quay.io/a/b', newName: `${T}/quay.io/a/b`, digest: DIGEST },
    ],
    ['no tag: no newTag', 'ghcr.io/x/y', { name: 'ghcr.io/x/y', newName: `${T}/ghcr.io/x/y` }],
  ])('%s', (_, source, entry) => {
    expect(kustomizeImages([{ source }], TARGET).images).toEqual([entry]);
  });

  it('naming follows push (drop-host, flat)', () => {
    expect(kustomizeImages([{ source: 'quay.io/a/b:v1' }], TARGET, 'drop-host').images[0].newName).toBe(`${T}/a/b`);
    expect(kustomizeImages([{ source: 'quay.io/a/b:v1' }], TARGET, 'flat').images[0].newName).toBe(`${T}/a-b`);
  });

  it('one entry per name: duplicates merge, a second tag of the same name is a conflict (kustomize reads one)', () => {
    const r = kustomizeImages([{ source: 'nginx:1' }, { source: 'nginx:1' }, { source: 'nginx:2' }, { source: 'busybox:1' }], TARGET);
    expect(r.images.map((i) => i.name)).toEqual(['busybox', 'nginx']);
    expect(r.conflicts).toEqual(['nginx:2']);
  });

  it('formatKustomizeImages writes a kustomization images: block that parses back', () => {
    const text = formatKustomizeImages([{ source: 'nginx:1.25' }, { source: `quay.io/a/b@${DIGEST}` }], TARGET);
    expect(text.startsWith('images:\n')).toBe(true);
    expect(parse(text)).toEqual({
      images: [
        { name: 'nginx', newName: `${T}/docker.io/library/nginx`, newTag: '1.25' },
        { name: 'quay.io/a/b', newName: `${T}/quay.io/a/b`, digest: DIGEST },
      ],
    });
  });
});
