// `helm airgap mirrors` and `values --mirror-map` between real registries (Debian's
// docker-registry): one stands in for Docker Hub and ghcr.io (reached with --mirror, behind a
// proxy of ours that adds Docker Hub's rate-limit headers), one for public.ecr.aws holding some
// images byte for byte, one tag on other content, and one image not at all. The override is then
// rendered by real Helm: only the proven images move, every other stays exactly as it was.
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { runCli } from '../bundle/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec, type WrittenImage } from '../support/synthetic-image.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { realHelm } from '../support/tools.js';
import { servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';

const spec = (name: string, tag: string, seed = name): SyntheticImageSpec => ({
  name,
  tag,
  baseLayers: [{ seed: 'base', size: 32 * 1024 }],
  layers: [{ seed, size: 1024 }],
  mediaTypes: 'docker',
});

let hub: SeededSource;
let proxy: FaultProxy;
let pub: RunningRegistry;
let work: string;
let chart: string;
const byName = new Map<string, WrittenImage>();
const env = () => ({ DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'no-helm.json'), CI: 'true' });

beforeAll(async () => {
  hub = await startSeededSource([
    spec('docker.io/library/nginx', '1.27'),
    spec('docker.io/library/redis', '7.4'),
    spec('docker.io/acme/app', '1.0'),
    spec('docker.io/acme/tool', '2.0'),
    spec('ghcr.io/acme/agent', '0.3'),
  ]);
  for (const img of hub.images) byName.set(img.name, img);
  proxy = await startFaultProxy(hub.registry.host);
  proxy.inject({
    path: /\/manifests\//,
    times: 1000,
    fault: { kind: 'headers', set: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '97;w=21600' } },
  });

  pub = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-mirrors-'));
  // the same bytes under the public names, except redis: same tag, other content; acme/app: absent
  for (const [from, to] of [
    ['docker.io/library/nginx', 'docker/library/nginx'],
    ['docker.io/acme/tool', 'acme/tool'],
    ['ghcr.io/acme/agent', 'acme/agent'],
  ])
    await pushRaw(pub.host, { ...byName.get(from)!, name: to });
  const [otherRedis] = await writeSyntheticImages(join(work, 'other'), [spec('docker/library/redis', '7.4', 'rebuilt')]);
  await pushRaw(pub.host, otherRedis!);

  chart = await writeChart(join(work, 'shop'));
  return async () => {
    await proxy.stop();
    await pub.stop();
    await hub.stop();
    await rm(work, { recursive: true, force: true });
  };
});

/** A chart with each image shape: repository + tag, a whole string, a pinned digest, registry + repository + tag. */
async function writeChart(dir: string): Promise<string> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  const values = {
    image: { repository: 'nginx', tag: '1.27' },
    redis: { image: 'redis:7.4' },
    pinnedRedis: { image: `redis:7.4@${byName.get('docker.io/library/redis')!.digest}` },
    app: { image: 'acme/app:1.0' },
    tool: { image: `acme/tool:2.0@${byName.get('docker.io/acme/tool')!.digest}` },
    agent: { registry: 'ghcr.io', repository: 'acme/agent', tag: '0.3' },
  };
  await writeFile(join(dir, 'values.yaml'), JSON.stringify(values, null, 2));
  const container = (name: string, image: string) => `        - name: ${name}\n          image: ${image}\n`;
  await writeFile(
    join(dir, 'templates', 'deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  selector: {matchLabels: {app: shop}}',
      '  template:',
      '    metadata: {labels: {app: shop}}',
      '    spec:',
      '      containers:',
      container('web', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"') +
        container('cache', '{{ .Values.redis.image | quote }}') +
        container('pinned-cache', '{{ .Values.pinnedRedis.image | quote }}') +
        container('app', '{{ .Values.app.image | quote }}') +
        container('tool', '{{ .Values.tool.image | quote }}') +
        container('agent', '"{{ .Values.agent.registry }}/{{ .Values.agent.repository }}:{{ .Values.agent.tag }}"'),
    ].join('\n'),
  );
  return dir;
}

const reach = () => ['--mirror', `docker.io=${proxy.host}/docker.io`, '--mirror', `ghcr.io=${hub.registry.host}/ghcr.io`];

interface Report {
  checks: { source: string; candidate?: string; status: string; sourceDigest?: string; candidateDigest?: string }[];
  totals: Record<string, number>;
  rateLimits: { host: string; remaining: number; limit?: number; windowSeconds?: number }[];
  mapFile?: string;
}

