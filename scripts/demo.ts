// The end-to-end demo README.md names, on local real parts only: a Helm chart repository and a source
// registry (docker-registry) seeded with small synthetic images under real-looking names, then
// the real CLI (./bin/helm-airgap) runs images -> bundle -> inspect -> push (then verify) into the ECR
// stand-in (twice: the second uploads nothing) -> values -> template, and every image the
// overrides name is checked in the target registry with skopeo.
// Usage: npx tsx scripts/demo.ts [--workdir DIR] [--keep]
//   --workdir DIR  where the bundle, values and caches go (default: a temp dir, removed at the end)
//   --keep         keep the work dir even when it was a temp dir
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { packChartDir } from '../src/charts/package-chart.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../test/support/chart-repo-server.js';
import { startEcrStandin, type EcrStandin } from '../test/support/ecr-standin/index.js';
import { startRegistry, type RunningRegistry } from '../test/support/registry.js';
import { seedRegistry, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { requireTool } from '../test/support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --cli runs another form of the CLI the same way (the tests give it `helm airgap` of an installed
// per-platform plugin, with no node on its PATH)
let BIN = join(ROOT, 'bin', 'helm-airgap');
const CHARTS = [
  { name: 'webapp', version: '1.0.0' },
  { name: 'operator', version: '0.3.0' },
];
export const SUCCESS_LINE = 'demo: OK — charts and every image they need went from the internet side into the private registry, verified';

const BASE = [{ seed: 'demo-base-os', size: 64 * 1024 }];
/** The images the demo charts name, under the names the charts give them. */
const IMAGES: SyntheticImageSpec[] = [
  { name: 'docker.io/library/nginx', tag: '1.27.0', platforms: ['linux/amd64', 'linux/arm64'], baseLayers: BASE, layers: [{ seed: 'nginx', size: 32 * 1024 }] },
  { name: 'docker.io/library/busybox', tag: '1.36', mediaTypes: 'docker', layers: [{ seed: 'busybox', size: 24 * 1024 }] },
  {
    name: 'quay.io/demo-operator/controller',
    tag: 'v0.3.0',
    platforms: ['linux/amd64', 'linux/arm64'],
    baseLayers: BASE,
    layers: [{ seed: 'controller', size: 32 * 1024 }],
  },
  { name: 'ghcr.io/demo-operator/agent', tag: 'v0.3.0', baseLayers: BASE, layers: [{ seed: 'agent', size: 16 * 1024 }] },
  { name: 'registry.k8s.io/pause', tag: '3.9', layers: [{ seed: 'pause', size: 8 * 1024 }] },
];
const HOSTS = ['docker.io', 'quay.io', 'ghcr.io', 'registry.k8s.io'];

interface Args {
  workdir?: string;
  keep: boolean;
  cli?: string;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workdir') out.workdir = argv[++i];
    else if (argv[i]?.startsWith('--workdir=')) out.workdir = argv[i]!.slice('--workdir='.length);
    else if (argv[i] === '--keep') out.keep = true;
    else if (argv[i] === '--cli') out.cli = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (usage: demo.ts [--workdir DIR] [--keep] [--cli EXECUTABLE])`);
  }
  return out;
}

let stepNo = 0;
const say = (s: string) => process.stdout.write(s + '\n');
const step = (title: string) => say(`\n==> [${++stepNo}] ${title}`);

/** Every server the demo starts, stopped on exit whatever happens. */
class Servers {
  source?: RunningRegistry;
  repo?: RunningChartRepo;
  ecr?: EcrStandin;
  async stop(): Promise<void> {
    await Promise.allSettled([this.repo?.stop(), this.source?.stop(), this.ecr?.stop()]);
  }
}

/** Runs the real CLI, its output streamed as it comes; fails the demo on a non-zero exit unless allowed. */
async function cli(
  args: string[],
  env: Record<string, string>,
  o: { allowFail?: boolean; capture?: boolean } = {},
): Promise<{ exitCode: number; stdout: string }> {
  const allowFail = o.allowFail ?? false;
  say(`$ helm-airgap ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}${o.capture ? '  (output captured)' : ''}`);
  const r = await execa(BIN, args, { env, extendEnv: false, reject: false, cwd: ROOT, stdout: o.capture ? 'pipe' : ['pipe', 'inherit'], stderr: 'inherit' });
  if (r.exitCode !== 0 && !allowFail) throw new Error(`helm-airgap ${args[0]} exited with ${r.exitCode}`);
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? '') };
}

async function startWorld(work: string, s: Servers): Promise<void> {
  step('start a chart repository and a SOURCE registry on 127.0.0.1 (stand-ins for the internet)');
  const repoDir = join(work, 'chart-repo');
  await mkdir(repoDir, { recursive: true });
  for (const c of CHARTS) {
    await writeFile(join(repoDir, `${c.name}-${c.version}.tgz`), await packChartDir(join(ROOT, 'fixtures', 'demo', 'charts', c.name), c.name));
  }
  await writeRepoIndex(repoDir);
  s.repo = await startChartRepo({ dir: repoDir });
  say(`chart repository: ${s.repo.url} (${CHARTS.map((c) => `${c.name} ${c.version}`).join(', ')})`);
  s.source = await startRegistry();
  const written = await writeSyntheticImages(join(work, 'source-images'), IMAGES);
  await seedRegistry(s.source.host, written);
  say(`source registry: ${s.source.host}, seeded with synthetic images under their real names:`);
  for (const w of written) say(`  ${s.source.host}/${w.name}:${w.tag}  ${w.digest}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.cli) BIN = resolve(args.cli);
  const started = Date.now();
  const work = args.workdir ? resolve(args.workdir) : await mkdtemp(join(tmpdir(), 'helm-airgap-demo-'));
  await mkdir(work, { recursive: true });
  const removeWork = !args.workdir && !args.keep;
  const servers = new Servers();
  const cleanup = async () => {
    await servers.stop();
    if (removeWork) await rm(work, { recursive: true, force: true });
    else await removeScratch(work);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    say(`\ndemo: ${sig}: stopping the servers`);
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ok = false;
  try {
    await requireTool('skopeo', 'skopeo');
    say(`demo: work dir ${work}`);
    // the node setup chose (scripts/demo.sh): this one, and the one bin/helm-airgap starts from PATH
    say(`demo: Node.js ${process.version} (${process.execPath})`);
    await startWorld(work, servers);
    await runCliSteps(work, servers);
    ok = true;
  } finally {
    await cleanup();
    if (!ok) say(`\ndemo: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s (servers stopped)`);
  }
  say(`\ndemo: finished in ${((Date.now() - started) / 1000).toFixed(1)} s${removeWork ? '' : `; results kept in ${work}`}`);
  say(SUCCESS_LINE);
}

