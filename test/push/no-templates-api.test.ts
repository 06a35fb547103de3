// An ECR endpoint without the creation-templates API (partitions and ECR-compatible endpoints
// where DescribeRepositoryCreationTemplates answers UnknownOperationException, as the stand-in's
// switch answers it like AWS): no template can exist there, so push, push --dry-run, copy and sync
// go on as with none, create each repository with the flags and say so once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const NOTE =
  /^note: this ECR endpoint has no repository creation templates \(DescribeRepositoryCreationTemplates: UnknownOperationException\), so none apply: every missing repository is created with the flags given$/gm;

let ecr: EcrStandin;
let src: SeededSource;
let work: string;
let bundle: FixtureBundle;

beforeAll(async () => {
  ecr = await startEcrStandin();
  ecr.state.absentOperations.add('DescribeRepositoryCreationTemplates');
  work = await mkdtemp(join(tmpdir(), 'no-templates-api-'));
  bundle = await writeFixtureBundle(work, [{ name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'app', size: 10_000 }] }]);
  src = await startSeededSource([{ name: 'team/api', tag: '2.0', layers: [{ seed: 'api', size: 8_000 }] }]);
}, 60_000);
afterAll(async () => {
  await src?.stop();
  await ecr?.stop();
  await rm(work, { recursive: true, force: true });
});

const ecrFlags = () => ['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];
const run = (args: string[]) => execa(BIN, args, { reject: false, env: standinEnv(ecr, work), extendEnv: false });
const created = () => ecr.state.apiCalls.filter((c) => c.operation === 'CreateRepository' && c.status === 200).length;

describe('ECR without DescribeRepositoryCreationTemplates (UnknownOperationException)', () => {
  it.each([
    ['push --dry-run', () => ['push', bundle.file, '--registry', `${ecr.registryHost}/dry`, '--dry-run', ...ecrFlags()], 0],
    ['push', () => ['push', bundle.file, '--registry', `${ecr.registryHost}/pushed`, ...ecrFlags()], 1],
    ['copy', () => ['copy', `docker://${src.registry.host}/team/api:2.0`, `docker://${ecr.registryHost}/copied/api:2.0`, ...ecrFlags()], 1],
    ['sync', () => ['sync', `docker://${src.registry.host}`, `docker://${ecr.registryHost}/synced`, ...ecrFlags()], 1],
  ])('%s goes on as with no templates, creates with the flags, and says so once', async (_label, args, creates) => {
    ecr.state.resetLogs();
    const r = await run(args());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.match(NOTE), r.stdout).toHaveLength(1);
    expect(r.stderr).not.toMatch(/UnknownOperation/);
    expect(ecr.state.apiCalls.filter((c) => c.operation === 'DescribeRepositoryCreationTemplates').map((c) => c.error)).toEqual(['UnknownOperationException']);
    expect(created()).toBe(creates);
  });
});
