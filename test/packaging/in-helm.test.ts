// The plugin inside real Helm 3.17.2, 4.1.4 and 4.2.3: installed from `npm run package`'s tarballs
// the way docs/install.md says, into temp HELM_* homes, then run as `helm airgap ...` and as each
// Helm's post-renderer. Helm, not our engine, renders here.
import { beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { x as extract } from 'tar';
import { realHelm, type RealHelm } from '../support/tools.js';
import { standinEnv, startEcrStandin } from '../support/ecr-standin/index.js';
import { startChartRepo, type RunningChartRepo } from '../support/chart-repo-server.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { requireTool } from '../support/tools.js';
import { pathWithoutNode } from '../support/path-without-node.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { writeSyntheticImages } from '../support/synthetic-image.js';
import { runPackage } from '../support/run-package.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHART = join(ROOT, 'fixtures/postrender/chart');
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

interface Installed {
  helm: string;
  env: Record<string, string>;
  pluginDir: string;
}

let version = '';
let work = '';
let repo: RunningChartRepo;
let world: BundleWorld;
let locked: RunningRegistry;
const USER = 'installer';
const PASSWORD = 'pa55-word';

beforeAll(async () => {
  await runPackage(ROOT);
  version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
  work = await mkdtemp(join(tmpdir(), 'airgap-in-helm-'));
  // a chart repository for `helm repo add`: ../shared-free, made here with real Helm
  const charts = join(work, 'repo');
  await execa('mkdir', ['-p', charts]);
  const { helm } = await realHelm(4);
  await execa(helm, ['package', CHART, '-d', charts]);
  await execa(helm, ['repo', 'index', charts]);
  repo = await startChartRepo({ dir: charts });
  // the connected side's sources, and a target registry that wants a login (htpasswd)
  world = await startBundleWorld();
  locked = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry(USER, PASSWORD) } });
  return async () => {
    await locked.stop();
    await world.stop();
    await repo.stop();
    await rm(work, { recursive: true, force: true });
  };
  // the first `npm run package` on a machine makes the per-platform executables (scripts/sea.mjs:
  // ~35 s of CPU); later ones take them from .tmp/sea
}, 600_000);

function homes(major: RealHelm, name = `helm${major}`): Record<string, string> {
  const h = join(work, name);
  return {
    HELM_CONFIG_HOME: join(h, 'config'),
    HELM_DATA_HOME: join(h, 'data'),
    HELM_CACHE_HOME: join(h, 'cache'),
    PATH: process.env.PATH ?? '',
    HOME: h,
  };
}

/** docs/install.md's install path for each Helm. */
async function install(major: RealHelm): Promise<Installed> {
  const { helm } = await realHelm(major);
  const env = homes(major);
  const run = (args: string[]) => execa(helm, args, { env, extendEnv: false, cwd: work });
  const cli = join(ROOT, 'dist', `airgap-${version}.tgz`);
  if (major !== 3) {
    await run(['plugin', 'install', '--verify=false', cli]);
    await run(['plugin', 'install', '--verify=false', join(ROOT, 'dist', `airgap-postrender-${version}.tgz`)]);
  } else {
    const dir = join(work, 'h3-unpacked');
    await execa('mkdir', ['-p', dir]);
    await extract({ file: cli, cwd: dir });
    await run(['plugin', 'install', join(dir, 'airgap')]);
  }
  const plugins = (await run(['env', 'HELM_PLUGINS'])).stdout.trim();
  return { helm, env, pluginDir: join(plugins, 'airgap') };
}

function docs(stream: string): Record<string, unknown>[] {
  return parseAllDocuments(stream)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
}

/** Every string leaf with its path, to compare two renders field by field. */
function leaves(v: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, `${path}/${k}`, out);
  } else out.set(path, v);
  return out;
}

function changedFields(before: string, after: string): { path: string; from: unknown; to: unknown }[] {
  const a = docs(before);
  const b = docs(after);
  expect(b.length).toBe(a.length);
  const changes: { path: string; from: unknown; to: unknown }[] = [];
  a.forEach((doc, i) => {
    const la = leaves(doc);
    const lb = leaves(b[i]);
    expect([...lb.keys()].sort()).toEqual([...la.keys()].sort());
    for (const [p, x] of la) if (lb.get(p) !== x) changes.push({ path: `${i}${p}`, from: x, to: lb.get(p) });
  });
  return changes;
}

