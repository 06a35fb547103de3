// An operator's own config resource, kept whole in a ConfigMap that a hook Job applies
// (`kubectl apply -f /sgconfig.json`), its spec a JSON string made with toJson: a
// `containerRegistry` set once at the top, and components named `{image: {name, tag}}` under
// it, which the operator deploys by default and joins registry/name:tag (stackgres-operator's
// SGConfig for its REST API and web console). Before, neither was seen in the config: both were
// listed only as optional values blocks (no toggle), and never checked after `values`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const VALUES = `containerRegistry: quay.io
operator:
  image:
    name: acme/operator
    tag: "1.0"
restapi:
  name: acme-restapi
  image:
    name: acme/restapi
    tag: 1.0-jvm
    pullPolicy: IfNotPresent
adminui:
  image:
    name: acme/admin-ui
    tag: "1.0"
`;

const TEMPLATES = {
  'operator.yaml': deployment('op', '{{ .Values.containerRegistry }}/{{ .Values.operator.image.name }}:{{ .Values.operator.image.tag }}'),
  // the hook that applies the config runs a tool named by a literal path after the same registry
  'job.yaml': deployment('apply', '{{ printf "%s/acme/kubectl:v1.31" .Values.containerRegistry }}'),
  'config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  config.json: |
    apiVersion: acme.io/v1
    kind: AcmeConfig
    metadata:
      name: {{ .Release.Name }}
    spec: {{ toJson (dict "containerRegistry" .Values.containerRegistry "restapi" .Values.restapi "adminui" .Values.adminui "deploy" (dict "restapi" true)) }}
`,
};

const chart = templateChart(TEMPLATES, VALUES);

describe("components named {image: {name, tag}} under a containerRegistry in an operator's config resource", () => {
  it('images lists each joined under the registry, with the values that build it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string; valuesPaths: string[] }[]; optional: { ref: string }[]; hardcoded: string[] };
    const byRef = new Map(out.images.map((i) => [i.ref, i.valuesPaths]));
    expect([...byRef.keys()].sort()).toEqual([
      'quay.io/acme/admin-ui:1.0',
      'quay.io/acme/kubectl:v1.31',
      'quay.io/acme/operator:1.0',
      'quay.io/acme/restapi:1.0-jvm',
    ]);
    expect(byRef.get('quay.io/acme/restapi:1.0-jvm')).toEqual(expect.arrayContaining(['containerRegistry', 'restapi.image.name']));
    expect(out.optional.map((o) => o.ref)).toEqual([]);
    // the registry value carries the target's path for the literal-named tool too (as `values` writes it)
    expect(out.hardcoded).toEqual([]);
  });

  it('values moves each one the operator joins, proved by re-render', async () => {
    const dir = join(chart(), '..');
    const out = join(dir, 'out');
    const r = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'op.values.yaml'), 'utf8'));
    // whichever way the writer splits it, each component the operator joins lands at its target
    const joined = (name: string) => `${v.containerRegistry}/${name}`;
    expect([joined(v.restapi?.image?.name ?? 'acme/restapi'), joined(v.adminui?.image?.name ?? 'acme/admin-ui'), joined('acme/kubectl')]).toEqual([
      'mirror.local:5000/m/quay.io/acme/restapi',
      'mirror.local:5000/m/quay.io/acme/admin-ui',
      'mirror.local:5000/m/quay.io/acme/kubectl',
    ]);
  });
});
