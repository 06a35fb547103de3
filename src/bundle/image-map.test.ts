import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import { ImageMap, formatImageMap, mergeImageMaps, mergeMapRegistries, parseImageMap, parseImageMapFile, toMapEntry } from './image-map.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

describe('image map', () => {
  const entries = [
    toMapEntry('milvusdb/milvus:v2.4.4', `r.example/m/docker.io/milvusdb/milvus:v2.4.4@${D1}`, [{ platform: 'linux/amd64', digest: D2 }]),
    toMapEntry(`quay.io/a/b@${D3}`, `r.example/m/quay.io/a/b@${D3}`),
  ];

  it('a transfer target HOST/PATH:TAG@DIGEST becomes destination and digest; sources are normalised', () => {
    expect(entries[0]).toEqual({
      source: 'docker.io/milvusdb/milvus:v2.4.4',
      destination: 'r.example/m/docker.io/milvusdb/milvus:v2.4.4',
      digest: D1,
      platforms: [{ platform: 'linux/amd64', digest: D2 }],
    });
    expect(entries[1]).toMatchObject({ destination: `r.example/m/quay.io/a/b@${D3}`, digest: D3 });
  });

  it('round-trips through its file format', () => {
    const text = formatImageMap(entries, { writer: 'sync', at: new Date(0) });
    expect(text).toMatch(/^# helm-airgap image map: .* written by sync at 1970-01-01T00:00:00.000Z\n/);
    expect(parseImageMap(text, 'm.yaml')).toEqual(mergeImageMaps(entries));
  });

  it('still reads the mirror map of earlier releases', () => {
    const old = 'images:\n  nginx:1.27: public.ecr.aws/docker/library/nginx:1.27\n';
    expect(parseImageMap(old, 'old.yaml')).toEqual([{ source: 'docker.io/library/nginx:1.27', destination: 'public.ecr.aws/docker/library/nginx:1.27' }]);
  });

  it('finds an image as a chart spells it, a tag@digest pin by its tag when the digests agree', () => {
    const m = new ImageMap(entries);
    expect(m.mapRef('milvusdb/milvus:v2.4.4')).toBe('r.example/m/docker.io/milvusdb/milvus:v2.4.4');
    expect(m.mapRef(`milvusdb/milvus:v2.4.4@${D1}`)).toBe(`r.example/m/docker.io/milvusdb/milvus:v2.4.4@${D1}`);
    expect(m.lookup(`milvusdb/milvus:v2.4.4@${D2}`)).toBeUndefined();
    expect(m.mapRef(`quay.io/a/b@${D3}`)).toBe(`r.example/m/quay.io/a/b@${D3}`);
    expect(m.lookup('nginx:1')).toBeUndefined();
  });

  it('a later entry for the same source replaces the earlier (a re-run)', () => {
    const again = toMapEntry('milvusdb/milvus:v2.4.4', `r.example/n/milvus:v2.4.4@${D1}`);
    expect(mergeImageMaps(entries, [again]).find((e) => e.source.includes('milvus'))!.destination).toBe('r.example/n/milvus:v2.4.4');
  });

  it.each([
    ['not YAML', 'images: [\n', /^m\.yaml:\d+: not YAML/],
    ['no images', 'kind: ImageMap\n', /expected "images:"/],
    ['a bad digest', 'images:\n  - {source: nginx:1, destination: r/x:1, digest: sha256:xyz}\n', /images\[0\]\.digest: expected sha256/],
    ['a bad reference', 'images:\n  - {source: "NOT!", destination: r/x:1}\n', /images\[0\]\.source/],
    ['an old mirror changing the tag', 'images:\n  nginx:1: public.ecr.aws/x/nginx:2\n', /a mirror keeps the tag and digest/],
  ])('%s is a usage error naming the file', (_what, text, message) => {
    expect(() => parseImageMap(text, 'm.yaml')).toThrow(UsageError);
    expect(() => parseImageMap(text, 'm.yaml')).toThrow(message);
  });

  it('registries: how each destination is reached round-trips, later writers win per host, bad ones are named', () => {
    const registries = [
      { host: 'r.example', kind: 'oci' as const },
      { host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', kind: 'ecr' as const, endpoint: 'https://vpce.example', region: 'eu-west-1' },
    ];
    const text = formatImageMap(entries, { writer: 'copy', at: new Date(0), registries });
    const back = parseImageMapFile(text, 'm.yaml');
    expect(back.registries).toEqual(mergeMapRegistries(registries));
    expect(new ImageMap(back.entries, back.registries).registry('r.example')).toEqual({ host: 'r.example', kind: 'oci' });
    expect(mergeMapRegistries(registries, [{ host: 'r.example', kind: 'ecr' }]).find((r) => r.host === 'r.example')!.kind).toBe('ecr');
    expect(() => parseImageMapFile('images: []\nregistries:\n  - { host: r.example, kind: oci, endpoint: "https://u:p@x" }\n', 'b.yaml')).toThrow(
      /b\.yaml: registries\[0\]\.endpoint: expected an http\(s\) URL without a login/,
    );
    expect(parseImageMapFile('images: []\n', 'old.yaml').registries).toEqual([]);
  });
});