describe.each([3, 4, '4.2'] as const)('inside real Helm %s', (major) => {
  let inst: Installed;
  const helm = (args: string[], input?: string) => execa(inst.helm, args, { env: inst.env, extendEnv: false, cwd: work, input, reject: false });

  beforeAll(async () => {
    inst = await install(major);
  });

  it('installs from the release tarball and runs as `helm airgap`; every plugin still loads', async () => {
    const v = await helm(['airgap', '--version']);
    expect(v.exitCode).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const list = await helm(['plugin', 'list']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^airgap\s/m);
    if (major !== 3) expect(list.stdout).toMatch(/^airgap-postrender\s.*postrenderer\/v1/m);
  });

  it('`helm airgap copy` runs from its one-file bundle (code cache under the home), digest kept', async () => {
    const src = `${world.registry.host}/registry.example.com/acme/app:1.0.0`;
    const out = join(work, `copy-${major}`);
    const c = await helm(['airgap', 'copy', '-o', 'json', `docker://${src}`, `oci:${out}`]);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).items[0].digest).toBe(world.images.get('registry.example.com/acme/app:1.0.0')!.digest);
    const code = await readdir(join(inst.env.HOME!, '.cache', 'helm-airgap', 'code'));
    expect(code.filter((f) => /^copy-[0-9a-f]{24}\.v8$/.test(f))).toHaveLength(1);
  });

  it('honours -n (Helm passes it as HELM_NAMESPACE) and names from `helm repo add` in template, images and values', async () => {
    const ns = join(work, 'ns-chart');
    await mkdir(join(ns, 'templates'), { recursive: true });
    await writeFile(join(ns, 'Chart.yaml'), 'apiVersion: v2\nname: ns\nversion: 0.1.0\n');
    await writeFile(join(ns, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: {{ .Release.Namespace }}\n');
    const t = await helm(['airgap', 'template', '-n', 'team-a', ns]);
    expect(t.exitCode).toBe(0);
    expect(docs(t.stdout).map((d) => (d.metadata as { namespace?: string }).namespace)).toEqual(['team-a']);
    expect((await helm(['repo', 'add', 'local', repo.url])).exitCode).toBe(0);
    const name = (await readFile(join(CHART, 'Chart.yaml'), 'utf8')).match(/^name:\s*(\S+)/m)![1]!;
    const viaRepo = await helm(['airgap', 'template', `local/${name}`]);
    expect(viaRepo.stderr).toBe('');
    expect(docs(viaRepo.stdout)).toEqual(docs((await helm(['airgap', 'template', CHART])).stdout));
    const images = await helm(['airgap', '-o', 'json', 'images', `local/${name}`]);
    expect(images.exitCode).toBe(0);
    expect(JSON.parse(images.stdout).images.length).toBeGreaterThan(0);
    const out = join(work, `values-${major}`);
    const values = await helm(['airgap', 'values', `local/${name}`, '--registry', TARGET, '--out-dir', out, '--allow-hardcoded']);
    expect(values.stderr).not.toMatch(/error/i);
    expect(values.exitCode).toBe(0);
  });

  it('`helm airgap template` renders as the Helm running it: its capabilities, its rules', async () => {
    const c = join(work, `caps-${major}`);
    await mkdir(join(c, 'templates'), { recursive: true });
    await writeFile(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: caps\nversion: 0.1.0\n');
    await writeFile(join(c, 'values.yaml'), 'gone: null\n');
    await writeFile(
      join(c, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caps\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version }}\n  gone: {{ hasKey .Values "gone" | quote }}\n\n',
    );
    const ours = await helm(['airgap', 'template', 'x', c]);
    const theirs = await helm(['template', 'x', c]);
    expect(theirs.exitCode, theirs.stderr).toBe(0);
    expect(ours.stderr).toBe('');
    // byte for byte (execa takes the final line break off both)
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toContain(`kube: ${{ 3: 'v1.32.0', 4: 'v1.35.0', '4.2': 'v1.36.0' }[major]}`);
  });

  it('--name-template renders the release name as helm does', async () => {
    const ours = await helm(['airgap', 'template', '--name-template', '{{ printf "rel-%s" (lower "ABC") }}', CHART]);
    const theirs = await helm(['template', '--name-template', '{{ printf "rel-%s" (lower "ABC") }}', CHART]);
    expect(ours.exitCode).toBe(0);
    expect(docs(ours.stdout)).toEqual(docs(theirs.stdout));
    expect(ours.stdout).toContain('rel-abc');
  });

  it(`Helm ${major}'s post-renderer form rewrites only image fields, all into the target`, async () => {
    const plain = await helm(['template', 'x', CHART]);
    expect(plain.exitCode).toBe(0);
    const post =
      major !== 3
        ? ['--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`]
        : ['--post-renderer', join(inst.pluginDir, 'bin/helm-airgap'), '--post-renderer-args', 'postrender', '--post-renderer-args', `--registry=${TARGET}`];
    const r = await helm(['template', 'x', CHART, ...post]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const changes = changedFields(plain.stdout, r.stdout);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      // a CRD schema's default image (.../properties/image/default) moves too: resources made later take it
      expect(c.path).toMatch(/image$|Image$|\/args\/\d+$|\/value$|\/properties\/image\/default$/);
      expect(String(c.to)).toContain(TARGET);
    }
  });

  it('a post-renderer failure fails the Helm command (never a silent pass-through)', async () => {
    const post =
      major !== 3
        ? ['--post-renderer', 'airgap-postrender', '--post-renderer-args', '--naming=bogus', '--post-renderer-args', `--registry=${TARGET}`]
        : [
            '--post-renderer',
            join(inst.pluginDir, 'bin/helm-airgap'),
            '--post-renderer-args',
            'postrender',
            '--post-renderer-args',
            '--naming=bogus',
            '--post-renderer-args',
            `--registry=${TARGET}`,
          ];
    const r = await helm(['template', 'x', CHART, ...post]);
    expect(r.exitCode).not.toBe(0);
    if (major === 3) expect(r.stderr).toContain('--naming bogus is not a naming mode');
    else {
      // Helm 4 hides the plugin's stderr: the reason is kept where postrender --help says.
      expect(r.stderr).toContain('airgap-postrender');
      const log = await readFile(join(inst.env.HELM_CACHE_HOME, 'helm-airgap', 'postrender-error.log'), 'utf8');
      expect(log).toContain('--naming bogus is not a naming mode');
    }
  });
  it('`helm registry login` credentials carry bundle → push; `helm pull` + the written values render only pullable target images', async () => {
    const target = `${locked.host}/airgap${major}`;
    // no docker config: the only credentials are the ones `helm registry login` stored
    const noDocker = { DOCKER_CONFIG: join(work, 'no-docker'), HELM_AIRGAP_CACHE: join(work, `cache-${major}`) };
    const airgap = (args: string[]) => execa(inst.helm, ['airgap', ...args], { env: { ...inst.env, ...noDocker }, extendEnv: false, cwd: work, reject: false });
    const login = await helm(
      ['registry', 'login', locked.host, '--username', USER, '--password-stdin', ...(major === 3 ? ['--insecure'] : ['--plain-http'])],
      PASSWORD,
    );
    expect(login.exitCode, login.stderr).toBe(0);
    const file = join(work, `demo-${major}.tar`);
    const bundled = await airgap(['bundle', 'demo', '--repo', world.repo.url, '--chart-version', '1.2.1', ...world.mirrors, '-o', file]);
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    const pushed = await airgap(['push', file, '--registry', target, '-o', 'json']);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    const report = JSON.parse(pushed.stdout) as { items: { kind: string; target: string }[] };
    const chartRef = report.items.find((i) => i.kind === 'chart')!.target.replace(/[@:][^/]*$/, '');
    const out = join(work, `pushed-values-${major}`);
    const values = await airgap(['values', file, '--registry', target, '--out-dir', out]);
    expect(values.exitCode, values.stderr).toBe(0);
    const pulled = join(work, `pulled-${major}`);
    await mkdir(pulled, { recursive: true });
    const pull = await helm(['pull', `oci://${chartRef}`, '--version', '1.2.1', '--plain-http', '-d', pulled]);
    expect(pull.exitCode, pull.stderr).toBe(0);
    const rendered = await helm(['template', 'demo', join(pulled, 'demo-1.2.1.tgz'), '-f', join(out, 'demo.values.yaml')]);
    expect(rendered.exitCode, rendered.stderr).toBe(0);
    const images = podSpecImages(docs(rendered.stdout));
    expect(images.length).toBeGreaterThan(1);
    const skopeo = await requireTool('skopeo', 'skopeo');
    for (const image of images) {
      expect(image.startsWith(`${target}/`), image).toBe(true);
      const seen = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', `${USER}:${PASSWORD}`, `docker://${image}`], { reject: false });
      expect(seen.exitCode, `${image}: ${seen.stderr}`).toBe(0);
    }
  });
});

describe('both Helms on one machine, one shared plugin folder', () => {
  // Helm 3 reads every plugin.yaml of its folders strictly and loads no plugin at all once one
  // says apiVersion; Helm 4 takes a post-renderer only from such a plugin. The install refuses.
  let env: Record<string, string>;
  let h3: string;
  let h4: string;
  let shared: string;
  const run = (helm: string, args: string[], more: Record<string, string> = {}) =>
    execa(helm, args, { env: { ...env, ...more }, extendEnv: false, cwd: work, reject: false });

  beforeAll(async () => {
    h3 = (await realHelm(3)).helm;
    h4 = (await realHelm(4)).helm;
    const home = join(work, 'both');
    const bin = join(home, 'bin');
    await mkdir(bin, { recursive: true });
    // Helm 3 on PATH by the name users give it next to a Helm 4
    await symlink(h3, join(bin, 'helm3'));
    // no HELM_* but the data home: both Helms then agree on the plugin folder, as with the defaults
    env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), PATH: `${bin}:${process.env.PATH ?? ''}` };
    shared = join(home, 'data', 'helm', 'plugins');
    const cli = await run(h4, ['plugin', 'install', '--verify=false', join(ROOT, 'dist', `airgap-${version}.tgz`)]);
    expect(cli.exitCode, cli.stderr).toBe(0);
  });

  it('installing airgap-postrender into Helm 4 refuses, removes itself and says how; Helm 3 keeps working', async () => {
    const post = await run(h4, ['plugin', 'install', '--verify=false', join(ROOT, 'dist', `airgap-postrender-${version}.tgz`)]);
    expect(post.exitCode).not.toBe(0);
    expect(post.stderr).toContain(`Helm 3 (${join(env.HOME!, 'bin', 'helm3')}, v3.17.2) also reads ${shared}`);
    // the way it names checks the signature and the sum before anything is unpacked
    expect(post.stderr).toMatch(
      /next: gpgv --keyring \S+ --output postrender\.signed airgap-postrender-VERSION\.tgz\.prov[\s\S]*sha256sum --check --strict[\s\S]*&& tar xzf airgap-postrender-VERSION\.tgz -C .*helm4-plugins/,
    );
    // nor Helm 4's copy of the tarball, which its uninstall would have removed
    expect((await readdir(shared)).filter((f) => f.startsWith('airgap-postrender'))).toEqual([]);
    const list = await run(h3, ['plugin', 'list']);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^airgap\s/m);
    const v = await run(h3, ['airgap', '--version']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);
  });

  it('the Helm-4-only folder the refusal names serves Helm 4; a failure (no --registry) leaves its reason in the log', async () => {
    const own = join(env.HOME!, '.local', 'share', 'helm4-plugins');
    await mkdir(own, { recursive: true });
    await extract({ file: join(ROOT, 'dist', `airgap-postrender-${version}.tgz`), cwd: own });
    const both = { HELM_PLUGINS: `${shared}:${own}` };
    const ok = await run(h4, ['template', 'x', CHART, '--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`], both);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(TARGET);
    expect((await run(h3, ['airgap', '--version'])).exitCode).toBe(0);
    // Helm 4 hands a post-renderer the user's environment only: no HELM_CACHE_HOME, so the log is
    // at Helm's default cache, where `postrender --help` says
    const bad = await run(h4, ['template', 'x', CHART, '--post-renderer', 'airgap-postrender'], both);
    expect(bad.exitCode).not.toBe(0);
    const log = await readFile(join(env.HOME!, '.cache', 'helm', 'helm-airgap', 'postrender-error.log'), 'utf8');
    expect(log).toContain('postrender needs --registry TARGET[/PREFIX] or --map FILE');
    const help = await run(h4, ['airgap', 'postrender', '--help'], both);
    expect(help.stdout).toContain('$HELM_CACHE_HOME/helm-airgap/postrender-error.log');
    expect(help.stdout).toContain('~/.cache/helm');
  });
});

