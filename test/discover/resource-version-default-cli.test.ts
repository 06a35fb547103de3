// A custom resource that names only a version (and a kind of component) and no image: its operator
// composes the image from them. Elastic's operator names Beats by spec.type
// (docker.elastic.co/beats/filebeat:VERSION) and moved Elastic Agent to another repository at 9.0
// (beats/elastic-agent before, elastic-agent/elastic-agent from it): the resource's version picks
// the default. `images` lists the one the operator pulls, as runtime; a resource that sets
// spec.image lists that instead.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const resource = (apiVersion: string, kind: string, name: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}---\n`;

describe('images of Elastic Stack resources composed from their version', () => {
  const chart = templateChart({
    'stack.yaml': [
      resource('beat.k8s.elastic.co/v1beta1', 'Beat', 'fb', '  type: filebeat\n  version: 9.1.0\n  daemonSet: {}\n'),
      resource('beat.k8s.elastic.co/v1beta1', 'Beat', 'mb', '  type: metricbeat\n  version: 8.19.2\n  deployment: {}\n'),
      // a Beat of its own image: that one, nothing composed
      resource('beat.k8s.elastic.co/v1beta1', 'Beat', 'own', '  type: mybeat\n  version: 9.1.0\n  image: registry.acme.io/mybeat:1.0\n'),
      resource('agent.k8s.elastic.co/v1alpha1', 'Agent', 'a9', '  version: 9.1.0\n  daemonSet: {}\n'),
      resource('agent.k8s.elastic.co/v1alpha1', 'Agent', 'a8', '  version: 8.19.2\n  daemonSet: {}\n'),
      resource('logstash.k8s.elastic.co/v1alpha1', 'Logstash', 'ls', '  version: 9.1.0\n  count: 1\n'),
      resource('apm.k8s.elastic.co/v1', 'ApmServer', 'apm', '  version: 9.1.0\n  count: 1\n'),
    ].join(''),
  });

  it('lists the image the operator composes for each, as runtime', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string; need: string }[] };
    expect(out.images.map((i) => [i.ref, i.need])).toEqual([
      ['docker.elastic.co/apm/apm-server:9.1.0', 'runtime'],
      ['docker.elastic.co/beats/elastic-agent:8.19.2', 'runtime'],
      ['docker.elastic.co/beats/filebeat:9.1.0', 'runtime'],
      ['docker.elastic.co/beats/metricbeat:8.19.2', 'runtime'],
      ['docker.elastic.co/elastic-agent/elastic-agent:9.1.0', 'runtime'],
      ['docker.elastic.co/logstash/logstash:9.1.0', 'runtime'],
      ['registry.acme.io/mybeat:1.0', 'runtime'],
    ]);
  });
});

// SkyWalking's operator fills each resource's spec.image from its spec.version by a webhook.
describe('images of SkyWalking resources composed from their version', () => {
  const chart = templateChart({
    'sw.yaml': [
      resource('operator.skywalking.apache.org/v1alpha1', 'OAPServer', 'oap', '  version: 10.2.0\n  instances: 1\n'),
      resource('operator.skywalking.apache.org/v1alpha1', 'Satellite', 'sat', '  version: v1.3.0\n  image: registry.acme.io/satellite:v1.3.0\n'),
    ].join(''),
  });

  it('lists the webhook default where the resource names no image, the resource image where it does', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { images: { ref: string; need: string }[] }).images.map((i) => [i.ref, i.need])).toEqual([
      ['docker.io/apache/skywalking-oap-server:10.2.0', 'runtime'],
      ['registry.acme.io/satellite:v1.3.0', 'runtime'],
    ]);
  });
});

// The resource's override field written by the chart only once a value is set, a value its
// values.yaml leaves out (Elastic's eck-* charts: `{{- with .Values.image }} image: ...`): that
// value is how the chart moves the operator's default, so `values` sets it and proves it by the
// re-render, and exits 0 with nothing left outside.
describe('values: the override field of an operator default written from an unset value', () => {
  const beat = `apiVersion: beat.k8s.elastic.co/v1beta1\nkind: Beat\nmetadata:\n  name: fb\nspec:\n  type: filebeat\n  version: {{ .Values.version }}\n  {{- with .Values.image }}\n  image: {{ . }}\n  {{- end }}\n  daemonSet: {}\n`;
  const chart = templateChart({ 'beat.yaml': beat }, 'version: 9.1.0\n');

  it('images names the value as the route', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    const listed = (JSON.parse(r.stdout) as { images: { ref: string; valuesPaths: string[] }[] }).images;
    expect(listed.map((i) => [i.ref, i.valuesPaths])).toEqual([['docker.elastic.co/beats/filebeat:9.1.0', ['image']]]);
  });

  const toggled = templateChart({ 'beat.yaml': `{{- if .Values.beat.enabled }}\n${beat}{{- end }}\n` }, 'version: 9.1.0\nbeat:\n  enabled: false\n');

  it('values --include-optional: a resource behind a toggle is moved so too, proven with the toggle on', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-field-values-'));
    const r = await runCli(['values', toggled(), '--registry', 'registry.site.example', '--out-dir', out, '--include-optional']);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    await rm(out, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(written).toContain('image: registry.site.example/docker.elastic.co/beats/filebeat:9.1.0');
  });

  it('values sets it to the target, proven by re-render', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-field-values-'));
    const r = await runCli(['values', chart(), '--registry', 'registry.site.example', '--out-dir', out]);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    await rm(out, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(written).toContain('image: registry.site.example/docker.elastic.co/beats/filebeat:9.1.0');
  });
});
