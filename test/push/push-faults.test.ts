// Faults a push into ECR must survive or refuse cleanly: a connection cut mid-upload then a
// re-run (completes, nothing uploaded twice), API throttling and 500s, registry 5xx, a login
// that expires mid-push, a tampered bundle and a name ECR refuses (both before any push).
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle, type PushOptions } from '../../src/app/push/push.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import type { ProgressEvent } from '../../src/util/ctx.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const MiB = 1024 * 1024;

describe('push into ECR under faults', () => {
  let ecr: EcrStandin;
  let proxy: FaultProxy;
  let work: string;
  let bundle: FixtureBundle;
  let prefixN = 0;
  const opts = (prefix: string, over: Partial<PushOptions> = {}): PushOptions => ({
    registry: `${proxy.host}/${prefix}`,
    targetKind: 'ecr',
    aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials, maxAttempts: 2 },
    retries: 1,
    retryBaseMs: 5,
    // blobs over 1 MiB go in PATCH chunks of 5 MiB (ECR's minimum part), the path ECR's quirks live on
    monolithicMax: MiB,
    chunkSize: 5 * MiB,
    ...over,
  });
  const fresh = () => `f${++prefixN}`;

  beforeAll(async () => {
    ecr = await startEcrStandin();
    // the fault proxy sits where the network would be: between push and the ECR front
    proxy = await startFaultProxy(ecr.registryHost);
    work = await mkdtemp(join(tmpdir(), 'push-faults-'));
    bundle = await writeFixtureBundle(
      work,
      [
        {
          name: 'quay.io/org/big',
          tag: '1',
          platforms: ['linux/amd64', 'linux/arm64'],
          baseLayers: [{ seed: 'b', size: 12 * MiB }],
          layers: [{ seed: 'x', size: 400_000 }],
        },
        { name: 'ghcr.io/org/small', tag: '2', layers: [{ seed: 's', size: 200_000 }] },
      ],
      [{ name: 'app', version: '0.1.0' }],
    );
  });
  afterEach(() => {
    proxy.clear();
    ecr.faults.cutUploads = undefined;
  });
  afterAll(async () => {
    await proxy?.stop();
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const committed = () => ecr.state.committedBlobUploads().map((r) => new URLSearchParams(r.query).get('digest'));

  it('connection cut mid-upload: the run fails, a re-run completes, and no blob is uploaded twice', async () => {
    const prefix = fresh();
    ecr.state.resetLogs();
    // every upload carrying more than 100 kB is cut mid-body: the 12 MiB base layer cannot get
    // through on this run; small blobs can
    ecr.faults.cutUploads = { afterBytes: 100_000, times: 1000 };
    const err = await rejection(pushBundle(bundle.file, opts(prefix)));
    expect(err.code).toBe('ERR_PARTIAL');
    expect((err as unknown as { failures: { item: string }[] }).failures.map((f) => f.item)).toContain('image quay.io/org/big:1');
    const first = committed();
    expect(first.length).toBeGreaterThan(0);
    ecr.faults.cutUploads = undefined;
    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts(prefix));
    expect(report.totals.images.failed).toBe(0);
    const second = committed();
    expect(second.filter((d) => first.includes(d))).toEqual([]);
    const all = new Set([...bundle.images.flatMap((i) => i.blobs), ...bundle.charts.flatMap((c) => c.blobs)]);
    const blobsOnly = [...all].filter(
      (d) => !bundle.images.some((i) => i.digest === d || i.manifests.some((m) => m.digest === d)) && d !== bundle.charts[0]!.manifestDigest,
    );
    // per repository each blob once; the base layer is shared by two platforms of one repository
    expect(new Set([...first, ...second])).toEqual(new Set(blobsOnly));
  });

  it('a connection cut once is retried within the same run (blob restarted from the bundle)', async () => {
    ecr.faults.cutUploads = { afterBytes: 50_000, times: 1 };
    const report = await pushBundle(bundle.file, opts(fresh()));
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    expect(ecr.faults.cutUploads.times).toBe(0);
  });

  it('a registry that takes an upload and then stalls is given up on after the idle timeout and the push completes', async () => {
    // the first PATCH chunk and the first monolithic PUT are taken in and never answered
    proxy.inject({ method: 'PATCH', path: /blobs\/uploads/, times: 1, fault: { kind: 'stall' } });
    proxy.inject({ method: 'PUT', path: /blobs\/uploads/, times: 1, fault: { kind: 'stall' } });
    const report = await pushBundle(bundle.file, opts(fresh()), { idleTimeoutMs: 500 });
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    expect(proxy.pending()).toBe(0);
  });

  it('API throttling and 500s, and registry 500/429, are retried with backoff', async () => {
    ecr.state.resetLogs();
    ecr.state.apiFaults.push(
      { kind: 'throttle', operation: 'CreateRepository', times: 4 },
      { kind: 'server-error', operation: 'DescribeRepositories', times: 3 },
      { kind: 'throttle', operation: 'GetAuthorizationToken', times: 2 },
    );
    proxy.inject({ method: 'HEAD', path: /blobs/, times: 2, fault: { kind: 'status', status: 500 } });
    proxy.inject({ method: 'PUT', path: /manifests/, times: 1, fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const report = await pushBundle(bundle.file, opts(fresh()));
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    const errors = ecr.state.apiCalls.filter((c) => c.error).map((c) => c.error);
    expect(errors.filter((e) => e === 'ThrottlingException').length).toBe(6);
    expect(errors.filter((e) => e === 'ServerException').length).toBe(3);
    expect(proxy.pending()).toBe(0);
  });

  it('a registry login that expires mid-push is renewed and the push completes (ECR: 403 token expired)', async () => {
    ecr.state.resetLogs();
    let expired = false;
    const onProgress = (e: ProgressEvent) => {
      // as soon as the first blob is through, every password handed out so far stops working
      if (!expired && e.type === 'done' && e.id.startsWith('sha256:')) {
        expired = true;
        ecr.state.expireAllPasswords();
      }
    };
    const report = await pushBundle(bundle.file, opts(fresh()), { onProgress });
    expect(expired).toBe(true);
    expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
    expect(ecr.state.frontRequests.some((r) => r.status === 403)).toBe(true);
    expect(ecr.state.apiCalls.filter((c) => c.operation === 'GetAuthorizationToken' && c.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('a tampered bundle is refused before any repository is created or byte pushed', async () => {
    const bad = join(work, 'tampered.tar');
    await copyFile(bundle.file, bad);
    const reader = await ArchiveReader.open(bad);
    const layer = reader.entries().find((e) => e.size > 1_000_000)!;
    const fh = await open(bad, 'r+');
    await fh.write(Buffer.from([0x42]), 0, 1, layer.offset + 1000);
    await fh.close();
    ecr.state.resetLogs();
    proxy.log.length = 0;
    const err = await rejection(pushBundle(bad, opts(fresh())));
    expect(err.code).toBe('ERR_BUNDLE_TAMPERED');
    expect(err.message).toContain(layer.name.replace('blobs/sha256/', 'sha256:'));
    expect(err.hint).toMatch(/nothing was pushed/);
    expect(ecr.state.apiCalls).toEqual([]);
    expect(proxy.log).toEqual([]);
  });

  it('a lock that names another digest than the layout is refused before any push (lock vs layout)', async () => {
    const other = await writeFixtureBundle(join(work, 'lockdiff'), [{ name: 'quay.io/org/small', tag: '1', layers: [{ seed: 'q', size: 1000 }] }]);
    const { readFile, writeFile } = await import('node:fs/promises');
    const lockPath = join(other.dir, 'airgap-lock.json');
    const lock = JSON.parse(await readFile(lockPath, 'utf8'));
    lock.images[0].digest = 'sha256:' + createHash('sha256').update('x').digest('hex');
    await writeFile(lockPath, JSON.stringify(lock));
    ecr.state.resetLogs();
    const err = await rejection(pushBundle(other.dir, opts(fresh())));
    expect(err.code).toBe('ERR_BUNDLE_TAMPERED');
    expect(err.message).toMatch(/the lock records sha256:[0-9a-f]+ but the layout's index\.json names/);
    expect(ecr.state.apiCalls).toEqual([]);
  });

  it('a name that breaks ECR rules is refused before any push (plan checks every name)', async () => {
    const named = await writeFixtureBundle(join(work, 'badname'), [
      { name: 'quay.io/org/fine', tag: '1', layers: [{ seed: 'f', size: 1000 }] },
      { name: 'registry.example/team__x/app', tag: '1', layers: [{ seed: 'g', size: 1000 }] },
    ]);
    ecr.state.resetLogs();
    proxy.log.length = 0;
    const err = await rejection(pushBundle(named.file, opts(fresh())));
    expect(err.code).toBe('ERR_PUSH_NAMES');
    expect(err.message).toMatch(/registry\.example\/team__x\/app → f\d+\/registry\.example\/team__x\/app: does not match ECR/);
    expect(ecr.state.apiCalls.filter((c) => c.operation === 'CreateRepository')).toEqual([]);
    expect(proxy.log).toEqual([]);
  });

  it('chunked uploads meet ECR rules: parts under 5 MiB are refused as ECR refuses them; push asks for 1 MiB and still sends 5 MiB parts', async () => {
    const auth = { authorization: 'Basic ' + Buffer.from(`AWS:${ecr.state.issuePassword().password}`).toString('base64') };
    const repo = `${fresh()}/raw`;
    ecr.state.repositories.set(repo, { ...ecr.state.repositories.values().next().value!, repositoryName: repo, imageTagMutability: 'MUTABLE' });
    const post = await fetch(`http://${ecr.registryHost}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: { ...auth, 'content-length': '0' } });
    let loc = new URL(post.headers.get('location')!, `http://${ecr.registryHost}`).toString();
    const part = (from: number, n: number) =>
      fetch(loc, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/octet-stream', 'content-range': `${from}-${from + n - 1}` },
        body: Buffer.alloc(n, 1),
      });
    const first = await part(0, 1000);
    expect(first.status).toBe(201);
    expect(first.headers.get('range')).toBe('0-999');
    loc = new URL(first.headers.get('location')!, loc).toString();
    expect((await fetch(loc, { headers: auth })).status).toBe(404);
    const second = await part(1000, 1000);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('All layer parts except the last part should be at least 5MB');

    ecr.state.resetLogs();
    const report = await pushBundle(bundle.file, opts(fresh(), { chunkSize: MiB }));
    expect(report.totals.images.failed).toBe(0);
    const patches = ecr.state.frontRequests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThanOrEqual(2);
    expect(patches.every((p) => p.status === 201 && p.bytesIn <= 5 * MiB)).toBe(true);
    expect(patches.some((p) => p.bytesIn === 5 * MiB)).toBe(true);
  });

  it('a push to a repository that was never created fails as ECR fails it (NAME_UNKNOWN)', async () => {
    const r = await fetch(`http://${ecr.registryHost}/v2/never/created/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from(`AWS:${ecr.state.issuePassword().password}`).toString('base64') },
    });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({
      errors: [{ code: 'NAME_UNKNOWN', message: `The repository with name 'never/created' does not exist in the registry with id '${ecr.account}'` }],
    });
  });
});