/** Every container image of every pod spec (workloads, CronJobs, bare Pods) in a render, and image arguments. */
function podSpecImages(list: Record<string, unknown>[]): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'containers' || k === 'initContainers') && Array.isArray(x)) {
          for (const c of x as { image?: unknown; args?: unknown[] }[]) {
            found.add(String(c.image));
            // an operator's image handed over as an argument (`--helper-image=...`) is pulled too
            for (const a of c.args ?? []) if (/^--[\w-]*image=/.test(String(a))) found.add(String(a).replace(/^[^=]*=/, ''));
          }
        } else walk(x);
      }
    }
  };
  list.forEach(walk);
  return [...found];
}

// The per-platform tarballs (scripts/sea.mjs): the CLI with Node 24 inside, on a host with helm and
// coreutils and no node at all. `npm run package` above made them, or took them from .tmp/sea.
interface Platform {
  name: string;
  arch: string;
}
interface Sea {
  NODE_VERSION: string;
  PLATFORMS: Platform[];
  runnerFor(p: Platform): Promise<{ cmd: string[] }>;
}
const sea = (): Promise<Sea> => import(pathToFileURL(join(ROOT, 'scripts/sea.mjs')).href) as Promise<Sea>;
const HOST = process.arch === 'arm64' ? 'linux-arm64' : 'linux-amd64';
const SMALL_CHART = join(ROOT, 'fixtures/demo/charts/webapp');

