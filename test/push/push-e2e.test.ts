// The whole path: `helm airgap bundle` on the connected side (the bundle helper's world: a chart
// repository and a registry on 127.0.0.1), then `helm airgap push` of that very tarball into the
// ECR stand-in. Every lock digest must come out of ECR unchanged, the chart included.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle } from '../../src/app/push/push.js';
import { parseLock, type BundleLock } from '../../src/bundle/lock.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { requireTool } from '../support/tools.js';

describe('bundle then push (end to end)', () => {
  let w: BundleWorld;
  let ecr: EcrStandin;
  let file: string;
  let lock: BundleLock;
  beforeAll(async () => {
    // one after the other: each picks a free port for its registry
    w = await startBundleWorld();
    ecr = await startEcrStandin();
    file = join(w.work, 'demo.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '~1.2.0', ...w.mirrors, '-o', file], {
      HELM_AIRGAP_CACHE: join(w.work, 'cache'),
      DOCKER_CONFIG: join(w.work, 'no-docker'),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const reader = await ArchiveReader.open(file);
    lock = parseLock((await reader.readEntry('airgap-lock.json')).toString('utf8'), file);
  });
  afterAll(async () => {
    await ecr?.stop();
    await w?.stop();
  });

  it('pushes what `bundle` wrote; ECR serves every image and the chart under the lock digests', async () => {
    const report = await pushBundle(file, {
      registry: `${ecr.registryHost}/mirrored`,
      targetKind: 'ecr',
      aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials },
    });
    expect(report.totals.images.failed + report.totals.charts.failed).toBe(0);
    expect(report.totals.images.pushed).toBe(lock.images.length);
    expect(report.totals.charts.pushed).toBe(lock.charts.length);
    const skopeo = await requireTool('skopeo', 'skopeo');
    const { password } = ecr.state.issuePassword();
    const digestOf = async (ref: string) => {
      const r = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${ref}`], { encoding: 'buffer' });
      return 'sha256:' + createHash('sha256').update(r.stdout).digest('hex');
    };
    for (const item of report.items) {
      const wanted =
        item.kind === 'chart'
          ? lock.charts.find((c) => `${c.name}:${c.version}` === item.source)!.manifestDigest
          : lock.images.find((i) => i.ref === item.source)!.digest;
      expect(await digestOf(item.target.replace(/@.*/, ''))).toBe(wanted);
    }
  });
});
