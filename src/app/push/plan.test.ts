import { describe, expect, it } from 'vitest';
import type { BundleLock, LockedImage } from '../../bundle/lock.js';
import { parseTarget as parsePushTarget } from '../../ecr/target.js';
import { PushPlanError, parseShard, planPush, selectShard, type PushItem } from './plan.js';

const D = (c: string) => 'sha256:' + c.repeat(64);

function image(ref: string, size = 10): LockedImage {
  return {
    source: ref,
    ref,
    digest: D('a'),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    platforms: [],
    size,
    need: 'certain',
    sites: [],
    layoutRef: ref,
  };
}

function lock(images: LockedImage[], charts: { name: string; version: string }[] = []): BundleLock {
  return {
    formatVersion: 1,
    createdBy: 't',
    createdAt: '2026-01-01T00:00:00Z',
    platforms: [],
    notBundled: [],
    images,
    charts: charts.map((c) => ({
      name: c.name,
      version: c.version,
      digest: D('c'),
      source: { kind: 'repo', repo: 'http://x/' } as never,
      releaseName: c.name,
      namespace: 'default',
      values: {},
      layoutRef: `charts/${c.name}:${c.version.replace('+', '_')}`,
      manifestDigest: D('d'),
    })),
  };
}

describe('planPush', () => {
  const ecr = parsePushTarget('123456789012.dkr.ecr.us-east-1.amazonaws.com/mirrored');

  it('maps images to PREFIX/<host>/<path>:<tag> and charts to PREFIX/charts/NAME:VERSION (issue 6 naming)', () => {
    const plan = planPush(
      lock(
        [image('quay.io/jetstack/cert-manager-controller:v1.14.4'), image(`docker.io/library/nginx@${D('e')}`)],
        [{ name: 'cert-manager', version: '1.0.0+b' }],
      ),
      ecr,
    );
    expect(plan.items.map((i) => [i.kind, i.repository, i.tag])).toEqual([
      ['image', 'mirrored/quay.io/jetstack/cert-manager-controller', 'v1.14.4'],
      ['image', 'mirrored/docker.io/library/nginx', undefined],
      ['chart', 'mirrored/charts/cert-manager', '1.0.0_b'],
    ]);
    expect(plan.repositories).toEqual([
      'mirrored/charts/cert-manager',
      'mirrored/docker.io/library/nginx',
      'mirrored/quay.io/jetstack/cert-manager-controller',
    ]);
  });

  it('ECR Public paths sit behind the alias; repository names do not', () => {
    const plan = planPush(lock([image('quay.io/a/b:1')]), parsePushTarget('public.ecr.aws/al/m'));
    expect(plan.items[0]).toMatchObject({ repository: 'm/quay.io/a/b', path: 'al/m/quay.io/a/b' });
  });

  it('refuses names ECR forbids before anything is pushed (ECR pattern: no "__")', () => {
    const err = (() => {
      try {
        planPush(lock([image('registry.example/team__x/app:1')]), ecr);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PushPlanError);
    expect((err as Error).message).toMatch(/registry\.example\/team__x\/app → mirrored\/registry\.example\/team__x\/app: does not match ECR/);
  });

  it('refuses --naming flat collisions (two sources, one repository)', () => {
    expect(() => planPush(lock([image('quay.io/a/nginx:1'), image('docker.io/a/nginx:2')]), ecr, { naming: 'drop-host' })).toThrow(
      /collides with quay\.io\/a\/nginx/,
    );
  });

  it('checks names of the whole bundle even on a shard that would not push them (every pod refuses alike)', () => {
    const l = lock([image('quay.io/ok/app:1', 1000), image('registry.example/a--b/app:1', 1)]);
    expect(() => planPush(l, ecr, { shard: { index: 0, count: 2 } })).toThrow(PushPlanError);
  });
});

describe('shards', () => {
  const items = (specs: [string, number][]): PushItem[] =>
    specs.map(([repo, size]) => ({ kind: 'image', source: repo, layoutRef: repo, digest: D('a'), mediaType: '', size, repository: repo, path: repo }));

  it('every item lands in exactly one shard, whole repositories together, same answer each time', () => {
    const all = items([
      ['a', 5],
      ['b', 50],
      ['c', 7],
      ['a', 3],
      ['d', 40],
      ['e', 1],
      ['f', 9],
    ]);
    const shards = [0, 1, 2].map((index) => selectShard(all, { index, count: 3 }));
    expect(shards.flat()).toHaveLength(all.length);
    expect(new Set(shards.flat())).toEqual(new Set(all));
    for (const s of shards) for (const i of s) expect(shards.filter((x) => x.some((y) => y.repository === i.repository))).toHaveLength(1);
    expect([0, 1, 2].map((index) => selectShard(all, { index, count: 3 }))).toEqual(shards);
  });

  it('balances bytes: largest repositories first onto the least-loaded shard', () => {
    const all = items([
      ['big', 100],
      ['m1', 60],
      ['m2', 50],
      ['s', 10],
    ]);
    const sum = (index: number) => selectShard(all, { index, count: 2 }).reduce((n, i) => n + i.size, 0);
    expect([sum(0), sum(1)]).toEqual([110, 110]);
  });

  it('charts go with shard 0 only', () => {
    const l = lock([image('quay.io/a/b:1')], [{ name: 'c', version: '1' }]);
    const t = parsePushTarget('127.0.0.1:5000/p');
    expect(planPush(l, t, { shard: { index: 1, count: 2 } }).items.some((i) => i.kind === 'chart')).toBe(false);
    expect(planPush(l, t, { shard: { index: 0, count: 2 } }).items.some((i) => i.kind === 'chart')).toBe(true);
  });

  it.each([
    ['0/1', 0, 1],
    ['3/4', 3, 4],
  ])('parses --shard %s', (s, index, count) => {
    expect(parseShard(s)).toEqual({ index, count });
  });
  it.each([['4/4'], ['1'], ['-1/2'], ['0/0'], ['a/b']])('refuses --shard %s (I/N with 0 <= I < N)', (s) => {
    expect(() => parseShard(s)).toThrow(/expected I\/N/);
  });
});

describe('planPush: one source per tag (oci/move-plan.ts)', () => {
  const target = parsePushTarget('registry.example/m');

  it('a tag and its pinned spelling with another digest would overwrite each other: refused naming both', () => {
    const pinned = { ...image(`docker.io/library/nginx:1.27@${D('b')}`), digest: D('b') };
    expect(() => planPush(lock([image('docker.io/library/nginx:1.27'), pinned]), target)).toThrow(
      `the lock's images[0] (docker.io/library/nginx:1.27) and the lock's images[1] (${pinned.ref}) both go to registry.example/m/docker.io/library/nginx:1.27`,
    );
  });

  it('the same two agreeing on the digest push one image twice: no conflict', () => {
    expect(planPush(lock([image('docker.io/library/nginx:1.27'), image(`docker.io/library/nginx:1.27@${D('a')}`)]), target).items).toHaveLength(2);
  });
});
