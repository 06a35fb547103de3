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

  it('a mirror: the file says whose images it serves (origin line), tls-verify and cert-dir under its key', () => {
    const r = skopeoSyncFromList(list, {
      mirrors: { 'docker.io': 'mirror.example/dh' },
      tlsVerify: { 'mirror.example': false },
      certDirs: { 'quay.io': '/etc/containers/certs.d/quay.io' },
    });
    expect(r.text.split('\n')[0]).toBe('# helm-airgap origin: mirror.example/dh=docker.io');
    const doc = parse(r.text) as Record<string, Record<string, unknown>>;
    expect(doc['mirror.example']!['tls-verify']).toBe(false);
    expect(doc['quay.io']!['cert-dir']).toBe('/etc/containers/certs.d/quay.io');
    expect(() => skopeoSyncFromList(list, { tlsVerify: { 'ghcr.io': false } })).toThrow(/--tls-verify ghcr\.io=\.\.\.: the file fetches nothing from ghcr\.io/);
  });

  it('a mirror with a port and a scoped destination: refused, or written through registries.conf', () => {
    const o = { mirrors: { 'docker.io': 'nexus.example:8082/hub' }, destination: parseTarget('dst.example/airgap') };
    expect(() => skopeoSyncFromList(list, o)).toThrow(/invalid reference format/);
    const r = skopeoSyncFromList(list, { ...o, registriesConf: true, tlsVerify: { 'nexus.example:8082': false } });
    expect(r.text).toMatch(/^# helm-airgap mirror: docker\.io=nexus\.example:8082\/hub\ndocker\.io:\n/);
    expect(r.registriesConf).toBe('[[registry]]\nlocation = "docker.io"\n[[registry.mirror]]\nlocation = "nexus.example:8082/hub"\ninsecure = true\n');
    expect(r.map[0]).toEqual({ source: 'docker.io/milvusdb/milvus:v2.4.4', destination: 'dst.example/airgap/docker.io/milvusdb/milvus:v2.4.4' });
    expect(r.fetch[0]).toBe('nexus.example:8082/hub/milvusdb/milvus:v2.4.4');
    expect(r.unscopable).toEqual([]);
    // any mirror, given a registries.conf: the images keep their own names at the destination
    const plain = skopeoSyncFromList(list, { mirrors: { 'docker.io': 'mirror.example/dh' }, destination: o.destination, registriesConf: true });
    expect(Object.keys(parse(plain.text) as object).sort()).toEqual(['docker.io', 'quay.io']);
    expect(plain.map[0]!.destination).toBe('dst.example/airgap/docker.io/milvusdb/milvus:v2.4.4');
  });

  it("an image's own registry with a port and a scoped destination is named: skopeo --scoped cannot run it", () => {
    const r = skopeoSyncFromList(parseImageList('registry.internal:5000/app:1\n', 'l.txt'), { destination: parseTarget('dst.example/airgap') });
    expect(r.unscopable).toEqual(['registry.internal:5000']);
  });
});
