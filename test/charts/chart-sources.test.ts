// Chart sources against real servers on 127.0.0.1: an HTTP chart repository (with and without
// Basic auth) and a docker-registry holding Helm OCI charts.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChartArtifact } from '../../src/charts/chart-artifact.js';
import { readChartArchiveInfo } from '../../src/charts/chart-meta.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { RegistryClient } from '../../src/registry/client.js';
import { Secret } from '../../src/util/secret.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { FIXTURE_CHARTS, makeFixtureRepo, packFixture } from './chart-fixtures.js';

let repoDir: string;
let repo: RunningChartRepo;
let authRepo: RunningChartRepo;
let registry: RunningRegistry;
let cacheDir: string;

beforeAll(async () => {
  repoDir = await makeFixtureRepo();
  repo = await startChartRepo({ dir: repoDir });
  authRepo = await startChartRepo({ dir: repoDir, auth: { username: 'u', password: 'p4ss' } });
  registry = await startRegistry();
  cacheDir = await mkdtemp(join(tmpdir(), 'airgap-cache-'));
});

afterAll(async () => {
  await repo?.stop();
  await authRepo?.stop();
  await registry?.stop();
  await rm(repoDir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

const opts = () => ({ cacheDir, baseDir: FIXTURE_CHARTS, registry: new RegistryClient() });

describe('HTTP chart repositories', () => {
  it.each<[string | undefined, string, string]>([
    [undefined, '1.2.1', 'no version: highest stable'],
    ['~1.1', '1.1.0', 'tilde'],
    ['^1.0', '1.2.1', 'caret'],
    ['1.2.0', '1.2.0', 'exact'],
  ])('version %s → %s (%s), digest checked against index.yaml', async (version, want) => {
    const c = await resolveChart({ chart: 'demo', repo: repo.url, version }, opts());
    expect(c.version).toBe(want);
    expect(c.source).toMatchObject({ kind: 'repo', repo: repo.url, url: `${repo.url}demo-${want}.tgz` });
    const bytes = await readFile(c.archivePath);
    const { createHash } = await import('node:crypto');
    expect(c.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  });

  it('prereleases only with devel (Helm --devel)', async () => {
    const c = await resolveChart({ chart: 'demo', repo: repo.url, devel: true }, opts());
    expect(c.version).toBe('1.3.0-rc.1');
  });

  it('a re-run is served from the content-addressed cache (no second archive download)', async () => {
    const before = repo.requests.filter((r) => r.endsWith('.tgz')).length;
    await resolveChart({ chart: 'demo', repo: repo.url, version: '1.2.0' }, opts());
    await resolveChart({ chart: 'demo', repo: repo.url, version: '1.2.0' }, opts());
    const after = repo.requests.filter((r) => r.endsWith('.tgz')).length;
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('a missing version lists the versions that exist', async () => {
    const err = await resolveChart({ chart: 'demo', repo: repo.url, version: '^9' }, opts()).catch((e) => e);
    expect(err.message).toMatch(/no version matches "\^9"/);
    expect(err.hint).toBe('available: 1.3.0-rc.1, 1.2.1, 1.2.0, 1.1.0');
  });

  it('a missing chart lists the charts that exist', async () => {
    const err = await resolveChart({ chart: 'nope', repo: repo.url }, opts()).catch((e) => e);
    expect(err.message).toMatch(/chart "nope" not found/);
    expect(err.hint).toBe('the repository has: broken, demo');
  });

  it('an unreachable repository is named, with what to check', async () => {
    const err = await resolveChart({ chart: 'demo', repo: 'http://127.0.0.1:1/' }, opts()).catch((e) => e);
    expect(err.code).toBe('ERR_REPO_UNREACHABLE');
    expect(err.message).toMatch(/chart repository http:\/\/127\.0\.0\.1:1\/: cannot read index\.yaml/);
  }, 60_000);

  it('plain HTTP off loopback is refused before any connection (TLS on; --plain-http to allow)', async () => {
    const err = await resolveChart({ chart: 'demo', repo: 'http://charts.example.invalid/' }, opts()).catch((e) => e);
    expect(err.message).toMatch(/plain HTTP refused for a non-loopback host/);
    expect(err.hint).toMatch(/pass --plain-http/);
  });

  it('Basic auth: refused without credentials, served with them', async () => {
    const err = await resolveChart({ chart: 'demo', repo: authRepo.url }, opts()).catch((e) => e);
    expect(err.message).toMatch(/401/);
    const c = await resolveChart(
      { chart: 'demo', repo: authRepo.url, version: '1.1.0' },
      { ...opts(), http: { credentials: { username: 'u', password: new Secret('p4ss') } } },
    );
    expect(c.version).toBe('1.1.0');
  });

  it('refuses an archive whose bytes differ from the index digest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-repo-bad-'));
    await packFixture('demo', dir, '1.0.0');
    await writeRepoIndex(dir);
    await writeFile(join(dir, 'demo-1.0.0.tgz'), await readFile(join(repoDir, 'demo-1.1.0.tgz')));
    const bad = await startChartRepo({ dir });
    try {
      const err = await resolveChart({ chart: 'demo', repo: bad.url }, { ...opts(), cacheDir: dir + '-cache' }).catch((e) => e);
      expect(err.message).toMatch(/digest mismatch/);
    } finally {
      await bad.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('oci:// charts', () => {
  beforeAll(async () => {
    const client = new RegistryClient();
    for (const v of ['1.2.0', '1.2.1+build.7']) {
      const dir = await mkdtemp(join(tmpdir(), 'airgap-oci-'));
      const file = await packFixture('demo', dir, v);
      const local = await resolveChart({ chart: file }, opts());
      const dst = client.repository(`${registry.host}/charts/demo`);
      await pushChartArtifact(dst, local, (await readFile(file)).length, v.replace('+', '_'));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pulls an exact version (tag with + written _) and keeps the manifest bytes', async () => {
    const c = await resolveChart({ chart: `oci://${registry.host}/charts/demo`, version: '1.2.1+build.7' }, opts());
    expect(c).toMatchObject({ name: 'demo', version: '1.2.1+build.7', source: { kind: 'oci', ref: `oci://${registry.host}/charts/demo` } });
    expect(c.ociArtifact?.config.mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
  });

  it('resolves a constraint over the listed tags', async () => {
    const c = await resolveChart({ chart: `oci://${registry.host}/charts/demo`, version: '~1.2.0' }, opts());
    expect(c.version).toBe('1.2.1+build.7');
  });

  it('a missing version lists the tags that exist', async () => {
    const err = await resolveChart({ chart: `oci://${registry.host}/charts/demo`, version: '>=2' }, opts()).catch((e) => e);
    expect(err.hint).toMatch(/available: 1\.2\.1\+build\.7, 1\.2\.0/);
  });
});

describe('dependencies (helm dependency build)', () => {
  it('fetches an @alias dependency from a named repository into charts/', async () => {
    const c = await resolveChart({ chart: 'umbrella' }, { ...opts(), repositories: { fixtures: repo.url } });
    expect(c.fetchedDependencies).toEqual([expect.objectContaining({ name: 'demo', version: '1.2.1', repository: '@fixtures' })]);
    const info = await readChartArchiveInfo(await readFile(c.archivePath), 'umbrella');
    expect(info.vendored).toEqual(['demo-1.2.1.tgz']);
    expect(c.sourceDigest).not.toBe(c.digest);
  });

  it('Chart.lock pins the version (1.2.0) over the newest match of the constraint (1.2.1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-lockdep-'));
    await cp(join(FIXTURE_CHARTS, 'umbrella'), dir, { recursive: true });
    await writeFile(
      join(dir, 'Chart.lock'),
      'dependencies:\n- name: demo\n  repository: "@fixtures"\n  version: 1.2.0\ndigest: sha256:0\ngenerated: "2026-01-01T00:00:00Z"\n',
    );
    try {
      const c = await resolveChart({ chart: dir }, { ...opts(), repositories: { fixtures: repo.url } });
      expect(c.fetchedDependencies?.map((d) => d.version)).toEqual(['1.2.0']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('file:// and oci:// dependencies of a local chart folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-deps-'));
    await cp(join(FIXTURE_CHARTS, 'umbrella'), join(dir, 'top'), { recursive: true });
    await cp(join(FIXTURE_CHARTS, 'demo'), join(dir, 'demo'), { recursive: true });
    await writeFile(
      join(dir, 'top', 'Chart.yaml'),
      [
        'apiVersion: v2',
        'name: top',
        'version: 0.1.0',
        'dependencies:',
        '  - name: demo',
        '    version: "1.2.0"',
        '    repository: file://../demo',
        '  - name: demo',
        '    alias: other',
        '    version: "^1.2.0"',
        `    repository: oci://${registry.host}/charts`,
        '',
      ].join('\n'),
    );
    try {
      const c = await resolveChart({ chart: join(dir, 'top') }, opts());
      expect(c.fetchedDependencies?.map((d) => `${d.name} ${d.version} ${d.repository}`)).toEqual([
        'demo 1.2.0 file://../demo',
        `demo 1.2.1+build.7 oci://${registry.host}/charts`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unknown repository name says how to name it', async () => {
    const err = await resolveChart({ chart: 'umbrella' }, opts()).catch((e) => e);
    expect(err.message).toMatch(/no repository definition for @fixtures/);
  });
});
