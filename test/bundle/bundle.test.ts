// `helm airgap bundle` end to end: a chart repository and a docker-registry on 127.0.0.1, the CLI
// run in-process, the bundle checked with skopeo and umoci and through its lock.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleLock } from '../../src/bundle/lock.js';
import { readBundleLock as readLock } from '../../src/bundle/open.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { requireTool } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { startChartRepo } from '../support/chart-repo-server.js';
import { startBundleWorld, type BundleWorld } from './bundle-fixtures.js';

const run = promisify(execFile);
let w: BundleWorld;
let env: Record<string, string>;

beforeAll(async () => {
  w = await startBundleWorld();
  env = { HELM_AIRGAP_CACHE: join(w.work, 'cache'), DOCKER_CONFIG: join(w.work, 'no-docker'), HELM_REPOSITORY_CONFIG: join(w.work, 'no-repositories.yaml') };
});
afterAll(async () => w?.stop());

const readLockOf = (file: string): Promise<BundleLock> => readLock(file);

async function skopeoInspect(archive: string, ref: string, raw = false): Promise<Record<string, unknown>> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  const { stdout } = await run(skopeo, ['inspect', ...(raw ? ['--raw'] : []), `oci-archive:${archive}:${ref}`], { maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('helm airgap bundle', () => {
  let out: string;
  let lock: BundleLock;

  beforeAll(async () => {
    out = join(w.work, 'demo.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '~1.2.0', ...w.mirrors, '-o', out], env);
    expect(r.stderr + r.stdout).not.toMatch(/Error/);
    expect(r.exitCode).toBe(0);
    lock = await readLockOf(out);
  });

  it('records the chart Helm would pick (~1.2.0 → 1.2.1) with its digest and source', () => {
    expect(lock.charts).toHaveLength(1);
    expect(lock.charts[0]).toMatchObject({
      name: 'demo',
      version: '1.2.1',
      releaseName: 'demo',
      namespace: 'default',
      layoutRef: 'charts/demo:1.2.1',
      source: { kind: 'repo', repo: w.repo.url },
    });
  });

  it('carries every image the default render needs, digests as the registry serves them', () => {
    const refs = lock.images.map((i) => i.ref);
    expect(refs).toEqual(['docker.io/library/busybox:1.36', 'registry.example.com/acme/app:1.0.0']);
    const app = lock.images.find((i) => i.ref.endsWith('app:1.0.0'))!;
    expect(app.digest).toBe(w.images.get('registry.example.com/acme/app:1.0.0')!.digest);
    expect(app.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(app.pulledFrom).toBe(`${w.registry.host}/registry.example.com/acme/app`);
    expect(app.sites[0]).toMatchObject({ chart: 'demo', kind: 'Deployment', site: 'pod-spec', template: 'demo/templates/deployment.yaml' });
    const busybox = lock.images.find((i) => i.ref.includes('busybox'))!;
    expect(busybox.sites[0]).toMatchObject({ site: 'arg' });
    expect(busybox.digest).toBe(w.images.get('docker.io/library/busybox:1.36')!.digest);
  });

  it('names optional images it did not carry, with their toggle', () => {
    const metrics = lock.notBundled.find((i) => i.ref === 'registry.example.com/acme/metrics:0.1.0');
    expect(metrics?.sites.map((s) => s.toggle)).toContain('metrics.enabled=true');
  });

  it('skopeo reads every OCI image and the chart artifact from the archive; Docker-typed ones keep their bytes', async () => {
    const reader = await ArchiveReader.open(out);
    for (const img of lock.images) {
      // skopeo 1.9 cannot read Docker media types from a layout: check those through our reader
      if (img.mediaType.includes('docker')) {
        const d = await reader.resolve(img.layoutRef);
        expect(d.digest).toBe(img.digest);
        expect(await reader.exists(d)).toBe(true);
        continue;
      }
      const raw = await skopeoInspect(out, img.layoutRef, true);
      expect(raw.schemaVersion).toBe(2);
    }
    const chart = await skopeoInspect(out, 'charts/demo:1.2.1', true);
    expect((chart.config as { mediaType: string }).mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
    expect((chart.layers as { mediaType: string }[])[0]!.mediaType).toBe('application/vnd.cncf.helm.chart.content.v1.tar+gzip');
  });

  it('inspect counts charts apart from images', async () => {
    const r = await runCli(['inspect', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${lock.images.length} image\\(s\\), ${lock.charts.length} chart\\(s\\), \\d+ unique blob`, 'm'));
    const json = JSON.parse((await runCli(['-o', 'json', 'inspect', out], env)).stdout);
    expect(json.totals).toMatchObject({ images: lock.images.length, charts: lock.charts.length, artifacts: 0 });
    expect(json.images.filter((i: { kind: string }) => i.kind === 'chart').map((i: { name: string }) => i.name)).toEqual(['charts/demo:1.2.1']);
  });

  it('umoci accepts the unpacked layout and lists every ref', async () => {
    const umoci = await requireTool('umoci', 'umoci');
    const dir = join(w.work, 'unpacked');
    await mkdir(dir, { recursive: true });
    await extract({ file: out, cwd: dir });
    const { stdout } = await run(umoci, ['ls', '--layout', dir]);
    expect((await readLock(dir)).images).toHaveLength(2);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['charts/demo:1.2.1', 'docker.io/library/busybox:1.36', 'registry.example.com/acme/app:1.0.0']);
    // umoci cannot name refs that contain ':' (`dir:tag` is split on it); ls validates the layout
  });
});

describe('helm airgap bundle: options', () => {
  it('--include-optional and --platform: optional images carried, only the chosen platform', async () => {
    const out = join(w.work, 'opt.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--include-optional', '--platform', 'linux/amd64', ...w.mirrors, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readLockOf(out);
    expect(lock.images.map((i) => i.ref)).toContain('registry.example.com/acme/metrics:0.1.0');
    const app = lock.images.find((i) => i.ref.endsWith('app:1.0.0'))!;
    expect(app.platforms).toEqual(['linux/amd64']);
    expect(app.digest).toBe(w.images.get('registry.example.com/acme/app:1.0.0')!.digest);
    // app and metrics share their base layer: the archive holds it once
    const reader = await ArchiveReader.open(out);
    const blobBytes = reader
      .entries()
      .filter((e) => e.name.startsWith('blobs/'))
      .reduce((n, e) => n + e.size, 0);
    const imageBytes = lock.images.reduce((n, i) => n + i.size, 0);
    expect(blobBytes).toBeLessThan(imageBytes);
  });

  it('airgap.yaml: oci:// chart, a chart with an @repo dependency, extra image, exclude', async () => {
    const spec = join(w.work, 'airgap.yaml');
    await writeFile(
      spec,
      [
        'charts:',
        `  - oci: ${w.registry.host}/charts/demo`,
        '    version: "1.2.1"',
        '    releaseName: from-oci',
        '    namespace: apps',
        `  - name: umbrella`,
        `    repo: ${w.repo.url}`,
        'images: [registry.example.com/acme/metrics:0.1.0]',
        'exclude: ["docker.io/library/*"]',
        'repositories:',
        `  fixtures: ${w.repo.url}`,
        '',
      ].join('\n'),
    );
    const out = join(w.work, 'spec.tar');
    const r = await runCli(['bundle', '--spec', spec, ...w.mirrors, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readLockOf(out);
    expect(lock.charts.map((c) => `${c.name}:${c.version}:${c.source.kind}`).sort()).toEqual(['demo:1.2.1:oci', 'umbrella:0.3.0:repo']);
    expect(lock.images.map((i) => `${i.ref} ${i.need}`)).toEqual([
      'registry.example.com/acme/app:1.0.0 certain',
      'registry.example.com/acme/app:1.0.1 certain',
      'registry.example.com/acme/init:2.0.0 certain',
      'registry.example.com/acme/metrics:0.1.0 extra',
    ]);
  });

  it('images --spec lists what bundle --spec carries: each chart with its own values, extra images, excludes', async () => {
    const dir = join(w.work, 'images-spec');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'umbrella-values.yaml'), 'demo:\n  image:\n    tag: "1.0.1"\n');
    const spec = join(dir, 'airgap.yaml');
    await writeFile(
      spec,
      [
        'charts:',
        '  - name: demo',
        `    repo: ${w.repo.url}`,
        '    version: "1.2.1"',
        '    releaseName: first',
        '    values: { image: { tag: "1.0.0" } }',
        '  - name: umbrella',
        `    repo: ${w.repo.url}`,
        '    valuesFiles: [umbrella-values.yaml]',
        'images: [registry.example.com/acme/metrics:0.1.0]',
        'exclude: ["docker.io/library/*"]',
        'repositories:',
        `  fixtures: ${w.repo.url}`,
        '',
      ].join('\n'),
    );
    const out = join(dir, 'spec.tar');
    const b = await runCli(['bundle', '--spec', spec, ...w.mirrors, '-o', out], env);
    expect(b.exitCode, b.stderr).toBe(0);
    const lock = await readLockOf(out);
    await writeFile(join(dir, 'airgap-lock.json'), JSON.stringify(lock, null, 1));
    const bundled = lock.images.map((i) => i.ref).sort();
    expect(bundled).toEqual([
      'registry.example.com/acme/app:1.0.0',
      'registry.example.com/acme/app:1.0.1',
      'registry.example.com/acme/init:2.0.0',
      'registry.example.com/acme/metrics:0.1.0',
    ]);
    const json = await runCli(['-o', 'json', 'images', '--spec', spec], env);
    expect(json.exitCode, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { charts: { name: string; releaseName: string }[]; images: { ref: string; need: string }[] };
    expect(report.images.map((i) => i.ref).sort()).toEqual(bundled);
    expect(report.images.find((i) => i.ref.endsWith('metrics:0.1.0'))?.need).toBe('extra');
    expect(report.charts.map((c) => `${c.name} ${c.releaseName}`)).toEqual(['demo first', 'umbrella umbrella']);
    const plain = await runCli(['images', '--spec', spec, '--plain'], env);
    expect(
      plain.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0])
        .sort(),
    ).toEqual(bundled);
    const text = await runCli(['images', '--spec', spec], env);
    expect(text.stdout).toMatch(/extra \(named by the spec\):\n  registry.example.com\/acme\/metrics:0.1.0/);
    const sync = await runCli(['-o', 'skopeo-sync', 'images', '--spec', spec], env);
    expect(sync.exitCode, sync.stderr).toBe(0);
    expect(sync.stdout).toContain('acme/metrics');
    expect(sync.stdout).not.toContain('busybox');
    const same = await runCli(['images', '--spec', spec, '--check', join(dir, 'airgap-lock.json')], env);
    expect(same.exitCode, same.stderr + same.stdout).toBe(0);
    // the lock against one chart's values changed: drift, exit 3
    await writeFile(join(dir, 'umbrella-values.yaml'), 'demo:\n  image:\n    tag: "1.0.0"\n');
    const drift = await runCli(['images', '--spec', spec, '--check', join(dir, 'airgap-lock.json')], env);
    expect(drift.exitCode).toBe(3);
    expect(drift.stdout + drift.stderr).toContain('- registry.example.com/acme/app:1.0.1');
  });

  it('--dry-run prints the plan with sizes, pulls no blobs and writes nothing', async () => {
    const out = join(w.work, 'dry.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '--dry-run', '-o', 'json', '--out', out], {
      ...env,
      HELM_AIRGAP_CACHE: join(w.work, 'dry-cache'),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.images).toHaveLength(2);
    expect(report.imageBytes).toBeGreaterThan(0);
    expect(await exists(out)).toBe(false);
    expect(await exists(join(w.work, 'dry-cache', 'oci'))).toBe(false);
  });

  it('a chart that fails to render is named; --keep-going bundles the rest and exits 3', async () => {
    const out = join(w.work, 'broken.tar');
    const r1 = await runCli(['bundle', 'broken', 'demo', '--repo', w.repo.url, ...w.mirrors, '-o', out], env);
    expect(r1.exitCode).toBe(1);
    expect(r1.stderr).toMatch(/chart broken 0\.1\.0: render failed: .*mustSet is required/);
    expect(await exists(out)).toBe(false);
    const r2 = await runCli(['bundle', 'broken', 'demo', '--repo', w.repo.url, ...w.mirrors, '--keep-going', '-o', out], env);
    expect(r2.exitCode).toBe(3);
    expect(r2.stdout).toMatch(/FAILED broken/);
    expect((await readLockOf(out)).charts.map((c) => c.name)).toEqual(['demo']);
  });

  it('an image that cannot be pulled is a clear error, and no bundle appears under the final name', async () => {
    const out = join(w.work, 'missing.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '--image', 'registry.example.com/acme/missing:1', '-o', out], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /pull \(via mirror 127\.0\.0\.1:\d+\/registry\.example\.com\/acme\/missing\): registry\.example\.com\/acme\/missing:1: manifest unknown/,
    );
    expect(r.stderr).toMatch(/next: the tag or digest does not exist/);
    expect(await exists(out)).toBe(false);
    expect((await readdir(w.work)).filter((n) => n.startsWith('missing.tar'))).toEqual([]);
  });

  it('a missing chart version lists what exists (exit 1)', async () => {
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '9.x', '-o', join(w.work, 'x.tar')], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no version matches "9\.x"/);
    expect(r.stderr).toMatch(/available: 1\.3\.0-rc\.1, 1\.2\.1, 1\.2\.0, 1\.1\.0/);
  });

  it('the built CLI (./bin/helm-airgap) bundles with -o json and --out, one JSON document on stdout', async () => {
    const bin = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
    const out = join(w.work, 'bin.tar');
    const r = await execa(bin, ['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '-o', 'json', '--out', out], {
      env: { ...process.env, ...env },
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.output).toBe(out);
    expect(report.lock.images.map((i: { ref: string }) => i.ref)).toEqual(['docker.io/library/busybox:1.36', 'registry.example.com/acme/app:1.0.0']);
    expect((await readLockOf(out)).charts[0]!.name).toBe('demo');
  });

  it("NAME/CHART from Helm's repositories.yaml (helm repo add)", async () => {
    const repos = join(w.work, 'repositories.yaml');
    await writeFile(repos, `apiVersion: ""\nrepositories:\n- name: fixture-repo\n  url: ${w.repo.url}\n`);
    const r = await runCli(['bundle', 'fixture-repo/demo', '--chart-version', '1.1.0', ...w.mirrors, '--dry-run', '-o', 'json'], {
      ...env,
      HELM_REPOSITORY_CONFIG: repos,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).charts[0]).toMatchObject({ name: 'demo', version: '1.1.0', source: { kind: 'repo', repo: w.repo.url } });
  });

  it('images pinned by digest (alone, or with a tag) keep the pin as their name and digest', async () => {
    const app = w.images.get('registry.example.com/acme/app:1.0.0')!;
    const byDigest = `registry.example.com/acme/app@${app.digest}`;
    const both = `registry.example.com/acme/app:1.0.1@${w.images.get('registry.example.com/acme/app:1.0.1')!.digest}`;
    const out = join(w.work, 'pinned.tar');
    const r = await runCli(['bundle', '--image', byDigest, '--image', both, ...w.mirrors, '-o', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readLockOf(out);
    expect(lock.images.map((i) => [i.ref, i.digest])).toEqual([
      [both, both.split('@')[1]],
      [byDigest, app.digest],
    ]);
    const reader = await ArchiveReader.open(out);
    expect((await reader.resolve(byDigest)).digest).toBe(app.digest);
  });

  it('round trip: push carries the bundle into another registry path with digests preserved', async () => {
    const out = join(w.work, 'to-push.tar');
    expect((await runCli(['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '1.2.1', ...w.mirrors, '-o', out], env)).exitCode).toBe(0);
    const lock = await readLockOf(out);
    const r = await runCli(['push', out, '--registry', `${w.registry.host}/mirrored`, '--type', 'oci'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const skopeo = await requireTool('skopeo', 'skopeo');
    for (const i of [...lock.images.map((x) => [x.ref, x.digest]), ['charts/demo:1.2.1', lock.charts[0]!.manifestDigest]]) {
      const { stdout } = await run(skopeo, ['inspect', '--raw', '--tls-verify=false', `docker://${w.registry.host}/mirrored/${i[0]}`], {
        encoding: 'buffer',
        maxBuffer: 16 << 20,
      });
      expect(`sha256:${createHash('sha256').update(stdout).digest('hex')}`).toBe(i[1]);
    }
    // verify: everything there by digest (exit 0); one tag moved to other content: exit 3 naming exactly it
    const ok = await runCli(['-o', 'json', 'verify', out, '--registry', `${w.registry.host}/mirrored`, '--type', 'oci'], env);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).totals).toEqual({ present: lock.images.length + lock.charts.length, missing: 0, different: 0 });
    const [a, b] = lock.images;
    await run(skopeo, [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${w.registry.host}/mirrored/${b!.ref}`,
      `docker://${w.registry.host}/mirrored/${a!.ref}`,
    ]);
    const bad = await runCli(['-o', 'json', 'verify', out, '--registry', `${w.registry.host}/mirrored`, '--type', 'oci'], env);
    expect(bad.exitCode).toBe(3);
    const { report } = JSON.parse(bad.stdout);
    expect(report.items.filter((i: { status: string }) => i.status !== 'present').map((i: { source: string; status: string }) => [i.source, i.status])).toEqual(
      [[a!.ref, 'different']],
    );
    // another naming puts nothing where verify looks: every item missing
    const elsewhere = await runCli(['verify', out, '--registry', `${w.registry.host}/mirrored`, '--type', 'oci', '--naming', 'flat'], env);
    expect(elsewhere.exitCode).toBe(3);
    expect(elsewhere.stdout).toContain(`${lock.charts.length} present, ${lock.images.length} missing`);
  });

  it('an edited lock is refused before any push: a renamed image, a renamed chart, any other edit (the lock digest in index.json)', async () => {
    const out = join(w.work, 'lying.tar');
    expect((await runCli(['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '1.2.1', ...w.mirrors, '-o', out], env)).exitCode).toBe(0);
    const index = JSON.parse((await (await ArchiveReader.open(out)).readEntry('index.json')).toString('utf8'));
    const original = await readLockOf(out);
    expect(index.annotations['dev.helm-airgap.lock.digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const cases: [string, (l: BundleLock) => void, RegExp][] = [
      [
        'image renamed',
        (l) => void (l.images[0]!.ref = 'registry.example.com/evil/app:1.0.0'),
        /image registry\.example\.com\/evil\/app:1\.0\.0: the lock stores it under another name/,
      ],
      [
        'image renamed with its layout name',
        (l) => void Object.assign(l.images[0]!, { ref: 'r.example.com/evil:1', layoutRef: 'r.example.com/evil:1' }),
        /not in the bundle's index\.json/,
      ],
      ['chart renamed', (l) => void (l.charts[0]!.name = 'evil'), /chart evil:1\.2\.1: the lock stores it as charts\/demo:1\.2\.1/],
      [
        'values edited',
        (l) => void (l.charts[0]!.values = { injected: true }),
        /the lock's digest is sha256:[0-9a-f]+ but index\.json recorded sha256:[0-9a-f]+ .*the lock was edited/,
      ],
    ];
    for (const [what, edit, message] of cases) {
      const dir = join(w.work, `lying-${what.replace(/ /g, '-')}`);
      await mkdir(dir, { recursive: true });
      await extract({ file: out, cwd: dir });
      const lock = JSON.parse(JSON.stringify(original)) as BundleLock;
      edit(lock);
      await writeFile(join(dir, 'airgap-lock.json'), JSON.stringify(lock, null, 1));
      const r = await runCli(['push', dir, '--registry', `${w.registry.host}/lying`, '--type', 'oci'], env);
      expect(r.exitCode, what).toBe(1);
      expect(r.stderr, what).toMatch(message);
      expect(r.stderr, what).toMatch(/nothing was pushed/);
    }
    // the unedited lock, re-indented, still pushes: the digest is over the lock's canonical form
    const dir = join(w.work, 'lying-none');
    await mkdir(dir, { recursive: true });
    await extract({ file: out, cwd: dir });
    await writeFile(join(dir, 'airgap-lock.json'), JSON.stringify(original));
    const ok = await runCli(['push', dir, '--registry', `${w.registry.host}/lying`, '--type', 'oci'], env);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const { stdout } = await run(await requireTool('skopeo', 'skopeo'), [
      'inspect',
      '--raw',
      '--tls-verify=false',
      `docker://${w.registry.host}/lying/${original.images[0]!.ref}`,
    ]);
    expect(stdout.length).toBeGreaterThan(0);
  });

  it('a --platform bundle (sparse index) passes push verification: --dry-run plans it, push sends it or names the registry refusal', async () => {
    const out = join(w.work, 'amd64.tar');
    expect(
      (await runCli(['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '1.2.1', '--platform', 'linux/amd64', ...w.mirrors, '-o', out], env)).exitCode,
    ).toBe(0);
    const dry = await runCli(['push', out, '--registry', `${w.registry.host}/sparse`, '--type', 'oci', '--dry-run'], env);
    expect(dry.stderr).not.toMatch(/damaged|altered|missing/);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const r = await runCli(['push', out, '--registry', `${w.registry.host}/sparse`, '--type', 'oci'], env);
    expect(r.stderr).not.toMatch(/damaged|altered|missing, or not/);
    // docker-registry 2.8 refuses an index whose other platforms are missing: that refusal, named, is the only failure allowed
    if (r.exitCode !== 0) expect(r.stderr).toMatch(/MANIFEST_BLOB_UNKNOWN|sparse index|blob unknown/i);
  });

  it('Basic-auth chart repository: --username with --password-stdin; the password is nowhere in the bundle or report', async () => {
    const secret = 's3cret-Pa55';
    const authRepo = await startChartRepo({ dir: w.repoDir, auth: { username: 'robot', password: secret } });
    try {
      const out = join(w.work, 'auth.tar');
      const denied = await runCli(['bundle', 'demo', '--repo', authRepo.url, ...w.mirrors, '-o', out], env);
      expect(denied.exitCode).toBe(1);
      expect(denied.stderr).toMatch(/401/);
      const r = await runCli(
        ['bundle', 'demo', '--repo', authRepo.url, '--username', 'robot', '--password-stdin', ...w.mirrors, '-o', 'json', '--out', out],
        env,
        `${secret}\n`,
      );
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect((await readFile(out)).includes(Buffer.from(secret))).toBe(false);
    } finally {
      await authRepo.stop();
    }
  });

  it('SOURCE_DATE_EPOCH makes two runs write the same bundle bytes (reproducible)', async () => {
    const sum = async (f: string) =>
      createHash('sha256')
        .update(await readFile(f))
        .digest('hex');
    const args = ['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '1.2.0', ...w.mirrors];
    const [a, b] = [join(w.work, 'r1.tar'), join(w.work, 'r2.tar')];
    expect((await runCli([...args, '-o', a], { ...env, SOURCE_DATE_EPOCH: '1700000000' })).exitCode).toBe(0);
    expect((await runCli([...args, '-o', b], { ...env, SOURCE_DATE_EPOCH: '1700000000' })).exitCode).toBe(0);
    expect(await sum(a)).toBe(await sum(b));
    expect((await readLockOf(a)).createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('re-running against the cache gives the same images and digests', async () => {
    const a = join(w.work, 'again.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--chart-version', '~1.2.0', ...w.mirrors, '-o', 'json', '--out', a], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.transfer.copied).toBe(0);
    expect(report.transfer.skipped).toBeGreaterThan(0);
    const first = await readLockOf(join(w.work, 'demo.tar'));
    const again = await readLockOf(a);
    expect(again.images.map((i) => [i.ref, i.digest, i.size])).toEqual(first.images.map((i) => [i.ref, i.digest, i.size]));
    expect(again.charts[0]!.digest).toBe(first.charts[0]!.digest);
  });
});
