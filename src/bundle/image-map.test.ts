import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import {
  ImageMap,
  checkMapAgainstLock,
  formatImageMap,
  mergeImageMaps,
  mergeMapRegistries,
  parseImageMap,
  parseImageMapFile,
  toMapEntry,
} from './image-map.js';
import { readMapLines } from './image-map-lines.js';

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

  it('the written shape is read line by line, to what the YAML reader makes of it', () => {
    const text = formatImageMap(entries, { writer: 'sync', at: new Date(0) });
    expect(readMapLines(text)).toBeDefined();
    // the same document in flow style is not the written shape: it goes to the YAML reader
    const flow = `images: [${entries.map((e) => JSON.stringify(e)).join(', ')}]\n`;
    expect(readMapLines(flow)).toBeUndefined();
    expect(parseImageMap(text, 'm.yaml')).toEqual(parseImageMap(flow, 'm.yaml'));
    expect(parseImageMap(formatImageMap([], { writer: 'copy', at: new Date(0) }), 'm.yaml')).toEqual([]);
  });

  it.each([
    [
      'a source with two destinations',
      `  - source: nginx:1\n    destination: r/a:1\n  - source: nginx:1\n    destination: r/b:1\n`,
      /images\[0\] and m\.yaml: images\[1\] send docker\.io\/library\/nginx:1 to two destinations/,
    ],
    [
      'a destination with two sources',
      `  - source: a.io/x:1\n    destination: r.io/x:1\n  - source: b.io/x:1\n    destination: r.io/x:1\n`,
      /images\[0\] \(a\.io\/x:1\) and m\.yaml: images\[1\] \(b\.io\/x:1\) both go to r\.io\/x:1/,
    ],
    [
      'a source with two digests',
      `  - source: a.io/x:1\n    destination: r/x:1\n    digest: ${D1}\n  - source: a.io/x:1\n    destination: r/x:1\n    digest: ${D2}\n`,
      /send a\.io\/x:1 to two destinations/,
    ],
  ])('%s is an error naming both entries, with a next step', (_what, body, message) => {
    for (const text of [`images:\n${body}`, `images:\n${body.replace(/\n    /g, '\n    ').replace(/: /g, ':  ')}`])
      expect(() => parseImageMap(text, 'm.yaml')).toThrow(message);
  });

  it('an exact repeat is read once; two sources at one digest are not a conflict', () => {
    const text = `images:\n  - source: a.io/x:1\n    destination: r/x:1\n  - source: a.io/x:1\n    destination: r/x:1\n  - source: b.io/y@${D1}\n    destination: r/y@${D1}\n  - source: c.io/y@${D1}\n    destination: r/y@${D1}\n`;
    expect(parseImageMap(text, 'm.yaml').map((e) => e.source)).toEqual(['a.io/x:1', `b.io/y@${D1}`, `c.io/y@${D1}`]);
  });

  it('a merge drops the earlier entry whose tag a later run gave another image, and keeps one that agrees on its digest', () => {
    const a = toMapEntry('a.io/x:1', `r/x:1@${D1}`);
    const b = toMapEntry('b.io/x:1', `r/x:1@${D2}`);
    expect(mergeImageMaps([a], [b])).toEqual([b]);
    const pinned = toMapEntry(`b.io/x:1@${D2}`, `r/x:1@${D2}`);
    expect(mergeImageMaps([a, b], [pinned])).toEqual([b, pinned]);
  });

  it('a tag and its pinned spelling at one destination with one digest agree (mirrors writes both)', () => {
    const text = `images:\n  - source: a.io/x:1\n    destination: r.io/x:1\n    digest: ${D1}\n  - source: a.io/x:1@${D1}\n    destination: r.io/x:1\n    digest: ${D1}\n`;
    expect(parseImageMap(text, 'm.yaml')).toHaveLength(2);
    expect(() => parseImageMap(text.replace(`digest: ${D1}\n  - source`, `digest: ${D2}\n  - source`), 'm.yaml')).toThrow(/both go to r\.io\/x:1/);
  });

  it('a digest the bundle lock contradicts is an error naming both digests', () => {
    const m = new ImageMap(entries, [], 'm.yaml');
    expect(() => checkMapAgainstLock(m, new Map([['docker.io/milvusdb/milvus:v2.4.4', D3]]))).toThrow(
      `m.yaml: 1 image(s) with another digest than the bundle's lock:\n  docker.io/milvusdb/milvus:v2.4.4: the map says ${D1}, the lock ${D3}`,
    );
    expect(() => checkMapAgainstLock(m, new Map([[`docker.io/milvusdb/milvus:v2.4.4@${D3}`, D3]]))).toThrow(/the map says/);
    expect(() => checkMapAgainstLock(m, new Map([['docker.io/milvusdb/milvus:v2.4.4', D1]]))).not.toThrow();
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
