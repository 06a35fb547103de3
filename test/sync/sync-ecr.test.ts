// `helm airgap sync` into ECR through the built CLI: the ECR stand-in refuses pushes to
// repositories never created, so every tag lands only because sync created its repositories
// first, with push's settings flags (the one provisioner push and copy use too).
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { servedDigest, startSeededSource, type SeededSource } from './sync-world.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let ecr: EcrStandin;
let src: SeededSource;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  const base = [{ seed: 'sync-ecr-base', size: 20_000 }];
  [ecr, src] = await Promise.all([
    startEcrStandin(),
    startSeededSource(
      ['api', 'web'].map((n) => ({ name: `shop/${n}`, tag: '2.1', baseLayers: base, layers: [{ seed: n, size: 1_000 }], mediaTypes: 'docker' as const })),
    ),
  ]);
  work = await mkdtemp(join(tmpdir(), 'airgap-sync-ecr-'));
  env = standinEnv(ecr, join(work, 'home'));
});

afterAll(async () => {
  await Promise.all([ecr?.stop(), src?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('sync into ECR', () => {
  it('creates each repository with the settings flags, reports them as push does; a re-run creates nothing', async () => {
    const args = [
      'sync',
      '-o',
      'json',
      `docker://${src.registry.host}/shop`,
      `docker://${ecr.registryHost}/synced`,
      ...['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint],
      ...['--tag-mutability', 'IMMUTABLE', '--encryption', 'KMS', '--kms-key', 'alias/ecr', '--repo-tag', 'team=shop'],
    ];
    const run = () => execa(BIN, args, { reject: false, env, extendEnv: false });
    const first = await run();
    expect(first.exitCode, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.repositories).toEqual({
      created: ['synced/api', 'synced/web'],
      existing: [],
      toCreate: [],
      made: [
        { repository: 'synced/api', by: 'flags' },
        { repository: 'synced/web', by: 'flags' },
      ],
    });
    expect(report.totals).toMatchObject({ copied: 2, created: 2 });
    for (const name of ['synced/api', 'synced/web']) {
      expect(ecr.state.repositories.get(name)).toMatchObject({
        imageTagMutability: 'IMMUTABLE',
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/ecr' },
        tags: [{ Key: 'team', Value: 'shop' }],
      });
    }
    const [user, password] = ecr.backendCreds.split(':') as [string, string];
    for (const img of src.images) {
      expect(await servedDigest(ecr.backend.host, `synced/${img.name.slice('shop/'.length)}`, img.tag, { user, password })).toBe(img.digest);
    }

    ecr.state.resetLogs();
    const again = await run();
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).repositories).toEqual({ created: [], existing: ['synced/api', 'synced/web'], toCreate: [], made: [] });
    expect(ecr.state.apiCalls.map((c) => c.operation)).not.toContain('CreateRepository');
  });

  it('--dry-run names the repositories it would create and creates none', async () => {
    const list = join(work, 'list.txt');
    await writeFile(list, `${src.registry.host}/shop/api:2.1\n`);
    const r = await execa(
      BIN,
      [
        'sync',
        '-o',
        'json',
        list,
        `docker://${ecr.registryHost}/planned`,
        '--type',
        'ecr',
        '--region',
        ecr.region,
        '--endpoint-url',
        ecr.apiEndpoint,
        '--dry-run',
      ],
      { reject: false, env, extendEnv: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.repositories.toCreate).toHaveLength(1);
    expect(report.repositories.toCreate[0]).toMatch(/^planned\/.+\/shop\/api$/);
    expect([...ecr.state.repositories.keys()].filter((k) => k.startsWith('planned/'))).toEqual([]);
  });
});
