// The post-renderer on references an operator composes from split fields of decoded config, hard-
// coded in the chart's templates (no value reaches them): a shared `base` prefix over
// `components.NAME.{image, tag}` in a ConfigMap's YAML, the same as a one-line JSON string, and a
// {registry, repository, tag} block in a values tree base64-encoded into a Secret. Real Helm 4
// runs the post-renderer (a postrenderer/v1 plugin that starts this checkout's launcher: `npm
// run build` first); discovery then reads the result as `images` does.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverImages } from '../../src/discover/discover-images.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { helm4WithPostRenderer } from '../support/helm4-postrenderer.js';
import { runCli } from '../bundle/run-cli.js';

const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

const IMAGES_YAML = `---
# "base" is the default repository prefix to use.
base: quay.io/acme
components:
  controller:
    tag: v1.2.0
    image: acme-server
  satellite:
    tag: v1.2.0
    image: acme-server
  csi:
    tag: v0.3.1
    image: acme-csi
  loader:
    tag: v9.2.11
    image: loader-noble # fallback: a recent kernel
    match:
      - osImage: Ubuntu 22\\.04
        image: loader-jammy
`;
const SIG_JSON =
  '{"base":"registry.k8s.io/sig-storage","components":{"attacher":{"tag":"v4.7.0","image":"csi-attacher"},"resizer":{"tag":"v1.12.0","image":"csi-resizer"}}}';
const AGENT_TREE = 'agent:\n  image:\n    registry: ghcr.io\n    repository: acme/agent\n    tag: v2.1.0\n';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-image-config
data:
  0_acme_images.yaml: |
${IMAGES_YAML.replace(/^/gm, '    ').replace(/ +$/, '')}  1_sig.json: '${SIG_JSON}'
`;
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-agent
data:
  values.yaml: {{ ${JSON.stringify(AGENT_TREE)} | b64enc }}
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-operator
spec:
  selector:
    matchLabels: {app: op}
  template:
    metadata:
      labels: {app: op}
    spec:
      containers:
        - name: manager
          image: quay.io/acme/operator:v1.0.0
          env:
            - name: IMAGE_CONFIG_MAP_NAME
              value: {{ .Release.Name }}-image-config
`;

const SOURCES = [
  'quay.io/acme/operator:v1.0.0',
  'quay.io/acme/acme-server:v1.2.0',
  'quay.io/acme/acme-csi:v0.3.1',
  'quay.io/acme/loader-noble:v9.2.11',
  'registry.k8s.io/sig-storage/csi-attacher:v4.7.0',
  'registry.k8s.io/sig-storage/csi-resizer:v1.12.0',
  'ghcr.io/acme/agent:v2.1.0',
].sort();

let work: string;
let chart: string;
let helm4: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-composed-'));
  chart = join(work, 'splitcfg');
  await mkdir(join(chart, 'templates'), { recursive: true });
  await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: splitcfg\nversion: 0.1.0\n');
  await writeFile(join(chart, 'templates', 'config.yaml'), CONFIG);
  await writeFile(join(chart, 'templates', 'secret.yaml'), SECRET);
  await writeFile(join(chart, 'templates', 'deployment.yaml'), DEPLOYMENT);
  ({ helm4, env } = await helm4WithPostRenderer(work));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const template = (...extra: string[]) => execa(helm4, ['template', 'rel', chart, ...extra], { env, extendEnv: false, reject: false });

function certain(stream: string): string[] {
  return [
    ...new Set(
      discoverImages(parseHelmTemplateOutput(stream))
        .filter((s) => s.certainty === 'certain')
        .map((s) => s.ref),
    ),
  ].sort();
}

/** The object of the document from `template`, by kind. */
function object(stream: string, kind: string): Record<string, Record<string, string>> {
  const doc = parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string })
    .find((d) => d?.kind === kind);
  return doc as Record<string, Record<string, string>>;
}

