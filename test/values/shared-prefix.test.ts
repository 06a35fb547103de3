// Issue 49 item 6: one registry value shared by many images, joined to repositories and to a map
// of `name:tag` strings (`{{ $.Values.global.imageRegistry }}/{{ $v.image }}`). The writer once set
// the registry to one image's full target path and each string to a whole target reference, so
// every image rendered with the path twice (its proof caught it, exit 1). Now the shared value
// absorbs the change where the naming keeps the path after it, and takes only the host where it
// does not; real Helm renders each image at the target exactly once, for a hub with a path and for
// a plain host.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-shared-prefix-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: op}
spec:
  template:
    spec:
      containers:
        - name: operator
          image: "{{ .Values.global.imageRegistry }}/{{ .Values.operator.repository }}:{{ .Values.global.imageTag }}"
        - name: agent
          image: "{{ .Values.global.imageRegistry }}/{{ .Values.agent.repository }}:{{ .Values.global.imageTag }}"
        {{- range $k, $v := .Values.sidecars }}
        - name: {{ $k }}
          image: "{{ $.Values.global.imageRegistry }}/{{ $v.image }}"
        {{- end }}
`;

/** `key`: where the shared registry is (`image.imageRegistryName`: litmus's, a registry key no `registry` ends). */
async function chart(name: string, registry: string, path: string, key = 'global.imageRegistry'): Promise<string> {
  const dir = join(work, name);
  const [parent, leaf] = key.split('.') as [string, string];
  await writeFiles(dir, {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    'values.yaml': [
      ...(parent === 'global' ? [] : [`${parent}:`, `  ${leaf}: ${registry}`]),
      'global:',
      ...(parent === 'global' ? [`  ${leaf}: ${registry}`] : []),
      '  imageTag: "1.0"',
      `operator: {repository: ${path}operator}`,
      `agent: {repository: ${path}agent}`,
      'sidecars:',
      `  exporter: {image: "${path}exporter:2.1"}`,
      `  reloader: {image: "${path}reloader:0.9"}`,
      '',
    ].join('\n'),
    'templates/deployment.yaml': TEMPLATE.replaceAll('.Values.global.imageRegistry', `.Values.${key}`),
  });
  return dir;
}

const SOURCES = ['quay.io/myorg/agent:1.0', 'quay.io/myorg/exporter:2.1', 'quay.io/myorg/operator:1.0', 'quay.io/myorg/reloader:0.9'];
const flat = (s: string) => `${TARGET}/${s.slice('quay.io/'.length).replace('/', '-')}`;

describe('values: one registry value shared by repositories and name:tag strings', () => {
  it.each([
    ['hub with a path, naming full', 'quay.io/myorg', '', 'full', (s: string) => `${TARGET}/${s}`],
    ['hub with a path, naming flat', 'quay.io/myorg', '', 'flat', flat],
    ['plain host, naming full', 'quay.io', 'myorg/', 'full', (s: string) => `${TARGET}/${s}`],
    ['plain host, naming flat', 'quay.io', 'myorg/', 'flat', flat],
    ['litmus-style registry key, naming full', 'quay.io/myorg', '', 'full', (s: string) => `${TARGET}/${s}`, 'image.imageRegistryName'],
  ])('%s: proven, and real Helm renders every image at the target once', async (label, registry, path, naming, want, key?: string) => {
    const name = `c-${label.replace(/[^a-z]+/g, '-')}`;
    const dir = await chart(name, registry, path, key);
    const out = join(work, `${name}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--naming', naming, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual([`${name}.values.yaml`]);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', name, dir, '-f', join(out, `${name}.values.yaml`)])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual(SOURCES.map(want).sort());
  });
});

