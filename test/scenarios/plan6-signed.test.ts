// docs/scenarios.md plan 6: a key pair made by real openssl, a bundle signed as it is made from a
// chart repository, its SBOM printed, and push --key into a docker-registry; then the same bundle
// unpacked, its lock edited as in transit, and push --key refused with exit 3 before anything
// reaches the registry (its catalog read back).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { firstFailure, localPlanEnv, planBlocks, runScript, swapped } from './doc-plans.js';

let w: BundleWorld;
let target: RunningRegistry;
let work: string;

beforeAll(async () => {
  [w, target] = await Promise.all([startBundleWorld(), startRegistry()]);
  work = await mkdtemp(join(tmpdir(), 'airgap-plan6-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([w?.stop(), target?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const catalog = async () => ((await (await fetch(`http://${target.host}/v2/_catalog`)).json()) as { repositories: string[] }).repositories;

describe('docs/scenarios.md plan 6: a signed bundle checked before push', () => {
  it('bundle --sign-key, inspect --sbom, push --key; a lock edited in transit is refused before any byte is pushed', async () => {
    const blocks = await planBlocks(6);
    expect(blocks).toHaveLength(2);
    const env = await localPlanEnv(work);
    const swaps: [string, string][] = [
      ['https://charts.internal.example', w.repo.url],
      ['-o bundle.tar', `-o bundle.tar ${w.mirrors.join(' ')}`],
      ['registry.airgap.internal', target.host],
    ];
    expect(await firstFailure(swapped(blocks[0]!, swaps), { cwd: work, env })).toBeUndefined();
    expect(JSON.parse(await readFile(join(work, 'bundle.cdx.json'), 'utf8')).specVersion).toBe('1.6');
    expect((await catalog()).some((c) => c.startsWith('platform/'))).toBe(true);
    const r = await runScript(swapped(blocks[1]!, swaps), { cwd: work, env });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toContain('refused: exit 3');
    expect(r.all).toContain('the lock was edited after signing');
    expect((await catalog()).some((c) => c.startsWith('edited/'))).toBe(false);
  });
});
