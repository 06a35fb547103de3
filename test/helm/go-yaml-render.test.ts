// Rendered YAML that only Go's reader accepts, on a chart built here and rendered by real Helm 4:
// a CRD-like document whose quoted descriptions fold over lines at or left of their key (Helm and
// kubectl read it), a ConfigMap whose block scalar's header sits alone under its key, and a document nested past our reader's limit (Helm reads it, we cannot).
// `template` prints what Helm prints; `images` finds the chart's images and names the document it
// could not read (template and line) instead of failing the chart.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { runCli } from '../discover/run-cli.js';
import { templateBoth } from '../support/template-both.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: 'Widget is the Schema for the widgets API. It''s
        folded at its key''s column, and below:
the last line at column 0'
        properties:
          image:
            description: "The image,
            as repository:tag"
            type: string
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
      - name: app
        image: "{{ .Values.image }}"
`;

// lakeFS' ConfigMap: a block scalar's header alone on the line after its key, at the key's column
const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  config.yaml:
  |
    database:
      type: local
  motd:
  >-
    folded
    text
`;

const DEEP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: deep
data:
  nested: "{{ repeat 900 "[" }}{{ repeat 900 "]" }}"
spec: {{ repeat 900 "[" }}{{ repeat 900 "]" }}
`;

let dir: string;
let helm: string;

beforeAll(async () => {
  helm = (await realHelm(4)).helm;
  dir = await mkdtemp(join(tmpdir(), 'go-yaml-'));
  await mkdir(join(dir, 'chart', 'templates'), { recursive: true });
  await writeFile(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: goyaml\nversion: 0.1.0\n');
  await writeFile(join(dir, 'chart', 'values.yaml'), 'image: quay.io/example/app:1.2.3\n');
  await writeFile(join(dir, 'chart', 'templates', 'crd.yaml'), CRD);
  await writeFile(join(dir, 'chart', 'templates', 'deployment.yaml'), DEPLOYMENT);
  await writeFile(join(dir, 'chart', 'templates', 'configmap.yaml'), CONFIG);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rendered YAML that only Go reads', () => {
  it("quoted scalars folded at or left of their key, a block scalar's header on the line after its key: template prints what Helm 4 prints, images finds the image", async () => {
    const chart = join(dir, 'chart');
    const { ours, helm: real } = await templateBoth(chart);
    expect(ours.stderr).toBe('');
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout.trim()).toBe(real.trim());
    const images = await runCli(['images', chart, '-o', 'json']);
    expect(images.exitCode).toBe(0);
    expect((JSON.parse(images.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref)).toEqual(['quay.io/example/app:1.2.3']);
  });

  it('a document nested past our limit: printed as Helm prints it, named and skipped by images', async () => {
    const chart = join(dir, 'deep');
    await execa('cp', ['-r', join(dir, 'chart'), chart]);
    await writeFile(join(chart, 'templates', 'deep.yaml'), DEEP);
    const real = await execa(helm, ['template', 'release-name', chart]);
    const ours = await runCli(['template', chart, '--helm-version', '4.1']);
    expect(ours.exitCode).toBe(0);
    expect(ours.stdout.trim()).toBe(real.stdout.trim());
    const images = await runCli(['images', chart, '-o', 'json']);
    expect(images.exitCode).toBe(0);
    expect((JSON.parse(images.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref)).toEqual(['quay.io/example/app:1.2.3']);
    expect(images.stderr).toMatch(/goyaml\/templates\/deep\.yaml: line 6: nested too deeply .* not searched for images/);
    // rendered by real Helm itself: its output is read the same way
    const viaHelm = await runCli(['images', chart, '--renderer', 'helm', '-o', 'json'], { ...process.env, HELM_BIN: helm });
    expect(viaHelm.exitCode, viaHelm.stderr).toBe(0);
    expect((JSON.parse(viaHelm.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref)).toEqual(['quay.io/example/app:1.2.3']);
    expect(viaHelm.stderr).toMatch(/deep\.yaml: line 6: nested too deeply/);
  });

  it('a manifest that is one flow mapping and then text Go never reads: printed as Helm prints it, its image found; fromYaml reads as far as Go', async () => {
    const chart = join(dir, 'flow');
    await execa('cp', ['-r', join(dir, 'chart'), chart]);
    // go-yaml's Unmarshal parses the root node and stops: after a flow collection nothing is read
    await writeFile(
      join(chart, 'templates', 'flow.yaml'),
      '{apiVersion: v1, kind: Pod, metadata: {name: flow}, spec: {containers: [{name: c, image: "quay.io/example/flow:1.0"}]}} ]\n',
    );
    await writeFile(
      join(chart, 'templates', 'read.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: read\ndata:\n' +
        ['"[1, 2] tail"', '"{a: 1}\\n- x"', `"'s' tail"`, '"{a: 1} : 3"', '"[1, 2]\\nfoo: bar"']
          .map((t, i) => `  v${i}: {{ ${t} | fromYaml | toJson | quote }}\n  w${i}: {{ ${t} | fromYamlArray | toJson | quote }}\n`)
          .join(''),
    );
    const { ours, helm: real } = await templateBoth(chart);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout.trim()).toBe(real.trim());
    const images = await runCli(['images', chart, '-o', 'json']);
    expect(images.exitCode, images.stderr).toBe(0);
    expect(images.stderr).not.toMatch(/not searched for images/);
    expect((JSON.parse(images.stdout) as { images: { ref: string }[] }).images.map((i) => i.ref).sort()).toEqual([
      'quay.io/example/app:1.2.3',
      'quay.io/example/flow:1.0',
    ]);
  });

  it('a document Go refuses too still fails the chart, as Helm fails it', async () => {
    const chart = join(dir, 'bad');
    await execa('cp', ['-r', join(dir, 'chart'), chart]);
    await writeFile(join(chart, 'templates', 'bad.yaml'), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: 'x\n---\n  y'\n");
    const real = await execa(helm, ['template', 'release-name', chart], { reject: false });
    expect(real.exitCode).toBe(1);
    expect(real.stderr).toMatch(/YAML parse error on goyaml\/templates\/bad\.yaml/);
    const images = await runCli(['images', chart]);
    expect(images.exitCode).toBe(1);
    expect(images.stderr).toMatch(/YAML parse error on goyaml\/templates\/bad\.yaml/);
  });
});
