// The whole loop of issue 7: bundle (local chart repository and registry) → push into the ECR
// stand-in → values → render with the overrides → every image reference in the output can be
// fetched from the target registry, which is all a cluster without internet needs.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle } from '../../src/app/push/push.js';
import { readBundleLock as readLock } from '../../src/bundle/open.js';
import { loadChartArchive } from '../../src/helm/loader/load.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { requireTool } from '../support/tools.js';
import { runCli } from '../discover/run-cli.js';
import { renderWithOverride } from './values-check.js';

describe('bundle → push → values → render → pull (end to end)', () => {
  let w: BundleWorld;
  let ecr: EcrStandin;
  beforeAll(async () => {
    w = await startBundleWorld();
    ecr = await startEcrStandin();
  });
  afterAll(async () => {
    await ecr?.stop();
    await w?.stop();
  });

  it('every image of the overridden render is served by the target registry', async () => {
    const env = { HELM_AIRGAP_CACHE: join(w.work, 'cache'), DOCKER_CONFIG: join(w.work, 'no-docker'), HOME: w.work };
    const tar = join(w.work, 'demo.tar');
    const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '--out', tar], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const target = { registry: ecr.registryHost, prefix: 'mirrored' };
    const pushed = await pushBundle(tar, {
      registry: `${ecr.registryHost}/mirrored`,
      targetKind: 'ecr',
      aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials },
    });
    expect(pushed.totals.images.failed).toBe(0);

    const out = join(w.work, 'values');
    const r = await runCli(['values', tar, '--registry', `${ecr.registryHost}/mirrored`, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const c = (await readLock(tar)).charts[0];
    const chart = await loadChartArchive(await readFile(join(w.repoDir, `demo-${c.version}.tgz`)), 'demo');
    const imgs = await renderWithOverride(chart, join(out, `${c.releaseName}.values.yaml`), target, 'full', c.values, c.releaseName);
    expect(imgs.after).toEqual(imgs.expected);
    expect(imgs.after.length).toBeGreaterThan(0);

    const skopeo = await requireTool('skopeo', 'skopeo');
    const { password } = ecr.state.issuePassword();
    for (const ref of imgs.after) {
      const got = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${ref}`], { reject: false });
      expect(got.exitCode, `${ref}: ${got.stderr}`).toBe(0);
    }
  });
});