// A subchart's image joined from a hub with a path and a one-word image value
// (`{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}`), while the parent dumps its whole
// values tree into a ConfigMap (`{{ .Values | toJson }}`, an injector's config). Discovery read the
// dumped {hub, image, tag} as `image:tag` without the hub, a second image whose whole-reference
// override wrote the target into `image` too: the pod rendered the target path twice (exit 1).
describe('values: a hub with a path beside a one-word image, also dumped into a ConfigMap', () => {
  it('proven, and real Helm renders the image at the target once', async () => {
    const dir = join(work, 'hub-dump');
    await writeFiles(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: hub-dump\nversion: 0.1.0\ndependencies:\n  - {name: metrics, version: 0.1.0}\n',
      'values.yaml': 'metrics: {enabled: true}\n',
      'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: injector}\ndata:\n  values: |-\n    {{ .Values | toJson }}\n',
      'charts/metrics/Chart.yaml': 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n',
      'charts/metrics/values.yaml': 'hub: docker.io/prom\nimage: prometheus\ntag: v2.12.0\n',
      'charts/metrics/templates/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: metrics}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: metrics',
        '          image: "{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}"',
        '',
      ].join('\n'),
    });
    const out = join(work, 'hub-dump-out');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['hub-dump.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'hub-dump', dir, '-f', join(out, 'hub-dump.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/docker.io/prom/prometheus:v2.12.0`]);
  });
});

// One hub with a path shared by an image value with a path of its own (`library/prometheus`) and a
// one-word one (`agent`). The first was set part by part (hub = the target host), the second by the
// hub absorbing the change (hub = the target path): one hub, two values, the second image broken
// (exit 1). Where the naming keeps the path after the hub, both now let the hub absorb it.
describe('values: a hub shared by an image value with a path and a one-word one', () => {
  it.each([
    ['full', (s: string) => `${TARGET}/${s}`],
    ['flat', (s: string) => `${TARGET}/${s.slice('quay.io/'.length).replaceAll('/', '-')}`],
  ])('naming %s: proven, and real Helm renders both at the target once', async (naming, want) => {
    const dir = join(work, `hub-paths-${naming}`);
    const image = (v: string) => `"{{ .Values.hub }}/{{ ${v} }}:{{ .Values.tag }}"`;
    await writeFiles(dir, {
      'Chart.yaml': `apiVersion: v2\nname: hub-paths\nversion: 0.1.0\n`,
      'values.yaml': 'hub: quay.io/acme\nimage: library/prometheus\ntag: v2.12.0\nagent: {image: agent}\n',
      'templates/pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: ${image('.Values.image')}}\n  - {name: b, image: ${image('.Values.agent.image')}}\n`,
    });
    const out = join(work, `hub-paths-${naming}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--naming', naming, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'hub-paths', dir, '-f', join(out, 'hub-paths.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual(['quay.io/acme/library/prometheus:v2.12.0', 'quay.io/acme/agent:v2.12.0'].map(want));
  });
});

// Istio's templates use an image value whole when it contains `/`, else join hub/image:tag. Under a
// naming that does not keep the path after the hub (flat, base), the hub cannot absorb the change and
// `image` written as the target path without host and tag was used whole: no host, no tag (exit 1).
// The proof shows it; one more round writes the whole target reference into the image value.
describe('values: an image value used whole when it contains a slash, else joined to the hub', () => {
  it.each([
    ['full', (s: string) => `${TARGET}/${s}`],
    ['flat', (s: string) => `${TARGET}/${s.slice('docker.io/'.length).replaceAll('/', '-')}`],
    ['base', (s: string) => `${TARGET}/${s.split('/').pop()}`],
  ])('naming %s: proven, and real Helm renders every image at the target', async (naming, want) => {
    const dir = join(work, `slash-or-hub-${naming}`);
    const image = (v: string) => `"{{ if contains "/" ${v} }}{{ ${v} }}{{ else }}{{ .Values.global.hub }}/{{ ${v} }}:{{ .Values.global.tag }}{{ end }}"`;
    await writeFiles(dir, {
      'Chart.yaml': `apiVersion: v2\nname: slash-or-hub\nversion: 0.1.0\n`,
      'values.yaml': 'global: {hub: docker.io/istio, tag: 1.24.0}\npilot: {image: pilot}\nproxy: {image: {name: proxyv2}}\n',
      'templates/pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: ${image('.Values.pilot.image')}\n  - name: b\n    image: ${image('.Values.proxy.image.name')}\n`,
    });
    const out = join(work, `slash-or-hub-${naming}-out`);
    const r = await runCli(['values', dir, '--registry', TARGET, '--naming', naming, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'slash-or-hub', dir, '-f', join(out, 'slash-or-hub.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual(['docker.io/istio/pilot:1.24.0', 'docker.io/istio/proxyv2:1.24.0'].map(want));
  });
});
