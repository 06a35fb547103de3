// Issue 48's cache findings as the campaign ran them: another user of the machine (`nobody`, played
// with setpriv; the tests run as root) or a damaged file in the cache must not turn a run against
// its user. A link planted at a blob's partial name is not written through; a cache folder another
// user owns or may write is refused with its name and a next: step; a cached manifest, index or
// config whose bytes are not its digest's is removed and fetched again (not blamed on the mirror);
// a FIFO in an unpacked bundle fails `push` at once, naming the file.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startChartRepo } from '../support/chart-repo-server.js';
import { makeFixtureRepo } from '../charts/chart-fixtures.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const MiB = 1024 * 1024;
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
let src: SeededSource;
let work: string;
let chart: string;
let victim: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-cache-files-'));
  src = await startSeededSource([
    { name: 'acme.example/shop/api', tag: '1.0', layers: [{ seed: 'api', size: 2 * MiB }] },
    { name: 'acme.example/shop/web', tag: '1.0', platforms: ['linux/amd64', 'linux/arm64'], layers: [{ seed: 'web', size: MiB }] },
  ]);
  chart = join(work, 'shop');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  const containers = ['api', 'web'].map((n) => `      - name: ${n}\n        image: acme.example/shop/${n}:1.0`).join('\n');
  await writeFile(join(chart, 'templates', 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n  containers:\n${containers}\n`);
  // a file of root's that a planted link points at
  victim = join(work, 'root-owned.conf');
  await writeFile(victim, 'precious\n');
  return async () => {
    await src.stop();
    await rm(work, { recursive: true, force: true });
  };
});

const bundleArgs = (out: string) => ['bundle', chart, '--mirror', `acme.example=${src.registry.host}/acme.example`, '-o', out];
const cacheEnv = (cache: string) => ({ HELM_AIRGAP_CACHE: cache, CI: 'true' });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Every blob of the seeded images that is not a manifest (layers and configs). */
const blobHexes = () => [...new Set(src.images.flatMap((i) => i.blobs))].map((d) => d.slice('sha256:'.length));

describe('a link planted at a partial blob name (finding 2)', () => {
  it('is not appended to: the file it names is unchanged, and the bundle is whole (the sh launcher)', async () => {
    const cache = join(work, 'cache-link');
    const partials = join(cache, 'oci', '.airgap-partial');
    await mkdir(partials, { recursive: true });
    for (const hex of blobHexes()) await symlink(victim, join(partials, `sha256-${hex}`));
    const out = join(work, 'link.tar');
    const r = await execa(BIN, bundleArgs(out), { env: cacheEnv(cache), reject: false, timeout: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    expect((await readBundleLock(out)).images.map((i) => i.digest).sort()).toEqual(src.images.map((i) => i.digest).sort());
    // every blob landed as a regular file of its own digest
    for (const hex of blobHexes()) expect(sha256(await readFile(join(cache, 'oci', 'blobs', 'sha256', hex)))).toBe(hex);
    expect(await readdir(partials).catch(() => [])).toEqual([]);
  });
});

describe('a cache folder that is not the user’s alone', () => {
  it('owned by another user (nobody planted links in it): refused by name with a next: step, nothing written through', async () => {
    // a volume every user may write (a CI cache mount): where `nobody` made the cache first
    const shared = await mkdtemp(join(tmpdir(), 'airgap-shared-volume-'));
    await chmod(shared, 0o777);
    onTestFinished(() => rm(shared, { recursive: true, force: true }));
    const cache = join(shared, 'cache');
    const partials = join(cache, 'oci', '.airgap-partial');
    const plant = 'mkdir -p "$1" && v="$2" && d="$1" && shift 2 && for h; do ln -s "$v" "$d/sha256-$h"; done';
    await execa(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'sh', '-c', plant, 'sh', partials, victim, ...blobHexes()]);
    expect((await readdir(partials)).length).toBe(blobHexes().length);
    const r = await runCli(bundleArgs(join(work, 'theirs.tar')), cacheEnv(cache));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cache folder ${cache} is owned by another user`);
    expect(r.stderr).toMatch(new RegExp(`next: chown -R 0 ${cache}, or point HELM_AIRGAP_CACHE`));
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
  });

  it('writable by its group, or a level under it writable by others: refused, naming that folder', async () => {
    const cache = join(work, 'cache-group');
    await mkdir(cache, { mode: 0o700 });
    await chmod(cache, 0o770);
    const r = await runCli(bundleArgs(join(work, 'group.tar')), cacheEnv(cache));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cache folder ${cache} is writable by other users (mode 0770)`);
    expect(r.stderr).toContain(`next: chmod go-w ${cache}`);

    await chmod(cache, 0o700);
    await mkdir(join(cache, 'oci', '.airgap-partial'), { recursive: true });
    await chmod(join(cache, 'oci', '.airgap-partial'), 0o777);
    const again = await runCli(bundleArgs(join(work, 'group.tar')), cacheEnv(cache));
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`cache folder ${join(cache, 'oci', '.airgap-partial')} is writable by other users (mode 0777)`);
  });

  it('the one-file launcher (template of a repository chart) refuses it too, even with the chart already cached in it', async () => {
    const repoDir = await makeFixtureRepo();
    const repo = await startChartRepo({ dir: repoDir });
    onTestFinished(async () => {
      await repo.stop();
      await rm(repoDir, { recursive: true, force: true });
    });
    const cache = join(work, 'cache-template');
    const template = () =>
      execa(BIN, ['template', 'x', 'demo', '--repo', repo.url, '--version', '1.2.0'], { env: cacheEnv(cache), reject: false, timeout: 60_000 });
    const cached = await template();
    expect(cached.exitCode, cached.stderr).toBe(0);
    await chmod(cache, 0o777);
    const r = await template();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cache folder ${cache} is writable by other users (mode 0777)`);
    expect(r.stderr).toContain(`next: chmod go-w ${cache}`);
  });

  it('doctor names it as a failure, with the same next: step', async () => {
    const cache = join(work, 'cache-doctor');
    await mkdir(cache);
    await chmod(cache, 0o777);
    const r = await runCli(['doctor'], { HELM_AIRGAP_CACHE: cache });
    expect(r.stdout).toContain(`FAIL  ${cache}: cache folder ${cache} is writable by other users (mode 0777)`);
    expect(r.stdout).toContain(`next: chmod go-w ${cache}`);
  });
});

