// The list workflow end to end on a real docker-registry: a list synced with no naming flag lands
// where push, values and postrender look by default; the map the sync writes is what verify reads;
// a tag overwritten after the transfer is named DIFFERENT (issue 28).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { pushRaw, writeSyntheticImages } from '../support/synthetic-image.js';
import { servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';

let src: SeededSource;
let dst: RunningRegistry;
let work: string;
let list: string;

beforeAll(async () => {
  src = await startSeededSource([
    { name: 'milvusdb/milvus', tag: 'v2.4.4', layers: [{ seed: 'milvus', size: 2048 }], platforms: ['linux/amd64', 'linux/arm64'] },
    { name: 'milvusdb/etcd', tag: '3.5.5', layers: [{ seed: 'etcd', size: 2048 }] },
    { name: 'bitnami/kafka', tag: '3.7.0', layers: [{ seed: 'kafka', size: 2048 }] },
  ]);
  dst = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-lists-'));
  list = join(work, 'images.txt');
  const h = src.registry.host;
  await writeFile(list, `# three of the five\n${h}/milvusdb/milvus:v2.4.4\n${h}/milvusdb/etcd:3.5.5   # etcd\n\n${h}/bitnami/kafka:3.7.0\n`);
}, 60_000);

afterAll(async () => {
  await src?.stop();
  await dst?.stop();
  await rm(work, { recursive: true, force: true });
});

const seg = () => src.registry.host.replace(':', '-');

describe('image list → sync → map → verify and postrender, no naming flags', () => {
  it('sync of a list lands at PREFIX/<source host>/<path> and writes the map beside its log', async () => {
    const r = await runCli(['sync', list, `docker://${dst.host}/m`, '--log-file', join(work, 'sync.log')]);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const img of src.images) expect(await servedDigest(dst.host, `m/${seg()}/${img.name}`, img.tag)).toBe(img.digest);
    const map = parseImageMap(await readFile(join(work, 'sync.map.yaml'), 'utf8'), 'sync.map.yaml');
    expect(map).toHaveLength(3);
    const milvus = map.find((e) => e.source.endsWith('milvus:v2.4.4'))!;
    const built = src.images.find((i) => i.name === 'milvusdb/milvus')!;
    expect(milvus.destination).toBe(`${dst.host}/m/${seg()}/milvusdb/milvus:v2.4.4`);
    expect(milvus.digest).toBe(built.digest);
    expect(milvus.platforms?.map((p) => p.digest).sort()).toEqual(built.manifests.map((m) => m.digest).sort());
  });

  it('verify reads the map, and the list below the same prefix: every image present', async () => {
    const byMap = await runCli(['verify', '--map', join(work, 'sync.map.yaml'), '-o', 'json']);
    expect(byMap.exitCode, byMap.stderr + byMap.stdout).toBe(0);
    expect(JSON.parse(byMap.stdout).totals).toEqual({ present: 3, missing: 0, different: 0 });
    const byList = await runCli(['verify', list, '--registry', `${dst.host}/m`, '-o', 'json']);
    expect(byList.exitCode, byList.stderr).toBe(0);
    expect(JSON.parse(byList.stdout).totals.present).toBe(3);
    const stdin = await runCli(['verify', '-', '--map', join(work, 'sync.map.yaml'), '-o', 'json'], {}, await readFile(list, 'utf8'));
    expect(stdin.exitCode, stdin.stderr).toBe(0);
  });

  it('postrender at its defaults points every image of the list at a name the registry serves', async () => {
    const manifest = src.images
      .map(
        (i) =>
          `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${i.tag}\nspec:\n  containers:\n    - name: c\n      image: ${src.registry.host}/${i.name}:${i.tag}\n`,
      )
      .join('---\n');
    const r = await runCli(['postrender', '--registry', `${dst.host}/m`], {}, manifest);
    expect(r.exitCode, r.stderr).toBe(0);
    const images = [...r.stdout.matchAll(/image: (\S+)/g)].map((m) => m[1]!);
    expect(images).toHaveLength(3);
    for (const ref of images) {
      expect(ref.startsWith(`${dst.host}/m/`)).toBe(true);
      const [repo, tag] = ref.slice(dst.host.length + 1).split(':');
      expect(await servedDigest(dst.host, repo!, tag!)).toBeDefined();
    }
  });

  it('values at its defaults, after that sync, points every image of a chart at a name the registry serves', async () => {
    const chart = join(work, 'chart');
    const images = src.images.map((i) => `${src.registry.host}/${i.name}:${i.tag}`);
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: listed\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), images.map((ref, n) => `c${n}:\n  image: ${ref}\n`).join(''));
    await writeFile(
      join(chart, 'templates', 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n' +
        images.map((_, n) => `    - name: c${n}\n      image: {{ .Values.c${n}.image }}\n`).join(''),
    );
    const out = join(work, 'values-out');
    const v = await runCli(['values', chart, '--registry', `${dst.host}/m`, '-o', out]);
    expect(v.exitCode, v.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const r = await execa(helm, ['template', 'listed', chart, '-f', join(out, 'listed.values.yaml')], { env: { HOME: work } });
    const rendered = podSpecImages(r.stdout);
    expect(rendered).toHaveLength(3);
    for (const ref of rendered) {
      expect(ref.startsWith(`${dst.host}/m/`), ref).toBe(true);
      const [repo, tag] = ref.slice(dst.host.length + 1).split(':');
      expect(await servedDigest(dst.host, repo!, tag!), ref).toBeDefined();
    }
  });

  it('a tag overwritten with other content after the transfer is DIFFERENT (exit 3, named)', async () => {
    const [other] = await writeSyntheticImages(join(work, 'other'), [
      { name: `m/${seg()}/bitnami/kafka`, tag: '3.7.0', layers: [{ seed: 'not-kafka', size: 512 }] },
    ]);
    await pushRaw(dst.host, other!);
    const r = await runCli(['verify', '--map', join(work, 'sync.map.yaml')]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(
      new RegExp(`DIFFERENT\\s+image ${src.registry.host.replace(/\./g, '\\.')}/bitnami/kafka:3\\.7\\.0 .*tag 3\\.7\\.0 holds ${other!.digest}`),
    );
  });

  it('a list naming an unreachable registry: the file and line named, and a next: step for that host', async () => {
    const mixed = join(work, 'mixed.txt');
    await writeFile(mixed, `${src.registry.host}/bitnami/kafka:3.7.0\n127.0.0.1:1/team/app:1\n`);
    const some = await runCli(['copy', '--from-file', mixed, `docker://${dst.host}/mixed`]);
    expect(some.exitCode).toBe(3);
    expect(some.stderr).toMatch(new RegExp(`mixed\\.txt:2: copy docker://127\\.0\\.0\\.1:1/team/app:1 .*ECONNREFUSED`));
    const none = join(work, 'none.txt');
    await writeFile(none, '# nothing reachable\n127.0.0.1:1/team/app:1\n');
    const all = await runCli(['copy', '--from-file', none, `docker://${dst.host}/none`]);
    expect(all.exitCode).toBe(1);
    expect(all.stderr).toMatch(/first: \S*none\.txt:2: copy docker:\/\/127\.0\.0\.1:1\/team\/app:1/);
    expect(all.stderr).toMatch(/^next: nothing accepts connections at 127\.0\.0\.1:1/m);
    const synced = await runCli(['sync', none, `docker://${dst.host}/none`]);
    expect(synced.exitCode).toBe(1);
    expect(synced.stderr).toContain('127.0.0.1:1/team/app:1');
    expect(synced.stderr).toMatch(/^next: nothing accepts connections at 127\.0\.0\.1:1/m);
  });

  it('bad input: a list line that is not a reference, and verify with nothing to verify', async () => {
    const bad = join(work, 'bad.txt');
    await writeFile(bad, 'nginx:1.27\nquay.io/Bad/Case:1\n');
    const r = await runCli(['verify', bad, '--registry', `${dst.host}/m`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.txt:2: not an image reference/);
    expect(r.stderr).toMatch(/^next: /m);
    const none = await runCli(['verify']);
    expect(none.exitCode).toBe(2);
  });
});

describe('image list → bundle → push --write-map → verify --map', () => {
  it('a list alone is a bundle; push records where each image went; verify reads that map', async () => {
    const tar = join(work, 'list.tar');
    const b = await runCli(['bundle', list, '-o', tar]);
    expect(b.exitCode, b.stderr).toBe(0);
    const map = join(work, 'push.map.yaml');
    const p = await runCli(['push', tar, '--registry', `${dst.host}/pushed`, '--write-map', map]);
    expect(p.exitCode, p.stderr).toBe(0);
    expect(p.stdout).toContain(`wrote ${map}`);
    const entries = parseImageMap(await readFile(map, 'utf8'), map);
    expect(entries.map((e) => e.destination).sort()).toEqual(src.images.map((i) => `${dst.host}/pushed/${seg()}/${i.name}:${i.tag}`).sort());
    const v = await runCli(['verify', '--map', map, '-o', 'json']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).totals.present).toBe(3);
  });

  it('--image-list that is not a list is a usage error naming it', async () => {
    const notList = join(work, 'values.yaml');
    await writeFile(notList, 'image:\n  tag: x\n');
    const r = await runCli(['bundle', '--image-list', notList, '-o', join(work, 'x.tar')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${notList}:1: not an image reference`);
  });
});