describe.each([3, 4] as const)(`the ${HOST} tarball in real Helm %i, no node on PATH`, (major) => {
  let inst: Installed;
  const helm = (args: string[]) => execa(inst.helm, args, { env: inst.env, extendEnv: false, cwd: work, reject: false });

  beforeAll(async () => {
    const { helm: real } = await realHelm(major);
    const env = { ...homes(major, `sea-helm${major}`), PATH: await pathWithoutNode(join(work, `sea-path-${major}`), { helm: real }) };
    const tarball = join(ROOT, 'dist', `airgap-${version}-${HOST}.tgz`);
    const run = (args: string[]) => execa('helm', args, { env, extendEnv: false, cwd: work });
    if (major === 4) await run(['plugin', 'install', '--verify=false', tarball]);
    else {
      const dir = join(work, 'sea-h3-unpacked');
      await mkdir(dir, { recursive: true });
      await extract({ file: tarball, cwd: dir });
      await run(['plugin', 'install', join(dir, 'airgap')]);
    }
    const plugins = (await run(['env', 'HELM_PLUGINS'])).stdout.trim();
    inst = { helm: 'helm', env, pluginDir: join(plugins, 'airgap') };
  });

  it('installs offline (its hook runs the executable) and answers --version; the CLI runs on the Node inside', async () => {
    expect(await readdir(join(inst.pluginDir, 'bin'))).toEqual(['helm-airgap', `helm-airgap-${HOST}`]);
    const v = await helm(['airgap', '--version']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const json = await helm(['airgap', 'version', '-o', 'json']);
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ version, node: `v${(await sea()).NODE_VERSION}` });
  });

  it('runs the whole demo through `helm airgap` (images, bundle, inspect, push into the ECR stand-in, verify, values, template)', async () => {
    // the demo harness runs on this test's Node; every CLI step is `helm airgap` with no node on PATH
    const shim = join(work, `demo-cli-${major}`);
    const exports = Object.entries(inst.env).map(([k, v]) => `export ${k}='${v}'`);
    await writeFile(shim, ['#!/bin/sh', ...exports, 'exec helm airgap "$@"', ''].join('\n'));
    await chmod(shim, 0o755);
    const r = await execa('node', ['--import', 'tsx', join(ROOT, 'scripts/demo.ts'), '--cli', shim], { cwd: ROOT, reject: false, all: true });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('demo: OK');
  }, 180_000);

  it('`images` renders a chart', async () => {
    const r = await helm(['airgap', '-o', 'json', 'images', SMALL_CHART]);
    expect(r.exitCode, r.stderr).toBe(0);
    const refs = (JSON.parse(r.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref);
    expect(refs.sort()).toEqual(['docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27.0']);
  });

  it('`template` renders with its V8 flags set inside the executable, no warning', async () => {
    const r = await helm(['airgap', 'template', 'x', SMALL_CHART]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('image: "docker.io/library/nginx:1.27.0"');
  });

  it('each command keeps a code cache of its own, written by its first run and read by the next', async () => {
    const code = join(inst.env.HOME!, '.cache', 'helm-airgap', 'code');
    const first = await helm(['airgap', 'template', 'x', SMALL_CHART]);
    expect(first.exitCode, first.stderr).toBe(0);
    const images = await helm(['airgap', '-o', 'json', 'images', SMALL_CHART]);
    expect(images.exitCode, images.stderr).toBe(0);
    const caches = (await readdir(code)).filter((f) => f.endsWith('.v8'));
    // the demo before this ran other commands in the same home
    expect(caches.map((f) => f.replace(/-[0-9a-f]{24}\.v8$/, ''))).toEqual(expect.arrayContaining(['exe-cli-images', 'exe-template']));
    const template = join(
      code,
      caches.find((f) => f.startsWith('exe-template-'))!,
    );
    const before = await stat(template);
    const again = await helm(['airgap', 'template', 'x', SMALL_CHART]);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toBe('');
    expect((await stat(template)).ino).toBe(before.ino);
  });

  it('`copy` into ECR loads the AWS SDK from the executable', async () => {
    const ecr = await startEcrStandin();
    try {
      // a wrong secret: the SDK loads, signs DescribeRepositories, and the stand-in refuses the signature
      const env = { ...standinEnv(ecr, inst.env.HOME!), ...inst.env, AWS_SECRET_ACCESS_KEY: 'wrong' };
      const args = ['airgap', 'copy', 'docker://127.0.0.1:9/x:1', `docker://${ecr.registryHost}/x:1`, '--type', 'ecr', '--region', ecr.region];
      const c = await execa(inst.helm, [...args, '--endpoint-url', ecr.apiEndpoint], { env, extendEnv: false, cwd: work, reject: false });
      expect(c.stderr).toMatch(/ecr DescribeRepositories: InvalidSignatureException/);
      expect(c.exitCode).toBe(1);
    } finally {
      await ecr.stop();
    }
  });

  it('`copy` copies an image from a registry, digest kept, and a second copy has nothing to do', async () => {
    const src = `${world.registry.host}/registry.example.com/acme/app:1.0.0`;
    const out = join(work, `sea-copy-${major}`);
    const first = await helm(['airgap', 'copy', '-o', 'json', `docker://${src}`, `oci:${out}`]);
    expect(first.exitCode, first.stderr).toBe(0);
    // copy's memory flags keep the executable's embedded code cache (a rejected one warns on stderr)
    expect(first.stderr).not.toMatch(/code cache/i);
    expect(JSON.parse(first.stdout).items[0].digest).toBe(world.images.get('registry.example.com/acme/app:1.0.0')!.digest);
    const again = await helm(['airgap', 'copy', '-o', 'json', `docker://${src}`, `oci:${out}`]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ blobsCopied: 0, bytesCopied: 0 });
  });

  if (major === 3)
    it("is Helm 3's post-renderer with no node", async () => {
      const post = [
        '--post-renderer',
        join(inst.pluginDir, 'bin/helm-airgap'),
        '--post-renderer-args',
        'postrender',
        '--post-renderer-args',
        `--registry=${TARGET}`,
      ];
      const r = await helm(['template', 'x', CHART, ...post]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${TARGET}/`);
    });
});

// Helm 4's post-renderer plugin around the same executable, beside the CLI plugin, with a Helm 3
// on the same machine reading the CLI plugin's folder; no node anywhere on PATH.
describe(`airgap-postrender-VERSION-${HOST}.tgz in real Helm 4 beside Helm 3, no node on PATH`, () => {
  let env: Record<string, string>;
  let shared: string;
  let own: string;
  let tarball: string;
  const run = (helm: 'helm' | 'helm3', args: string[], more: Record<string, string> = {}) =>
    execa(helm, args, { env: { ...env, ...more }, extendEnv: false, cwd: work, reject: false });

  beforeAll(async () => {
    const home = join(work, 'sea-both');
    const programs = { helm: (await realHelm(4)).helm, helm3: (await realHelm(3)).helm };
    // no HELM_* but the data home: both Helms then agree on the plugin folder, as with the defaults
    env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), PATH: await pathWithoutNode(join(home, 'bin'), programs) };
    shared = join(home, 'data', 'helm', 'plugins');
    own = join(home, '.local', 'share', 'helm4-plugins');
    tarball = join(ROOT, 'dist', `airgap-postrender-${version}-${HOST}.tgz`);
    const cli = await run('helm', ['plugin', 'install', '--verify=false', join(ROOT, 'dist', `airgap-${version}-${HOST}.tgz`)]);
    expect(cli.exitCode, cli.stderr).toBe(0);
  });

  it('holds the launcher and the executable, no JavaScript; the plugin.yaml is the portable one', async () => {
    const dir = join(work, 'sea-postrender-unpacked');
    await mkdir(dir, { recursive: true });
    await extract({ file: tarball, cwd: dir });
    expect(await readdir(join(dir, 'airgap-postrender', 'bin'))).toEqual(['helm-airgap', `helm-airgap-${HOST}`]);
    expect((await readdir(join(dir, 'airgap-postrender'))).sort()).toEqual(['bin', 'dist', 'licenses', 'plugin.yaml', 'scripts']);
    expect(await readFile(join(dir, 'airgap-postrender', 'plugin.yaml'), 'utf8')).toBe(
      await readFile(join(ROOT, 'plugins/airgap-postrender/plugin.yaml'), 'utf8'),
    );
    // the executable is the CLI tarball's, byte for byte: no second build
    const cli = join(dir, 'cli');
    await mkdir(cli);
    await extract({ file: join(ROOT, 'dist', `airgap-${version}-${HOST}.tgz`), cwd: cli });
    const [a, b] = await Promise.all([
      readFile(join(dir, 'airgap-postrender', 'bin', `helm-airgap-${HOST}`)),
      readFile(join(cli, 'airgap', 'bin', `helm-airgap-${HOST}`)),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it("into the folder Helm 3 reads: refused, removed again, naming this tarball; Helm 3's plugins still load", async () => {
    const post = await run('helm', ['plugin', 'install', '--verify=false', tarball]);
    expect(post.exitCode).not.toBe(0);
    expect(post.stderr).toContain(`Helm 3 (${join(env.HOME!, 'bin', 'helm3')}, v3.17.2) also reads ${shared}`);
    expect(post.stderr).toContain(`tar xzf airgap-postrender-VERSION-${HOST}.tgz -C`);
    expect((await readdir(shared)).filter((f) => f.startsWith('airgap-postrender'))).toEqual([]);
    const list = await run('helm3', ['plugin', 'list']);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^airgap\s/m);
  });

  it('unpacked into the Helm-4-only folder the refusal names: Helm 4 post-renders every image into the target, Helm 3 still runs the CLI plugin', async () => {
    // (Helm 4.1.4 installs a local tarball under its data home whatever HELM_PLUGINS says)
    await mkdir(own, { recursive: true });
    await extract({ file: tarball, cwd: own });
    const both = { HELM_PLUGINS: `${shared}:${own}` };
    const list = await run('helm', ['plugin', 'list'], both);
    expect(list.stdout).toMatch(/^airgap\s.*cli\/v1/m);
    expect(list.stdout).toMatch(/^airgap-postrender\s.*postrenderer\/v1/m);
    const plain = await run('helm', ['template', 'x', CHART], both);
    expect(plain.exitCode, plain.stderr).toBe(0);
    const r = await run('helm', ['template', 'x', CHART, '--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`], both);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const changes = changedFields(plain.stdout, r.stdout);
    for (const c of changes) expect(String(c.to)).toContain(`${TARGET}/`);
    // every image the chart renders went: pod specs, an image argument, a digest, a custom resource,
    // and the CRD's default image
    expect(changes.map((c) => c.from).sort()).toEqual(
      [
        'busybox:1.36',
        'quay.io/example/app:1.2.3',
        '--solver-image=quay.io/example/solver:v2',
        'registry.k8s.io/worker@sha256:0000000000000000000000000000000000000000000000000000000000000002',
        'quay.io/example/gadget:v1',
        'quay.io/example/gadget:v0',
      ].sort(),
    );
    expect(podSpecImages(docs(r.stdout)).filter((i) => !i.startsWith(`${TARGET}/`))).toEqual([]);
    // Helm 3, by default reading the shared folder only, lists and runs the CLI plugin there
    const h3list = await run('helm3', ['plugin', 'list']);
    expect(h3list.stderr).toBe('');
    expect(h3list.stdout).toMatch(/^airgap\s/m);
    const images = await run('helm3', ['airgap', '-o', 'json', 'images', SMALL_CHART]);
    expect(images.exitCode, images.stderr).toBe(0);
    expect((JSON.parse(images.stdout) as { images: unknown[] }).images).toHaveLength(2);
  });
});

