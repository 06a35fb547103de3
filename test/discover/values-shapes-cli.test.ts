// A chart whose values.yaml declares no image setting: it reads its settings' shape and defaults
// from YAML files of its own with .Files.Get / .Files.Glob and merges the user's values over them
// (StackRox's secured-cluster chart: internal/config-shape.yaml, internal/defaults/*.yaml, every
// image built from `image.registry` / `image.main.registry`). Before, every image was called
// hard-coded and `values` exited 3; the registry keys those files spell are probed like the
// absent ones a template names (holdout S).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deploymentHead } from './template-chart.js';

const INIT = `{{- define "rox.init" -}}
{{- $shape := .Files.Get "internal/config-shape.yaml" | fromYaml -}}
{{- $cfg := dict -}}
{{- range $name, $tpl := .Files.Glob "internal/defaults/*.yaml" }}
{{- $cfg = mergeOverwrite $cfg (tpl (toString $tpl) $ | fromYaml) -}}
{{- end -}}
{{- $cfg = mergeOverwrite $cfg (deepCopy $.Values) -}}
{{- $main := $cfg.image.main -}}
{{- $reg := $main.registry | default $cfg.image.registry -}}
{{- printf "%s/%s:%s" $reg $main.name $main.tag -}}
{{- end -}}
`;

describe('image settings declared in files the templates read, not in values.yaml', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shapes-'));
    await writeFiles(join(dir, 'rox'), {
      'Chart.yaml': 'apiVersion: v2\nname: rox\nversion: 0.1.0\n',
      'values.yaml': '# see internal/config-shape.yaml\n',
      'internal/config-shape.yaml': 'clusterName: null\nimage:\n  registry: null # string\n  main:\n    registry: null\n    name: null\n    tag: null\n',
      'internal/defaults/50-images.yaml': 'image:\n  registry: quay.io/acme-io\n  main:\n    name: main\n    tag: "4.9"\n',
      'internal/other.txt': 'registry: not-yaml-named\n',
      'templates/_init.tpl': INIT,
      'templates/sensor.yaml': `${deploymentHead('sensor')}      - name: sensor\n        image: {{ include "rox.init" . }}\n`,
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('images names the values that move the image, not "hard-coded"', async () => {
    const r = await runCli(['images', join(dir, 'rox'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string; hardcoded?: boolean; valuesPaths?: string[] }[] };
    const main = out.images.find((i) => i.ref === 'quay.io/acme-io/main:4.9')!;
    expect(main.hardcoded).toBeUndefined();
    expect(main.valuesPaths).toEqual(['image.main.registry']);
  });

  it('values writes that registry and proves it by re-rendering (exit 0)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'shapes-values-'));
    try {
      const r = await runCli(['values', join(dir, 'rox'), '--registry', 'target.example:5000/mirror', '--out-dir', out]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await readFile(join(out, 'rox.values.yaml'), 'utf8')).toContain('registry: target.example:5000/mirror/quay.io/acme-io');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
