// `helm airgap sync` between real registries (Debian's docker-registry): an open source with 52
// repositories × 3 tags, a destination behind htpasswd. The migration is killed once at a random
// point and re-run; what lands is read back with plain HTTP, not with our client.
import { execa } from 'execa';
import { watch } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { catalogOf, manyImages, servedDigest, startSeededSource, type SeededSource } from './sync-world.js';
import { parseImageMap } from '../../src/bundle/image-map.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const AUTH = { user: 'migrator', password: 'm1grate-Pw' };
const REPOS = 52;
const TAGS = 3;

let src: SeededSource;
let dst: RunningRegistry;
let work: string;
const env = () => ({ DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'no-helm.json'), CI: 'true' });
const creds = ['--dest-creds', `${AUTH.user}:${AUTH.password}`];

beforeAll(async () => {
  src = await startSeededSource([...manyImages('team', REPOS, TAGS), ...manyImages('other', 2, 1)]);
  dst = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry(AUTH.user, AUTH.password) } });
  work = await mkdtemp(join(tmpdir(), 'airgap-sync-'));
  return async () => {
    await dst.stop();
    await src.stop();
    await rm(work, { recursive: true, force: true });
  };
});

/** Log lines of finished tags (comments are summaries). */
async function logLines(file: string): Promise<string[][]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