describe('the other architecture: its executable under qemu-user, and its tarball here', () => {
  let other: Platform;
  let dir: string;
  beforeAll(async () => {
    other = (await sea()).PLATFORMS.find((p) => p.name !== HOST)!;
    dir = join(work, 'other-arch');
    await mkdir(dir, { recursive: true });
    await extract({ file: join(ROOT, 'dist', `airgap-${version}-${other.name}.tgz`), cwd: dir });
  });

  // under emulation each start costs seconds of CPU: one run per command, and the copy's image is
  // put in place by this host's launcher first, so the emulated copy has nothing to do
  it('runs --version, images and a copy with nothing to do under qemu-user', async () => {
    const { runnerFor, NODE_VERSION } = await sea();
    // a missing qemu or C library fails here with the packages that install it
    const { cmd } = await runnerFor(other);
    const exe = join(dir, 'airgap', 'bin', `helm-airgap-${other.name}`);
    const run = (args: string[]) =>
      execa(cmd[0]!, [...cmd.slice(1), exe, ...args], { cwd: dir, reject: false, env: { HELM_AIRGAP_CACHE: join(dir, 'cache') } });
    const v = await run(['version', '-o', 'json']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toEqual({ version, node: `v${NODE_VERSION}` });
    const images = await run(['images', SMALL_CHART, '--plain']);
    expect(images.exitCode, images.stderr).toBe(0);
    expect(images.stdout).toContain('docker.io/library/nginx:1.27.0');
    const [img] = await writeSyntheticImages(join(dir, 'src'), [{ name: 'qemu/app', tag: '1', layers: [{ seed: 'qemu', size: 1000 }] }]);
    const copy = ['copy', '-o', 'json', `oci:${img!.layoutDir}:${img!.refName}`, `oci:${join(dir, 'dst')}`];
    await execa(join(ROOT, 'bin/helm-airgap'), copy);
    const noop = await run(copy);
    expect(noop.exitCode, noop.stderr).toBe(0);
    expect(JSON.parse(noop.stdout)).toMatchObject({ items: [{ digest: img!.digest }], blobsCopied: 0, bytesCopied: 0 });
  });

  it("the other architecture's plugin on this host says which tarballs exist", async () => {
    const { PLATFORMS } = await sea();
    const r = await execa(join(dir, 'airgap', 'bin', 'helm-airgap'), ['images', SMALL_CHART], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`carries an executable for ${other.name}, not for ${HOST} (this host)`);
    for (const p of PLATFORMS) expect(r.stderr).toContain(`airgap-${version}-${p.name}.tgz`);
    expect(r.stderr).toContain(`portable airgap-${version}.tgz`);
    // --version and help are still answered from the files
    expect((await execa(join(dir, 'airgap', 'bin', 'helm-airgap'), ['--version'])).stdout.trim()).toBe(version);
  });
});