async function runCliSteps(work: string, s: Servers): Promise<void> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    HELM_AIRGAP_CACHE: join(work, 'cache'),
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
    DOCKER_CONFIG: join(work, 'docker-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    CI: '1',
  };
  const names = CHARTS.map((c) => c.name);
  step('version: which helm-airgap this is');
  await cli(['version'], env);
  step('images: every image the charts need, with where each was found (note the operator runtime images)');
  await cli(['images', ...names, '--repo', s.repo!.url], env);

  step('bundle: charts + images + lock in one offline tarball from an airgap spec (real registry names fetched through --mirror)');
  const bundle = join(work, 'bundle.tar');
  const spec = join(work, 'airgap.yaml');
  await writeFile(spec, ['charts:', ...CHARTS.flatMap((c) => [`  - name: ${c.name}`, `    repo: ${s.repo!.url}`, `    version: ${c.version}`]), ''].join('\n'));
  const mirrors = HOSTS.flatMap((h) => ['--mirror', `${h}=${s.source!.host}/${h}`]);
  await cli(['bundle', '--spec', spec, ...mirrors, '--out', bundle], env);
  await cli(['inspect', bundle], env);
  // The internet side is done: from here on nothing reaches the source servers.
  await s.repo!.stop();
  await s.source!.stop();
  s.repo = undefined;
  s.source = undefined;
  say('(chart repository and source registry stopped: the isolated side never sees them)');

  const target = await pushSteps(bundle, env, s);
  await valuesSteps(bundle, target, work, env, s);
}

