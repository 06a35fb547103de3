// Parts that render only with two settings on at once, neither bringing anything alone (holdout VV):
// - a map empty by default that turns a part on, inside a subchart that is off (PostHog's and
//   Formbricks' Grafana `dashboards: {}` under their `grafana.enabled` / kube-prometheus-stack
//   switches): the map's stand-in entry was tried alone, which renders nothing while the subchart
//   is off, so the curl image was listed from its values block with no setting;
// - a switch around an `if` that tests a word empty by default (Firefly III's cronjob:
//   `if .Values.cronjob.enabled`, then `if or .Values.cronjob.auth.token .Values.cronjob.auth.existingSecret`,
//   its image read through `with .Values.cronjob.image`): each was tried alone, so its image was
//   listed from its values block with no setting.
// - a switch beside a word compared, around a helper's image (sorry-cypress' Bitnami MongoDB:
//   `if and .Values.externalAccess.enabled .Values.externalAccess.autoDiscovery.enabled (eq
//   .Values.externalAccess.service.type "LoadBalancer")` around `include "...autoDiscovery.image"`,
//   the chart setting ClusterIP): listed from its values block alone there, as the word round that
//   sets LoadBalancer sets `architecture: standalone` too (src/discover/toggles/block.test.ts
//   holds that shape; this small chart's word rounds find it either way, named the same).
// Now the map is tried with its subchart's switch beside it, and a values block still unused
// with what the `if`s around each read of it ask (through the helper that reads it), all on; real
// Helm renders each setting named.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deploymentHead } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'stack');

const DASH = `${deploymentHead('dash')}      - name: dash
        image: "{{ .Values.image }}"
      {{- if .Values.dashboards }}
      initContainers:
      - name: download-dashboards
        image: "{{ .Values.downloadImage }}"
        args: [{{ range $p, $ds := .Values.dashboards }}{{ range $k, $v := $ds }}"{{ $p }}/{{ $k }}={{ $v.url }}",{{ end }}{{ end }}]
      {{- end }}
`;

const CRONJOB = `{{- if .Values.cronjob.enabled }}
{{- if or (.Values.cronjob.auth.token) (.Values.cronjob.auth.existingSecret) }}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: stack-cron
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: cron
            {{- with .Values.cronjob.image }}
            image: "{{ .registry }}/{{ .repository }}:{{ .tag }}"
            {{- end }}
{{- end }}
{{- end }}
`;

const DISCOVERY = `{{- define "stack.discoveryImage" -}}
{{ .Values.external.discovery.image.repository }}:{{ .Values.external.discovery.image.tag }}
{{- end -}}
`;
const STATEFULSET = `{{- if eq .Values.architecture "replicaset" }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: stack-db
spec:
  template:
    spec:
      {{- if and .Values.external.enabled .Values.external.discovery.enabled (eq .Values.external.service.type "LoadBalancer") }}
      initContainers:
      - name: discovery
        image: {{ include "stack.discoveryImage" . }}
      {{- end }}
      containers:
      - name: db
        image: {{ .Values.dbImage }}
{{- else if eq .Values.architecture "standalone" }}
${deploymentHead('stack-db')}      - name: db
        image: {{ .Values.dbImage }}
{{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-parts-together-'));
  await writeFiles(chart(), {
    'Chart.yaml': [
      'apiVersion: v2',
      'name: stack',
      'version: 0.1.0',
      'dependencies:',
      '- name: dash',
      '  version: 0.1.0',
      '  condition: dash.enabled',
      '',
    ].join('\n'),
    'values.yaml': [
      'image: acme/stack:2.0',
      'dash:',
      '  enabled: false',
      'cronjob:',
      '  enabled: false',
      '  auth:',
      '    token: ""',
      '    existingSecret: ""',
      '  image:',
      '    registry: docker.io',
      '    repository: curlimages/curl',
      '    tag: 8.12.0',
      'dbImage: acme/db:7.0',
      'architecture: replicaset',
      'external:',
      '  enabled: true',
      '  service:',
      '    type: ClusterIP',
      '  discovery:',
      '    enabled: false',
      '    image:',
      '      repository: acme/kubectl',
      '      tag: "1.30"',
      '',
    ].join('\n'),
    'templates/deployment.yaml': `${deploymentHead('stack')}      - name: stack\n        image: "{{ .Values.image }}"\n`,
    'templates/cronjob.yaml': CRONJOB,
    'templates/_helpers.tpl': DISCOVERY,
    'templates/statefulset.yaml': STATEFULSET,
    'charts/dash/Chart.yaml': 'apiVersion: v2\nname: dash\nversion: 0.1.0\n',
    'charts/dash/values.yaml': 'image: acme/dash:11.0\ndashboards: {}\ndownloadImage: curlimages/curl:8.9.1\n',
    'charts/dash/templates/deployment.yaml': DASH,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const DOWNLOAD = 'dash.enabled=true,dash.dashboards.example.example.name=example';
const DISCOVERY_ON = 'external.discovery.enabled=true,external.service.type=LoadBalancer';

describe('parts that render only with two settings on at once', () => {
  it('names both settings for each', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref).sort()).toEqual(['docker.io/acme/db:7.0', 'docker.io/acme/stack:2.0']);
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/dash:11.0']).toEqual(['dash.enabled=true']);
    expect(toggles['docker.io/curlimages/curl:8.9.1']).toEqual([DOWNLOAD]);
    const cron = toggles['docker.io/curlimages/curl:8.12.0'];
    expect(cron).toHaveLength(1);
    expect(cron![0]).toMatch(/^cronjob\.enabled=true,cronjob\.auth\.(token|existingSecret)=example$/);
    expect(toggles['docker.io/acme/kubectl:1.30']?.map((t) => t.split(',').sort().join(','))).toEqual([DISCOVERY_ON]);
  });

  it('real Helm runs each image with its setting, and not with one half of it', async () => {
    const { helm } = await realHelm(4);
    const images = async (toggle: string) =>
      podSpecImages((await execa(helm, ['template', 'rel', chart(), ...toggle.split(',').flatMap((p) => ['--set', p])])).stdout);
    expect(await images(DOWNLOAD)).toContain('curlimages/curl:8.9.1');
    expect(await images('dash.dashboards.example.example.name=example')).not.toContain('curlimages/curl:8.9.1');
    expect(await images('cronjob.enabled=true,cronjob.auth.token=example')).toContain('docker.io/curlimages/curl:8.12.0');
    expect(await images('cronjob.enabled=true')).not.toContain('docker.io/curlimages/curl:8.12.0');
    expect(await images('cronjob.auth.token=example')).not.toContain('docker.io/curlimages/curl:8.12.0');
    expect(await images(DISCOVERY_ON)).toContain('acme/kubectl:1.30');
    expect(await images('external.discovery.enabled=true')).not.toContain('acme/kubectl:1.30');
  });
});
