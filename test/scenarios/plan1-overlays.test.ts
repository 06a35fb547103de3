// docs/plans/1-overlays.md (plan 1): five images from a list, served by a registry behind Bearer token auth
// (logged in through docker's config), copied into ECR (the stand-in; copy creates the
// repositories), verified by the map copy wrote, and two existing kustomize overlays updated in
// place from that map. Real `kubectl kustomize` of each overlay then has every pod-spec image at the
// target with the source's digest; the overlay's comments and its other entries are still there.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';
import { commandsOf, DOC_ECR, helmShim, planBlocks, runScript, swapped, unmappedNamed } from './doc-plans.js';

// the five images as plan 1's list names them, served by a local registry under their full names
const FIVE: [string, string][] = [
  ['registry.internal.example/shop/api', '1.4.2'],
  ['docker.io/milvusdb/milvus', 'v2.4.4'],
  ['docker.io/milvusdb/etcd', '3.5.5'],
  ['docker.io/bitnami/kafka', '3.7.0'],
  ['docker.io/bitnami/zookeeper', '3.9.2'],
];

let src: SeededSource;
let secured: RunningRegistry;
let tokens: TokenServer;
let ecr: EcrStandin;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-plan1-'));
  // seeded open, then served from the same storage behind a token server (the seeding client speaks no auth)
  const data = join(work, 'src-data');
  src = await startSeededSource(
    FIVE.map(([name, tag], i) => ({ name, tag, layers: [{ seed: name, size: 4096 }], ...(i === 1 ? { platforms: ['linux/amd64', 'linux/arm64'] } : {}) })),
    { rootDir: data },
  );
  await src.registry.stop();
  tokens = await startTokenServer({ users: { ci: 'tok3n-Pw' } });
  secured = await startRegistry({ rootDir: data, auth: tokens.registryAuth() });
  ecr = await startEcrStandin({ region: 'eu-west-1' });
  await mkdir(join(work, 'docker'), { recursive: true });
  await writeFile(join(work, 'docker', 'config.json'), JSON.stringify({ auths: { [secured.host]: { auth: Buffer.from('ci:tok3n-Pw').toString('base64') } } }));
}, 120_000);
afterAll(async () => {
  await secured?.stop();
  await tokens?.stop();
  await src?.stop();
  await ecr?.stop();
  await rm(work, { recursive: true, force: true });
});

const deployment = (name: string, images: string[]) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    ...images.map((image, i) => `        - { name: c${i}, image: ${image} }`),
    '',
  ].join('\n');

const OVERLAYS: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - app.yaml\n  - data.yaml\n',
  'base/app.yaml': deployment('shop', ['registry.internal.example/shop/api:1.4.2', 'bitnami/kafka:3.7.0']),
  'base/data.yaml': deployment('data', ['milvusdb/milvus:v2.4.4', 'milvusdb/etcd:3.5.5', 'docker.io/bitnami/zookeeper:3.9.2']),
  'overlays/prod/kustomization.yaml': [
    '# production: two replicas of everything',
    'resources:',
    '  - ../../base',
    'namePrefix: prod-',
    'images:',
    '  # the sidecar is not ours to move',
    '  - name: envoyproxy/envoy',
    '    newTag: v1.31.0',
    '',
  ].join('\n'),
  'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: staging\n',
};

describe('docs/plans/1-overlays.md (plan 1): a handful of images into ECR, kustomize overlays rewritten in place', () => {
  it('copy, verify --map, kustomize --map --pin-digests on two overlays; kubectl kustomize has every image at ECR by digest', async () => {
    for (const [path, text] of Object.entries(OVERLAYS)) {
      await mkdir(join(work, dirname(path)), { recursive: true });
      await writeFile(join(work, path), text);
    }
    const [block, check] = await planBlocks(1);
    // the doc's check first, while the overlays are as the team wrote them: a map of milvus only
    const partial = commandsOf(check!);
    for (const command of partial.slice(0, -1)) expect((await runScript(command, { cwd: work, env: { PATH: process.env.PATH! } })).exitCode).toBe(0);
    const { kubectl: kc } = await realHelm(4);
    const strict = await runScript(partial.at(-1)!, { cwd: work, env: { PATH: `${await helmShim(work)}:${dirname(kc)}:${process.env.PATH}`, HOME: work } });
    const lacking = FIVE.slice(2)
      .concat([FIVE[0]!])
      .map(([name, tag]) => `${name}:${tag}`);
    expect(unmappedNamed(strict, lacking), strict.all).toEqual({ exitCode: 3, named: lacking });
    expect(await readFile(join(work, 'overlays/staging/kustomization.yaml'), 'utf8')).toBe(OVERLAYS['overlays/staging/kustomization.yaml']);
    const ecrFlags = `--type ecr --region ${ecr.region}`;
    const reach = ['docker.io', 'registry.internal.example'].map((h) => `--mirror ${h}=${secured.host}/${h}`).join(' ');
    const script = swapped(block!, [
      // verify --map as written: the map copy wrote says the host is ECR, and in which region
      [`docker://${DOC_ECR}/mirror`, `docker://${ecr.registryHost}/mirror ${ecrFlags} ${reach}`],
    ]);
    const { kubectl } = await realHelm(4);
    const env = {
      ...standinEnv(ecr, join(work, 'home'), { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true', DOCKER_CONFIG: join(work, 'docker') }),
      PATH: `${await helmShim(work)}:${dirname(kubectl)}:${process.env.PATH}`,
    };
    for (const command of commandsOf(script)) {
      const r = await runScript(command, { cwd: work, env });
      expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
    }
    expect(ecr.state.apiCalls.filter((c) => c.operation === 'CreateRepository')).toHaveLength(5);
    expect(tokens.log.some((e) => e.user === 'ci')).toBe(true);
    const want = FIVE.map(([name, tag]) => `${ecr.registryHost}/mirror/${name}:${tag}@${src.images.find((i) => i.name === name)!.digest}`).sort();
    expect(podSpecImages(await readFile(join(work, 'prod.yaml'), 'utf8')).sort()).toEqual(want);
    const staging = await execa(kubectl, ['kustomize', join(work, 'overlays/staging')]);
    expect(podSpecImages(staging.stdout).sort()).toEqual(want);
    const prod = await readFile(join(work, 'overlays/prod/kustomization.yaml'), 'utf8');
    expect(prod).toContain('# production: two replicas of everything');
    expect(prod).toContain('  # the sidecar is not ours to move\n  - name: envoyproxy/envoy\n    newTag: v1.31.0');
  });
});
