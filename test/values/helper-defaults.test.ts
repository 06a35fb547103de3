// Three chart shapes where values control an image although its defaults are not in values.yaml
// (each left an image outside the target after `values` on a real chart): a block whose registry,
// repository and tag are all null and filled by helpers, under a schema that forbids any other key
// (Traefik); a repository left null that, once set, replaces the chart-wide registry plus the
// block's name (Datadog's clusterAgent.image); and a map of untagged image names by component
// beside one shared tag (KEDA's http-add-on `images`). A component block left null that falls back
// to a shared block (tempo-distributed) keeps the shared values. An image key a template reads with
// a default but values.yaml leaves out, beside a shared registry prefix (OpenSearch's
// persistence.image), is set too; a global registry that switches to a branch with another name key
// (Reloader) is left alone; a map of registries by component beside a component's image name
// (MongoDB's registry.operator + operator.operatorImageName) is set, and a whole-image override key a
// template reads (AWS's image.override, beside account/region/domain) is set to the whole target
// reference. Real Helm renders the written file.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.example/m';
let work: string;
let chart: string;

const deployment = (name: string, image: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: {{ .Release.Name }}-${name}`,
    'spec:',
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    '',
  ].join('\n');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-helper-defaults-'));
  chart = join(work, 'shapes');
  const worker =
    '"{{ coalesce .Values.shared.image.registry .Values.compactor.image.registry }}/{{ coalesce .Values.compactor.image.repository .Values.shared.image.repository }}:{{ .Chart.AppVersion }}"';
  const prefix = '{{ with .Values.global.dockerRegistry }}{{ . }}/{{ end }}';
  const rl =
    '{{ if .Values.global.imageRegistry }}{{ .Values.global.imageRegistry }}/{{ .Values.rl.image.name }}{{ else }}{{ .Values.rl.image.repository }}{{ end }}:{{ .Values.rl.image.tag }}';
  const cni = [
    '{{ with .Values.cni.image }}{{ if .override }}{{ .override }}{{ else if .overrideRepository }}{{ .overrideRepository }}:{{ .tag }}',
    '{{- else }}{{ .account }}.dkr.ecr.{{ .region }}.amazonaws.com/cni:{{ .tag }}{{ end }}{{ end }}',
  ].join('');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: shapes\nversion: 0.1.0\nappVersion: v3.1.0\n',
    'values.yaml': [
      'image:',
      '  registry:',
      '  repository:',
      '  tag:',
      '  digest:',
      '# an unused alternative naming the same short name: must not be taken for the image',
      'azure:',
      '  enabled: false',
      '  images:',
      '    proxy:',
      '      registry: azure.example',
      '      image: proxy',
      'registry:',
      'agent:',
      '  image:',
      '    name: agent',
      '    tag: 7.1.0',
      '    repository:',
      'images:',
      '  tag: ""',
      '  operator: ghcr.io/acme/http-operator',
      '# a component block left null falls back to a shared one (tempo-distributed): the shared values name it',
      'shared:',
      '  image:',
      '    registry: docker.io',
      '    repository: acme/worker',
      'compactor:',
      '  image:',
      '    registry:',
      '    repository:',
      '# a registry prefix shared with an image whose name key is only in a comment (OpenSearch)',
      'global:',
      '  dockerRegistry: ""',
      '  # set, it switches to another branch with another name key (Reloader)',
      '  imageRegistry: ""',
      '# registries by component beside a component image name (MongoDB operators)',
      'mongo:',
      '  registry:',
      '    operator: quay.io/acme',
      '    pullPolicy: Always',
      '  operator:',
      '    operatorImageName: acme-operator',
      '    version: 1.0.0',
      '# a name composed from account, region and domain, with a whole-image override only in a comment (AWS)',
      'cni:',
      '  image:',
      '    account: "602401143452"',
      '    region: us-west-2',
      '    tag: v1.0',
      '    overrideRepository:',
      '    # override: repo/org/image:tag',
      'rl:',
      '  image:',
      '    name: acme/rl',
      '    repository: ghcr.io/acme/rl',
      '    tag: v1',
      'search:',
      '  repository: acme/search',
      'persistence:',
      '  enabled: true',
      '  # image: busybox',
      '',
    ].join('\n'),
    'values.schema.json': JSON.stringify({
      type: 'object',
      properties: {
        image: {
          type: 'object',
          additionalProperties: false,
          properties: {
            registry: { type: ['string', 'null'] },
            repository: { type: ['string', 'null'] },
            tag: { type: ['string', 'null'] },
            digest: { type: ['string', 'null'], pattern: '^sha256:[a-f0-9]{64}$' },
          },
        },
      },
    }),
    'templates/_helpers.tpl': [
      '{{- define "proxy.image" -}}',
      '{{- if .Values.azure.enabled -}}',
      '{{ .Values.azure.images.proxy.registry }}/{{ .Values.azure.images.proxy.image }}',
      '{{- else -}}',
      '{{ .Values.image.registry | default "docker.io" }}/{{ .Values.image.repository | default "proxy" }}:{{ .Values.image.tag | default .Chart.AppVersion }}',
      '{{- end -}}',
      '{{- end -}}',
      '{{- define "registry" -}}{{ .Values.registry | default "registry.acme.example" }}{{- end -}}',
      '{{- define "agent.image" -}}',
      '{{- if .Values.agent.image.repository -}}{{ .Values.agent.image.repository }}',
      '{{- else -}}{{ include "registry" . }}/{{ .Values.agent.image.name }}{{- end -}}:{{ .Values.agent.image.tag }}',
      '{{- end -}}',
      '',
    ].join('\n'),
    'templates/proxy.yaml': deployment('proxy', '{{ include "proxy.image" . }}'),
    'templates/agent.yaml': deployment('agent', '"{{ include "agent.image" . }}"'),
    'templates/compactor.yaml': deployment('compactor', worker),
    'templates/mongo.yaml': deployment(
      'mongo',
      '"{{ .Values.mongo.registry.operator }}/{{ .Values.mongo.operator.operatorImageName }}:{{ .Values.mongo.operator.version }}"',
    ),
    'templates/cni.yaml': deployment('cni', `"{{ include "cni.image" . }}"`),
    'templates/_cni.tpl': `{{- define "cni.image" -}}${cni}{{- end -}}`,
    'templates/rl.yaml': deployment('rl', `"${rl}"`),
    'templates/search.yaml': deployment('search', `"${prefix}{{ .Values.search.repository }}:1.0"`),
    'templates/chown.yaml': deployment('chown', `"${prefix}{{ .Values.persistence.image | default "busybox" }}:latest"`),
    'templates/operator.yaml': deployment('operator', '"{{ .Values.images.operator }}:{{ .Values.images.tag | default .Chart.AppVersion }}"'),
  });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('values where helpers fill the defaults of image values', () => {
  it('sets only keys the schema allows, and real Helm renders every image under the target', async () => {
    const out = join(work, 'values');
    const r = await runCli(['values', chart, '--registry', TARGET, '--out-dir', out, '-o', 'json'], { CI: 'true' });
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const rel = (JSON.parse(r.stdout) as { releases: { problems: unknown[]; hardcoded: unknown[] }[] }).releases[0]!;
    expect(rel).toMatchObject({ problems: [], hardcoded: [] });
    const file = await readFile(join(out, 'shapes.values.yaml'), 'utf8');
    expect(file).not.toMatch(/azure/);

    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'shapes', chart, '-f', join(out, 'shapes.values.yaml')])).stdout;
    const images = parseAllDocuments(rendered).map(
      (d) => (d.toJS() as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image,
    );
    expect(images.sort()).toEqual([
      `${TARGET}/602401143452.dkr.ecr.us-west-2.amazonaws.com/cni:v1.0`,
      `${TARGET}/docker.io/acme/search:1.0`,
      `${TARGET}/docker.io/acme/worker:v3.1.0`,
      `${TARGET}/docker.io/library/busybox:latest`,
      `${TARGET}/docker.io/library/proxy:v3.1.0`,
      `${TARGET}/ghcr.io/acme/http-operator:v3.1.0`,
      `${TARGET}/ghcr.io/acme/rl:v1`,
      `${TARGET}/quay.io/acme/acme-operator:1.0.0`,
      `${TARGET}/registry.acme.example/agent:7.1.0`,
    ]);
  });
});
