// CRD schema defaults that name no registry (`acme/agent:1.4.2`, the shape of emqx-operator's
// reloaderImage default), run by an operator whose chart writes a registry or prefix into an env var
// of its container, which the operator puts in front of every default naming no registry
// (VictoriaMetrics operator's VM_CONTAINERREGISTRY, formatContainerImage in
// internal/controller/operator/factory/build/container.go; the Tekton operator's
// TEKTON_REGISTRY_OVERRIDE). `values` called those defaults hard-coded (exit 3); it now sets the
// value that writes the env var to the target's prefix for Docker Hub and reports the defaults as
// moved through it, proven by the env var in the re-render. Real Helm 4 renders the env var with
// that prefix, so the operator composes each default under the target, and the post-renderer finds
// nothing more to move.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runBuilt } from '../support/built-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { boundAccount, specCrd } from '../discover/template-chart.js';

const TARGET = 'mirror.local:5000/m';
const DEFAULTS = ['acme/agent:1.4.2', 'acme/agent-reloader:0.3.0'];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-controller-prefix-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const CRD = specCrd(
  'Agent',
  'acme.example.io',
  `              image: {type: string, default: "${DEFAULTS[0]}"}\n              reloaderImage: {type: string, default: "${DEFAULTS[1]}"}\n`,
);

/** The operator, its RBAC (it reads Agents and makes Deployments), and an Agent that leaves both fields out. */
const operator = (image: string, env: string, value: string) => `${boundAccount(
  'agent-operator',
  '- {apiGroups: [acme.example.io], resources: [agents], verbs: [get, list, watch]}\n- {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, create, update]}\n',
)}apiVersion: apps/v1
kind: Deployment
metadata: {name: agent-operator}
spec:
  selector: {matchLabels: {app: agent-operator}}
  template:
    metadata: {labels: {app: agent-operator}}
    spec:
      serviceAccountName: agent-operator
      containers:
        - name: manager
          image: ${image}
          env:
            - name: ${env}
              value: {{ ${value} | quote }}
---
apiVersion: acme.example.io/v1
kind: Agent
metadata: {name: default}
spec: {}
`;

interface Shape {
  name: string;
  values: string;
  image: string;
  env: string;
  value: string;
  /** The values path the override must set, and to what. */
  path: string[];
  set: string;
  /** The CRD is a template (the post-renderer sees it), not in crds/. */
  crdInTemplates?: true;
}

const SHAPES: Shape[] = [
  {
    name: 'own-value',
    values:
      'operator: {registry: docker.io, repository: acme/agent-operator, tag: "2.1.0"}\n# the registry the operator puts in front of the defaults\ndefaultRegistry: docker.io\n',
    image: '{{ .Values.operator.registry }}/{{ .Values.operator.repository }}:{{ .Values.operator.tag }}',
    env: 'ACME_IMAGE_REGISTRY',
    value: '.Values.defaultRegistry',
    path: ['defaultRegistry'],
    set: `${TARGET}/docker.io`,
  },
  {
    name: 'shared-global',
    values: 'global: {imageRegistry: docker.io}\noperator: {repository: acme/agent-operator, tag: "2.1.0"}\n',
    image: '{{ .Values.global.imageRegistry }}/{{ .Values.operator.repository }}:{{ .Values.operator.tag }}',
    env: 'ACME_IMAGE_REGISTRY',
    value: '.Values.global.imageRegistry',
    path: ['global', 'imageRegistry'],
    set: `${TARGET}/docker.io`,
  },
  {
    name: 'left-empty',
    values: 'operator: {repository: docker.io/acme/agent-operator, tag: "2.1.0"}\n# empty: the operator pulls its defaults as they are\ndefaultRegistry: ""\n',
    image: '{{ .Values.operator.repository }}:{{ .Values.operator.tag }}',
    env: 'ACME_REGISTRY_OVERRIDE',
    value: '.Values.defaultRegistry',
    path: ['defaultRegistry'],
    set: `${TARGET}/docker.io`,
  },
  {
    name: 'slashed-prefix',
    values: 'operator: {repository: docker.io/acme/agent-operator, tag: "2.1.0"}\nimagePrefix: docker.io/\n',
    image: '{{ .Values.operator.repository }}:{{ .Values.operator.tag }}',
    env: 'ACME_IMAGE_PREFIX',
    value: '.Values.imagePrefix',
    path: ['imagePrefix'],
    set: `${TARGET}/docker.io/`,
  },
];
// the CRD a template: the post-renderer sees its default and the resource, and leaves both, as the operator composes the target's copy
SHAPES.push({ ...SHAPES[0]!, name: 'crd-in-templates', crdInTemplates: true });