async function pushSteps(bundle: string, baseEnv: Record<string, string>, s: Servers): Promise<string> {
  step('push: into Amazon ECR (the ECR stand-in: real AWS SDK calls, SigV4 checked, a real registry behind ECR rules)');
  s.ecr = await startEcrStandin({ region: 'eu-west-1', account: '123456789012' });
  const ecr = s.ecr;
  const ecrHost = `${ecr.account}.dkr.ecr.${ecr.region}.amazonaws.com`;
  const target = `${ecr.registryHost}/mirrored`;
  say(`ECR API ${ecr.apiEndpoint} and registry ${ecr.registryHost} play ${ecrHost}`);
  say(`(no DNS for ${ecrHost} here, so --registry names the stand-in's host with --type ecr --region ${ecr.region})`);
  const env = { ...baseEnv, AWS_ACCESS_KEY_ID: ecr.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: ecr.credentials.secretAccessKey, AWS_REGION: ecr.region };
  const flags = ['--registry', target, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];
  await cli(['push', bundle, ...flags, '--tag-mutability', 'IMMUTABLE', '--scan-on-push'], env);
  say(`ECR repositories now: ${[...ecr.state.repositories.keys()].sort().join(', ')}`);

  step('push again: idempotent (everything already present, nothing uploaded)');
  ecr.state.resetLogs();
  await cli(['push', bundle, ...flags], env);
  const uploaded = ecr.state.uploadedBytes();
  const writes = ecr.state.frontRequests.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH').length;
  say(`registry saw ${writes} write requests and ${uploaded} uploaded bytes on the second push`);
  if (uploaded !== 0 || writes !== 0) throw new Error(`second push uploaded ${uploaded} bytes in ${writes} write requests; expected none`);

  step('verify: every image and chart of the bundle is in ECR by digest (the "no ImagePullBackOff" check)');
  await cli(['verify', bundle, ...flags], env);
  return target;
}

async function valuesSteps(bundle: string, target: string, work: string, env: Record<string, string>, s: Servers): Promise<void> {
  step('values: per-chart overrides pointing every image at the private registry');
  const outDir = join(work, 'values');
  const v = await cli(['values', bundle, '--registry', target, '--out-dir', outDir], env, { allowFail: true });
  const files = await readdir(outDir).catch(() => [] as string[]);
  const usable = v.exitCode === 0 || v.exitCode === 3;
  if (!usable || files.length === 0) {
    say(`values: not available yet (exit ${v.exitCode}, ${files.length} files written); checking the pushed images straight from the bundle instead`);
    await verifyRefs([...(await lockedTargets(bundle, target, work)), ...chartRefs(target)], s.ecr!);
    return;
  }
  say(`values files: ${files.sort().join(', ')}`);
  const shown = files.find((f) => f === `${CHARTS[1]!.name}.values.yaml`);
  if (shown) say(`--- ${shown}\n${(await readFile(join(outDir, shown), 'utf8')).trimEnd()}\n---`);
  step('verify: render each chart with its overrides and resolve every image in the target registry');
  const refs = new Set<string>();
  for (const c of CHARTS) {
    const file = files.find((f) => f === `${c.name}.values.yaml`) ?? files.find((f) => f.startsWith(c.name) && /\.ya?ml$/.test(f));
    if (!file) {
      say(`values: not available yet (no overrides file for chart ${c.name}); checking the pushed images straight from the bundle instead`);
      await verifyRefs([...(await lockedTargets(bundle, target, work)), ...chartRefs(target)], s.ecr!);
      return;
    }
    const chart = await chartArchive(work, c);
    const r = await cli(['template', chart, '-f', join(outDir, file)], env, { capture: true });
    const found = imagesIn(r.stdout);
    say(`  ${c.name}: ${parseAllDocuments(r.stdout).length} documents rendered; images: ${found.join(', ')}`);
    for (const ref of found) refs.add(ref);
  }
  const outside = [...refs].filter((r) => !r.startsWith(target + '/'));
  if (outside.length > 0) throw new Error(`rendered with the overrides, these images still point outside ${target}: ${outside.join(', ')}`);
  const rendered = new Set([...refs].map((r) => r.replace(/@sha256:[0-9a-f]{64}$/, '')));
  const locked = await lockedTargets(bundle, target, work);
  const missing = locked.filter((r) => !rendered.has(r));
  if (missing.length > 0) throw new Error(`bundled images no rendered chart names after the overrides: ${missing.join(', ')}`);
  say(`every one of the ${locked.length} bundled images is what the charts now render, under ${target}`);
  await verifyRefs([...refs, ...chartRefs(target)], s.ecr!);
}

