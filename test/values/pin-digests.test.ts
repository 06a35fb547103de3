// Digests end to end on real parts: the demo chart bundled from a local chart repository and
// registry, pushed into a real docker-registry; `values --pin-digests` rendered by real Helm 3 and 4
// puts every image at TARGET@sha256 (the lock's digest, present in the registry); a map written by
// push moves images to its destinations for `values --map` and `postrender --map`; and once a tag
// is overwritten with other content, or a map records a digest the registry does not serve,
// `values --check-registry` exits 3 naming it (it used to ask only whether the tag existed).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from '../bundle/run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm, requireTool, type HelmMajor } from '../support/tools.js';

let w: BundleWorld;
let dst: RunningRegistry;
let env: Record<string, string>;
let bundle: string;
let chart: string;
/** Lock reference → digest, for the images the default render needs. */
let digests: Map<string, string>;
let target: string;

const ROOT = join(import.meta.dirname, '../..');

beforeAll(async () => {
  w = await startBundleWorld();
  dst = await startRegistry();
  env = worldEnv(w, { HOME: w.work });
  bundle = join(w.work, 'b.tar');
  target = `${dst.host}/m`;
  chart = join(w.repoDir, 'demo-1.2.1.tgz');
  const b = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--include-optional', ...w.mirrors, '-o', bundle], env);
  expect(b.exitCode, b.stderr).toBe(0);
  const p = await runCli(['push', bundle, '--registry', target, '--write-map', join(w.work, 'pushed.map.yaml')], env);
  expect(p.exitCode, p.stderr).toBe(0);
  const lock = await readBundleLock(bundle);
  digests = new Map(lock.images.map((i) => [i.ref, i.digest]));
  expect([...digests.keys()].sort()).toEqual([
    'docker.io/library/busybox:1.36',
    'registry.example.com/acme/app:1.0.0',
    'registry.example.com/acme/metrics:0.1.0',
  ]);
}, 60_000);

afterAll(async () => {
  await dst?.stop();
  await w?.stop();
});

