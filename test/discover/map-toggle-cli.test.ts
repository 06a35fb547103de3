// A map empty by default whose entries turn a part on (holdout HH: Grafana's `dashboards: {}`,
// under `{{- if .Values.dashboards }}` around the init container that downloads them with curl,
// in DevLake). No boolean switches it, so the curl image was listed from its values block alone,
// with no setting. Now an empty map an `if`/`with` tests where the branch brings an image takes a
// stand-in entry, shaped as the chart's ranges walk it: Grafana's reads two levels (providers,
// then dashboards) and tests each dashboard with `hasKey`, which a one-level word would break.
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
const chart = () => join(dir, 'dash');

const DEPLOYMENT = `${deploymentHead('dash')}      - name: dash
        image: "{{ .Values.image }}"
        {{- with .Values.resources }}
        resources: {{ toYaml . | nindent 10 }}
        {{- end }}
      {{- with .Values.exporter }}
      - name: exporter
        image: "{{ $.Values.exporterImage }}"
        args: [{{ range $k, $v := . }}"--{{ $k }}={{ $v }}",{{ end }}]
      {{- end }}
      {{- if .Values.dashboards }}
      initContainers:
      - name: download-dashboards
        image: "{{ .Values.downloadImage }}"
        command: ["/bin/sh", "/etc/dash/download.sh"]
      {{- end }}
`;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: dash
data:
  download.sh: |
    {{- range $provider, $dashboards := .Values.dashboards }}
    {{- range $key, $value := $dashboards }}
    {{- if hasKey $value "url" }}
    curl -o /var/lib/dash/{{ $provider }}/{{ $key }}.json {{ $value.url }}
    {{- end }}
    {{- end }}
    {{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-map-toggle-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: dash\nversion: 0.1.0\n',
    'values.yaml': [
      'image: acme/dash:11.0',
      'resources: {}',
      'exporter: {}',
      'exporterImage: acme/dash-exporter:0.5',
      'dashboards: {}',
      'downloadImage: curlimages/curl:8.9.1',
      '',
    ].join('\n'),
    'templates/deployment.yaml': DEPLOYMENT,
    'templates/configmap.yaml': CONFIG,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const DOWNLOAD = 'dashboards.example.example.name=example';
const EXPORTER = 'exporter.example=example';

describe('a map empty by default whose entry turns a part on', () => {
  it('lists the images that part runs with a stand-in entry as the setting', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/acme/dash:11.0']);
    expect(Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]))).toEqual({
      'docker.io/curlimages/curl:8.9.1': [DOWNLOAD],
      'docker.io/acme/dash-exporter:0.5': [EXPORTER],
    });
  });

  it('real Helm runs them with those settings', async () => {
    const { helm } = await realHelm(4);
    for (const [set, image] of [
      [DOWNLOAD, 'curlimages/curl:8.9.1'],
      [EXPORTER, 'acme/dash-exporter:0.5'],
    ] as const) {
      const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', set]);
      expect(podSpecImages(stdout)).toContain(image);
    }
    // a one-level stand-in is no dashboard Grafana's ranges can read: Helm refuses it
    await expect(execa(helm, ['template', 'rel', chart(), '--set', 'dashboards.example.name=example'])).rejects.toThrow(/wrong type for value/);
  });
});
