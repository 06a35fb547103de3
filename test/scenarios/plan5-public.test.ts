// docs/plans/5-public.md (plan 5): plan 1's list judged against a public.ecr.aws stand-in that holds one
// image byte for byte (identical), one rebuilt around the same platform images (platform-
// identical), one tag on other content (different) and lacks one (absent); the private image has
// no public rule. The map the doc writes moves exactly the two safe images of an overlay's real
// `kubectl kustomize` build through postrender; every other image stays as it was.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { putManifest } from '../support/raw-push.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { pushRaw, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';
import { realHelm } from '../support/tools.js';
import { commandsOf, helmShim, planBlocks, runScript, swapped, unmappedNamed } from './doc-plans.js';

const LIST_TYPE = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
let hub: RunningRegistry;
let pub: RunningRegistry;
let work: string;
const img = new Map<string, WrittenImage>();

beforeAll(async () => {
  [hub, pub] = await Promise.all([startRegistry(), startRegistry()]);
  work = await mkdtemp(join(tmpdir(), 'airgap-plan5-'));
  const two = ['linux/amd64', 'linux/arm64'];
  const written = await writeSyntheticImages(join(work, 'layout'), [
    { name: 'milvusdb/milvus', tag: 'v2.4.4', platforms: two, layers: [{ seed: 'milvus', size: 2048 }], mediaTypes: 'docker' },
    { name: 'milvusdb/etcd', tag: '3.5.5', platforms: two, layers: [{ seed: 'etcd', size: 2048 }], mediaTypes: 'docker' },
    { name: 'bitnami/kafka', tag: '3.7.0', layers: [{ seed: 'kafka', size: 2048 }], mediaTypes: 'docker' },
    { name: 'bitnami/zookeeper', tag: '3.9.2', layers: [{ seed: 'zk', size: 2048 }], mediaTypes: 'docker' },
    { name: 'bitnami/kafka', tag: '3.7.0', layers: [{ seed: 'kafka rebuilt by someone else', size: 2048 }], mediaTypes: 'docker' },
  ]);
  // one at a time: docker-registry's filesystem driver can garble one blob uploaded twice at once
  for (const w of written.slice(0, 4)) {
    img.set(w.name, w);
    await pushRaw(hub.host, w);
  }
  await pushRaw(pub.host, img.get('milvusdb/milvus')!);
  await pushRaw(pub.host, written[4]!);
  // etcd's platform images under an index of the stand-in's own (another annotation, another digest)
  const etcd = img.get('milvusdb/etcd')!;
  await pushRaw(pub.host, {
    ...etcd,
    tag: 'children',
    digest: etcd.manifests[0]!.digest,
    size: etcd.manifests[0]!.size,
    mediaType: MANIFEST_TYPE,
    blobs: etcd.blobs.filter((b) => b !== etcd.digest),
  });
  const own = JSON.parse(await readFile(join(etcd.layoutDir, 'blobs', 'sha256', etcd.digest.slice(7)), 'utf8')) as Record<string, unknown>;
  await putManifest(pub.host, 'milvusdb/etcd', '3.5.5', LIST_TYPE, { ...own, annotations: { rebuilt: 'yes' } });
}, 120_000);
afterAll(async () => {
  await Promise.all([hub?.stop(), pub?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const OVERLAY = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - { name: api, image: registry.internal.example/shop/api:1.4.2 }',
    '        - { name: milvus, image: milvusdb/milvus:v2.4.4 }',
    '        - { name: etcd, image: milvusdb/etcd:3.5.5 }',
    '        - { name: kafka, image: docker.io/bitnami/kafka:3.7.0 }',
    '        - { name: zookeeper, image: bitnami/zookeeper:3.9.2 }',
    '',
  ].join('\n'),
  'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamePrefix: prod-\n',
};

describe('docs/plans/5-public.md (plan 5): Docker Hub images to proven public.ecr.aws equivalents', () => {
  it('mirrors writes only the safe two into the map; postrender of the overlay moves exactly those', async () => {
    for (const [path, text] of Object.entries(OVERLAY)) {
      await mkdir(join(work, dirname(path)), { recursive: true });
      await writeFile(join(work, path), text);
    }
    const { kubectl } = await realHelm(4);
    const env = { PATH: `${await helmShim(work)}:${dirname(kubectl)}:${process.env.PATH}`, HOME: work };
    const [list] = commandsOf((await planBlocks(1))[0]!);
    expect((await runScript(list!, { cwd: work, env })).exitCode).toBe(0);

    const [block, check] = await planBlocks(5);
    // Docker Hub and public.ecr.aws are reached at the two local registries, names unchanged
    const script = swapped(block!, [['mirrors images.txt', `mirrors images.txt --mirror docker.io=${hub.host} --mirror public.ecr.aws=${pub.host}`]]);
    for (const command of commandsOf(script)) {
      const r = await runScript(command, { cwd: work, env });
      expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
    }
    const map = parseImageMap(await readFile(join(work, 'public.map.yaml'), 'utf8'), 'public.map.yaml');
    expect(map.map((e) => [e.source, e.destination]).sort()).toEqual([
      ['docker.io/milvusdb/etcd:3.5.5', 'public.ecr.aws/milvusdb/etcd:3.5.5'],
      ['docker.io/milvusdb/milvus:v2.4.4', 'public.ecr.aws/milvusdb/milvus:v2.4.4'],
    ]);
    expect(
      map
        .find((e) => e.source.includes('etcd'))!
        .platforms?.map((p) => p.digest)
        .sort(),
    ).toEqual(
      img
        .get('milvusdb/etcd')!
        .manifests.map((m) => m.digest)
        .sort(),
    );
    const images = [...(await readFile(join(work, 'prod.yaml'), 'utf8')).matchAll(/image: (\S+)/g)].map((m) => m[1]!);
    expect(images.sort()).toEqual(
      [
        'registry.internal.example/shop/api:1.4.2',
        'public.ecr.aws/milvusdb/milvus:v2.4.4',
        'public.ecr.aws/milvusdb/etcd:3.5.5',
        'docker.io/bitnami/kafka:3.7.0',
        'bitnami/zookeeper:3.9.2',
      ].sort(),
    );

    // the doc's check: without --allow-unmapped the images the map lacks are exit 3, each named
    const strict = await runScript(commandsOf(check!)[0]!, { cwd: work, env });
    const lacking = ['docker.io/bitnami/kafka:3.7.0', 'docker.io/bitnami/zookeeper:3.9.2', 'registry.internal.example/shop/api:1.4.2'];
    expect(unmappedNamed(strict, lacking), strict.all).toEqual({ exitCode: 3, named: lacking });
  });
});
