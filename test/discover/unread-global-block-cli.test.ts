// An Istio-style `global` block (istio/istio manifests/charts/istio-control/istio-discovery/
// values.yaml: `global.hub`, `global.tag`, `global.proxy.image: proxyv2`, `global.proxy_init`)
// carried into a chart built on Istio's values that no template of any chart reads. Helm hands
// `global` to every chart, so it was taken as read, and `images --optional` listed
// docker.io/istio/proxyv2:latest, joined from a hub and an image name that nothing joins. Now it
// is rejected with the reason (no reference composed: `--explain` shows the name as the values
// spell it), while a chart whose subchart does read the block still lists its image.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deployment, valuesThenImages } from './template-chart.js';

const VALUES = `global:
  hub: docker.io/istio
  tag: 1.20.3
  proxy:
    image: proxyv2
  proxy_init:
    image: proxyv2
addon:
  image:
    repository: quay.io/acme/mesh-addon
    tag: v2.3.0
`;
const ADDON = deployment('addon', '{{ .Values.addon.image.repository }}:{{ .Values.addon.image.tag }}');

interface Out {
  images: { ref: string }[];
  optional: { ref: string }[];
  explain: { candidates: { raw: string; fieldPath: string; verdict: string; rule?: string }[] };
}

function chartWith(files: Record<string, string>): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-global-'));
    await writeFiles(join(dir, 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\nappVersion: "2.3.0"\n',
      'values.yaml': VALUES,
      'templates/addon.yaml': ADDON,
      ...files,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return () => join(dir, 'op');
}

async function explained(chart: string): Promise<Out> {
  const r = await runCli(['images', chart, '--optional', '--explain', '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

describe('an inherited global hub/image/tag block no template reads', () => {
  const chart = chartWith({});

  it('is no image, optional or needed; --explain rejects it without joining its fields', async () => {
    const out = await explained(chart());
    expect(out.images.map((i) => i.ref)).toEqual(['quay.io/acme/mesh-addon:v2.3.0']);
    expect(out.optional).toEqual([]);
    const global = out.explain.candidates.filter((c) => c.fieldPath.startsWith('global.'));
    expect(global.map((c) => [c.raw, c.fieldPath, c.verdict, c.rule]).sort()).toEqual([
      ['proxyv2', 'global.proxy.image', 'rejected', 'unread-global-block'],
      ['proxyv2', 'global.proxy_init.image', 'rejected', 'unread-global-block'],
    ]);
    expect(out.explain.candidates.some((c) => c.raw.includes('docker.io/istio/proxyv2'))).toBe(false);
  });

  it('values exits 0 with the chart moved', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(['mirror.local:5000/m/quay.io/acme/mesh-addon:v2.3.0']);
  });
});

// a subchart reads the block (behind a switch no render turns on): Helm's global is its values too
describe('an inherited global block a subchart reads', () => {
  const chart = chartWith({
    'charts/injector/Chart.yaml': 'apiVersion: v2\nname: injector\nversion: 0.1.0\n',
    'charts/injector/values.yaml': 'enabled: false\n',
    'charts/injector/templates/proxy.yaml': `{{- if semverCompare ">=99.0.0" .Capabilities.KubeVersion.Version }}\n${deployment('proxy', '{{ .Values.global.hub }}/{{ .Values.global.proxy.image }}:{{ .Values.global.tag }}')}{{- end }}\n`,
  });

  it('is still listed optional', async () => {
    const out = await explained(chart());
    expect(out.optional.map((i) => i.ref)).toContain('docker.io/istio/proxyv2:1.20.3');
  });
});
