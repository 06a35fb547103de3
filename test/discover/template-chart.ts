// A chart made of a few templates, built in a temp folder for one test file, and `images -o json`
// on it: the small charts of one shape that discovery tests run the CLI on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { postrenderManifests } from '../../src/overrides/postrender.js';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';

/** Writes chart `op` (at `appVersion`, if given) with these templates (name → text) before the file's tests; returns its folder. */
export function templateChart(templates: Record<string, string>, values = '', appVersion?: string): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-shape-'));
    const files = Object.fromEntries(Object.entries(templates).map(([k, v]) => [`templates/${k}`, v]));
    const chartYaml = `apiVersion: v2\nname: op\nversion: 0.1.0\n${appVersion ? `appVersion: "${appVersion}"\n` : ''}`;
    await writeFiles(join(dir, 'op'), { 'Chart.yaml': chartYaml, 'values.yaml': values, ...files });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return () => join(dir, 'op');
}

/** The head of a Deployment `name`, up to `containers:`; its container entries follow, indented six spaces. */
export function deploymentHead(name = 'op'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n`;
}

/** A Deployment `name` whose one container runs `image` (a template expression, quoted here). */
export function deployment(name: string, image: string): string {
  return `${deploymentHead(name)}      - name: ${name}\n        image: "${image}"\n`;
}

/**
 * The workloads of a chart that dumps its values for a script of its own (the values-dump tests):
 * an app Deployment from app.image, and under `mode: dind` a dind DaemonSet from
 * dind.daemonset.image, each a {name, tag} block.
 */
export const APP_AND_DIND: Record<string, string> = {
  'app.yaml': deployment('app', '{{ .Values.app.image.name }}:{{ .Values.app.image.tag }}'),
  'dind.yaml': `{{- if eq .Values.mode "dind" }}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dind
spec:
  template:
    spec:
      containers:
      - name: dind
        image: "{{ .Values.dind.daemonset.image.name }}:{{ .Values.dind.daemonset.image.tag }}"
{{- end }}
`,
};

/** Their values: a runner image only a script reads, `app:` last (a test may add keys under it). */
export const APP_AND_DIND_VALUES = `mode: host
runner:
  image:
    name: quay.io/acme/runner
    tag: "3.0"
dind:
  daemonset:
    image:
      name: quay.io/acme/dind
      tag: "2.0"
app:
  image:
    name: quay.io/acme/app
    tag: "1.0"
`;

/** cert-manager's controller at v1.8.0 (an operator the defaults table has read), with these lines after its image (indented eight spaces). */
export function certManagerController(after = ''): string {
  return `${deploymentHead('cert-manager')}      - name: cert-manager-controller\n        image: quay.io/jetstack/cert-manager-controller:v1.8.0\n${after}`;
}

/** A Deployment whose one container runs `image` with these env vars (name → value). */
export function deploymentWithEnv(image: string, env: Record<string, string>): string {
  const vars = Object.entries(env).map(([name, value]) => `        - name: ${name}\n          value: ${value}\n`);
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ${image}\n        env:\n${vars.join('')}`;
}

/**
 * A CustomResourceDefinition of `kind` in `group` served as `version`, whose schema's top-level
 * `properties` are this YAML (indented to sit under `properties:`, eight spaces).
 */
export function crd(kind: string, group: string, version: string, properties: string): string {
  const plural = `${kind.toLowerCase()}s`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}}
  scope: Namespaced
  versions:
  - name: ${version}
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
${properties}`;
}

/** The CRD of Broker (apps.acme.io, v1beta4) whose spec has these properties (YAML indented fourteen spaces). */
export function brokerCrd(specProperties: string): string {
  return crd('Broker', 'apps.acme.io', 'v1beta4', `          spec:\n            type: object\n            properties:\n${specProperties}`);
}

/** A CRD of `kind` (group `group`, v1) whose spec has these properties (YAML indented fourteen spaces). */
export function specCrd(kind: string, group: string, specProperties: string): string {
  return crd(kind, group, 'v1', `          spec:\n            type: object\n            properties:\n${specProperties}`);
}

/** A custom resource `default` of group acme.io with this spec (YAML indented two spaces). */
export function customResource(kind: string, spec: string): string {
  return `apiVersion: acme.io/v1\nkind: ${kind}\nmetadata:\n  name: default\nspec:\n${spec}`;
}

export interface ListedImages {
  images: { ref: string; need?: string; certainty?: string; valuesPaths?: string[] }[];
  doubtful: { ref: string }[];
  optional?: { ref: string; toggles?: string[] }[];
  warnings?: { operator?: string; message: string }[];
}

/** `images CHART -o json`, which must exit 0. */
export async function listImages(chart: string, args: string[] = []): Promise<ListedImages> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ListedImages;
}

/** `values` to mirror.local:5000/m, then `images` and `template` with what it wrote (refs sorted); its exit code and stderr when it fails. */
export async function valuesThenImages(chart: string, extra: string[] = []): Promise<{ exitCode: number; stderr: string; refs: string[]; rendered: string }> {
  const out = await mkdtemp(join(tmpdir(), 'airgap-values-then-'));
  try {
    const v = await runCli(['values', chart, '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out, ...extra]);
    if (v.exitCode !== 0) return { exitCode: v.exitCode, stderr: v.stderr, refs: [], rendered: '' };
    const after = await listImages(chart, ['-f', join(out, 'rel.values.yaml')]);
    const t = await runCli(['template', chart, '-f', join(out, 'rel.values.yaml')]);
    return { exitCode: 0, stderr: v.stderr, refs: after.images.map((i) => i.ref).sort(), rendered: t.stdout };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `template` of the chart, then the post-renderer to mirror.local:5000/m, which must leave no image
 * behind: the rewritten documents, parsed.
 */
export async function postrendered<T = { kind: string; spec: Record<string, unknown> }>(chart: string): Promise<T[]> {
  const t = await runCli(['template', chart]);
  expect(t.exitCode, t.stderr).toBe(0);
  const r = postrenderManifests(t.stdout, { target: { registry: 'mirror.local:5000', prefix: 'm' } });
  expect(r.accounting.notMoved).toEqual([]);
  return parseAllDocuments(r.output).map((d) => d.toJS() as T);
}

/** A ServiceAccount `name`, a ClusterRole of these rules (YAML list items, unindented) and the binding between them. */
export function boundAccount(name: string, rules: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects:
- {kind: ServiceAccount, name: ${name}, namespace: default}
---
`;
}
