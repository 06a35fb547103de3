// docs/plans/4-charts.md (plan 4): a chart set bundled from a chart repository (the fixture demo chart,
// whose helper image is a runtime image passed in args), pushed into ECR (the stand-in), verified,
// logged in, and values pinned to digests with the registry checked; then real Helm 3 and 4 render
// the chart with the written values and every image, the runtime one included, is at the target by
// the lock's digest and present there (read back from the stand-in's storage with plain HTTP).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm, type HelmMajor } from '../support/tools.js';
import { plainHttp } from '../sync/sync-world.js';
import { commandsOf, DOC_ECR, helmShim, planBlocks, runScript, swapped, unmappedNamed, writeImageChart } from './doc-plans.js';

let w: BundleWorld;
let ecr: EcrStandin;
let work: string;

beforeAll(async () => {
  w = await startBundleWorld();
  ecr = await startEcrStandin({ region: 'eu-west-1' });
  work = await mkdtemp(join(tmpdir(), 'airgap-plan4-'));
}, 120_000);
afterAll(async () => {
  await ecr?.stop();
  await w?.stop();
  await rm(work, { recursive: true, force: true });
});

async function helmImages(major: HelmMajor, values: string): Promise<string[]> {
  const { helm } = await realHelm(major);
  const r = await execa(helm, ['template', 'demo', join(w.repoDir, 'demo-1.2.1.tgz'), '-f', values], {
    env: { HOME: work, HELM_CACHE_HOME: join(work, `helm${major}`) },
    reject: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return [...podSpecImages(r.stdout), ...[...r.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)].sort();
}

describe('docs/plans/4-charts.md (plan 4): production charts into ECR with values pinned to digests', () => {
  it('bundle, push, verify, login, values --pin-digests --check-registry; real Helm 3 and 4 render every image at ECR by digest', async () => {
    const [block, check] = await planBlocks(4);
    const ecrFlags = `--type ecr --region ${ecr.region}`;
    const script = swapped(block!, [
      ['https://charts.internal.example', w.repo.url],
      ['--out bundle.tar', `--out bundle.tar ${w.mirrors.join(' ')}`],
      [`--registry ${DOC_ECR}/mirrored`, `--registry ${ecr.registryHost}/mirrored ${ecrFlags}`],
      [`login --registry ${DOC_ECR}`, `login --registry ${ecr.registryHost} ${ecrFlags}`],
    ]).replace(/(values bundle\.tar --registry \S+) --type ecr --region \S+/, '$1');
    const env = {
      ...standinEnv(ecr, join(work, 'home'), { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true' }),
      PATH: `${await helmShim(work)}:${process.env.PATH}`,
    };
    for (const command of commandsOf(script)) {
      const r = await runScript(command, { cwd: work, env });
      expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
    }
    const lock = await readBundleLock(join(work, 'bundle.tar'));
    const certain = lock.images.filter((i) => i.need === 'certain');
    expect(certain.length).toBeGreaterThanOrEqual(2);
    const want = certain.map((i) => `${ecr.registryHost}/mirrored/${i.ref}@${i.digest}`).sort();
    for (const major of [3, 4] as const) expect(await helmImages(major, join(work, 'values', 'demo.values.yaml')), `Helm ${major}`).toEqual(want);
    const [user, password] = ecr.backendCreds.split(':') as [string, string];
    for (const i of certain) {
      const repo = `mirrored/${i.ref.replace(/:[^:/]+$/, '')}`;
      const r = await plainHttp(
        ecr.backend.host,
        'HEAD',
        `/v2/${repo}/manifests/${i.digest}`,
        { user, password },
        'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
      );
      expect(r.status, `${repo}@${i.digest}`).toBe(200);
    }

    // the doc's check: a chart beside the bundle's, with one image the bundle never carried
    await writeImageChart(join(work, 'shop'), [certain[0]!.ref, 'docker.io/library/redis:7.2']);
    const strict = await runScript(commandsOf(check!)[0]!, { cwd: work, env });
    expect(unmappedNamed(strict, ['docker.io/library/redis:7.2']), strict.all).toEqual({ exitCode: 3, named: ['docker.io/library/redis:7.2'] });
    expect(strict.all).toContain(`moved: ${certain[0]!.ref} -> ${ecr.registryHost}/mirrored/${certain[0]!.ref}`);
    // as the page says: nothing a script that ignores the exit code would install from
    expect(await readdir(join(work, 'shop-values'))).toEqual(['shop.values.yaml.rejected']);
  });
});
