// A mode word that brings parts only beside a switch the same `if` reads (holdout KK: Bitnami
// redis' sentinel StatefulSet, `if and (eq .Values.architecture "replication")
// .Values.sentinel.enabled`, in a subchart that is off, with the parent setting architecture to
// standalone: Label Studio, Outline, ToolJet; Mailu in holdout HH). The choice round set the word
// alone (with other words of the round, one of which held the StatefulSet back), so sentinel and
// its kubectl container were listed from values alone, with no setting. Now the word is tried
// with the switches its `if` reads, and what that brings with the switches of its own template.
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

const SENTINEL = `{{- if and (eq .Values.architecture "replication") .Values.sentinel.enabled }}
${deploymentHead('node')}      - name: redis
        image: "{{ .Values.image }}"
      - name: sentinel
        image: "{{ .Values.sentinel.image }}"
      {{- if .Values.sentinel.masterService.enabled }}
      - name: kubectl
        image: "{{ .Values.kubectl.image }}"
      {{- end }}
{{- end }}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-choice-companion-'));
  await writeFiles(chart(), {
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - {name: cache, version: 0.1.0, condition: cache.enabled}\n',
    'values.yaml': 'cache:\n  enabled: false\n  architecture: standalone\n',
    'templates/app.yaml': deployment('app', 'acme/app:1.0'),
    'charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
    'charts/cache/values.yaml': [
      'architecture: replication',
      'image: acme/cache:7.2',
      'sentinel:',
      '  enabled: false',
      '  image: acme/cache-sentinel:7.2',
      '  masterService:',
      '    enabled: false',
      'kubectl:',
      '  image: acme/kubectl:1.33',
      '',
    ].join('\n'),
    'charts/cache/templates/master.yaml': `{{- if eq .Values.architecture "standalone" }}\n${deployment('master', '{{ .Values.image }}')}{{- end }}\n`,
    'charts/cache/templates/sentinel.yaml': SENTINEL,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a mode word that needs a switch of its `if` beside it', () => {
  it('lists the sentinel and its kubectl with the settings that run them', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    const sentinel = 'cache.enabled=true,cache.architecture=replication,cache.sentinel.enabled=true';
    expect(toggles['docker.io/acme/cache-sentinel:7.2']).toEqual([sentinel]);
    expect(toggles['docker.io/acme/kubectl:1.33']).toEqual([`${sentinel},cache.sentinel.masterService.enabled=true`]);
  });

  it('real Helm runs them with those settings', async () => {
    const set = 'cache.enabled=true,cache.architecture=replication,cache.sentinel.enabled=true,cache.sentinel.masterService.enabled=true';
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', set]);
    expect(podSpecImages(stdout)).toEqual(expect.arrayContaining(['acme/cache-sentinel:7.2', 'acme/kubectl:1.33']));
  });
});