/** Where push put the charts (Helm OCI artifacts): TARGET/charts/NAME:VERSION. */
function chartRefs(target: string): string[] {
  return CHARTS.map((c) => `${target}/charts/${c.name}:${c.version}`);
}

/** A kept work dir holds the results (bundle.tar, values/, chart-repo/); the rest was scratch. */
async function removeScratch(work: string): Promise<void> {
  for (const d of ['source-images', 'lock', 'cache', 'xdg-cache', 'docker-config']) await rm(join(work, d), { recursive: true, force: true });
}

/** The chart archive as the demo packed it (the same bytes the bundle carries). */
async function chartArchive(work: string, c: { name: string; version: string }): Promise<string> {
  return join(work, 'chart-repo', `${c.name}-${c.version}.tgz`);
}

/** Image references in a rendered manifest stream: container images, RELATED_IMAGE_* env values, --*-image= args. */
function imagesIn(rendered: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, key));
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.name === 'string' && o.name.startsWith('RELATED_IMAGE_') && typeof o.value === 'string') out.push(o.value);
      for (const [k, v] of Object.entries(o)) visit(v, k);
      return;
    }
    if (typeof node !== 'string') return;
    if (key === 'image') out.push(node);
    const arg = /^--[\w-]*image=(.+)$/.exec(node);
    if (key === 'args' && arg) out.push(arg[1]!);
  };
  for (const doc of parseAllDocuments(rendered)) visit(doc.toJS());
  return [...new Set(out)];
}

/** Where each image of the bundle's lock went: TARGET/<original name>:<tag>. */
async function lockedTargets(bundle: string, target: string, work: string): Promise<string[]> {
  const dir = join(work, 'lock');
  await mkdir(dir, { recursive: true });
  await execa('tar', ['-xf', bundle, '-C', dir, 'airgap-lock.json']);
  const lock = JSON.parse(await readFile(join(dir, 'airgap-lock.json'), 'utf8')) as { images: { ref: string }[] };
  return lock.images.map((i) => `${target}/${i.ref.replace(/@sha256:[0-9a-f]+$/, '')}`);
}

/** skopeo inspect of each reference in the target registry, logged in as ECR hands out passwords. */
async function verifyRefs(refs: string[], ecr: EcrStandin): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  const { password } = ecr.state.issuePassword();
  for (const ref of refs.sort()) {
    // skopeo refuses name:tag@digest; the digest is what a cluster pulls, so that is what we ask for
    const pull = ref.replace(/:[\w][\w.-]{0,127}(@sha256:[0-9a-f]{64})$/, '$1');
    const r = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', '--creds', `AWS:${password}`, `docker://${pull}`], { reject: false });
    if (r.exitCode !== 0) throw new Error(`skopeo inspect docker://${ref}: ${String(r.stderr).trim()}`);
    const media = (JSON.parse(String(r.stdout)) as { mediaType?: string }).mediaType ?? 'manifest';
    say(`  ok  ${ref}  (${media.replace(/^application\/vnd\./, '')})`);
  }
  say(`${refs.length} references (images and charts) resolve in the target registry`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