describe('sync docker://SRC/team docker://DST/PREFIX', () => {
  it('killed once at a random point, a re-run copies only what is missing; every tag lands with its digest', async () => {
    const log = join(work, 'migrate.log');
    await writeFile(log, '');
    const args = ['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/mig`, ...creds, '--log-file', log, '--concurrency', '4'];
    const killAfter = 5 + Math.floor(Math.random() * 100);
    const child = execa(BIN, args, { env: env(), reject: false });
    // killed as soon as the log shows `killAfter` finished tags: an event, not a timer
    const watcher = watch(log, async () => {
      if ((await logLines(log)).length >= killAfter) child.kill('SIGKILL');
    });
    const first = await child;
    watcher.close();
    const before = await logLines(log);
    expect(first.signal, `${first.stderr}\n(killed after ${killAfter})`).toBe('SIGKILL');
    expect(before.length).toBeGreaterThanOrEqual(killAfter);
    expect(before.length).toBeLessThan(REPOS * TAGS);

    const second = await runCli([...args, '-o', 'json'], env());
    expect(second.exitCode, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { items: { result: string; bytes: number; source: string }[]; totals: Record<string, number> };
    expect(report.items).toHaveLength(REPOS * TAGS);
    // every tag the first run finished is skipped, with no bytes moved for it
    const done = new Set(before.filter((l) => l[1] === 'copied').map((l) => l[2]));
    for (const i of report.items.filter((x) => done.has(x.source))) expect([i.result, i.bytes]).toEqual(['present', 0]);
    expect(report.totals.copied + report.totals.present).toBe(REPOS * TAGS);
    expect(report.totals.failed).toBe(0);

    const landed = (await catalogOf(dst.host, AUTH)).filter((r) => r.startsWith('mig/'));
    expect(landed).toHaveLength(REPOS);
    for (const img of src.images.filter((i) => i.name.startsWith('team/'))) {
      const repo = `mig/${img.name.slice('team/'.length)}`;
      expect(await servedDigest(dst.host, repo, img.tag, AUTH), `${repo}:${img.tag}`).toBe(img.digest);
    }
    // a third run finds everything there
    const third = await runCli([...args, '-o', 'json'], env());
    expect(JSON.parse(third.stdout).totals).toMatchObject({ copied: 0, present: REPOS * TAGS, bytes: 0 });
  }, 240_000);

  it('--dry-run lists what would be copied with sizes and writes nothing', async () => {
    const r = await runCli(['sync', `docker://${src.registry.host}/other`, `docker://${dst.host}/dry`, ...creds, '--dry-run', '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { items: { result: string; bytes: number; target: string }[] };
    expect(report.items.map((i) => [i.result, i.target])).toEqual([
      ['planned', `${dst.host}/dry/app-00:v1.0.0`],
      ['planned', `${dst.host}/dry/app-01:v1.0.0`],
    ]);
    const img = src.images.find((i) => i.name === 'other/app-00')!;
    expect(report.items[0]!.bytes).toBeGreaterThan(64 * 1024);
    expect(report.items[0]!.bytes).toBeLessThan(img.size + 80 * 1024);
    expect((await catalogOf(dst.host, AUTH)).filter((x) => x.startsWith('dry/'))).toEqual([]);
  });

  it('a layer shared by repositories synced side by side goes up once; the others wait for it and mount it', async () => {
    const args = ['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/once`, ...creds, '--include', 'app-0[0-7]:v1\\.0\\.', '-o', 'json'];
    const r = await runCli(args, env());
    expect(r.exitCode, r.stderr).toBe(0);
    const items = (JSON.parse(r.stdout) as { items: { result: string; bytes: number }[] }).items;
    expect(items.map((i) => i.result)).toEqual(Array.from({ length: 8 }, () => 'copied'));
    // eight images on one 64 KiB base, each with its own 2 KiB layer and config: the base counted
    // twice would be 128 KiB already
    expect(items.reduce((n, i) => n + i.bytes, 0)).toBeLessThan(2 * 64 * 1024);
    for (let n = 0; n < 8; n++) {
      const img = src.images.find((i) => i.name === `team/app-0${n}` && i.tag === 'v1.0.0')!;
      expect(await servedDigest(dst.host, `once/app-0${n}`, 'v1.0.0', AUTH)).toBe(img.digest);
    }
  });

  it('a blob the run can mount is mounted without a HEAD first', async () => {
    const proxy = await startFaultProxy(dst.host);
    try {
      const args = ['sync', `docker://${src.registry.host}/team`, `docker://${proxy.host}/heads`, ...creds, '--include', 'app-0[0-5]:v1\\.0\\.', '-o', 'json'];
      const r = await runCli(args, env());
      expect(r.exitCode, r.stderr).toBe(0);
      const blobOf = (path: string) => /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path);
      const mounts = proxy.log.flatMap((e) => {
        const u = new URL(e.path, 'http://x');
        const digest = u.searchParams.get('mount');
        return e.method === 'POST' && digest ? [`${u.pathname.replace(/\/blobs\/uploads\/$/, '').slice('/v2/'.length)} ${digest}`] : [];
      });
      const heads = new Set(proxy.log.flatMap((e) => (e.method === 'HEAD' && blobOf(e.path) ? [`${blobOf(e.path)![1]} ${blobOf(e.path)![2]}`] : [])));
      // six repositories on one base: it goes up into one and is mounted into the five others
      expect(mounts.length).toBeGreaterThanOrEqual(5);
      expect(mounts.filter((m) => heads.has(m))).toEqual([]);
      for (let n = 0; n < 6; n++) {
        const img = src.images.find((i) => i.name === `team/app-0${n}` && i.tag === 'v1.0.0')!;
        expect(await servedDigest(dst.host, `heads/app-0${n}`, 'v1.0.0', AUTH)).toBe(img.digest);
      }
    } finally {
      await proxy.stop();
    }
  });

  it('--include/--exclude on REPOSITORY:TAG, --naming full, and shards that split whole repositories', async () => {
    const base = ['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/f`, ...creds, '--naming', 'full', '--dry-run', '-o', 'json'];
    const r = await runCli([...base, '--include', 'app-0[0-3]:', '--exclude', ':v1\\.2\\.'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const targets = (JSON.parse(r.stdout) as { items: { target: string }[] }).items.map((i) => i.target).sort();
    const host = src.registry.host.replace(':', '-');
    expect(targets).toEqual(
      ['00', '01', '02', '03'].flatMap((n) => [`${dst.host}/f/${host}/team/app-${n}:v1.0.0`, `${dst.host}/f/${host}/team/app-${n}:v1.1.0`]),
    );
    const shards = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const s = await runCli([...base, '--shard', `${i}/3`], env());
        return (JSON.parse(s.stdout) as { items: { target: string }[] }).items.map((x) => x.target);
      }),
    );
    expect(shards.flat()).toHaveLength(REPOS * TAGS);
    expect(new Set(shards.flat()).size).toBe(REPOS * TAGS);
    const repoOf = (t: string) => t.replace(/:[^:/]+$/, '');
    for (const [i, s] of shards.entries()) for (const t of s) expect(shards.filter((o, j) => j !== i && o.some((x) => repoOf(x) === repoOf(t)))).toEqual([]);
  });

  it('a shard that no repository falls to has nothing to do and succeeds (a Job with more pods than repositories)', async () => {
    const base = ['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/few`, ...creds, '--include', 'app-0[01]:', '--dry-run', '-o', 'json'];
    const n = 8;
    const runs = await Promise.all(Array.from({ length: n }, (_, i) => runCli([...base, '--shard', `${i}/${n}`], env())));
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    const items = runs.map((r) => (JSON.parse(r.stdout) as { items: { target: string }[] }).items.map((i) => i.target));
    expect(items.filter((x) => x.length === 0).length).toBeGreaterThanOrEqual(n - 2);
    expect(items.flat()).toHaveLength(2 * TAGS);
    // nothing left by the filters over every shard is still a usage error
    const none = await runCli(
      ['sync', `docker://${src.registry.host}/team`, `docker://${dst.host}/few`, ...creds, '--include', 'no-such-repo', '--dry-run'],
      env(),
    );
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('nothing to sync');
  });

  it('--keep-going copies the rest and exits 3 naming the tag that failed; without it, exit 1', async () => {
    const list = join(work, 'repos.txt');
    await writeFile(
      list,
      [
        `# two good tags, one missing`,
        `${src.registry.host}/other/app-00:v1.0.0`,
        `${src.registry.host}/other/app-01:nope`,
        `${src.registry.host}/other/app-01:v1.0.0`,
      ].join('\n'),
    );
    const log = join(work, 'keep.log');
    const r = await runCli(['sync', list, `docker://${dst.host}/keep`, ...creds, '--keep-going', '--log-file', log], env());
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`${src.registry.host}/other/app-01:nope`);
    const lines = await logLines(log);
    expect(lines.map((l) => [l[1], l[2]]).sort()).toEqual([
      ['copied', `${src.registry.host}/other/app-00:v1.0.0`],
      ['copied', `${src.registry.host}/other/app-01:v1.0.0`],
      ['failed', `${src.registry.host}/other/app-01:nope`],
    ]);
    // a list lands as push names it (naming full), and the map beside the log says so
    const app01 = src.images.find((i) => i.name === 'other/app-01')!.digest;
    const landed = `keep/${src.registry.host.replace(':', '-')}/other/app-01`;
    expect(await servedDigest(dst.host, landed, 'v1.0.0', AUTH)).toBe(app01);
    const map = parseImageMap(await readFile(join(work, 'keep.map.yaml'), 'utf8'), 'keep.map.yaml');
    expect(map.map((e) => [e.source, e.destination, e.digest])).toContainEqual([
      `${src.registry.host}/other/app-01:v1.0.0`,
      `${dst.host}/${landed}:v1.0.0`,
      app01,
    ]);
    expect(map).toHaveLength(2);
    const stop = await runCli(['sync', list, `docker://${dst.host}/keep`, ...creds], env());
    expect(stop.exitCode).toBe(1);
    expect(stop.stderr).toContain('stopped at the first failure');
  });

  it('refuses to start without a login the destination accepts, and names SRC problems', async () => {
    const bad = await runCli(['sync', join(work, 'absent.txt'), `docker://${dst.host}/x`], env());
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('absent.txt: no such file');
    const regex = await runCli(['sync', `docker://${src.registry.host}/other`, `docker://${dst.host}/x`, '--include', '(', '--dry-run'], env());
    expect(regex.exitCode).toBe(2);
    expect(regex.stderr).toContain('--include "("');
  });
});
