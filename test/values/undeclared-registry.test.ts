// An image helper that reads a registry key beside the repository which values.yaml never declares,
// defaulting to a literal host (New Relic's common-library, holdout II: `imageRoot.registry | default
// global.images.registry | default "docker.io"`, k8s-agents-operator's values giving only
// `repository`). The render spells the host before the repository value; the writer took the
// repository for the whole name (`docker.io/newrelic/x` and `newrelic/x` name one repository), set
// it to the whole target and rendered `docker.io/TARGET/...`: its proof failed, values exited 1 and
// the image stayed outside. A template that spells the host itself and reads no such key: the image
// is hard-coded (exit 3, postrender's), unless the target is under that host.
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

const chart = (name: string, image: string) => ({
  'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\nappVersion: "0.46.0"\n`,
  'values.yaml': 'manager:\n  image:\n    repository: newrelic/k8s-agents-operator\n    version:\n',
  'templates/op.yaml': podTemplate('op', image),
});

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-undeclared-registry-'));
  await writeFiles(join(work, 'reads'), {
    ...chart('reads', '{{ include "op.image" . }}'),
    // the library's registry helper and the chart's image helper, as New Relic's read
    'templates/_helpers.tpl': `{{- define "lib.registry" -}}
{{- $global := "" -}}
{{- if .context.Values.global -}}{{- if .context.Values.global.images -}}{{- with .context.Values.global.images.registry -}}{{- $global = . -}}{{- end -}}{{- end -}}{{- end -}}
{{- .imageRoot.registry | default $global | default "docker.io" -}}
{{- end -}}
{{- define "op.image" -}}
{{- $imageRoot := .Values.manager.image -}}
{{- $root := dict "registry" $imageRoot.registry "repository" $imageRoot.repository "tag" $imageRoot.version -}}
{{- printf "%s/%s:%s" (include "lib.registry" (dict "imageRoot" $root "context" .)) $root.repository ($root.tag | default .Chart.AppVersion) -}}
{{- end -}}
`,
  });
  // the block handed whole to the library's helper, which reads its registry key (newrelic-logging)
  await writeFiles(join(work, 'dict'), {
    ...chart('dict', '{{ include "lib.image" (dict "imageRoot" .Values.manager.image "context" .) }}'),
    'templates/_helpers.tpl': `{{- define "lib.image" -}}
{{- printf "%s/%s:%s" (.imageRoot.registry | default "docker.io") .imageRoot.repository (.imageRoot.version | default .context.Chart.AppVersion) -}}
{{- end -}}
`,
  });
  await writeFiles(
    join(work, 'literal'),
    chart('literal', 'docker.io/{{ .Values.manager.image.repository }}:{{ .Values.manager.image.version | default .Chart.AppVersion }}'),
  );
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a registry key the helper reads but values.yaml does not declare', () => {
  it('values: sets it beside the repository, proven with exit 0, and real Helm renders the image at the target', async () => {
    const dir = join(work, 'reads');
    const out = join(work, 'out-reads');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['reads.values.yaml']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'reads', dir, '-f', join(out, 'reads.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/docker.io/newrelic/k8s-agents-operator:0.46.0`]);
  });

  it('values: the same, the block handed whole to a helper that reads the key of its dict argument', async () => {
    const dir = join(work, 'dict');
    const out = join(work, 'out-dict');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'dict', dir, '-f', join(out, 'dict.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual([`${TARGET}/docker.io/newrelic/k8s-agents-operator:0.46.0`]);
  });

  // The host is text of the template, the repository value only what follows it: the writer once
  // set that value to the whole target, rendered `docker.io/mirror.local:5000/...`, and its proof
  // failed (exit 1, no file). The image is hard-coded then, or, under a target at that very host,
  // the value takes the target's path after it.
  it('values: a host the template spells itself is left for postrender, exit 3 naming it, the file proven', async () => {
    const dir = join(work, 'literal');
    const out = join(work, 'out-literal');
    const r = await runCli(['values', dir, '--registry', TARGET, '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/NOT moved: docker\.io\/newrelic\/k8s-agents-operator:0\.46\.0: hard-coded .*postrender/);
    // exit 3 leaves no file -f values/*.yaml takes: the override is kept as rejected, for a look
    expect(await readdir(out)).toEqual(['literal.values.yaml.rejected']);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'literal', dir, '-f', join(out, 'literal.values.yaml.rejected')])).stdout;
    expect(podSpecImages(rendered)).toEqual(['docker.io/newrelic/k8s-agents-operator:0.46.0']);
  });

  it('values: under a target at the host the template spells, the repository value takes the path after it', async () => {
    const dir = join(work, 'literal');
    const out = join(work, 'out-literal-hub');
    const r = await runCli(['values', dir, '--registry', 'docker.io/mirrors', '-o', out]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'literal', dir, '-f', join(out, 'literal.values.yaml')])).stdout;
    expect(podSpecImages(rendered)).toEqual(['docker.io/mirrors/docker.io/newrelic/k8s-agents-operator:0.46.0']);
  });
});