describe('postrender: references composed from split fields of decoded config', () => {
  it('discovery composes every hard-coded reference of the chart, and values leaves them to postrender', async () => {
    const plain = await template();
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(certain(plain.stdout)).toEqual(SOURCES);
    const v = await runCli(['values', chart, '--name', 'rel', '--registry', TARGET, '--out-dir', join(work, 'values')]);
    expect(v.exitCode, v.stderr).toBe(3);
    expect(v.stdout).toContain(
      'NOT moved: quay.io/acme/acme-csi:v0.3.1: hard-coded (no values path): postrender moves it at install in splitcfg/templates/config.yaml',
    );
  });

  it("real Helm 4's --post-renderer: every composed reference at the target, the shared base rewritten once, each container kept in its format", async () => {
    const plain = await template();
    const r = await template('--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(certain(r.stdout)).toEqual(SOURCES.map((s) => `${TARGET}/${s}`).sort());
    const before = object(plain.stdout, 'ConfigMap').data!;
    const after = object(r.stdout, 'ConfigMap').data!;
    // the YAML text: only the base line changed, its comments and layout as they were
    expect(after['0_acme_images.yaml']).toBe(before['0_acme_images.yaml']!.replace('base: quay.io/acme\n', `base: ${TARGET}/quay.io/acme\n`));
    // the JSON string stays one line of JSON, only the base changed
    expect(after['1_sig.json']).toBe(SIG_JSON.replace('"registry.k8s.io/sig-storage"', `"${TARGET}/registry.k8s.io/sig-storage"`));
    // the Secret's values tree, base64 still, with the registry field moved
    const secret = object(r.stdout, 'Secret').data!;
    expect(Buffer.from(secret['values.yaml']!, 'base64').toString('utf8')).toBe(AGENT_TREE.replace('registry: ghcr.io', `registry: ${TARGET}/ghcr.io`));
    // a second pass changes nothing
    const again = await runCli(['postrender', '--registry', TARGET], {}, r.stdout);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe(r.stdout);
  });

  it('--map sending images of one base under different paths: the base keeps what they share, each image field the rest', async () => {
    const plain = await template();
    const to: Record<string, string> = {
      'quay.io/acme/operator:v1.0.0': 'mirror.local:5000/ops/operator:v1.0.0',
      'quay.io/acme/acme-server:v1.2.0': 'mirror.local:5000/team-a/acme-server:v1.2.0',
      'quay.io/acme/acme-csi:v0.3.1': 'mirror.local:5000/team-b/storage/acme-csi:v0.3.1',
      'quay.io/acme/loader-noble:v9.2.11': 'mirror.local:5000/team-a/loader-noble:v9.2.11',
      'registry.k8s.io/sig-storage/csi-attacher:v4.7.0': 'mirror.local:5000/sig/csi-attacher:v4.7.0',
      'registry.k8s.io/sig-storage/csi-resizer:v1.12.0': 'mirror.local:5000/sig/csi-resizer:v1.12.0',
      'ghcr.io/acme/agent:v2.1.0': 'mirror.local:5000/agents/agent:v2.1.0',
    };
    const map = join(work, 'split.map.yaml');
    await writeFile(
      map,
      `apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n${Object.entries(to)
        .map(([s, d]) => `  - source: ${s}\n    destination: ${d}\n`)
        .join('')}`,
    );
    const r = await runCli(['postrender', '--map', map], {}, plain.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(certain(r.stdout)).toEqual(Object.values(to).sort());
    const images = parse(object(r.stdout, 'ConfigMap').data!['0_acme_images.yaml']!) as { base: string; components: Record<string, { image: string }> };
    expect(images.base).toBe('mirror.local:5000');
    expect(images.components.csi!.image).toBe('team-b/storage/acme-csi');
    // the sig-storage base is shared by images that go under one new prefix: only it changes
    expect(JSON.parse(object(r.stdout, 'ConfigMap').data!['1_sig.json']!)).toEqual(
      JSON.parse(SIG_JSON.replace('"registry.k8s.io/sig-storage"', '"mirror.local:5000/sig"')),
    );
  });

  it('refuses, naming the document, the field and why, when no rewrite of the fields composes the target', async () => {
    const plain = await template();
    const map = join(work, 'two-hosts.map.yaml');
    await writeFile(
      map,
      [
        'apiVersion: helm-airgap/v1',
        'kind: ImageMap',
        'images:',
        '  - {source: "quay.io/acme/acme-server:v1.2.0", destination: "one.example/acme-server:v1.2.0"}',
        '  - {source: "quay.io/acme/acme-csi:v0.3.1", destination: "two.example/acme-csi:v0.3.1"}',
        '  - {source: "quay.io/acme/loader-noble:v9.2.11", destination: "one.example/loader-noble:v9.2.11"}',
        '',
      ].join('\n'),
    );
    const r = await runCli(['postrender', '--map', map, '--allow-unmapped'], {}, plain.stdout);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('quay.io/acme/acme-csi:v0.3.1 (out of reach: ');
    expect(r.stderr).toContain('in splitcfg/templates/config.yaml data["0_acme_images.yaml"] > components.csi');
    expect(r.stderr).toMatch(/base quay\.io\/acme .*no common registry/);
    expect(r.stderr).toContain('\nnext: ');
  });
});
