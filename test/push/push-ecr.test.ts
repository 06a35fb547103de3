// `push` into ECR as the stand-in plays it (real SDK, real docker-registry behind ECR's rules):
// repositories created with their settings, digests preserved (checked with skopeo), charts as
// Helm OCI artifacts, re-runs that upload nothing, immutable tags, and refusals before any push.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle, type PushOptions, type PushReport } from '../../src/app/push/push.js';
import { PartialResultError } from '../../src/util/errors.js';
import { requireTool } from '../support/tools.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const BASE = [{ seed: 'base-os', size: 300_000 }];

describe('push into ECR (stand-in)', () => {
  let ecr: EcrStandin;
  let work: string;
  let bundle: FixtureBundle;
  let skopeo: string;
  const opts = (over: Partial<PushOptions> = {}): PushOptions => ({
    registry: `${ecr.registryHost}/mirrored`,
    targetKind: 'ecr',
    aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials },
    repositorySettings: { tagMutability: 'IMMUTABLE', scanOnPush: true, tags: { team: 'platform' } },
    retryBaseMs: 5,
    ...over,
  });

  beforeAll(async () => {
    skopeo = await requireTool('skopeo', 'skopeo');
    ecr = await startEcrStandin();
    work = await mkdtemp(join(tmpdir(), 'push-ecr-'));
    bundle = await writeFixtureBundle(
      work,
      [
        {
          name: 'quay.io/jetstack/cert-manager-controller',
          tag: 'v1.14.4',
          platforms: ['linux/amd64', 'linux/arm64'],
          baseLayers: BASE,
          layers: [{ seed: 'ctl', size: 200_000 }],
        },
        {
          name: 'quay.io/jetstack/cert-manager-webhook',
          tag: 'v1.14.4',
          platforms: ['linux/amd64', 'linux/arm64'],
          baseLayers: BASE,
          layers: [{ seed: 'wh', size: 100_000 }],
        },
        { name: 'docker.io/library/busybox', tag: '1.36', mediaTypes: 'docker', layers: [{ seed: 'bb', size: 50_000 }] },
      ],
      [{ name: 'cert-manager', version: '1.14.4+build.1' }],
    );
  });
  afterAll(async () => {
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function skopeoDigest(path: string, tag: string): Promise<string> {
    const { password } = ecr.state.issuePassword();
    const r = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${ecr.registryHost}/${path}:${tag}`], {
      encoding: 'buffer',
    });
    return 'sha256:' + createHash('sha256').update(r.stdout).digest('hex');
  }

  it('creates every repository with its settings, pushes images and the chart, digests unchanged (skopeo inspect)', async () => {
    const report = await pushBundle(bundle.file, opts());
    expect(report.repositories.created).toEqual([
      'mirrored/charts/cert-manager',
      'mirrored/docker.io/library/busybox',
      'mirrored/quay.io/jetstack/cert-manager-controller',
      'mirrored/quay.io/jetstack/cert-manager-webhook',
    ]);
    expect(report.totals.images).toEqual({ pushed: 3, present: 0, failed: 0 });
    expect(report.totals.charts).toEqual({ pushed: 1, present: 0, failed: 0 });
    const repo = ecr.state.repositories.get('mirrored/quay.io/jetstack/cert-manager-controller')!;
    expect(repo.imageTagMutability).toBe('IMMUTABLE');
    expect(repo.imageScanningConfiguration.scanOnPush).toBe(true);
    expect(repo.tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    for (const img of bundle.images) {
      const path = `mirrored/${img.name}`;
      expect(await skopeoDigest(path, img.tag)).toBe(img.digest);
    }
    expect(await skopeoDigest('mirrored/charts/cert-manager', '1.14.4_build.1')).toBe(bundle.charts[0]!.manifestDigest);
    // the shared base layer went up once per repository, never more
    const baseUploads = ecr.state.committedBlobUploads().length;
    expect(baseUploads).toBe(report.totals.blobsUploaded);
  });

  it('a second push uploads no blob and re-puts no immutable tag (same digest = success)', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts());
    expect(report.repositories.created).toEqual([]);
    expect(report.totals.images).toEqual({ pushed: 0, present: 3, failed: 0 });
    expect(report.totals.charts).toEqual({ pushed: 0, present: 1, failed: 0 });
    expect(report.totals.blobsUploaded).toBe(0);
    expect(ecr.state.uploadedBytes()).toBe(0);
    expect(ecr.state.frontRequests.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH')).toEqual([]);
  });

  it('an immutable tag holding another digest is a clear error (ECR: tag invalid … immutable)', async () => {
    const other = await writeFixtureBundle(join(work, 'other'), [
      { name: 'docker.io/library/busybox', tag: '1.36', mediaTypes: 'docker', layers: [{ seed: 'bb-changed', size: 50_000 }] },
    ]);
    const err = await rejection(pushBundle(other.file, opts()));
    expect(err.code).toBe('ERR_IMMUTABLE_TAG');
    expect(err.message).toContain(`mirrored/docker.io/library/busybox:1.36@${other.images[0]!.digest}: the tag already holds ${bundle.images[2]!.digest}`);
    expect(await skopeoDigest('mirrored/docker.io/library/busybox', '1.36')).toBe(bundle.images[2]!.digest);
  });

  it('charts last: a chart whose image failed is held back naming it (exit 3); a chart whose images arrived is pushed', async () => {
    const mixed = await writeFixtureBundle(
      join(work, 'mixed'),
      [
        { name: 'docker.io/library/busybox', tag: '1.36', mediaTypes: 'docker', layers: [{ seed: 'bb-changed-again', size: 50_000 }] },
        { name: 'quay.io/org/fresh', tag: '1.0', layers: [{ seed: 'fresh', size: 20_000 }] },
      ],
      [
        { name: 'app-a', version: '1.0.0' },
        { name: 'app-b', version: '2.0.0' },
      ],
      { siteChart: (i) => (i.name.includes('busybox') ? 'app-a' : 'app-b/charts/sub') },
    );
    const err = (await rejection(pushBundle(mixed.file, opts()))) as PartialResultError<PushReport>;
    expect(err).toBeInstanceOf(PartialResultError);
    const status = Object.fromEntries(err.report.items.map((i) => [i.source, [i.status, i.error ?? '']]));
    expect(status['docker.io/library/busybox:1.36']![0]).toBe('failed');
    expect(status['quay.io/org/fresh:1.0']![0]).toBe('pushed');
    expect(status['app-b:2.0.0']![0]).toBe('pushed');
    expect(status['app-a:1.0.0']).toEqual(['failed', 'chart app-a:1.0.0 held back: its images are not all in the target: docker.io/library/busybox:1.36']);
    expect(ecr.state.frontRequests.some((r) => r.method === 'PUT' && r.path.includes('/charts/app-a/manifests/'))).toBe(false);
  });

  it('the unpacked bundle directory pushes the same way (dry run: nothing to create, nothing to upload)', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.dir, opts({ dryRun: true }));
    expect(report.dryRun).toBe(true);
    expect(report.repositories.toCreate).toEqual([]);
    expect(report.totals.bytesToUpload).toBe(0);
    expect(ecr.state.apiCalls.some((c) => c.operation === 'CreateRepository')).toBe(false);
  });

  it.each([
    [true, 1],
    [false, 0],
  ])(
    'BLOB_MOUNTING %s: a layer of a finished image is mounted into the next repository, else uploaded after one refused try (ECR mount rules)',
    async (mounting, mounted) => {
      ecr.state.blobMounting = mounting;
      ecr.state.resetLogs();
      try {
        const report = await pushBundle(bundle.file, opts({ registry: `${ecr.registryHost}/mount-${mounting}`, concurrency: 1 }));
        expect(report.totals.images.failed).toBe(0);
        const tries = ecr.state.frontRequests.filter((r) => r.method === 'POST' && r.query.includes('mount='));
        expect(report.totals.blobsMounted).toBe(mounted);
        expect(tries).toHaveLength(1);
        expect(tries[0]!.status).toBe(mounting ? 201 : 202);
      } finally {
        ecr.state.blobMounting = false;
      }
    },
  );

  it('--dry-run on a fresh prefix lists repositories to create and every byte to upload, and writes nothing', async () => {
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts({ registry: `${ecr.registryHost}/fresh`, dryRun: true }));
    expect(report.repositories.toCreate).toHaveLength(4);
    const unique = new Set([...bundle.images.flatMap((i) => i.blobs), ...bundle.charts.flatMap((c) => c.blobs)]);
    expect(report.totals.bytesToUpload).toBeGreaterThan(0);
    expect(report.items.every((i) => i.status === 'planned')).toBe(true);
    expect(report.totals.images.planned).toBe(3);
    expect(report.totals.charts.planned).toBe(1);
    expect(unique.size).toBeGreaterThan(0);
    const reads = ['DescribeRepositories', 'DescribeRepositoryCreationTemplates', 'GetAuthorizationToken'];
    expect(ecr.state.apiCalls.map((c) => c.operation).filter((o) => !reads.includes(o))).toEqual([]);
    expect(ecr.state.frontRequests.filter((r) => r.method !== 'HEAD' && r.method !== 'GET')).toEqual([]);
  });
});
