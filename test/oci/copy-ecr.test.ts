// `helm airgap copy` into ECR through the built CLI (its one-file fast entry, with the AWS SDK in
// dist/fast/aws-sdk.cjs; npm run build first): the ECR stand-in's registry front refuses pushes to
// repositories never created (NAME_UNKNOWN), as ECR does, so a copy lands only if it created them
// first, by the provisioner push uses and with push's settings flags. What was created is read
// back with the real SDK's DescribeRepositories.
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';
import { servedDigest } from '../sync/sync-world.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let ecr: EcrStandin;
let src: RunningRegistry;
let work: string;
let images: WrittenImage[];
let env: Record<string, string>;

beforeAll(async () => {
  [ecr, src] = await Promise.all([startEcrStandin(), startRegistry()]);
  work = await mkdtemp(join(tmpdir(), 'airgap-copy-ecr-'));
  const base = [{ seed: 'copy-ecr-base', size: 40_000 }];
  images = await writeSyntheticImages(
    join(work, 'seed'),
    ['one', 'two', 'three'].map((n) => ({ name: `team/${n}`, tag: '1.0', baseLayers: base, layers: [{ seed: n, size: 2_000 }] })),
  );
  await seedRegistry(src.host, images);
  env = standinEnv(ecr, join(work, 'home'));
});

afterAll(async () => {
  await Promise.all([ecr?.stop(), src?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const ecrFlags = () => ['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];
const copy = (args: string[]) => execa(BIN, ['copy', ...args, ...ecrFlags()], { reject: false, env, extendEnv: false });
const backendAuth = () => {
  const [user, password] = ecr.backendCreds.split(':') as [string, string];
  return { user, password };
};

async function describeRepositories(names: string[]) {
  const client = new ECRClient({ region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials });
  try {
    return (await client.send(new DescribeRepositoriesCommand({ repositoryNames: names }))).repositories ?? [];
  } finally {
    client.destroy();
  }
}

describe('copy into ECR', () => {
  it('creates the repository with the settings flags before the upload; a re-run creates nothing', async () => {
    const img = images[0]!;
    const args = [
      '-o',
      'json',
      `docker://${src.host}/${img.name}:${img.tag}`,
      `docker://${ecr.registryHost}/m/one:1.0`,
      '--tag-mutability',
      'IMMUTABLE',
      '--scan-on-push',
      '--encryption',
      'KMS',
      '--kms-key',
      'arn:aws:kms:us-east-1:123456789012:key/k',
      '--repo-tag',
      'team=platform',
    ];
    const first = await copy(args);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/AKIA|secret/i);
    // no push met an unknown repository: it was there before the first upload
    expect(ecr.state.frontRequests.filter((q) => q.status === 404 && !['HEAD', 'GET'].includes(q.method))).toEqual([]);
    expect(JSON.parse(first.stdout).repositories).toEqual({
      created: ['m/one'],
      existing: [],
      toCreate: [],
      made: [{ repository: 'm/one', by: 'flags' }],
    });
    const [repo] = await describeRepositories(['m/one']);
    expect(repo).toMatchObject({
      repositoryName: 'm/one',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    });
    expect(ecr.state.repositories.get('m/one')?.tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    expect(await servedDigest(ecr.backend.host, 'm/one', '1.0', backendAuth())).toBe(img.digest);

    // the tag stays as it is: an IMMUTABLE repository refuses even the same manifest again
    ecr.state.resetLogs();
    const again = await copy(args.slice(2));
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('repositories created: 0 (all exist)');
    expect(ecr.state.apiCalls.map((c) => c.operation)).not.toContain('CreateRepository');
  });

  it('--from-file of 3 images: every repository in one planning pass (all described before any is created), then the copies', async () => {
    const list = join(work, 'three.txt');
    await writeFile(list, images.map((i) => `${src.host}/${i.name}:${i.tag}`).join('\n') + '\n');
    ecr.state.resetLogs();
    const r = await copy(['--from-file', list, `docker://${ecr.registryHost}/lists`, '--tag-mutability', 'IMMUTABLE']);
    expect(r.exitCode, r.stderr).toBe(0);
    // naming full: PREFIX/<source host>/<path>; the text report lists them as push does
    const repos = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('  + '))
      .map((l) => l.slice(4).replace('  (CreateRepository with the flags given)', ''));
    // the calls of this run (the checks below describe too)
    const ops = ecr.state.apiCalls.map((c) => c.operation).filter((o) => o !== 'GetAuthorizationToken');
    expect(ops.filter((o) => o === 'CreateRepository')).toHaveLength(3);
    expect(ops.lastIndexOf('DescribeRepositories')).toBeLessThan(ops.indexOf('CreateRepository'));
    expect(r.stdout).toMatch(/^repositories created: 3$/m);
    expect(repos).toHaveLength(3);
    for (const img of images) {
      const repo = repos.find((x) => x.endsWith(`/${img.name}`));
      expect(repo, img.name).toMatch(/^lists\/[^/]+\/team\//);
      expect((await describeRepositories([repo!]))[0]?.imageTagMutability).toBe('IMMUTABLE');
      expect(await servedDigest(ecr.backend.host, repo!, img.tag, backendAuth()), repo).toBe(img.digest);
    }
    // no push met an unknown repository
    expect(ecr.state.frontRequests.filter((q) => q.status === 404 && !['HEAD', 'GET'].includes(q.method))).toEqual([]);
  });

  it('a settings mistake is a usage error before anything is copied, ECR or not', async () => {
    const r = await execa(BIN, ['copy', `docker://${src.host}/team/one:1.0`, `oci:${join(work, 'never')}`, '--kms-key', 'k'], {
      reject: false,
      env,
      extendEnv: false,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--kms-key needs --encryption KMS/);
  });
});

describe('copy into ECR: --create-repositories and creation templates', () => {
  it('a CI role without CreateRepository copies into a create-on-push prefix; the push makes the repository with the template settings', async () => {
    ecr.state.templates.push({ prefix: 'covered', appliedFor: ['CREATE_ON_PUSH'], imageTagMutability: 'IMMUTABLE' });
    ecr.state.deniedOperations.add('CreateRepository');
    try {
      const img = images[1]!;
      const args = ['-o', 'json', `docker://${src.host}/${img.name}:${img.tag}`, `docker://${ecr.registryHost}/covered/two:1.0`];
      const first = await copy(args);
      expect(first.exitCode, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout).repositories.made).toEqual([{ repository: 'covered/two', by: 'template', template: 'covered' }]);
      expect((await describeRepositories(['covered/two']))[0]?.imageTagMutability).toBe('IMMUTABLE');
      ecr.state.resetLogs();
      const again = await copy(args);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).repositories.created).toEqual([]);
      expect(ecr.state.frontRequests.filter((q) => ['POST', 'PATCH'].includes(q.method))).toEqual([]);
    } finally {
      ecr.state.deniedOperations.clear();
    }
  });

  it('--create-repositories never: exit 1 before any upload, naming the missing repository', async () => {
    const img = images[2]!;
    ecr.state.resetLogs();
    const r = await copy([`docker://${src.host}/${img.name}:${img.tag}`, `docker://${ecr.registryHost}/strict/three:1.0`, '--create-repositories', 'never']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--create-repositories never: 1 repository does not exist in the ecr registry: strict/three');
    expect(r.stderr).toMatch(/next: .*--create-repositories auto/);
    expect(ecr.state.frontRequests.filter((q) => ['POST', 'PUT', 'PATCH'].includes(q.method))).toEqual([]);
  });
});