async function chart(s: Shape): Promise<string> {
  const dir = join(work, s.name);
  await writeFiles(dir, {
    'Chart.yaml': `apiVersion: v2\nname: ${s.name}\nversion: 0.1.0\n`,
    'values.yaml': s.values,
    [s.crdInTemplates ? 'templates/crd.yaml' : 'crds/agents.yaml']: CRD,
    'templates/operator.yaml': operator(s.image, s.env, s.value),
  });
  return dir;
}

/** The env var's value in a rendered stream. */
function envValue(rendered: string, name: string): string | undefined {
  for (const d of parseAllDocuments(rendered)) {
    const o = d.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } } };
    const e = o?.kind === 'Deployment' ? o.spec?.template?.spec?.containers?.[0]?.env?.find((x) => x.name === name) : undefined;
    if (e) return e.value;
  }
  return undefined;
}

/** What the operator runs for a default under that env var: the value, a `/` where it has none, the default. */
const composed = (value: string, d: string) => (value === '' ? `docker.io/${d}` : `${value.replace(/\/$/, '')}/${d}`);

describe('values: CRD defaults an operator puts its registry env var in front of', () => {
  it.each(SHAPES)('$name: exit 0, moved through $env; real Helm 4 renders it with the target prefix, postrender agrees', async (s) => {
    const dir = await chart(s);
    const images = await runBuilt(['images', dir, '-o', 'json']);
    expect(images.exitCode, images.stderr).toBe(0);
    const listed = (JSON.parse(images.stdout) as { images: { ref: string; valuesPaths: string[] }[] }).images;
    for (const d of DEFAULTS) expect(listed.find((i) => i.ref === `docker.io/${d}`)?.valuesPaths).toEqual([s.path.join('.')]);
    const out = join(work, `${s.name}-out`);
    const r = await runBuilt(['values', dir, '--registry', TARGET, '--out-dir', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    for (const d of DEFAULTS) expect(r.stdout).toContain(`moved: docker.io/${d} -> ${TARGET}/docker.io/${d}`);
    expect(r.stdout).toContain(`set through ${s.env} of Deployment/agent-operator`);
    const file = join(out, `${s.name}.values.yaml`);
    const values = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(s.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], values)).toBe(s.set);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', s.name, dir, '-f', file])).stdout;
    const env = envValue(rendered, s.env);
    expect(env).toBe(s.set);
    expect(DEFAULTS.map((d) => composed(env!, d))).toEqual(DEFAULTS.map((d) => `${TARGET}/docker.io/${d}`));
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/docker.io/acme/agent-operator:2.1.0`]);
    const post = await runBuilt(['postrender', '--registry', TARGET], { input: rendered });
    expect(post.exitCode, post.stderr).toBe(0);
    expect(envValue(post.stdout, s.env)).toBe(s.set);
    // nothing set or rewritten: the operator composes the target's copy
    expect(post.stdout.trimEnd()).toBe(rendered.trimEnd());
    expect(podSpecImages(post.stdout)).toEqual([`${TARGET}/docker.io/acme/agent-operator:2.1.0`]);
  });

  it('a registry env var naming another registry is not taken as the route (the defaults stay for postrender, exit 3)', async () => {
    const s = { ...SHAPES[0]!, name: 'other-registry', values: SHAPES[0]!.values.replace('defaultRegistry: docker.io', 'defaultRegistry: quay.io') };
    const dir = await chart(s);
    const r = await runBuilt(['values', dir, '--registry', TARGET, '--out-dir', join(work, 'other-out')]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toContain('docker.io/acme/agent:1.4.2 (hard-coded');
  });
});
