// An optional image of a subchart the values disable, whose image helper reads a registry key its
// values.yaml never declares, defaulting to a literal host (New Relic's nri-bundle: the
// k8s-agents-operator and newrelic-logging subcharts, through the common-library's
// `imageRoot.registry | default "docker.io"`). The default render finds that key by its probe; the
// optional images were probed without it, so `values --include-optional` set the repository to the
// whole target under the helper's docker.io (its proof failed, exit 1, holdout II), or, once that
// host was read as the template's own text, called them hard-coded (exit 3).
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages, podTemplate } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-optional-undeclared-registry-'));
  await writeFiles(join(work, 'top'), {
    'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 0.1.0\ndependencies:\n  - name: agent\n    version: 0.1.0\n    condition: agent.enabled\n',
    'values.yaml': 'image: {repository: acme/app, tag: "1.0"}\nagent:\n  enabled: false\n',
    'templates/app.yaml': podTemplate('app', '{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
    'charts/agent/Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 0.1.0\nappVersion: "2.3.0"\n',
    'charts/agent/values.yaml': 'image:\n  repository: acme/agent\n  tag:\n',
    'charts/agent/templates/_helpers.tpl': `{{- define "agent.image" -}}
{{- printf "%s/%s:%s" (.imageRoot.registry | default "docker.io") .imageRoot.repository (.imageRoot.tag | default .context.Chart.AppVersion) -}}
{{- end -}}
`,
    'charts/agent/templates/agent.yaml': podTemplate('agent', '{{ include "agent.image" (dict "imageRoot" .Values.image "context" .) }}'),
  });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('values --include-optional: a disabled subchart whose helper reads an undeclared registry key', () => {
  it('sets that key beside the repository (exit 0), and real Helm renders the image at the target once the subchart is on', async () => {
    const dir = join(work, 'top');
    const out = join(work, 'out');
    const r = await runCli(['values', dir, '--registry', TARGET, '--out-dir', out, '--include-optional']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['top.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'top', dir, '-f', join(out, 'top.values.yaml'), '--set', 'agent.enabled=true'])).stdout;
    expect(podSpecImages(rendered).sort()).toEqual([`${TARGET}/docker.io/acme/agent:2.3.0`, `${TARGET}/docker.io/acme/app:1.0`]);
  });
});
