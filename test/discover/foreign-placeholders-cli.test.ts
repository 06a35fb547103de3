// `{{...}}` in a config text that are no Go-template actions: another program's placeholders
// inside the text's string values (KubeSpawner's env expansion `'{{JUPYTER_IMAGE_SPEC}}'` in a hub's
// Python extraConfig, a Jinja `{{ ds }}`, a Handlebars `{{depName}}`), in a values tree a Secret
// carries whole for the chart's script to read key by key (holdoutNN: 2i2c's basehub).
// Before, any `{{` made the whole dump read as Go-template text (actions masked), which dropped
// where in the dump each image sat: the unread-dump-entry rule could not place the proxy's Traefik
// and kept it as a run-time image (a false positive), and the post-renderer lost the dump's
// composition. The post-renderer's check of the rewritten dump read it alone, without the script
// of another document: the dump's own snippet's keys then counted as the only ones read, and its
// run-time entries were dropped from the check ("read as no image"). A Go template whose actions shape the YAML (an injector's pod template) is still
// read with its actions taken out.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { embeddedCandidates } from '../../src/discover/decoders/index.js';
import { setDataFields } from '../../src/overrides/data-fields.js';
import { APP_AND_DIND, APP_AND_DIND_VALUES, listImages, postrendered, templateChart } from './template-chart.js';

const VALUES = `${APP_AND_DIND_VALUES}  extraConfig:
    env: |
      import os
      c.KubeSpawner.environment.update({
          "MODE": get_value("mode"),
          "NOTE": get_value("app.notify.commitMessage"),
          "QUERY": get_value("app.notify.query"),
          "image": "quay.io/acme/tools:4.1.0",
          "CLUSTER_IMAGE": "{{JUPYTER_IMAGE_SPEC}}",
          "DASHBOARD": "{{JUPYTERHUB_SERVICE_PREFIX}}proxy/{{port}}/status",
      })
  notify:
    commitMessage: "Update {{depName}} to {{{newVersion}}}"
    query: "SELECT * FROM runs WHERE day = '{{ ds }}'"
`;

const TEMPLATES = {
  'secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: app
data:
  values.yaml: {{ toYaml .Values | b64enc | quote }}
`,
  'script.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-script
data:
  app_config.py: {{ .Files.Get "files/app_config.py" | quote }}
`,
  ...APP_AND_DIND,
};

const SCRIPT = `def get_value(key, default=None):
    return default
mode = get_value("mode")
runner = get_value("runner.image.name") + ":" + get_value("runner.image.tag")
`;

describe("a values dump whose strings carry another program's {{...}} placeholders", () => {
  const chart = templateChart({ ...TEMPLATES, '../files/app_config.py': SCRIPT }, VALUES);

  it('is read as the YAML it is: the entry no key reads is not run-time, the switched image optional', async () => {
    const r = await listImages(chart(), ['--include-optional']);
    const byNeed = (r.images as { ref: string; need: string; toggles: string[] }[]).map((i) => [i.need, i.ref, i.toggles]);
    expect(byNeed).toEqual([
      ['default', 'quay.io/acme/app:1.0', []],
      ['runtime', 'quay.io/acme/runner:3.0', []],
      ['runtime', 'quay.io/acme/tools:4.1.0', []],
      ['optional', 'quay.io/acme/dind:2.0', ['mode=dind']],
    ]);
  });

  it('the post-renderer rewrites the run-time entry inside the dump, its placeholders kept', async () => {
    const docs = await postrendered<{ kind: string; data?: Record<string, string> }>(chart());
    const secret = docs.find((d) => d.kind === 'Secret')!;
    const dump = Buffer.from(secret.data!['values.yaml']!, 'base64').toString('utf8');
    expect(parse(dump).runner.image.name).toBe('mirror.local:5000/m/quay.io/acme/runner');
    // a reference the snippet's lines name, edited in the same Secret field as the dump's entries
    expect(dump).toContain('"image": "mirror.local:5000/m/quay.io/acme/tools:4.1.0",');
    expect(dump).toContain('"CLUSTER_IMAGE": "{{JUPYTER_IMAGE_SPEC}}"');
    expect(dump).toContain('Update {{depName}} to {{{newVersion}}}');
  });
});

describe('which {{...}} are read as Go-template actions', () => {
  const levels = (text: string) => embeddedCandidates(text, 'config.yaml', ['data', 'config.yaml']).map((c) => [c.raw, c.composition?.levels.length]);

  it('placeholders inside string values: the text as written, each image with its place in the document', () => {
    const text = `image:\n  repository: quay.io/acme/worker\n  tag: "1.0"\nmessage: "{{ .Labels.alertname }} on {{instance}}"\n`;
    expect(levels(text)).toContainEqual(['quay.io/acme/worker:1.0', 1]);
  });

  it('actions that shape the YAML (an injector template): read with them taken out, no place kept', () => {
    const text = `{{- if .Sidecar }}\ncontainers:\n- name: proxy\n  image: quay.io/acme/proxy:1.0\n  args: {{ toJSON .Args }}\n{{- end }}\n`;
    expect(levels(text)).toContainEqual(['quay.io/acme/proxy:1.0', undefined]);
  });

  it('the data-field editor takes a text whose placeholders sit in strings, and refuses a Go template', () => {
    const dump = `image:\n  name: quay.io/acme/worker\nenv: "{{JUPYTER_IMAGE_SPEC}}"\n`;
    const set = [{ at: ['image', 'name'], value: 'mirror.local/acme/worker' }];
    expect(setDataFields(dump, [{ base64: false, at: [] }], set)).toBe(dump.replace('quay.io/acme/worker', 'mirror.local/acme/worker'));
    expect(() => setDataFields(`{{- if .x }}\n${dump}{{- end }}\n`, [{ base64: false, at: [] }], set)).toThrow(/template/);
  });
});
