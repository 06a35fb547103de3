import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseImageList } from '../../oci/image-list.js';
import { parseTarget } from '../../ecr/target.js';
import type { BundleLock } from '../../bundle/lock.js';
import { skopeoSyncFromList } from './skopeo-list.js';

const D = `sha256:${'d'.repeat(64)}`;
const L = `sha256:${'1'.repeat(64)}`;
const list = parseImageList(['milvusdb/milvus:v2.4.4', `milvusdb/etcd@${D}`, 'quay.io/a/b:1', 'nginx:1.27'].join('\n'), 'images.txt');
const lock = { images: [{ ref: 'docker.io/library/nginx:1.27', digest: L }] } as unknown as BundleLock;

describe('images LIST -o skopeo-sync', () => {
  it('groups by registry and repository, a pin or a locked digest replacing the tag', () => {
    const r = skopeoSyncFromList(list, { lock });
    expect(parse(r.text)).toEqual({
      'docker.io': { images: { 'milvusdb/milvus': ['v2.4.4'], 'milvusdb/etcd': [D], 'library/nginx': [L] } },
      'quay.io': { images: { 'a/b': ['1'] } },
    });
    expect(r.pinnedByLock).toBe(1);
  });

  it('--mirror replaces a registry (and puts its path in front); the map keeps the original names', () => {
    const r = skopeoSyncFromList(list, { mirrors: { 'docker.io': 'mirror.example/dh' }, destination: parseTarget('dst.example/airgap') });
    expect(Object.keys(parse(r.text) as object).sort()).toEqual(['mirror.example', 'quay.io']);
    expect((parse(r.text) as Record<string, { images: object }>)['mirror.example']!.images).toHaveProperty('dh/milvusdb/milvus');
    expect(r.map.map((e) => [e.source, e.destination])).toEqual([
      ['docker.io/milvusdb/milvus:v2.4.4', 'dst.example/airgap/mirror.example/dh/milvusdb/milvus:v2.4.4'],
      [`docker.io/milvusdb/etcd@${D}`, `dst.example/airgap/mirror.example/dh/milvusdb/etcd@${D}`],
      ['quay.io/a/b:1', 'dst.example/airgap/quay.io/a/b:1'],
      ['docker.io/library/nginx:1.27', 'dst.example/airgap/mirror.example/dh/library/nginx:1.27'],
    ]);
  });

  it('a --mirror that is not REGISTRY=HOST[/PATH] is a usage error', () => {
    expect(() => skopeoSyncFromList(list, { mirrors: { 'docker.io': 'Not A Host' } })).toThrow(/--mirror docker\.io=Not A Host/);
  });
});
