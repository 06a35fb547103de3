// A mode word whose workload runs an image known already, and whose further parts sit behind
// switches of that workload's template (r32 Zammad's memcached subchart: `architecture:
// high-availability` makes a StatefulSet of the Deployment's image, whose os-shell init container
// needs `persistence.enabled` and `volumePermissions.enabled` too; the word's `if` elsewhere reads
// `autoscaling.enabled`, so the word is searched with that companion). No new site named the
// StatefulSet's template, so its switches were never tried and os-shell was listed from values
// alone, with no setting. Now the templates that read the word give their switches too, where a
// values block no render used sits under one; real Helm 4 runs os-shell with the setting named.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment, deploymentHead } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'app');

const STATEFULSET = `{{- if eq .Values.architecture "high-availability" }}
${deploymentHead('cache-ha').replace('kind: Deployment', 'kind: StatefulSet').replace('spec:\n  template:', `spec:\n  {{- if not (and .Values.autoscaling.enabled (eq .Values.architecture "high-availability")) }}\n  replicas: 2\n  {{- end }}\n  template:`)}      - name: cache
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
      {{- if and .Values.persistence.enabled .Values.volumePermissions.enabled }}
      initContainers:
      - name: volume-permissions
        image: "{{ .Values.volumePermissions.image.registry }}/{{ .Values.volumePermissions.image.repository }}:{{ .Values.volumePermissions.image.tag }}"
      {{- end }}
{{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-word-template-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - {name: cache, version: 0.1.0, condition: cache.enabled}\n',
    'values.yaml': 'cache:\n  enabled: true\n',
    'templates/app.yaml': deployment('app', 'acme/app:1.0'),
    'charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
    'charts/cache/values.yaml': [
      'architecture: standalone',
      'image: {repository: acme/cache, tag: "1.6"}',
      'autoscaling: {enabled: false}',
      'persistence: {enabled: false}',
      'volumePermissions:',
      '  enabled: false',
      '  image: {registry: docker.io, repository: acme/os-shell, tag: "12"}',
      '',
    ].join('\n'),
    'charts/cache/templates/deployment.yaml': `{{- if eq .Values.architecture "standalone" }}\n${deployment('cache', '{{ .Values.image.repository }}:{{ .Values.image.tag }}')}{{- end }}\n`,
    'charts/cache/templates/statefulset.yaml': STATEFULSET,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SETTING = 'cache.architecture=high-availability,cache.persistence.enabled=true,cache.volumePermissions.enabled=true';

describe('a mode word whose workload holds parts behind switches of its own template', () => {
  it('lists the init container with the word and the switches that run it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/os-shell:12']).toEqual([SETTING]);
  });

  it('real Helm runs it with that setting', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', SETTING]);
    expect(podSpecImages(stdout)).toEqual(expect.arrayContaining(['docker.io/acme/os-shell:12']));
  });
});
