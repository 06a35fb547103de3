// One registry value prefixed to every repository (`{{ printf "%s%s:%s" $reg .repository .tag }}`,
// the registry empty by default and given a trailing slash when set), where one repository names its
// own host (Airbyte's stigg sidecar `public.ecr.aws/stigg/sidecar` beside `airbyte/server`). Set, the
// registry goes before that host too. Before, the empty registry was tied to the others only: values
// set it for them and wrote the hosted repository as a whole target path, so the render doubled it
// (`TARGET/TARGET/...`) and the proof failed, exit 1 (O, airbyte with --include-optional).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `global:
  image:
    registry: ""
    tag: "1.4.0"
server:
  image:
    repository: acme/server
sidecar:
  enabled: true
  image:
    repository: public.ecr.aws/vendor/sidecar
    tag: 3.101.0
`;

const HELPER = `{{- define "imageUrl" -}}
{{- $img := index . 0 -}}{{- $root := index . 1 -}}
{{- $reg := $root.Values.global.image.registry -}}
{{- $reg = (ternary $reg (printf "%s/" (trimSuffix "/" $reg)) (empty $reg)) -}}
{{- printf "%s%s:%s" $reg $img.repository (coalesce $img.tag $root.Values.global.image.tag) -}}
{{- end -}}
`;

const TEMPLATES = {
  '_images.tpl': HELPER,
  'server.yaml': deployment('server', '{{ include "imageUrl" (list .Values.server.image $) }}'),
  'sidecar.yaml': `{{ if .Values.sidecar.enabled }}${deployment('sidecar', '{{ include "imageUrl" (list .Values.sidecar.image $) }}')}{{ end }}`,
};

describe('an empty registry prefixed to a repository that names its own host', () => {
  const refs = ['docker.io/acme/server:1.4.0', 'public.ecr.aws/vendor/sidecar:3.101.0'];
  const on = templateChart(TEMPLATES, VALUES);
  const off = templateChart(TEMPLATES, VALUES.replace('enabled: true', 'enabled: false'));

  it('is among the values that place it, and values moves both, proved by re-render', async () => {
    const chart = on();
    const listed = await listImages(chart);
    expect(listed.images.map((i) => i.ref).sort()).toEqual(refs);
    expect(listed.images.find((i) => i.ref === refs[1])?.valuesPaths).toContain('global.image.registry');
    const v = await valuesThenImages(chart);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });

  it('behind a switch, values --include-optional moves it with the others: the empty registry stands for nothing in both', async () => {
    const chart = off();
    const out = await mkdtemp(join(tmpdir(), 'airgap-hosted-'));
    try {
      const v = await runCli(['values', chart, '--include-optional', '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
      expect(v.exitCode, v.stdout + v.stderr).toBe(0);
      const after = await listImages(chart, ['-f', join(out, 'rel.values.yaml'), '--set', 'sidecar.enabled=true']);
      expect(after.images.map((i) => i.ref).sort()).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
