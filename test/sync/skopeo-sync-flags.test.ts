// The `skopeo sync` recipe of docs/concepts/discovery.md for the file `images -o skopeo-sync` writes, run with real
// skopeo between two docker-registries on 127.0.0.1. The images carry their real names
// (registry.example.com/..., docker.io/...); skopeo reaches them through a registries.conf
// mirror, as a connected mirror host would. With `--all --preserve-digests --scoped` every image
// lands where `push` (default naming) puts it, with the bundle's digest, and `helm airgap verify`
// finds it; per source repository without --scoped gives push's --naming drop-host. The bare
// command without those flags lands one platform under the last path part: verify finds nothing.
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { requireTool } from '../support/tools.js';
import { servedDigest } from './sync-world.js';

let w: BundleWorld;
let dst: RunningRegistry;
let skopeo: string;
let tar: string;
let syncFile: string;
let skopeoEnv: Record<string, string>;

beforeAll(async () => {
  skopeo = await requireTool('skopeo', 'skopeo');
  w = await startBundleWorld();
  dst = await startRegistry();
  const env = worldEnv(w, { HOME: w.work });
  tar = join(w.work, 'demo.tar');
  const chart = ['demo', '--repo', w.repo.url, '--version', '1.2.1'];
  const b = await runCli(['bundle', ...chart, ...w.mirrors, '--out', tar], env);
  expect(b.exitCode, b.stderr).toBe(0);
  const listed = await runCli(['images', ...chart, '-o', 'skopeo-sync'], env);
  expect(listed.exitCode, listed.stderr).toBe(0);
  syncFile = join(w.work, 'sync.yaml');
  await writeFile(syncFile, listed.stdout);
  // the connected side's mirror of the public registries (what --mirror is to bundle), in the
  // per-user registries.conf (skopeo 1.9 reads $HOME/.config/containers/registries.conf first)
  await mkdir(join(w.work, '.config', 'containers'), { recursive: true });
  const conf = join(w.work, '.config', 'containers', 'registries.conf');
  await writeFile(
    conf,
    ['registry.example.com', 'docker.io']
      .map((h) => `[[registry]]\nlocation = "${h}"\n[[registry.mirror]]\nlocation = "${w.registry.host}/${h}"\ninsecure = true\n`)
      .join('\n'),
  );
  skopeoEnv = { ...process.env, REGISTRY_AUTH_FILE: join(w.work, 'no-auth.json'), HOME: w.work } as Record<string, string>;
});
afterAll(async () => {
  await dst?.stop();
  await w?.stop();
});

async function verify(
  prefix: string,
  naming: string,
): Promise<{ exitCode: number; items: { kind: string; source: string; target: string; status: string }[] }> {
  const r = await runCli(['verify', tar, '--registry', `${dst.host}/${prefix}`, '--naming', naming, '-o', 'json'], worldEnv(w, { HOME: w.work }));
  // exit 0: the report; exit 3: the error document carrying it
  const doc = JSON.parse(r.stdout) as { items?: unknown[]; report?: { items?: unknown[] } };
  const items = (doc.items ?? doc.report?.items ?? []) as { kind: string; source: string; target: string; status: string }[];
  expect(items.length, r.stdout).toBe(3); // two images and the chart
  return { exitCode: r.exitCode, items };
}

describe('images -o skopeo-sync, then real skopeo sync', () => {
  it('--all --preserve-digests --scoped: every image where push (default naming) puts it, digests kept; verify finds them', async () => {
    await execa(
      skopeo,
      ['sync', '--src', 'yaml', '--dest', 'docker', '--all', '--preserve-digests', '--scoped', '--dest-tls-verify=false', syncFile, `${dst.host}/mirror`],
      {
        env: skopeoEnv,
      },
    );
    const lock = await readBundleLock(tar);
    expect(lock.images.length).toBe(2);
    for (const i of lock.images) {
      const [name, tag] = i.ref.split(/:(?=[^:/]+$)/);
      expect(await servedDigest(dst.host, `mirror/${name}`, tag!), i.ref).toBe(i.digest);
    }
    const v = await verify('mirror', 'default');
    const got = v.items.filter((i) => i.kind === 'image').map((i) => `${i.source} ${i.status}`);
    expect(got.sort()).toEqual(lock.images.map((i) => `${i.ref} present`).sort());
    // skopeo sync carries images only: push of the bundle then sends the chart, and no image blob again
    expect(v.items.filter((i) => i.kind !== 'image').map((i) => `${i.kind} ${i.status}`)).toEqual(['chart missing']);
    const p = await runCli(['push', tar, '--registry', `${dst.host}/mirror`, '-o', 'json'], worldEnv(w, { HOME: w.work }));
    expect(p.exitCode, p.stderr).toBe(0);
    const pushed = JSON.parse(p.stdout) as { items: { kind: string; blobsUploaded: number }[] };
    expect(pushed.items.filter((i) => i.kind === 'image').map((i) => i.blobsUploaded)).toEqual([0, 0]);
    expect((await verify('mirror', 'default')).exitCode).toBe(0);
  });

  it('one skopeo sync per source repository without --scoped, into PREFIX/<path dir>: the layout of push --naming drop-host', async () => {
    const lock = await readBundleLock(tar);
    for (const i of lock.images) {
      const path = i.ref.replace(/^[^/]+\//, '');
      const dir = path.slice(0, path.lastIndexOf('/'));
      await execa(
        skopeo,
        ['sync', '--src', 'docker', '--dest', 'docker', '--all', '--preserve-digests', '--dest-tls-verify=false', i.ref, `${dst.host}/dh/${dir}`],
        {
          env: skopeoEnv,
        },
      );
    }
    const v = await verify('dh', 'drop-host');
    const got = v.items.filter((i) => i.kind === 'image').map((i) => `${i.target} ${i.status}`);
    expect(got.sort()).toEqual(lock.images.map((i) => `${dst.host}/dh/${i.ref.replace(/^[^/]+\//, '')}@${i.digest} present`).sort());
  });

  it('--scoped without --all: the paths are right but a multi-platform image arrives as one platform: verify says different', async () => {
    await execa(skopeo, ['sync', '--src', 'yaml', '--dest', 'docker', '--scoped', '--dest-tls-verify=false', syncFile, `${dst.host}/one`], { env: skopeoEnv });
    const v = await verify('one', 'default');
    expect(v.exitCode).toBe(3);
    const got = v.items.filter((i) => i.kind === 'image').map((i) => `${i.source} ${i.status}`);
    expect(got.sort()).toEqual(['docker.io/library/busybox:1.36 present', 'registry.example.com/acme/app:1.0.0 different']);
  });

  it('the bare `skopeo sync --src yaml --dest docker` keeps only the last path part and one platform: verify finds no image', async () => {
    await execa(skopeo, ['sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', syncFile, `${dst.host}/bare`], { env: skopeoEnv });
    const lock = await readBundleLock(tar);
    const app = lock.images.find((i) => i.ref === 'registry.example.com/acme/app:1.0.0')!;
    const landed = await servedDigest(dst.host, 'bare/app', '1.0.0');
    expect(landed).toBeDefined();
    expect(landed).not.toBe(app.digest); // the linux/amd64 child, not the bundle's index
    const v = await verify('bare', 'default');
    expect(v.exitCode).toBe(3);
    expect(v.items.filter((i) => i.kind === 'image' && i.status === 'present')).toEqual([]);
  });
});
