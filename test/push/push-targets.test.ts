// The other targets: ECR Public (its own token, Bearer registry, alias in every path) and a
// plain OCI registry with a Basic login; and --shard, whose shards together push the bundle once.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle } from '../../src/app/push/push.js';
import { staticCredentials } from '../../src/registry/credentials.js';
import { Secret } from '../../src/util/secret.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { requireTool } from '../support/tools.js';
import { rejection, writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

let work: string;
let bundle: FixtureBundle;
let skopeo: string;

beforeAll(async () => {
  skopeo = await requireTool('skopeo', 'skopeo');
  work = await mkdtemp(join(tmpdir(), 'push-targets-'));
  bundle = await writeFixtureBundle(
    work,
    [
      {
        name: 'quay.io/jetstack/cert-manager-controller',
        tag: 'v1',
        platforms: ['linux/amd64', 'linux/arm64'],
        baseLayers: [{ seed: 'os', size: 100_000 }],
        layers: [{ seed: 'c', size: 50_000 }],
      },
      {
        name: 'quay.io/jetstack/cert-manager-webhook',
        tag: 'v1',
        platforms: ['linux/amd64'],
        baseLayers: [{ seed: 'os', size: 100_000 }],
        layers: [{ seed: 'w', size: 50_000 }],
      },
      { name: 'docker.io/library/redis', tag: '7', layers: [{ seed: 'r', size: 70_000 }] },
      { name: 'ghcr.io/fluxcd/source-controller', tag: 'v1', layers: [{ seed: 's', size: 90_000 }] },
      { name: 'registry.k8s.io/pause', tag: '3.10', mediaTypes: 'docker', layers: [{ seed: 'p', size: 1_000 }] },
    ],
    [{ name: 'cert-manager', version: '1.0.0' }],
  );
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function rawDigest(ref: string, creds: string): Promise<string> {
  const r = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', creds, `docker://${ref}`], { encoding: 'buffer' });
  return 'sha256:' + createHash('sha256').update(r.stdout).digest('hex');
}

describe('push into ECR Public (stand-in)', () => {
  let pub: EcrStandin;
  beforeAll(async () => {
    pub = await startEcrStandin({ mode: 'public', publicAlias: 'z3o4p8r4' });
  });
  afterAll(async () => {
    await pub?.stop();
  });

  it('logs in through GetAuthorizationToken and the Bearer token endpoint, creates repositories, keeps digests', async () => {
    const report = await pushBundle(bundle.file, {
      registry: `${pub.registryHost}/z3o4p8r4/mirror`,
      targetKind: 'ecr-public',
      aws: { region: 'eu-west-1', endpoint: pub.apiEndpoint, credentials: pub.credentials },
    });
    expect(report.target).toEqual({ kind: 'ecr-public', registry: `${pub.registryHost}/z3o4p8r4`, prefix: 'mirror' });
    expect(report.repositories.created).toContain('mirror/quay.io/jetstack/cert-manager-controller');
    expect([...pub.state.repositories.keys()].every((n) => n.startsWith('mirror/'))).toBe(true);
    expect(report.totals.images.pushed).toBe(5);
    expect(pub.state.frontRequests.some((r) => r.path === '/token/' && r.status === 200)).toBe(true);
    // read back from the registry behind the front: same bytes under the alias path
    const img = bundle.images[0]!;
    expect(await rawDigest(`${pub.backend.host}/z3o4p8r4/mirror/${img.name}:${img.tag}`, pub.backendCreds)).toBe(img.digest);
  });
});

describe('push into a plain OCI registry (htpasswd)', () => {
  let reg: RunningRegistry;
  const login = (...hosts: string[]) => staticCredentials({ username: 'alice', password: new Secret('s3cret') }, hosts);
  beforeAll(async () => {
    reg = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('alice', 's3cret') } });
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('pushes with --username/--password-stdin style credentials; no repository API is called', async () => {
    const report = await pushBundle(bundle.file, { registry: `${reg.host}/airgap`, credentials: login(reg.host), naming: 'drop-host' });
    expect(report.target.kind).toBe('oci');
    expect(report.repositories).toEqual({ created: [], existing: [], toCreate: [] });
    expect(report.totals.images).toEqual({ pushed: 5, present: 0, failed: 0 });
    for (const img of bundle.images) {
      const path = img.name.split('/').slice(1).join('/');
      expect(await rawDigest(`${reg.host}/airgap/${path}:${img.tag}`, 'alice:s3cret')).toBe(img.digest);
    }
    expect(await rawDigest(`${reg.host}/airgap/charts/cert-manager:1.0.0`, 'alice:s3cret')).toBe(bundle.charts[0]!.manifestDigest);
  });

  it('the shared base layer goes up once and is mounted into the other repositories, even in parallel (DS: cross-repository mount)', async () => {
    const proxy = await startFaultProxy(reg.host);
    try {
      const report = await pushBundle(bundle.file, { registry: `${proxy.host}/mounts`, credentials: login(proxy.host), concurrency: 8 });
      const base = bundle.images[1]!.blobs.filter((d) => bundle.images[0]!.blobs.includes(d) && !bundle.images[0]!.manifests.some((m) => m.digest === d));
      expect(base).toHaveLength(1);
      const puts = proxy.log.filter((l) => l.method === 'PUT' && l.path.includes(`digest=${encodeURIComponent(base[0]!)}`));
      expect(puts).toHaveLength(1);
      expect(proxy.log.filter((l) => l.method === 'POST' && l.path.includes(`mount=${encodeURIComponent(base[0]!)}`))).toHaveLength(1);
      expect(report.totals.blobsMounted).toBe(1);
      const webhook = report.items.find((i) => i.source.includes('webhook'))!;
      expect(await rawDigest(webhook.target.replace(/@.*/, '').replace(proxy.host, reg.host), 'alice:s3cret')).toBe(webhook.digest);
    } finally {
      await proxy.stop();
    }
  });

  it('two tags of one repository sharing a layer: the layer is sent there once, the second image waits for it', async () => {
    const two = await writeFixtureBundle(
      join(work, 'two-tags'),
      ['1', '2'].map((tag) => ({
        name: 'registry.example.com/acme/app',
        tag,
        platforms: ['linux/amd64', 'linux/arm64'],
        baseLayers: [{ seed: 'shared-os', size: 200_000 }],
        layers: [{ seed: `app-${tag}`, size: 20_000 }],
      })),
      [],
    );
    const proxy = await startFaultProxy(reg.host);
    try {
      const report = await pushBundle(two.file, { registry: `${proxy.host}/same-repo`, credentials: login(proxy.host), concurrency: 8 });
      expect(report.totals.images).toEqual({ pushed: 2, present: 0, failed: 0 });
      const base = two.images[1]!.blobs.filter((d) => two.images[0]!.blobs.includes(d) && !two.images[0]!.manifests.some((m) => m.digest === d));
      expect(base.length).toBeGreaterThan(0);
      for (const d of base) {
        const sent = proxy.log.filter(
          (l) => (l.method === 'PUT' && l.path.includes(`digest=${encodeURIComponent(d)}`)) || l.path.includes(`mount=${encodeURIComponent(d)}`),
        );
        expect(sent, d).toHaveLength(1);
      }
      for (const img of two.images) expect(await rawDigest(`${reg.host}/same-repo/${img.name}:${img.tag}`, 'alice:s3cret')).toBe(img.digest);
    } finally {
      await proxy.stop();
    }
  });

  it('without a login the registry refuses and push says how to log in', async () => {
    const err = await rejection(pushBundle(bundle.file, { registry: `${reg.host}/nologin` }));
    expect(err.message).toMatch(/401/);
    expect(err.hint).toMatch(/log in/);
  });

  it('--shard I/N: N runs push every item exactly once, charts with shard 0', async () => {
    const reports = [];
    for (let i = 0; i < 3; i++)
      reports.push(await pushBundle(bundle.file, { registry: `${reg.host}/sharded`, credentials: login(reg.host), shard: { index: i, count: 3 } }));
    const sources = reports.flatMap((r) => r.items.map((i) => i.source)).sort();
    expect(sources).toEqual([...bundle.images.map((i) => `${i.name}:${i.tag}`), 'cert-manager:1.0.0'].sort());
    expect(reports[0]!.items.some((i) => i.kind === 'chart')).toBe(true);
    expect(reports.every((r) => r.items.every((i) => i.status === 'pushed'))).toBe(true);
    const again = await pushBundle(bundle.file, { registry: `${reg.host}/sharded`, credentials: login(reg.host) });
    expect(again.totals.blobsUploaded).toBe(0);
    expect(again.items.every((i) => i.status === 'present')).toBe(true);
  });
});
