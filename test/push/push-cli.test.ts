// `helm airgap push` as users run it: the built binary, AWS credentials from the environment
// (the SDK's default chain), -o json, exit codes, and flags turned into ECR settings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));

describe('helm airgap push (CLI)', () => {
  let ecr: EcrStandin;
  let work: string;
  let bundle: FixtureBundle;
  let env: Record<string, string>;
  const run = (args: string[], input?: string) => execa(BIN, args, { reject: false, env, extendEnv: false, input });

  beforeAll(async () => {
    ecr = await startEcrStandin();
    work = await mkdtemp(join(tmpdir(), 'push-cli-'));
    bundle = await writeFixtureBundle(
      work,
      [{ name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'a', size: 20_000 }] }],
      [{ name: 'app', version: '1.0.0' }],
    );
    env = standinEnv(ecr, work);
  });
  afterAll(async () => {
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const ecrFlags = () => ['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];

  it('-o json prints one report; repository flags reach CreateRepository (exit 0)', async () => {
    const r = await run([
      '-o',
      'json',
      'push',
      bundle.file,
      '--registry',
      `${ecr.registryHost}/m`,
      ...ecrFlags(),
      '--tag-mutability',
      'IMMUTABLE',
      '--scan-on-push',
      '--encryption',
      'KMS',
      '--kms-key',
      'arn:aws:kms:us-east-1:123456789012:key/k',
      '--repo-tag',
      'team=platform',
      '--repo-tag',
      'cost=airgap',
    ]);
    expect(r.stderr).not.toMatch(/AKIA|secret/i);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.totals.images).toEqual({ pushed: 1, present: 0, failed: 0 });
    expect(report.repositories.created).toEqual(['m/charts/app', 'm/quay.io/org/app']);
    const repo = ecr.state.repositories.get('m/quay.io/org/app')!;
    expect(repo).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    });
    expect(repo.tags).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'cost', Value: 'airgap' },
    ]);
  });

  it('text summary of a re-run: everything present, nothing uploaded', async () => {
    const r = await run(['push', bundle.file, '--registry', `${ecr.registryHost}/m`, ...ecrFlags()]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('repositories created: 0 (all exist)');
    expect(r.stdout).toContain('images: 0 pushed, 1 present; charts: 0 pushed, 1 present');
    expect(r.stdout).toMatch(/uploaded 0 B in 0 blobs/);
  });

  it('--dry-run prints the plan', async () => {
    const r = await run(['push', bundle.file, '--registry', `${ecr.registryHost}/new`, ...ecrFlags(), '--dry-run']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('repositories to create: 2');
    expect(r.stdout).toContain('  + new/quay.io/org/app');
    expect(r.stdout).toMatch(/to upload: at most [\d.]+ KiB/);
    expect(r.stdout).toContain('images: 1; charts: 1');
    expect(ecr.state.repositories.has('new/quay.io/org/app')).toBe(false);
  });

  it.each([
    [['--shard', '2/2'], /--shard "2\/2": expected I\/N/],
    [['--kms-key', 'k'], /--kms-key needs --encryption KMS/],
    [['--repo-tag', 'novalue'], /--repo-tag "novalue": expected KEY=VALUE/],
    [['--password-stdin'], /--password-stdin needs --username/],
  ])('usage error %j exits 2', async (extra, msg) => {
    const r = await run(['push', bundle.file, '--registry', `${ecr.registryHost}/m`, ...ecrFlags(), ...extra]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  it('--profile picks a profile of the shared credentials file (SDK default chain; no key in the environment)', async () => {
    const { writeFile } = await import('node:fs/promises');
    const creds = join(work, 'aws-credentials');
    await writeFile(
      creds,
      `[default]\naws_access_key_id = AKIAWRONG\naws_secret_access_key = wrong\n\n[standin]\naws_access_key_id = ${ecr.credentials.accessKeyId}\naws_secret_access_key = ${ecr.credentials.secretAccessKey}\n`,
    );
    const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...rest } = env;
    const r = await execa(BIN, ['push', bundle.file, '--registry', `${ecr.registryHost}/profiled`, ...ecrFlags(), '--profile', 'standin'], {
      reject: false,
      extendEnv: false,
      env: { ...rest, AWS_SHARED_CREDENTIALS_FILE: creds, AWS_CONFIG_FILE: join(work, 'no-aws-config') },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(ecr.state.repositories.has('profiled/quay.io/org/app')).toBe(true);
    const dflt = await execa(BIN, ['push', bundle.file, '--registry', `${ecr.registryHost}/profiled2`, ...ecrFlags()], {
      reject: false,
      extendEnv: false,
      env: { ...rest, AWS_SHARED_CREDENTIALS_FILE: creds, AWS_CONFIG_FILE: join(work, 'no-aws-config') },
    });
    expect(dflt.exitCode).toBe(1);
    expect(dflt.stderr).toMatch(/UnrecognizedClientException[\s\S]*next: the AWS credentials are invalid/);
    expect(dflt.stderr).not.toContain('wrong');
  });

  it('AWS_ENDPOINT_URL_ECR reaches the SDK without --endpoint-url (service-specific endpoint, VPC endpoints)', async () => {
    const r = await execa(BIN, ['-o', 'json', 'push', bundle.file, '--registry', `${ecr.registryHost}/viaenv`, '--type', 'ecr', '--region', ecr.region], {
      reject: false,
      extendEnv: false,
      env: { ...env, AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint },
    });
    expect(r.exitCode).toBe(0);
    expect(ecr.state.repositories.has('viaenv/quay.io/org/app')).toBe(true);
  });

  it('a missing region for a non-ECR host with --type ecr is a usage error naming --region', async () => {
    const r = await run(['push', bundle.file, '--registry', `${ecr.registryHost}/m`, '--type', 'ecr', '--endpoint-url', ecr.apiEndpoint]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('pass --region');
  });

  it('some items failing is a partial failure: exit 3, the summary of what was pushed, then the error', async () => {
    const flags = ['--registry', `${ecr.registryHost}/partial`, ...ecrFlags(), '--tag-mutability', 'IMMUTABLE'];
    expect((await run(['push', bundle.file, ...flags])).exitCode).toBe(0);
    const changed = await writeFixtureBundle(join(work, 'changed'), [
      { name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'a-changed', size: 20_000 }] },
      { name: 'quay.io/org/other', tag: '2.0', layers: [{ seed: 'o', size: 10_000 }] },
    ]);
    const r = await run(['push', changed.file, ...flags]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('↑ image quay.io/org/other:2.0');
    expect(r.stdout).toContain('✗ image quay.io/org/app:1.0');
    expect(r.stderr).toMatch(/1 of 2 items failed; first: .*the tag already holds sha256:/);
  });

  it('a missing bundle fails with exit 1 and a JSON error under -o json', async () => {
    const r = await run(['-o', 'json', 'push', join(work, 'nope.tar'), '--registry', `${ecr.registryHost}/m`, ...ecrFlags()]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toMatch(/nope\.tar: cannot open/);
  });

  describe('plain OCI registry', () => {
    let reg: RunningRegistry;
    beforeAll(async () => {
      reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('robot', 'tok3n') } });
    });
    afterAll(async () => {
      await reg?.stop();
    });
    it('--username with --password-stdin logs in', async () => {
      const r = await run(['-o', 'json', 'push', bundle.file, '--registry', `${reg.host}/team`, '--username', 'robot', '--password-stdin'], 'tok3n\n');
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).totals.images.pushed).toBe(1);
    });
  });
});
