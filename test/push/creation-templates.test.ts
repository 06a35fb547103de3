// `--create-repositories` against ECR's repository creation templates, as the stand-in plays
// them (DescribeRepositoryCreationTemplates through the real SDK; create-on-push in the registry
// front): repositories a CREATE_ON_PUSH template covers are made by the push with the template's
// settings, the rest by CreateRepository with the flags; a CI role without CreateRepository still
// pushes into a covered prefix; `never` fails before any upload; a denied Describe falls back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle, type PushOptions } from '../../src/app/push/push.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/admin-key';

describe('--create-repositories and creation templates (ECR stand-in)', () => {
  let ecr: EcrStandin;
  let work: string;
  let bundle: FixtureBundle;
  /** One repository: one CreateRepository call, none left in flight when it fails. */
  let single: FixtureBundle;
  const opts = (prefix: string, over: Partial<PushOptions> = {}): PushOptions => ({
    registry: `${ecr.registryHost}/${prefix}`,
    targetKind: 'ecr',
    aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials },
    repositorySettings: { tagMutability: 'MUTABLE', tags: { team: 'platform' } },
    retryBaseMs: 5,
    ...over,
  });
  const writes = () => ecr.state.frontRequests.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');
  const apiOps = () => ecr.state.apiCalls.map((c) => c.operation);

  async function describeRepository(name: string) {
    const client = new ECRClient({ region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials });
    try {
      return (await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))).repositories![0]!;
    } finally {
      client.destroy();
    }
  }

  beforeAll(async () => {
    ecr = await startEcrStandin();
    work = await mkdtemp(join(tmpdir(), 'creation-templates-'));
    bundle = await writeFixtureBundle(
      work,
      [
        { name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'app', size: 30_000 }] },
        { name: 'docker.io/library/busybox', tag: '1.36', mediaTypes: 'docker', layers: [{ seed: 'bb', size: 20_000 }] },
      ],
      [{ name: 'app', version: '1.0.0' }],
    );
    single = await writeFixtureBundle(join(work, 'single'), [{ name: 'quay.io/org/solo', tag: '1.0', layers: [{ seed: 'solo', size: 10_000 }] }]);
    ecr.state.templates.push(
      {
        prefix: 'tpl/quay.io',
        appliedFor: ['CREATE_ON_PUSH'],
        imageTagMutability: 'IMMUTABLE',
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: KMS },
        resourceTags: [{ Key: 'owner', Value: 'platform-admins' }],
      },
      // a template for another purpose covers nothing a push creates
      { prefix: 'tpl/docker.io', appliedFor: ['PULL_THROUGH_CACHE'], imageTagMutability: 'IMMUTABLE' },
      { prefix: 'ci', appliedFor: ['REPLICATION', 'CREATE_ON_PUSH'], imageTagMutability: 'IMMUTABLE' },
      { prefix: 'fallback', appliedFor: ['CREATE_ON_PUSH'], imageTagMutability: 'IMMUTABLE' },
    );
  });
  afterEach(() => ecr.state.deniedOperations.clear());
  afterAll(async () => {
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("auto: a covered repository is made by the push with the template's settings, the rest by CreateRepository with the flags", async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts('tpl'));
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    expect(report.repositories.created).toEqual(['tpl/charts/app', 'tpl/docker.io/library/busybox', 'tpl/quay.io/org/app']);
    expect(report.repositories.made).toEqual([
      { repository: 'tpl/charts/app', by: 'flags' },
      { repository: 'tpl/docker.io/library/busybox', by: 'flags' },
      { repository: 'tpl/quay.io/org/app', by: 'template', template: 'tpl/quay.io' },
    ]);
    // CreateRepository only for the two the template does not cover
    expect(apiOps().filter((o) => o === 'CreateRepository')).toHaveLength(2);
    const covered = await describeRepository('tpl/quay.io/org/app');
    expect(covered.imageTagMutability).toBe('IMMUTABLE');
    expect(covered.encryptionConfiguration).toEqual({ encryptionType: 'KMS', kmsKey: KMS });
    expect(ecr.state.repositories.get('tpl/quay.io/org/app')!.tags).toEqual([{ Key: 'owner', Value: 'platform-admins' }]);
    const byFlags = await describeRepository('tpl/docker.io/library/busybox');
    expect(byFlags.imageTagMutability).toBe('MUTABLE');
    expect(ecr.state.repositories.get('tpl/docker.io/library/busybox')!.tags).toEqual([{ Key: 'team', Value: 'platform' }]);
  });

  it('a re-run moves nothing and creates nothing', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts('tpl'));
    expect(report.repositories.created).toEqual([]);
    expect(report.repositories.made).toEqual([]);
    expect(report.totals.images).toEqual({ pushed: 0, present: 2, failed: 0 });
    expect(writes()).toEqual([]);
    expect(apiOps()).not.toContain('CreateRepository');
  });

  it('--dry-run says which template or flags would make each missing repository, and makes none', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts('tpl/quay.io/dry', { dryRun: true }));
    expect(report.repositories.toCreate).toHaveLength(3);
    expect(report.repositories.made!.every((m) => m.by === 'template' && m.template === 'tpl/quay.io')).toBe(true);
    expect(apiOps()).not.toContain('CreateRepository');
    expect(writes()).toEqual([]);
    expect([...ecr.state.repositories.keys()].filter((n) => n.startsWith('tpl/quay.io/dry/'))).toEqual([]);
  });

  it('a CI role without CreateRepository pushes into a template-covered prefix', async () => {
    ecr.state.deniedOperations.add('CreateRepository');
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts('ci'));
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    expect(report.totals.charts).toEqual({ pushed: 1, present: 0, failed: 0 });
    expect(report.repositories.made!.every((m) => m.by === 'template' && m.template === 'ci')).toBe(true);
    expect(apiOps()).not.toContain('CreateRepository');
    expect((await describeRepository('ci/quay.io/org/app')).imageTagMutability).toBe('IMMUTABLE');
  });

  it('the same role outside any template fails on CreateRepository before any upload', async () => {
    ecr.state.deniedOperations.add('CreateRepository');
    ecr.state.resetLogs();
    const err = await rejection(pushBundle(single.file, opts('uncovered')));
    expect(err.message).toMatch(/CreateRepository uncovered\/quay.io\/org\/solo.*not authorized/);
    expect(err.hint).toContain('repository creation template with CREATE_ON_PUSH');
    expect(writes()).toEqual([]);
  });

  it('never: fails before any upload, naming every repository that would be missing', async () => {
    ecr.state.resetLogs();
    const err = await rejection(pushBundle(bundle.file, opts('strict', { repositorySettings: { create: 'never' } })));
    expect(err.message).toContain('--create-repositories never: 3 repositories do not exist');
    for (const n of ['strict/charts/app', 'strict/docker.io/library/busybox', 'strict/quay.io/org/app']) expect(err.message).toContain(n);
    expect(writes()).toEqual([]);
    expect(apiOps()).not.toContain('CreateRepository');
    // where they all exist, never is a plain push
    const again = await pushBundle(bundle.file, opts('tpl', { repositorySettings: { create: 'never' } }));
    expect(again.totals.images).toEqual({ pushed: 0, present: 2, failed: 0 });
  });

  it('always: creates every repository with the flags, templates or not', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts('fallback/always', { repositorySettings: { create: 'always', tagMutability: 'MUTABLE' } }));
    expect(report.repositories.made!.map((m) => m.by)).toEqual(['flags', 'flags', 'flags']);
    expect(apiOps()).not.toContain('DescribeRepositoryCreationTemplates');
    expect((await describeRepository('fallback/always/quay.io/org/app')).imageTagMutability).toBe('MUTABLE');
  });

  it("another account's registry: the caller's templates are not its, so every missing repository is created", async () => {
    ecr.state.resetLogs();
    // the caller is a tools account; the registry the front serves is the central one
    ecr.state.callerAccount = '999999999999';
    try {
      const report = await pushBundle(single.file, opts('tpl/quay.io/other', { repositorySettings: { registryId: ecr.account } }));
      expect(report.repositories.made).toEqual([{ repository: 'tpl/quay.io/other/quay.io/org/solo', by: 'flags' }]);
      expect(apiOps()).toContain('CreateRepository');
    } finally {
      ecr.state.callerAccount = ecr.account;
    }
  });

  it('a denied DescribeRepositoryCreationTemplates falls back to creating, with a note (CLI: text line, then -o json re-run)', async () => {
    ecr.state.deniedOperations.add('DescribeRepositoryCreationTemplates');
    ecr.state.resetLogs();
    const env = standinEnv(ecr, work);
    const args = [
      'push',
      bundle.file,
      '--registry',
      `${ecr.registryHost}/fallback`,
      '--type',
      'ecr',
      '--region',
      ecr.region,
      '--endpoint-url',
      ecr.apiEndpoint,
    ];
    const r = await execa(BIN, args, { reject: false, env, extendEnv: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^repositories created: 3$/m);
    expect(r.stdout).toContain('  + fallback/quay.io/org/app  (CreateRepository with the flags given)');
    expect(r.stdout).toMatch(/^note: not allowed to read the repository creation templates/m);
    expect(apiOps().filter((o) => o === 'CreateRepository')).toHaveLength(3);
    // the template would have made it IMMUTABLE; the flags' default is MUTABLE
    expect((await describeRepository('fallback/quay.io/org/app')).imageTagMutability).toBe('MUTABLE');
    ecr.state.resetLogs();
    const again = await execa(BIN, ['-o', 'json', ...args], { reject: false, env, extendEnv: false });
    expect(again.exitCode, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.repositories.created).toEqual([]);
    expect(report.totals.images).toEqual({ pushed: 0, present: 2, failed: 0 });
    expect(writes()).toEqual([]);
  });

  it('the text report names the template that made a repository', async () => {
    const env = standinEnv(ecr, work);
    const r = await execa(
      BIN,
      ['push', bundle.file, '--registry', `${ecr.registryHost}/tpl/quay.io/second`, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint],
      { reject: false, env, extendEnv: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("  + tpl/quay.io/second/quay.io/org/app  (template 'tpl/quay.io': created by the push)");
  });
});
