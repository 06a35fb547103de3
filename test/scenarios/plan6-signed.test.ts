// docs/plans/6-signed.md (plan 6), run as written: the demo chart's images signed in cosign's .sig layout
// by an openssl key (the release team's), a signature policy in airgap.yaml naming its public key,
// a key pair for the bundle's builder made by real openssl, `bundle --sign-key`, the SBOM printed,
// the bundle carried to another folder and `push --key --verify-signatures` into the ECR stand-in.
// Then one image re-signed by another key upstream: the next bundle is refused at bundle time
// (exit 3 naming the image, the policy entry's line and why; no bundle written). Then the lock
// edited in transit: push refused with exit 3 before anything reaches ECR (its repositories read back).
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { FIXTURE_IMAGES, startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { opensslKey, pushCosignSignature, type TestKey } from '../support/cosign-sign.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { commandsOf, DOC_ECR, helmShim, planBlocks, runScript, swapped } from './doc-plans.js';

let w: BundleWorld;
let ecr: EcrStandin;
let work: string;
let release: TestKey;

/** Signs `name:tag` in the world's registry (where --mirror sends it) as `cosign sign --key` would. */
const sign = (ref: string, key: TestKey) => {
  const img = w.images.get(ref)!;
  return pushCosignSignature({ host: w.registry.host, repo: img.name, tagDigest: img.digest, key, dir: work });
};

beforeAll(async () => {
  [w, ecr] = await Promise.all([startBundleWorld(), startEcrStandin({ region: 'eu-west-1' })]);
  work = await mkdtemp(join(tmpdir(), 'airgap-plan6-'));
  release = opensslKey(work, 'release', 'p256');
  for (const i of FIXTURE_IMAGES.filter((i) => i.name.startsWith('registry.example.com/'))) await sign(`${i.name}:${i.tag}`, release);
}, 120_000);
afterAll(async () => {
  await Promise.all([w?.stop(), ecr?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const repositories = () => [...ecr.state.repositories.keys()];

describe('docs/plans/6-signed.md (plan 6): a signed bundle of verified images, checked before push', () => {
  it('policy → bundle --sign-key → carry → push --key --verify-signatures into ECR; a re-signed image refused at bundle time; a lock edited in transit refused before push', async () => {
    const blocks = await planBlocks(6);
    expect(blocks).toHaveLength(3);
    const env = {
      ...standinEnv(ecr, work, { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true' }),
      PATH: `${await helmShim(work)}:${process.env.PATH}`,
      HELM_AIRGAP_CACHE: join(work, 'cache'),
      DOCKER_CONFIG: join(work, 'no-docker'),
    };
    const swaps: [string, string][] = [
      ['https://charts.internal.example', w.repo.url],
      ['--sign-key builder.key --out', `--sign-key builder.key ${w.mirrors.join(' ')} --out`],
      [`--registry ${DOC_ECR}/`, `--type ecr --region ${ecr.region} --registry ${ecr.registryHost}/`],
    ];
    // release.pub is the release team's, handed out beside their images
    await copyFile(release.publicFile, join(work, 'release.pub'));
    for (const command of commandsOf(swapped(blocks[0]!, swaps))) {
      const r = await runScript(command, { cwd: work, env });
      expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
    }
    const lock = await readBundleLock(join(work, 'transfer', 'bundle.tar'));
    const acme = lock.images.filter((i) => i.ref.startsWith('registry.example.com/acme/'));
    expect(acme.length).toBeGreaterThan(0);
    for (const i of acme)
      expect(
        i.signatures?.map((s) => [s.format, s.policy]),
        i.ref,
      ).toEqual([['cosign-tag', 'registry.example.com/acme/**']]);
    expect(lock.images.find((i) => i.ref.startsWith('docker.io/library/busybox'))?.signatures ?? []).toEqual([]);
    expect(JSON.parse(await readFile(join(work, 'bundle.cdx.json'), 'utf8')).specVersion).toBe('1.6');
    expect(
      repositories()
        .filter((r) => r.startsWith('platform/'))
        .sort(),
    ).toEqual(expect.arrayContaining(acme.map((i) => `platform/${i.ref.replace(/:[^:/]+$/, '')}`)));

    // upstream, one image's signature is replaced by another key's
    const victim = acme.find((i) => i.ref.includes('/metrics:')) ?? acme[0]!;
    await sign(victim.ref, opensslKey(work, 'someone-else', 'p256'));
    const resigned = await runScript(swapped(blocks[1]!, swaps), { cwd: work, env });
    expect(resigned.exitCode, resigned.all).toBe(0);
    expect(resigned.all).toContain('refused: exit 3');
    expect(resigned.all).toContain(`image ${victim.ref}: signature policy "registry.example.com/acme/**" (airgap.yaml:8) refused it:`);
    expect(resigned.all).toMatch(/\.sig: wrong key: the signature over payload sha256:[0-9a-f]{64} does not verify with sha256:/);
    expect(existsSync(join(work, 'next.tar'))).toBe(false);

    const edited = await runScript(swapped(blocks[2]!, swaps), { cwd: work, env });
    expect(edited.exitCode, edited.all).toBe(0);
    expect(edited.all).toContain('refused: exit 3');
    expect(edited.all).toContain('the lock was edited after signing');
    expect(repositories().some((r) => r.startsWith('edited/'))).toBe(false);
  }, 120_000);
});
