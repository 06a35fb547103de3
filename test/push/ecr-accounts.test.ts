// ECR in a regulated organisation: a tools account pushes into a central registry of another
// account that already holds 1,200 repositories. Every ECR API call must name the central
// registry (registryId; --registry-id where the host name does not say it), the repositories the
// push needs are found by listing the registry page by page (nextToken past 1,000), only the
// missing ones are created, and a re-run moves nothing. The ECR stand-in serves the central
// account's registry and keeps the caller's own apart, as ECR does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';
import { createRepository } from '../support/ecr-standin/api.js';
import { standinEnv, standinFlags, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const CENTRAL = '210987654321';
const TOOLS = '123456789012';
const IMAGES = 120;
const EXISTING = 100;

let ecr: EcrStandin;
let work: string;
let bundle: FixtureBundle;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-accounts-'));
  ecr = await startEcrStandin({ account: CENTRAL });
  ecr.state.callerAccount = TOOLS;
  const ctx = { frontHost: ecr.registryHost };
  for (let i = 0; i < 1200 - EXISTING; i++) createRepository(ecr.state, { repositoryName: `teams/t${String(i).padStart(4, '0')}` }, ctx, 256);
  for (let i = 0; i < EXISTING; i++) createRepository(ecr.state, { repositoryName: `central/quay.io/org/app${i}` }, ctx, 256);
  const images = Array.from({ length: IMAGES }, (_, i) => ({ name: `quay.io/org/app${i}`, tag: '1.0', layers: [{ seed: `a${i}`, size: 300 }] }));
  bundle = await writeFixtureBundle(work, images);
});
afterAll(async () => {
  await ecr?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const push = (extra: string[]) =>
  execa(BIN, ['push', bundle.file, '--registry', `${ecr.registryHost}/central`, ...standinFlags(ecr), '-o', 'json', ...extra], {
    env: standinEnv(ecr, work, { CI: 'true' }),
    extendEnv: false,
    reject: false,
  });

describe("another account's registry of 1,200 repositories", () => {
  it('every call names the central registry; two pages list it; the 20 missing are created there; the push lands', async () => {
    ecr.state.resetLogs();
    const r = await push(['--registry-id', CENTRAL]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { repositories: { created: string[]; existing: string[] }; totals: { images: { pushed: number } } };
    expect(report.repositories.created).toHaveLength(IMAGES - EXISTING);
    expect(report.repositories.existing).toHaveLength(EXISTING);
    expect(report.totals.images.pushed).toBe(IMAGES);
    const calls = ecr.state.apiCalls.filter((c) => c.operation === 'DescribeRepositories' || c.operation === 'CreateRepository');
    expect(calls.every((c) => c.registryId === CENTRAL)).toBe(true);
    expect(calls.filter((c) => c.operation === 'DescribeRepositories')).toHaveLength(2);
    expect(calls.filter((c) => c.operation === 'CreateRepository')).toHaveLength(IMAGES - EXISTING);
    expect(r.stderr).toMatch(/listing: 1000 repositories of the ecr registry so far \(page 1\)/);
    expect(ecr.state.repositories.size).toBe(1200 + IMAGES - EXISTING);
    // nothing landed in the caller's own registry
    expect(ecr.state.registryFor(undefined)!.repositories.size).toBe(0);
  });

  it('a re-run moves nothing, creates nothing and exits 0', async () => {
    ecr.state.resetLogs();
    const r = await push(['--registry-id', CENTRAL]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { repositories: { created: string[] }; totals: { images: { present: number }; blobsUploaded: number } };
    expect(report.repositories.created).toEqual([]);
    expect(report.totals.images.present).toBe(IMAGES);
    expect(report.totals.blobsUploaded).toBe(0);
    expect(ecr.state.apiCalls.map((c) => c.operation)).not.toContain('CreateRepository');
  });

  it("without the registry ID the calls act on the caller's own registry, and the push is refused by the central one", async () => {
    ecr.state.resetLogs();
    const r = await push(['--registry', `${ecr.registryHost}/elsewhere`]);
    expect(r.exitCode).not.toBe(0);
    expect(ecr.state.registryFor(undefined)!.repositories.size).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).toMatch(/NAME_UNKNOWN|does not exist in the registry with id '210987654321'/);
  });

  it('--registry-id that is not an account ID is a usage error before any call', async () => {
    ecr.state.resetLogs();
    const r = await push(['--registry-id', 'central']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toContain(`--registry-id \\"central\\": an AWS account ID is 12 digits`);
    expect(ecr.state.apiCalls).toEqual([]);
  });
});