/** Images of a real Helm render: pod-spec images and the helper image the chart passes in args. */
async function helmImages(major: HelmMajor, args: string[]): Promise<string[]> {
  const { helm } = await realHelm(major);
  const r = await execa(helm, ['template', 'demo', chart, ...args], { env: { HOME: w.work, HELM_CACHE_HOME: join(w.work, `helm${major}`) }, reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  const helper = [...r.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!);
  return [...podSpecImages(r.stdout), ...helper].sort();
}

const pinned = (ref: string, at = target) => `${at}/${ref}@${digests.get(ref)}`;

async function skopeoHas(ref: string): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  // skopeo takes a tag or a digest, not both: the digest is what a pinned pull asks for
  const byDigest = ref.replace(/:[^:/@]+@/, '@');
  const r = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', `docker://${byDigest}`], { reject: false });
  expect(r.exitCode, `${ref}: ${r.stderr}`).toBe(0);
}

describe('values --pin-digests (bundle pushed into a real registry)', () => {
  let file: string;

  it('writes each digest where the chart takes one; --check-registry agrees with the lock', async () => {
    const out = join(w.work, 'pinned');
    const r = await runCli(['values', bundle, '--registry', target, '--pin-digests', '--check-registry', '--out-dir', out, '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      releases: { images: { source: string; target: string; pinned?: string }[]; unpinned: unknown[] }[];
      registryCheck: { missing: string[]; different: unknown[]; checked: number };
    };
    const rel = report.releases[0]!;
    expect(rel.unpinned).toEqual([]);
    expect(new Map(rel.images.map((i) => [i.source, i.pinned]))).toEqual(
      new Map([
        ['registry.example.com/acme/app:1.0.0', 'tag'],
        ['docker.io/library/busybox:1.36', 'image'],
        ['registry.example.com/acme/metrics:0.1.0', 'tag'],
      ]),
    );
    expect(report.registryCheck).toEqual({ checked: 3, missing: [], different: [] });
    file = join(out, 'demo.values.yaml');
    const values = parse(await readFile(file, 'utf8')) as { image: { tag: string } };
    // the tag stays readable beside the digest: `tag: "1.0.0@sha256:..."`
    expect(values.image.tag).toBe(`1.0.0@${digests.get('registry.example.com/acme/app:1.0.0')}`);
  });

  it.each([3, 4] as const)('real Helm %i renders every image at the target by digest, the optional one switched on too', async (major) => {
    const plain = await helmImages(major, ['-f', file]);
    expect(plain).toEqual([pinned('docker.io/library/busybox:1.36'), pinned('registry.example.com/acme/app:1.0.0')].sort());
    const all = await helmImages(major, ['-f', file, '--set', 'metrics.enabled=true']);
    expect(all).toEqual([...digests.keys()].map((ref) => pinned(ref)).sort());
    if (major === 4) for (const ref of all) await skopeoHas(ref);
  });

  it('an image whose digest nothing records is named, exit 3; --allow-unpinned keeps its tag', async () => {
    // a map without digests (the old mirror-map form), pointing where the registry has no such tag;
    // it leaves the app out on purpose (--allow-unmapped)
    const old = join(w.work, 'old.map.yaml');
    await writeFile(old, stringify({ images: { 'docker.io/library/busybox:1.36': `${target}/not-pushed/busybox:1.36` } }));
    const r = await runCli(['values', chart, '--map', old, '--pin-digests', '--insecure-registry', dst.host, '--out-dir', join(w.work, 'old')], env);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).toContain('NOT pinned: docker.io/library/busybox:1.36');
    expect(r.stderr).toContain(
      '1 image(s) not pinned to a digest: demo: docker.io/library/busybox:1.36 (digest unknown: not in the lock or map, and its tag is not in the registry)',
    );
    expect(r.stderr).toContain('next: ');
    const ok = await runCli(
      [
        'values',
        chart,
        '--map',
        old,
        '--pin-digests',
        '--allow-unpinned',
        '--allow-unmapped',
        '--insecure-registry',
        dst.host,
        '--out-dir',
        join(w.work, 'old'),
      ],
      env,
    );
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(await readFile(join(w.work, 'old', 'demo.values.yaml'), 'utf8')).toContain('NOT pinned to a digest');
  });

  it('chart arguments and --registry: the digest is asked of the target registry', async () => {
    const r = await runCli(
      ['values', chart, '--registry', target, '--pin-digests', '--insecure-registry', dst.host, '--out-dir', join(w.work, 'asked'), '-o', 'json'],
      env,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { releases: { images: { target: string }[] }[] }).releases[0]!.images.map((i) => i.target);
    expect(images.sort()).toEqual([pinned('docker.io/library/busybox:1.36'), pinned('registry.example.com/acme/app:1.0.0')].sort());
  });
});

describe('the map of where each image went, for values and postrender', () => {
  let map: string;
  /** Source → destination, as push wrote them (flat naming: nothing like the full names values assumes). */
  let dest: Map<string, string>;
  const at = (source: string, digest = false) => `${dest.get(source)}${digest ? `@${digests.get(source)}` : ''}`;
  const BUSYBOX = 'docker.io/library/busybox:1.36';
  const APP = 'registry.example.com/acme/app:1.0.0';

  beforeAll(async () => {
    map = join(w.work, 'flat.map.yaml');
    const p = await runCli(['push', bundle, '--registry', `${dst.host}/flat`, '--naming', 'flat', '--write-map', map], env);
    expect(p.exitCode, p.stderr).toBe(0);
    const doc = parse(await readFile(map, 'utf8')) as { images: { source: string; destination: string }[] };
    dest = new Map(doc.images.map((e) => [e.source, e.destination]));
    expect(dest.get(APP)).toMatch(new RegExp(`^${dst.host}/flat/[^/]+:1\\.0\\.0$`));
  });

  it('values --map moves each image to the map destination (no naming flag), pinned by the map digests', async () => {
    const out = join(w.work, 'by-map');
    const r = await runCli(['values', bundle, '--map', map, '--pin-digests', '--check-registry', '--out-dir', out], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('all 3 image(s) the values point at are in the registry, with the digests recorded');
    const images = await helmImages(4, ['-f', join(out, 'demo.values.yaml')]);
    expect(images).toEqual([at(BUSYBOX, true), at(APP, true)].sort());
    // --mirror-map and --map-file stay as names of the same flag
    const old = await runCli(['values', bundle, '--mirror-map', map, '--out-dir', join(w.work, 'by-mirror-map')], env);
    expect(old.exitCode, old.stderr).toBe(0);
  });

  it('postrender --map, as real Helm 3 post-renderer: the map destinations (and digests with --pin-digests)', async () => {
    const { helm } = await realHelm(3);
    const launcher = join(ROOT, 'bin/helm-airgap');
    const post = (...extra: string[]) => ['--post-renderer', launcher, '--post-renderer-args', 'postrender', '--post-renderer-args', `--map=${map}`, ...extra];
    const run = async (args: string[]) => {
      const r = await execa(helm, ['template', 'demo', chart, ...args], { env: { ...env, HELM_CACHE_HOME: join(w.work, 'h3') }, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      return [...podSpecImages(r.stdout), ...[...r.stdout.matchAll(/--helper-image=(\S+)/g)].map((m) => m[1]!)].sort();
    };
    expect(await run(post())).toEqual([at(BUSYBOX), at(APP)].sort());
    expect(await run(post('--post-renderer-args', '--pin-digests'))).toEqual([at(BUSYBOX, true), at(APP, true)].sort());
  });

  it('postrender needs --registry or --map', async () => {
    const r = await execa(join(ROOT, 'bin/helm-airgap'), ['postrender'], { env, input: '', reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('postrender needs --registry TARGET[/PREFIX] or --map FILE');
  });

  it("a map entry whose digest the bundle's lock contradicts is refused before any registry is asked or file written", async () => {
    const doc = parse(await readFile(map, 'utf8')) as { images: { source: string; digest?: string }[] };
    const wrong = `sha256:${'e'.repeat(64)}`;
    doc.images.find((e) => e.source === BUSYBOX)!.digest = wrong;
    const bad = join(w.work, 'wrong-digest.map.yaml');
    await writeFile(bad, stringify(doc));
    const out = join(w.work, 'wrong');
    const r = await runCli(['values', bundle, '--map', bad, '--check-registry', '--out-dir', out], env);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${bad}: 1 image(s) with another digest than the bundle's lock:`);
    expect(r.stderr).toContain(`the map says ${wrong}, the lock ${digests.get(BUSYBOX)}`);
    expect(r.stderr).toContain('next: give the map written by the push of this bundle');
    expect(r.stderr).not.toContain(at(APP));
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});

describe('values --check-registry after a tag was overwritten with other content', () => {
  it('exit 3 naming the image whose tag now serves another digest (all tags still exist)', async () => {
    const skopeo = await requireTool('skopeo', 'skopeo');
    // app:1.0.1 from the source registry, pushed over the target's app:1.0.0
    const over = await execa(
      skopeo,
      [
        'copy',
        '--all',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        `docker://${w.registry.host}/registry.example.com/acme/app:1.0.1`,
        `docker://${target}/registry.example.com/acme/app:1.0.0`,
      ],
      { reject: false },
    );
    expect(over.exitCode, over.stderr).toBe(0);
    const r = await runCli(['values', bundle, '--registry', target, '--check-registry', '--out-dir', join(w.work, 'after-overwrite')], env);
    expect(r.exitCode).toBe(3);
    const app = `${target}/registry.example.com/acme/app:1.0.0`;
    expect(r.stdout).toMatch(
      new RegExp(`different: ${app.replace(/[.]/g, '\\.')}: registry sha256:[0-9a-f]{64}, recorded ${digests.get('registry.example.com/acme/app:1.0.0')}`),
    );
    expect(r.stderr).toContain(`1 image(s) serve another digest than the lock of ${bundle} recorded: ${app}`);
    expect(r.stderr).toContain('next: a tag was overwritten');
    // pinned values name the same image: the digest pull would still work, the tag no longer matches
    const p = await runCli(['values', bundle, '--registry', target, '--pin-digests', '--check-registry', '--out-dir', join(w.work, 'pinned-after')], env);
    expect(p.exitCode).toBe(3);
    expect(p.stderr).toContain(`${app}@${digests.get('registry.example.com/acme/app:1.0.0')}`);
  });
});
