// `helm airgap kustomize DIR` judged by real `kubectl kustomize` (kubectl 1.35, kustomize 5.7): a
// base (with its own images: entry), a component, and two overlays (a strategic-merge patch that
// adds a container, a JSON 6902 patch that replaces an image) are updated in place; the build of
// each overlay then has every pod-spec image at the target (with the map's digest when pinned),
// the overlay's comments and unrelated entries are still there, and the images kustomize cannot
// reach (an env value, an argument, generated ConfigMap data) are named with exit 3.
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const REG = 'mirror.local:5000/m';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
let work: string;
let tree: string;
let kubectl: string;

const FILES: Record<string, string> = {
  'base/kustomization.yaml': `resources:
  - deployment.yaml
  - cronjob.yaml
configMapGenerator:
  - name: plugins
    literals: [image=quay.io/acme/plugin:4.2]
images:
  # the worker comes from the corporate registry: the overlays see this name
  - name: quay.io/acme/worker
    newName: registry.corp/acme/worker
`,
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: web
          image: nginx:1.25
          args: ["--sidecar-image=ghcr.io/acme/sidecar:0.3"]
          env:
            - name: RELATED_IMAGE_AGENT
              value: quay.io/acme/agent:1.1
`,
  'base/cronjob.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: {name: sweep}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: sweep
              image: quay.io/acme/worker:2.0
`,
  'components/metrics/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
  - path: exporter.yaml
`,
  'components/metrics/exporter.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: exporter
          image: prom/statsd-exporter:v0.26.0
`,
  'overlays/prod/kustomization.yaml': `# production: reviewed by the platform team
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod
resources:
- ../../base
components:
- ../../components/metrics
patches:
- path: kafka.yaml
images:
# release pin: nginx 1.27 everywhere in prod
- name: nginx
  newTag: "1.27"
- name: unused/thing # not in this build: left alone
  newTag: x
`,
  'overlays/prod/kafka.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: kafka
          image: docker.io/bitnami/kafka:3.7
`,
  'overlays/staging/kustomization.yaml': `resources: [../../base]
patches:
  - target: {kind: Deployment, name: web}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: milvusdb/milvus:v2.4.4
`,
};

beforeAll(async () => {
  kubectl = (await realHelm(4)).kubectl;
  work = await mkdtemp(join(tmpdir(), 'airgap-kustomize-overlays-'));
  tree = join(work, 'pristine');
  for (const [f, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(tree, f)), { recursive: true });
    await writeFile(join(tree, f), text);
  }
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/** A fresh copy of the tree per test: each one edits overlays in place. */
async function fresh(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(tree, dir, { recursive: true });
  return dir;
}

async function build(dir: string): Promise<string> {
  return (await execa(kubectl, ['kustomize', dir])).stdout;
}

describe('kustomize DIR: overlays updated in place, checked with real kubectl kustomize', () => {
  it('--registry: every pod-spec image of both overlays at the target; env and arg images named, exit 3; comments and other entries kept', async () => {
    const root = await fresh('registry');
    for (const overlay of ['prod', 'staging']) {
      const dir = join(root, 'overlays', overlay);
      const r = await runCli(['kustomize', dir, '--registry', REG]);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/3 image\(s\) would still be pulled from outside the target: .*out of reach/);
      expect(r.stderr).toContain(`next: rewrite them at apply time: kubectl kustomize ${dir} | helm airgap postrender --registry ${REG}`);
      const named = [...r.stdout.matchAll(/^ {2}NOT moved: (\S+): out of reach/gm)].map((m) => m[1]).sort();
      expect(named).toEqual(['ghcr.io/acme/sidecar:0.3', 'quay.io/acme/agent:1.1', 'quay.io/acme/plugin:4.2']);
      const images = podSpecImages(await build(dir));
      expect(images.length).toBeGreaterThanOrEqual(3);
      expect(images.filter((i) => !i.startsWith(`${REG}/`))).toEqual([]);
    }
    expect(podSpecImages(await build(join(root, 'overlays', 'prod'))).sort()).toEqual([
      `${REG}/docker.io/bitnami/kafka:3.7`,
      `${REG}/docker.io/library/busybox:1.36`,
      `${REG}/docker.io/library/nginx:1.27`,
      `${REG}/docker.io/prom/statsd-exporter:v0.26.0`,
      `${REG}/registry.corp/acme/worker:2.0`,
    ]);
    expect(podSpecImages(await build(join(root, 'overlays', 'staging'))).sort()).toEqual([
      `${REG}/docker.io/library/busybox:1.36`,
      `${REG}/docker.io/milvusdb/milvus:v2.4.4`,
      `${REG}/registry.corp/acme/worker:2.0`,
    ]);
    const prod = await readFile(join(root, 'overlays', 'prod', 'kustomization.yaml'), 'utf8');
    expect(prod).toContain('# production: reviewed by the platform team\n');
    expect(prod).toContain(`# release pin: nginx 1.27 everywhere in prod
- name: nginx
  newName: ${REG}/docker.io/library/nginx
  newTag: "1.27"
- name: unused/thing # not in this build: left alone
  newTag: x
`);
    // the base's renamed worker is matched by the name the base made, not the one in its manifest
    expect(prod).toContain(`- name: registry.corp/acme/worker\n  newName: ${REG}/registry.corp/acme/worker\n`);
    expect(await readFile(join(root, 'base', 'kustomization.yaml'), 'utf8')).toBe(FILES['base/kustomization.yaml']);

    // a re-run finds every entry in place and writes nothing; --allow-hardcoded accepts the named ones
    const again = await runCli(['kustomize', join(root, 'overlays', 'prod'), '--registry', REG, '--allow-hardcoded']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('already holds these entries: nothing to write');
    expect(await readFile(join(root, 'overlays', 'prod', 'kustomization.yaml'), 'utf8')).toBe(prod);
  });

  it('--map --pin-digests: each image at its destination with the map digest; from kubectl kustomize output on stdin the same', async () => {
    const root = await fresh('map');
    const sources = {
      'docker.io/library/nginx:1.27': 'a',
      'docker.io/library/busybox:1.36': 'b',
      'registry.corp/acme/worker:2.0': 'c',
      'docker.io/prom/statsd-exporter:v0.26.0': 'd',
      'docker.io/bitnami/kafka:3.7': 'e',
      'docker.io/milvusdb/milvus:v2.4.4': 'f',
      'quay.io/acme/agent:1.1': '0',
    };
    const dest = (s: string) => `${REG}/${s.split('/').slice(1).join('/')}`;
    const map = join(root, 'map.yaml');
    await writeFile(
      map,
      `apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n${Object.entries(sources)
        .map(([s, c]) => `  - source: ${s}\n    destination: ${dest(s)}\n    digest: ${digest(c)}\n`)
        .join('')}`,
    );
    const want = (names: string[]) =>
      names.map((s) => `${dest(s).replace(/:[^:/]+$/, '')}:${s.split(':').pop()}@${digest(sources[s as keyof typeof sources])}`).sort();

    const prod = join(root, 'overlays', 'prod');
    // the map lacks the sidecar and the plugin: exit 3 naming both, unless the user allows exactly that
    const strict = await runCli(['kustomize', prod, '--map', map, '--pin-digests', '--allow-hardcoded', '--dry-run', '-o', 'json']);
    expect(strict.exitCode, strict.stderr).toBe(3);
    const err = JSON.parse(strict.stdout) as { error: { code: string }; failures: { item: string; error: string }[] };
    expect(err.error.code).toBe('ERR_KUSTOMIZE_UNMAPPED');
    expect(err.failures.map((f) => f.item)).toEqual(['ghcr.io/acme/sidecar:0.3', 'quay.io/acme/plugin:4.2']);
    expect(err.failures[0].error).toMatch(/^not in the map/);
    const r = await runCli(['kustomize', prod, '--map', map, '--pin-digests', '--allow-hardcoded', '--allow-unmapped', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { written: boolean; unreachable: { ref: string }[]; unmapped: string[] };
    expect(report.written).toBe(true);
    // the map moves the agent, which sits in an env value: named; the sidecar is not in the map: left, and said so
    expect(report.unreachable.map((u) => u.ref)).toEqual(['quay.io/acme/agent:1.1']);
    expect(report.unmapped).toEqual(['ghcr.io/acme/sidecar:0.3', 'quay.io/acme/plugin:4.2']);
    expect(podSpecImages(await build(prod)).sort()).toEqual(
      want([
        'docker.io/bitnami/kafka:3.7',
        'docker.io/library/busybox:1.36',
        'docker.io/library/nginx:1.27',
        'docker.io/prom/statsd-exporter:v0.26.0',
        'registry.corp/acme/worker:2.0',
      ]),
    );

    // staging from the built output (the route for remote bases): same result as reading the files
    const staging = join(root, 'overlays', 'staging');
    const s = await runCli(
      ['kustomize', staging, '--map', map, '--pin-digests', '--manifests', '-', '--allow-hardcoded', '--allow-unmapped'],
      {},
      await build(staging),
    );
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.stdout).toContain('images read from built output stdin');
    expect(podSpecImages(await build(staging)).sort()).toEqual(
      want(['docker.io/library/busybox:1.36', 'docker.io/milvusdb/milvus:v2.4.4', 'registry.corp/acme/worker:2.0']),
    );
    // and reading the files now agrees with what stdin wrote
    const files = await runCli(['kustomize', staging, '--map', map, '--pin-digests', '--allow-hardcoded', '--allow-unmapped']);
    expect(files.stdout).toContain('nothing to write');
  });

  it('--dry-run prints the new file and writes nothing', async () => {
    const root = await fresh('dry');
    const file = join(root, 'overlays', 'staging', 'kustomization.yaml');
    const r = await runCli(['kustomize', join(root, 'overlays', 'staging'), '--registry', REG, '--dry-run', '--allow-hardcoded']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`dry run: ${file} not written; it would read:`);
    expect(r.stdout).toContain(`  - name: milvusdb/milvus\n    newName: ${REG}/docker.io/milvusdb/milvus\n`);
    expect(await readFile(file, 'utf8')).toBe(FILES['overlays/staging/kustomization.yaml']);
  });

  it('bad input: invalid YAML names file and line, a remote base shows the stdin route; nothing written', async () => {
    const root = await fresh('bad');
    const prod = join(root, 'overlays', 'prod', 'kustomization.yaml');
    const broken = `${FILES['overlays/prod/kustomization.yaml']}namespace: again\n`;
    const line = broken.split('\n').length - 1;
    await writeFile(prod, broken);
    const r = await runCli(['kustomize', join(root, 'overlays', 'prod'), '--registry', REG]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Error: ${prod.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: not valid YAML: Map keys must be unique`));
    expect(r.stderr).toMatch(/^next: /m);
    expect(await readFile(prod, 'utf8')).toBe(broken);

    const staging = join(root, 'overlays', 'staging', 'kustomization.yaml');
    const remote = 'resources: [../../base, "https://github.com/acme/deploy//base?ref=v1"]\n';
    await writeFile(staging, remote);
    const s = await runCli(['kustomize', join(root, 'overlays', 'staging'), '--registry', REG]);
    expect(s.exitCode).toBe(2);
    expect(s.stderr).toContain('remote resources, which cannot be read offline');
    expect(s.stderr).toContain('https://github.com/acme/deploy//base?ref=v1');
    expect(s.stderr).toContain(
      `next: build it where they are reachable and pipe the output in: kubectl kustomize ${join(root, 'overlays', 'staging')} | helm airgap kustomize`,
    );
    expect(await readFile(staging, 'utf8')).toBe(remote);

    await writeFile(staging, 'resources: [../../base]\nhelmCharts:\n  - {name: redis, repo: https://charts.example.com, version: 1.0.0}\n');
    const helm = await runCli(['kustomize', join(root, 'overlays', 'staging'), '--registry', REG]);
    expect(helm.exitCode).toBe(2);
    expect(helm.stderr).toContain('helmCharts: Helm charts (kustomize --enable-helm) are not evaluated offline');
    expect(helm.stderr).toContain(`--manifests -`);

    await writeFile(join(root, 'base', 'kustomization.yaml'), 'resources: [deployment.yaml, ../overlays/staging]\n');
    await writeFile(staging, 'resources: [../../base]\n');
    const cycle = await runCli(['kustomize', join(root, 'overlays', 'staging'), '--registry', REG]);
    expect(cycle.exitCode).toBe(2);
    expect(cycle.stderr).toMatch(/includes itself \(a cycle: \. → \.\.\/\.\.\/base → \.\)/);
  });
});
