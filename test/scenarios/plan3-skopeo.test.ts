// docs/plans/3-skopeo.md (plan 3): the skopeo sync file generated from plan 1's list with Docker Hub
// replaced by an internal mirror, run by real skopeo (reaching the mirror and the private registry
// through a registries.conf mirror, as a connected host would) and, in the second block, by our own
// sync; both land where the map written with the file says, and verify --map finds every image
// with the digest the source served.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { requireTool } from '../support/tools.js';
import { servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { commandsOf, helmShim, planBlocks, runScript, swapped, unmappedNamed, writeImageChart } from './doc-plans.js';

const HUB = 'dockerhub-mirror.internal.example';
const PRIVATE = 'registry.internal.example';
// the five images of plan 1, as the mirror serves them (path hub/ below it) and the private registry
const FIVE: [string, string][] = [
  [`${PRIVATE}/shop/api`, '1.4.2'],
  [`${HUB}/hub/milvusdb/milvus`, 'v2.4.4'],
  [`${HUB}/hub/milvusdb/etcd`, '3.5.5'],
  [`${HUB}/hub/bitnami/kafka`, '3.7.0'],
  [`${HUB}/hub/bitnami/zookeeper`, '3.9.2'],
];

let src: SeededSource;
let work: string;
let shim: string;

beforeAll(async () => {
  await requireTool('skopeo', 'skopeo');
  // each image twice, same bytes: under its host name (skopeo's registries.conf mirror) and without
  // it (our sync, where the host itself is swapped for the local registry)
  const specs = FIVE.flatMap(([name, tag]) => [name, name.slice(name.indexOf('/') + 1)].map((n) => ({ name: n, tag, layers: [{ seed: name, size: 4096 }] })));
  // and the third block's Docker Hub image that plan 1's list does not have
  src = await startSeededSource([
    ...specs,
    { name: 'hub/library/nginx', tag: '1.27.4', layers: [{ seed: 'nginx', size: 4096 }], platforms: ['linux/amd64', 'linux/arm64'] },
  ]);
  work = await mkdtemp(join(tmpdir(), 'airgap-plan3-'));
  shim = await helmShim(work);
}, 120_000);
afterAll(async () => {
  await src?.stop();
  await rm(work, { recursive: true, force: true });
});

async function listFromPlan1(dir: string, swaps: [string, string][]): Promise<void> {
  const [block] = await planBlocks(1);
  const [cat] = commandsOf(block!);
  expect(cat).toMatch(/^cat > images\.txt <</);
  const r = await runScript(swapped(cat!, swaps), { cwd: dir, env: { PATH: process.env.PATH! } });
  expect(r.exitCode, r.all).toBe(0);
}

const digestOf = (name: string) => src.images.find((i) => i.name === name)!.digest;

describe('docs/plans/3-skopeo.md (plan 3): a skopeo sync file from a list, with a registry replaced', () => {
  it('real skopeo runs the file; verify --map finds all five under their original names', async () => {
    const [block] = await planBlocks(3);
    const dir = join(work, 'skopeo');
    await mkdir(join(dir, '.config', 'containers'), { recursive: true });
    await listFromPlan1(dir, []);
    await writeFile(
      join(dir, '.config', 'containers', 'registries.conf'),
      [HUB, PRIVATE].map((h) => `[[registry]]\nlocation = "${h}"\n[[registry.mirror]]\nlocation = "${src.registry.host}/${h}"\ninsecure = true\n`).join('\n'),
    );
    const dst: RunningRegistry = await startRegistry();
    try {
      const script = swapped(block!, [
        ['registry.airgap.example', dst.host],
        ['skopeo sync ', 'skopeo sync --dest-tls-verify=false '],
      ]);
      const env = { PATH: `${shim}:${process.env.PATH}`, HOME: dir, REGISTRY_AUTH_FILE: join(dir, 'no-auth.json') };
      for (const command of commandsOf(script)) {
        const r = await runScript(command, { cwd: dir, env });
        expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
      }
      const map = parseImageMap(await readFile(join(dir, 'skopeo.map.yaml'), 'utf8'), 'skopeo.map.yaml');
      expect(map.map((e) => e.source).sort()).toEqual(
        [
          'docker.io/bitnami/kafka:3.7.0',
          'docker.io/bitnami/zookeeper:3.9.2',
          'docker.io/milvusdb/etcd:3.5.5',
          'docker.io/milvusdb/milvus:v2.4.4',
          `${PRIVATE}/shop/api:1.4.2`,
        ].sort(),
      );
      for (const [name, tag] of FIVE) expect(await servedDigest(dst.host, `airgap/${name}`, tag), name).toBe(digestOf(name));
      // the doc's check: a chart that also needs an image the list left out
      const [, , , check] = await planBlocks(3);
      await writeImageChart(join(dir, 'shop'), ['docker.io/milvusdb/milvus:v2.4.4', 'docker.io/library/redis:7.2']);
      const strict = await runScript(commandsOf(check!)[0]!, { cwd: dir, env });
      expect(unmappedNamed(strict, ['docker.io/library/redis:7.2']), strict.all).toEqual({ exitCode: 3, named: ['docker.io/library/redis:7.2'] });
      expect(strict.all).toContain(`moved: docker.io/milvusdb/milvus:v2.4.4 -> ${dst.host}/airgap/${HUB}/hub/milvusdb/milvus:v2.4.4`);
    } finally {
      await dst.stop();
    }
  });

  it('helm airgap sync runs the same file to the same place; verify --map finds all five', async () => {
    const [, block] = await planBlocks(3);
    const dir = join(work, 'ours');
    await mkdir(dir, { recursive: true });
    // no registries.conf for our CLI: the hosts themselves are swapped for the local registry
    const hosts: [string, string][] = [
      [HUB, src.registry.host],
      [PRIVATE, src.registry.host],
    ];
    await listFromPlan1(dir, hosts);
    const dst: RunningRegistry = await startRegistry();
    try {
      // the local mirror has a port, as the docs' does not: such a mirror goes through registries.conf
      const script = swapped(block!, [...hosts, ['registry.airgap.example', dst.host], ['--write-map', '--registries-conf registries.conf --write-map']]);
      const env = { PATH: `${shim}:${process.env.PATH}`, HOME: dir };
      for (const command of commandsOf(script)) {
        const r = await runScript(command, { cwd: dir, env });
        expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
      }
      // Docker Hub's images under their own name (the file names docker.io, its mirror line says where
      // to fetch them); the private registry's, below its host as the file names it
      const seg = src.registry.host.replace(':', '-');
      for (const [name, tag] of FIVE) {
        const path = name.slice(name.indexOf('/') + 1);
        const at = name.startsWith(HUB) ? `airgap/docker.io/${path.replace(/^hub\//, '')}` : `airgap/${seg}/${path}`;
        expect(await servedDigest(dst.host, at, tag), name).toBe(digestOf(path));
      }
    } finally {
      await dst.stop();
    }
  });

  it('a mirror with a port: real skopeo runs the file through registries.conf; verify --map and verify LIST agree, by digest', async () => {
    const [, , block] = await planBlocks(3);
    const dir = join(work, 'ported');
    await mkdir(dir, { recursive: true });
    const dst: RunningRegistry = await startRegistry();
    try {
      // the mirror with a port is a real one here: the local registry, serving Docker Hub's images below hub/
      const script = swapped(block!, [
        ['nexus.internal.example:8082', src.registry.host],
        ['registry.airgap.example', dst.host],
        [' sync --src yaml', ' sync --dest-tls-verify=false --src yaml'],
      ]);
      const env = { PATH: `${shim}:${process.env.PATH}`, HOME: dir, REGISTRY_AUTH_FILE: join(dir, 'no-auth.json') };
      for (const command of commandsOf(script)) {
        const r = await runScript(command, { cwd: dir, env });
        expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
        expect(r.all).not.toContain('presence only');
      }
      const map = parseImageMap(await readFile(join(dir, 'hub.map.yaml'), 'utf8'), 'hub.map.yaml');
      expect(map.map((e) => [e.source, e.digest])).toEqual([
        ['docker.io/bitnami/kafka:3.7.0', digestOf('hub/bitnami/kafka')],
        ['docker.io/library/nginx:1.27.4', digestOf('hub/library/nginx')],
      ]);
      expect(await servedDigest(dst.host, 'airgap/docker.io/library/nginx', '1.27.4')).toBe(digestOf('hub/library/nginx'));
    } finally {
      await dst.stop();
    }
  });
});
