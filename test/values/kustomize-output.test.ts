// `values --format kustomize` judged by real `kubectl kustomize` (kubectl 1.35, kustomize 5.7):
// the folder it writes (rendered manifests + kustomization.yaml) builds as is, every pod-spec
// image of kustomize's output is in the target, and the images kustomize cannot reach (an arg,
// an env value, ConfigMap data, a custom resource's field) are exactly the ones the command names
// (exit 3, never "verified"), and exactly those left outside the target in kustomize's output.
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverImages } from '../../src/discover/discover-images.js';
import { isUnderTarget } from '../../src/overrides/placement.js';
import { runCli } from '../bundle/run-cli.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const TARGET = { registry: 'mirror.local:5000', prefix: 'm' };
const REG = 'mirror.local:5000/m';
let work: string;
let chart: string;
let kubectl: string;

beforeAll(async () => {
  kubectl = (await realHelm(4)).kubectl;
  work = await mkdtemp(join(tmpdir(), 'airgap-kustomize-'));
  chart = join(work, 'reach');
  await mkdir(join(chart, 'templates', 'tests'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: reach\nversion: 0.1.0\n');
  await writeFile(join(chart, 'values.yaml'), 'image: nginx:1.25\nworker: quay.io/acme/worker:2.0\n');
  const files: Record<string, string> = {
    'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: init
          image: docker.io/library/busybox:1.36
      containers:
        - name: web
          image: {{ .Values.image }}
          args: ["--sidecar-image=ghcr.io/acme/sidecar:0.3"]
          env:
            - name: RELATED_IMAGE_AGENT
              value: quay.io/acme/agent:1.1
`,
    'cronjob.yaml': `apiVersion: batch/v1
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
              image: {{ .Values.worker }}
`,
    'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: images}
data:
  image: quay.io/acme/plugin:4.2
`,
    'cr.yaml': `apiVersion: acme.example.com/v1
kind: Cluster
metadata: {name: c}
spec:
  image: quay.io/acme/database:15.1
`,
    'tests/test.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: probe
  annotations: {"helm.sh/hook": test}
spec:
  containers:
    - name: t
      image: nginx:1.25
`,
  };
  for (const [f, text] of Object.entries(files)) await writeFile(join(chart, 'templates', f), text);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

function outsideTarget(yamlStream: string): string[] {
  const docs = parseAllDocuments(yamlStream).map((d, i) => ({ chart: 'k', template: `k/${i}`, text: String(d), object: d.toJS() }));
  return [
    ...new Set(
      discoverImages(docs)
        .filter((s) => s.certainty === 'certain' && !isUnderTarget(s.ref, TARGET))
        .map((s) => s.ref),
    ),
  ].sort();
}

describe('values --format kustomize, checked with real kubectl kustomize', () => {
  it('writes manifests + kustomization.yaml; kustomize moves every pod-spec image; what it cannot reach is named (exit 3)', async () => {
    const out = join(work, 'k');
    const r = await runCli(['values', chart, join(FIX, 'bundle/charts/demo'), '--registry', REG, '--format', 'kustomize', '-o', out], { CI: 'true' });
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/5 image\(s\) would still be pulled from outside the target: .*out of reach/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/verified/);
    // exit 3 leaves nothing kubectl apply -k would take: each file is kept as rejected, for a look
    expect((await readdir(out)).sort()).toEqual(['demo.manifests.yaml.rejected', 'kustomization.yaml.rejected', 'reach.manifests.yaml.rejected']);
    const named = [...r.stdout.matchAll(/^ {2}not reachable: (\S+) in /gm)].map((m) => m[1]).sort();
    // accepted: the same files under the names kustomize reads
    const accepted = await runCli(
      ['values', chart, join(FIX, 'bundle/charts/demo'), '--registry', REG, '--format', 'kustomize', '-o', out, '--allow-hardcoded'],
      {
        CI: 'true',
      },
    );
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['demo.manifests.yaml', 'kustomization.yaml', 'reach.manifests.yaml']);
    expect(named).toEqual([
      'docker.io/library/busybox:1.36', // demo's --helper-image= argument
      'ghcr.io/acme/sidecar:0.3',
      'quay.io/acme/agent:1.1',
      'quay.io/acme/database:15.1',
      'quay.io/acme/plugin:4.2',
    ]);

    const built = await execa(kubectl, ['kustomize', out]);
    const pods = podSpecImages(built.stdout);
    expect(pods.length).toBe(4);
    expect(pods.filter((i) => !i.startsWith(`${REG}/`))).toEqual([]);
    expect(pods.sort()).toEqual([
      `${REG}/docker.io/library/busybox:1.36`,
      `${REG}/docker.io/library/nginx:1.25`,
      `${REG}/quay.io/acme/worker:2.0`,
      `${REG}/registry.example.com/acme/app:1.0.0`,
    ]);
    // what kustomize left outside the target is exactly what the command named
    expect(outsideTarget(built.stdout)).toEqual(named);
    // the helm test pod is not among the resources kubectl would apply
    expect(await readFile(join(out, 'reach.manifests.yaml'), 'utf8')).not.toContain('name: probe');
    const k = await readFile(join(out, 'kustomization.yaml'), 'utf8');
    expect(k).toContain('# NOT rewritten by this kustomization');
  });

  it('--allow-hardcoded accepts the unreachable images (exit 0) and the text report still names each one', async () => {
    const out = join(work, 'k2');
    const r = await runCli(['values', chart, '--registry', REG, '--format', 'kustomize', '-o', out, '--allow-hardcoded'], { CI: 'true' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/4 image\(s\) NOT reachable by kustomize/);
    expect(r.stdout).toMatch(
      /not reachable: quay\.io\/acme\/agent:1\.1 in reach\/templates\/deployment\.yaml Deployment\/web .*env\[0\]\.value: .*an env value/,
    );
    expect(r.stdout).not.toMatch(/verified/);
    expect((await execa(kubectl, ['kustomize', out])).exitCode).toBe(0);
  });

  it('-o json: one error document that carries the report, each unreachable image with its field', async () => {
    const r = await runCli(['values', chart, '--registry', REG, '--format', 'kustomize', '--out-dir', join(work, 'k3'), '-o', 'json'], { CI: 'true' });
    expect(r.exitCode).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      error: { code: string };
      report: { kustomize: { unreachable: { ref: string; site: string; where: { fieldPath: string } }[] } };
    };
    expect(doc.error.code).toBe('ERR_VALUES_KUSTOMIZE_UNREACHABLE');
    expect(doc.report.kustomize.unreachable.map((u) => `${u.site} ${u.where.fieldPath} ${u.ref}`).sort()).toEqual([
      'arg spec.template.spec.containers[0].args[0] ghcr.io/acme/sidecar:0.3',
      'configmap data.image quay.io/acme/plugin:4.2',
      'custom-resource spec.image quay.io/acme/database:15.1',
      'env spec.template.spec.containers[0].env[0].value quay.io/acme/agent:1.1',
    ]);
  });
});