describe('mirrors CHART --candidate HOST', () => {
  let report: Report;
  const map = () => join(work, 'mirrors.yaml');

  it('classifies each image by manifest digest: identical, different, absent; a pinned digest is identical only as itself', async () => {
    const r = await runCli(['mirrors', chart, '--candidate', pub.host, ...reach(), '--write-map', map(), '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Report;
    const status = Object.fromEntries(report.checks.map((c) => [c.source, c.status]));
    const d = (n: string) => byName.get(n)!.digest;
    expect(status).toEqual({
      'docker.io/library/nginx:1.27': 'identical',
      'docker.io/library/redis:7.4': 'different',
      // the pinned digest is not there, and the tag holds other content
      [`docker.io/library/redis:7.4@${d('docker.io/library/redis')}`]: 'different',
      'docker.io/acme/app:1.0': 'absent',
      [`docker.io/acme/tool:2.0@${d('docker.io/acme/tool')}`]: 'identical',
      'ghcr.io/acme/agent:0.3': 'identical',
    });
    expect(report.totals).toMatchObject({ identical: 3, 'platform-identical': 0, different: 2, absent: 1, error: 0 });
    // the digests named are what each registry serves, read without our client
    const redis = report.checks.find((c) => c.source === 'docker.io/library/redis:7.4')!;
    expect(redis.sourceDigest).toBe(d('docker.io/library/redis'));
    expect(redis.candidateDigest).toBe(await servedDigest(pub.host, 'docker/library/redis', '7.4'));
    expect(redis.candidateDigest).not.toBe(redis.sourceDigest);
    expect(report.checks.find((c) => c.source.startsWith('ghcr.io/'))!.candidate).toBe(`${pub.host}/acme/agent:0.3`);
  });

  it("reports Docker Hub's remaining pulls from its rate-limit headers", () => {
    expect(report.rateLimits).toEqual([{ host: proxy.host, remaining: 97, limit: 100, windowSeconds: 21600 }]);
  });

  it('writes an image map of the identical images only, with the digest each candidate serves', async () => {
    const text = await readFile(map(), 'utf8');
    expect(text).toMatch(/^# helm-airgap image map: where each image went, written by mirrors/);
    const entries = parseImageMap(text, map());
    const identical = report.checks.filter((c) => c.status === 'identical');
    expect(entries.map((e) => e.source).sort()).toEqual(identical.map((c) => c.source).sort());
    for (const e of entries) {
      const c = identical.find((x) => x.source === e.source)!;
      expect(e.digest).toBe(c.candidateDigest);
      expect(e.destination).toBe(c.candidate!.replace(/@sha256:\w+$/, ''));
    }
  });

  it('prints one line per image and the rate limit in text', async () => {
    const r = await runCli(['mirrors', chart, '--candidate', pub.host, ...reach()], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^IDENTICAL +docker\\.io/library/nginx:1\\.27 -> ${pub.host}/docker/library/nginx:1\\.27$`, 'm'));
    expect(r.stdout).toMatch(/DIFFERENT +docker\.io\/library\/redis:7\.4 -> \S+ \(sha256:\w+ here, sha256:\w+ there\)/);
    expect(r.stdout).toContain('3 identical, 0 platform-identical, 2 different, 1 absent');
    expect(r.stdout).toContain(`rate limit: ${proxy.host}: 97 of 100 pulls left per 6 h`);
  });

  it('values --mirror-map moves only the proven images (exit 3 naming the rest unless --allow-unmapped); real Helm renders every other image unchanged', async () => {
    const out = join(work, 'values');
    // the images mirrors did not prove stay on Docker Hub only when the user says so
    const strict = await runCli(['values', chart, '--mirror-map', map(), '-o', out], env());
    expect(strict.exitCode).toBe(3);
    for (const ref of ['docker.io/library/redis:7.4', 'docker.io/acme/app:1.0']) expect(strict.stderr).toContain(`shop: ${ref} (not in the map`);
    const r = await runCli(['values', chart, '--mirror-map', map(), '-o', out, '--allow-unmapped'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`target map ${map()}`);
    const file = join(out, 'shop.values.yaml');
    expect(await readFile(file, 'utf8')).toContain(`# target: map ${map()}`);
    const { helm } = await realHelm(4);
    const render = await execa(helm, ['template', 'shop', chart, '-f', file]);
    const images = Object.fromEntries(containersOf(render.stdout).map((c) => [c.name, c.image]));
    const d = (n: string) => byName.get(n)!.digest;
    expect(images).toEqual({
      web: `${pub.host}/docker/library/nginx:1.27`,
      cache: 'redis:7.4',
      'pinned-cache': `redis:7.4@${d('docker.io/library/redis')}`,
      app: 'acme/app:1.0',
      tool: `${pub.host}/acme/tool:2.0@${d('docker.io/acme/tool')}`,
      agent: `${pub.host}/acme/agent:0.3`,
    });
  });

  it('refuses a map entry that changes a tag, naming the file and entry', async () => {
    const bad = join(work, 'bad.yaml');
    await writeFile(bad, `images:\n  nginx:1.27: ${pub.host}/docker/library/nginx:1.28\n`);
    const r = await runCli(['values', chart, '--mirror-map', bad, '-o', join(work, 'bad-out')], env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${bad}: images.nginx:1.27 → ${pub.host}/docker/library/nginx:1.28: a mirror keeps the tag and digest`);
  });

  it('needs exactly one of --registry and --mirror-map', async () => {
    const both = await runCli(['values', chart, '--mirror-map', map(), '--registry', pub.host, '-o', join(work, 'x')], env());
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('--registry TARGET[/PREFIX] or --map FILE');
  });
});

function containersOf(manifests: string): { name: string; image: string }[] {
  const out: { name: string; image: string }[] = [];
  for (const doc of parseAllDocuments(manifests)) {
    const o = doc.toJS() as { spec?: { template?: { spec?: { containers?: { name: string; image: string }[] } } } } | null;
    out.push(...(o?.spec?.template?.spec?.containers ?? []));
  }
  return out;
}
