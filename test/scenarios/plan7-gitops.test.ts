// docs/plans/7-gitops.md (plan 7): a GitOps checkout (helmfile, two Argo CD Applications, one
// multi-source, and a Flux HelmRelease with valuesFrom) read by images and bundle, pushed into ECR
// (the stand-in), then the objects rewritten from the bundle by values --format gitops. Each
// rewritten object is read back as its tool would (bundle/gitops): the chart is at the target's
// charts/ at the bundled version, and real Helm 4 renders each release with those values with
// every image at the target.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitopsCharts } from '../../src/bundle/gitops/gitops-charts.js';
import { readBundleLock } from '../../src/bundle/open.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { commandsOf, DOC_ECR, helmShim, planBlocks, runScript, swapped } from './doc-plans.js';

let w: BundleWorld;
let ecr: EcrStandin;
let work: string;

beforeAll(async () => {
  w = await startBundleWorld();
  ecr = await startEcrStandin({ region: 'eu-west-1' });
  work = await mkdtemp(join(tmpdir(), 'airgap-plan6-'));
}, 120_000);
afterAll(async () => {
  await ecr?.stop();
  await w?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('docs/plans/7-gitops.md (plan 7): a GitOps repository in, its objects pointed at private ECR', () => {
  it('images, bundle, push, values --format gitops; each rewritten release renders in real Helm 4 with every image at ECR', async () => {
    const [block] = await planBlocks(7);
    const ecrFlags = `--type ecr --region ${ecr.region}`;
    const script = swapped(block!, [
      ['https://charts.internal.example', w.repo.url.replace(/\/$/, '')],
      ['--out bundle.tar', `--out bundle.tar ${w.mirrors.join(' ')}`],
      [`push bundle.tar --registry ${DOC_ECR}/mirrored`, `push bundle.tar --registry ${ecr.registryHost}/mirrored ${ecrFlags}`],
      [`--registry ${DOC_ECR}/mirrored --format gitops`, `--registry ${ecr.registryHost}/mirrored --format gitops`],
    ]);
    const env = {
      ...standinEnv(ecr, join(work, 'home'), { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true' }),
      PATH: `${await helmShim(work)}:${process.env.PATH}`,
    };
    for (const command of commandsOf(script)) {
      const r = await runScript(command, { cwd: work, env });
      expect(r.exitCode, `${command}\n${r.all}`).toBe(0);
    }
    const lock = await readBundleLock(join(work, 'bundle.tar'));
    expect(lock.charts.map((c) => `${c.releaseName}/${c.namespace}`).sort()).toEqual(['api/api', 'metrics/monitoring', 'web/web', 'worker/worker']);
    expect(lock.images.map((i) => i.ref).sort()).toEqual([
      'docker.io/library/busybox:1.36',
      'registry.example.com/acme/app:1.0.0',
      'registry.example.com/acme/app:1.0.1',
      'registry.example.com/acme/metrics:0.1.0',
    ]);
    const target = `${ecr.registryHost}/mirrored`;
    const releases = await readGitopsCharts('gitops', work);
    expect(releases.map((r) => r.releaseName).sort()).toEqual(['api', 'metrics', 'web', 'worker']);
    const { helm } = await realHelm(4);
    for (const r of releases) {
      expect({ release: r.releaseName, chart: r.chart, version: r.version }).toEqual({
        release: r.releaseName,
        chart: `oci://${target}/charts/demo`,
        version: '1.2.1',
      });
      const values = join(work, `${r.releaseName}.rendered-values.json`);
      await writeFile(values, JSON.stringify(r.values));
      const out = await execa(helm, ['template', r.releaseName!, join(w.repoDir, 'demo-1.2.1.tgz'), '-f', values], {
        env: { HOME: work, HELM_CACHE_HOME: join(work, 'helm4') },
        reject: false,
      });
      expect(out.exitCode, out.stderr).toBe(0);
      const images = [...podSpecImages(out.stdout), ...[...out.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)];
      expect(images.length, r.releaseName).toBeGreaterThanOrEqual(2);
      for (const i of images) expect(i, r.releaseName).toMatch(new RegExp(`^${target.replace(/[.]/g, '\\.')}/`));
    }
    // the objects are the user's files: what the rewrite did not need stays as written
    const worker = await readFile(join(work, 'gitops/argo/worker.yaml'), 'utf8');
    expect(worker).toContain('    - repoURL: https://git.internal.example/platform/gitops.git\n      targetRevision: main\n      ref: values\n');
    expect(worker).toContain('          - $values/values/worker.yaml\n');
    expect(await readFile(join(work, 'gitops/values/worker.yaml'), 'utf8')).toBe('image:\n  tag: "1.0.1"\n');
  }, 240_000);
});
