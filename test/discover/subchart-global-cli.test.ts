// A subchart's own `global` default (GitLab's bundled nginx-ingress: global.image.registry:
// registry.k8s.io) is its own: Helm copies the parent's globals into each subchart, never one
// subchart's up or across. A sibling that reads the same global behind a switch (GitLab's
// spamcheck and mailroom: `coalesce .local.registry .global.registry "none"`, "none" dropped)
// renders without a registry. The marker render set that default at the top-level global, so every
// chart saw it, and `images --optional` listed the sibling's image as
// `registry.k8s.io/registry.gitlab.example/...`, which real Helm never renders.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'suite');

const SPAM_IMAGE = `{{- $registry := coalesce .Values.image.registry .Values.global.image.registry "none" -}}
{{- if eq $registry "none" }}{{ .Values.image.repository }}{{ else }}{{ $registry }}/{{ .Values.image.repository }}{{ end }}:{{ .Values.image.tag }}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-subchart-global-'));
  await writeFiles(chart(), {
    'Chart.yaml': [
      'apiVersion: v2',
      'name: suite',
      'version: 0.1.0',
      'dependencies:',
      '  - {name: ingress, version: 0.1.0}',
      '  - {name: spam, version: 0.1.0}',
      '',
    ].join('\n'),
    'values.yaml': 'global:\n  image: {}\n  spam:\n    enabled: false\n',
    'charts/ingress/Chart.yaml': 'apiVersion: v2\nname: ingress\nversion: 0.1.0\n',
    'charts/ingress/values.yaml': 'global:\n  image:\n    registry: registry.k8s.io\nimage:\n  image: ingress-nginx/controller\n  tag: v1.12.0\n',
    'charts/ingress/templates/controller.yaml': deployment(
      'controller',
      '{{ .Values.global.image.registry }}/{{ .Values.image.image }}:{{ .Values.image.tag }}',
    ),
    'charts/spam/Chart.yaml': 'apiVersion: v2\nname: spam\nversion: 0.1.0\n',
    'charts/spam/values.yaml': 'image:\n  repository: registry.gitlab.example/spam/spamcheck\n  tag: 1.2.3\n',
    'charts/spam/templates/spamcheck.yaml': `{{- if .Values.global.spam.enabled }}\n${deployment('spamcheck', SPAM_IMAGE)}{{- end }}\n`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a subchart's own global default and a sibling that reads the same global behind a switch", () => {
  it('images --optional lists the sibling as real Helm 4 renders it with the switch on: no registry of the other subchart in front', async () => {
    const { helm } = await realHelm(4);
    const helmImages = async (...set: string[]) => podSpecImages((await execa(helm, ['template', 'rel', chart(), ...set])).stdout).sort();
    expect(await helmImages()).toEqual(['registry.k8s.io/ingress-nginx/controller:v1.12.0']);
    expect(await helmImages('--set', 'global.spam.enabled=true')).toEqual([
      'registry.gitlab.example/spam/spamcheck:1.2.3',
      'registry.k8s.io/ingress-nginx/controller:v1.12.0',
    ]);
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['registry.k8s.io/ingress-nginx/controller:v1.12.0']);
    expect(out.optional.map((i) => [i.ref, i.toggles])).toEqual([['registry.gitlab.example/spam/spamcheck:1.2.3', ['global.spam.enabled=true']]]);
  });
});