describe('a cached manifest, index or config whose bytes are not its digest (finding 10)', () => {
  it('is removed and fetched again: the next run succeeds, says so, and does not blame the mirror', async () => {
    const cache = join(work, 'cache-corrupt');
    const first = await runCli(bundleArgs(join(work, 'c1.tar')), cacheEnv(cache));
    expect(first.exitCode, first.stderr).toBe(0);
    const blob = (d: string) => join(cache, 'oci', 'blobs', 'sha256', d.slice('sha256:'.length));
    const api = src.images.find((i) => i.name.endsWith('/api'))!;
    const web = src.images.find((i) => i.name.endsWith('/web'))!;
    const apiManifest = JSON.parse(await readFile(blob(api.digest), 'utf8')) as { config: { digest: string } };
    // same size, other bytes (a disk error, a hand edit): what a size check cannot see
    const damaged = [api.digest, apiManifest.config.digest, web.digest];
    for (const d of damaged) {
      const bytes = await readFile(blob(d));
      await writeFile(blob(d), Buffer.alloc(bytes.length, ' '));
    }
    // and a platform manifest that became a FIFO: never waited on, fetched again as well
    const child = blob(web.manifests[0]!.digest);
    await rm(child);
    await execa('mkfifo', [child]);
    const r = await runCli(bundleArgs(join(work, 'c2.tar')), cacheEnv(cache));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/mirror/);
    expect(`sha256:${sha256(await readFile(child))}`).toBe(web.manifests[0]!.digest);
    for (const d of damaged) {
      expect(r.stderr).toContain(`cache file ${blob(d)} holds other bytes than its digest names: removed, fetching it again`);
      expect(`sha256:${sha256(await readFile(blob(d)))}`).toBe(d);
    }
    const lock = await readBundleLock(join(work, 'c2.tar'));
    expect(lock.images.find((i) => i.ref.includes('/web'))!.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const third = await runCli(bundleArgs(join(work, 'c3.tar')), cacheEnv(cache));
    expect(third.exitCode, third.stderr).toBe(0);
    expect(third.stderr).not.toContain('holds other bytes');
  });
});

describe('a FIFO in an unpacked bundle folder (finding 9)', () => {
  let target: RunningRegistry;
  afterAll(() => target?.stop());

  it('fails push at once, naming the file, instead of hanging (the sh launcher)', async () => {
    target = await startRegistry();
    const file = join(work, 'unpack.tar');
    const made = await runCli(bundleArgs(file), cacheEnv(join(work, 'cache-fifo')));
    expect(made.exitCode, made.stderr).toBe(0);
    const dir = join(work, 'unpacked');
    await mkdir(dir);
    await execa('tar', ['-xf', file, '-C', dir]);
    const layer = join(
      dir,
      'blobs',
      'sha256',
      blobHexes().find((h) => !src.images.some((i) => i.digest.endsWith(h)))!,
    );
    await rm(layer);
    await execa('mkfifo', [layer]);
    const r = await execa(BIN, ['push', dir, '--registry', `${target.host}/m`], { env: cacheEnv(join(work, 'cache-fifo')), reject: false, timeout: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`${layer}: a FIFO (named pipe), not a regular file`);
  });
});
