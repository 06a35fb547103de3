// A mode word whose workload runs an image known already, and whose further parts sit behind
// switches of that workload's template (r32's memcached 8.0.0, and Zammad's memcached subchart:
// `architecture: high-availability` makes a StatefulSet of the Deployment's image, whose os-shell
// init container needs `persistence.enabled` and `volumePermissions.enabled` too; the word's `if`
// elsewhere reads `autoscaling.enabled`, so the word is searched with that companion). No new site
// named the StatefulSet's template, so its switches were never tried and os-shell was listed from
// values alone, with no setting. Now, last, the templates that read the word give the switches a
// values block no render used sits under (and those an `if` reads beside them); real Helm 4 runs
// os-shell with the setting named. The probe of empty global registries, with every setting on
// at once, then lost the Deployment's exporter (the word renders the Deployment away): such a
// site is probed once more with its own setting.
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
const chart = () => join(dir, 'cache');

const STATEFULSET = `{{- if eq .Values.architecture "high-availability" }}
${deploymentHead('cache-ha').replace('kind: Deployment', 'kind: StatefulSet').replace('spec:\n  template:', `spec:\n  {{- if not (and .Values.autoscaling.enabled (eq .Values.architecture "high-availability")) }}\n  replicas: 2\n  {{- end }}\n  template:`)}      - name: cache
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
      {{- if and .Values.persistence.enabled .Values.volumePermissions.enabled }}
      initContainers:
      - name: volume-permissions
        image: "{{ default .Values.volumePermissions.image.registry .Values.global.imageRegistry }}/{{ .Values.volumePermissions.image.repository }}:{{ .Values.volumePermissions.image.tag }}"
      {{- end }}
{{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-word-template-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
    'values.yaml': [
      'architecture: standalone',
      'image: {repository: acme/cache, tag: "1.6"}',
      'global: {imageRegistry: ""}',
      'metrics:',
      '  enabled: false',
      '  image: {registry: docker.io, repository: acme/exporter, tag: "0.15"}',
      'autoscaling: {enabled: false}',
      'persistence: {enabled: false}',
      'volumePermissions:',
      '  enabled: false',
      '  image: {registry: docker.io, repository: acme/os-shell, tag: "12"}',
      '',
    ].join('\n'),
    'templates/deployment.yaml': `{{- if eq .Values.architecture "standalone" }}\n${deploymentHead('cache')}      - name: cache\n        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n      {{- if .Values.metrics.enabled }}\n      - name: exporter\n        image: "{{ default .Values.metrics.image.registry .Values.global.imageRegistry }}/{{ .Values.metrics.image.repository }}:{{ .Values.metrics.image.tag }}"\n      {{- end }}\n{{- end }}\n`,
    'templates/statefulset.yaml': STATEFULSET,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SETTING = 'architecture=high-availability,persistence.enabled=true,volumePermissions.enabled=true';

describe('a mode word whose workload holds parts behind switches of its own template', () => {
  it('lists the init container with the word and the switches that run it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/os-shell:12']).toEqual([SETTING]);
  });

  it("keeps the global registry of another switch's image that the word's mode renders away (the exporter of the Deployment)", async () => {
    // one probe render with every found setting on names the empty global registries: the word
    // there switches the Deployment off, so its exporter is probed once more with its own switch
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; valuesPaths: string[] }[] };
    const paths = Object.fromEntries(out.optional.map((i) => [i.ref, i.valuesPaths]));
    expect(paths['docker.io/acme/exporter:0.15']).toContain('global.imageRegistry');
    expect(paths['docker.io/acme/os-shell:12']).toContain('global.imageRegistry');
  });

  it('real Helm runs it with that setting', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', SETTING]);
    expect(podSpecImages(stdout)).toEqual(expect.arrayContaining(['docker.io/acme/os-shell:12']));
  });
});
