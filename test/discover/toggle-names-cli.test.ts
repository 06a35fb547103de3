// Switches not named `enabled` (issue 49, class 5), on a chart built here: `create`, `install`,
// `deploy` and words joined to them bring workloads whose images take the chart's global
// registry and tag. `images --optional` flips each and lists the image it brings with the
// chart's own registry and tag and the setting that brings it (before: docker.io and the
// appVersion, guessed from the values alone).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deployment } from './template-chart.js';

const VALUES = `global:
  registry: registry.acme.io
  tag: "4.2"
operator:
  repository: acme/operator
sandbox:
  deploy: false
  repository: acme/sandbox
validator:
  create: false
  repository: acme/validator
installDriver: false
driver:
  repository: acme/driver
HYBRID_DPDK: false
dpdk:
  repository: acme/dpdk
pro: false
oem: false
eni:
  enabled: false
azure:
  enabled: false
webhook:
  enabled: false
  certManager:
    enabled: false
variant:
  ubi: false
  fips: false
  slim: false
agent:
  repository: acme/agent
  useSlim: false
`;

const pod = (name: string, repo: string) => deployment(name, `{{ .Values.global.registry }}/{{ ${repo} }}:{{ .Values.global.tag }}`);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-toggle-names-'));
  await writeFiles(join(dir, 'gpu'), {
    'Chart.yaml': 'apiVersion: v2\nname: gpu\nversion: 0.1.0\nappVersion: "9.9"\n',
    'values.yaml': VALUES,
    'templates/operator.yaml': pod('operator', '.Values.operator.repository'),
    'templates/sandbox.yaml': `{{- if .Values.sandbox.deploy }}\n${pod('sandbox', '.Values.sandbox.repository')}{{- end }}\n`,
    'templates/validator.yaml': `{{- if .Values.validator.create }}\n${pod('validator', '.Values.validator.repository')}{{- end }}\n`,
    'templates/driver.yaml': `{{- if .Values.installDriver }}\n${pod('driver', '.Values.driver.repository')}{{- end }}\n`,
    // a boolean no naming convention finds, tested by an if beside the image (kube-ovn)
    // an if/else-if chain: with both on, only the first branch shows (openfaas: openfaasPro, oem)
    'templates/edition.yaml': `{{- if .Values.pro }}\n${pod('pro', '"acme/pro"')}{{- else if .Values.oem }}\n${pod('oem', '"acme/oem"')}{{- end }}\n`,
    // named toggles that mask each other on together: a chain (cilium's operator), a `not` (certgen)
    'templates/cloud.yaml': `{{- if .Values.eni.enabled }}\n${pod('aws', '"acme/operator-aws"')}{{- else if .Values.azure.enabled }}\n${pod('azure', '"acme/operator-azure"')}{{- end }}\n`,
    'templates/certgen.yaml': `{{- if and .Values.webhook.enabled (not .Values.webhook.certManager.enabled) }}\n${pod('certgen', '"acme/certgen"')}{{- end }}\n`,
    // booleans that each pick a variant of one image (eck's -ubi and -fips; node-exporter's ternary)
    'templates/edge.yaml': `{{- $r := "acme/edge" }}{{- if .Values.variant.ubi }}{{ $r = printf "%s-ubi" $r }}{{ end }}{{- if .Values.variant.fips }}{{ $r = printf "%s-fips" $r }}{{ end }}\n${pod('edge', '$r')}`,
    'templates/slim.yaml': pod('slim', 'printf "acme/slim%s" (ternary "-slim" "" .Values.variant.slim)'),
    'templates/dpdk.yaml': `{{- if and .Values.HYBRID_DPDK (not .Values.installDriver) }}\n${pod('dpdk', '.Values.dpdk.repository')}{{- end }}\n`,
    // a boolean read through a variable set to its block, in the tag helper (open-webui's image.useSlim)
    'templates/_agent.tpl':
      '{{- define "gpu.agentTag" -}}\n{{- $image := .Values.agent }}\n{{- if $image.tag }}{{ $image.tag }}\n{{- else if $image.useSlim }}{{ printf "%s-slim" .Values.global.tag }}\n{{- else }}{{ .Values.global.tag }}\n{{- end }}\n{{- end }}\n',
    'templates/agent.yaml': deployment('agent', '{{ .Values.global.registry }}/{{ .Values.agent.repository }}:{{ include "gpu.agentTag" . }}'),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `images --optional -o json` of a chart built here: the needed references, and each optional one's toggles. */
async function neededAndOptional(chart: string): Promise<{ needed: string[]; optional: Record<string, string[]> }> {
  const r = await runCli(['images', join(dir, chart), '--optional', '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
  return { needed: out.images.map((i) => i.ref), optional: Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles])) };
}

describe('toggles named create, install, deploy, and booleans of any name an if tests', () => {
  it("images --optional lists what each brings, with the chart's own registry and tag", async () => {
    expect(await neededAndOptional('gpu')).toEqual({
      needed: ['registry.acme.io/acme/agent:4.2', 'registry.acme.io/acme/edge:4.2', 'registry.acme.io/acme/operator:4.2', 'registry.acme.io/acme/slim:4.2'],
      optional: {
        'registry.acme.io/acme/sandbox:4.2': ['sandbox.deploy=true'],
        'registry.acme.io/acme/validator:4.2': ['validator.create=true'],
        'registry.acme.io/acme/driver:4.2': ['installDriver=true'],
        'registry.acme.io/acme/dpdk:4.2': ['HYBRID_DPDK=true'],
        'registry.acme.io/acme/pro:4.2': ['pro=true'],
        'registry.acme.io/acme/oem:4.2': ['oem=true'],
        'registry.acme.io/acme/operator-aws:4.2': ['eni.enabled=true'],
        'registry.acme.io/acme/operator-azure:4.2': ['azure.enabled=true'],
        'registry.acme.io/acme/certgen:4.2': ['webhook.enabled=true'],
        'registry.acme.io/acme/edge-ubi:4.2': ['variant.ubi=true'],
        'registry.acme.io/acme/edge-fips:4.2': ['variant.fips=true'],
        'registry.acme.io/acme/edge-ubi-fips:4.2': ['variant.ubi=true,variant.fips=true'],
        'registry.acme.io/acme/slim-slim:4.2': ['variant.slim=true'],
        'registry.acme.io/acme/agent:4.2-slim': ['agent.useSlim=true'],
      },
    });
  });
});

// Toggles that are not switches (issue 49 item 5): a mode word read through a variable
// (`$mode := .Values.cache.mode`), a setting absent from values compared through its default
// (`eq (.Values.backup.type | default "none") "s3"`), a word compared only with the current one
// whose others the values schema's enum gives (`ne .Values.proxy.mode "sidecar"`), and a list empty by default whose each entry
// runs a workload (`range .Values.gateways`). Each brings an image with the chart's own registry and
// tag only when set otherwise: optional, with the setting named, never needed. A list of images
// the user names (`prePull: []`) brings none of the chart's.
const MODES_VALUES = `global:
  registry: registry.acme.io
  tag: "4.2"
operator:
  repository: acme/operator
cache:
  mode: standalone
  managerRepository: acme/cache-manager
backup:
  repository: acme/backup
gateways: []
gateway:
  repository: acme/gateway
prePull: []
proxy:
  mode: sidecar
  repository: acme/proxy
`;

// the schema names the other word of a setting the template compares with its current one only
const MODES_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { proxy: { type: 'object', properties: { mode: { type: 'string', enum: ['sidecar', 'gateway'] } } } },
});

describe('toggles of other types: mode words, absent settings with a default, lists', () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'modes'), {
      'Chart.yaml': 'apiVersion: v2\nname: modes\nversion: 0.1.0\nappVersion: "9.9"\n',
      'values.yaml': MODES_VALUES,
      'values.schema.json': MODES_SCHEMA,
      'templates/operator.yaml': pod('operator', '.Values.operator.repository'),
      'templates/proxy.yaml': `{{- if ne .Values.proxy.mode "sidecar" }}\n${pod('proxy', '.Values.proxy.repository')}{{- end }}\n`,
      'templates/cache.yaml': `{{- $mode := .Values.cache.mode }}\n{{- if eq $mode "cluster" }}\n${pod('cache-manager', '.Values.cache.managerRepository')}{{- end }}\n`,
      'templates/backup.yaml': `{{- if eq (.Values.backup.type | default "none") "s3" }}\n${pod('backup', '.Values.backup.repository')}{{- end }}\n`,
      // a list of images the user names: its stand-in entry is no image of the chart's
      'templates/pre-pull.yaml': `{{- range .Values.prePull }}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: pull}\nspec:\n  containers:\n  - {name: pull, image: "{{ .name }}"}\n{{- end }}\n`,
      'templates/gateways.yaml': `{{- range .Values.gateways }}\n---\n${pod('gw-{{ .name }}', '$.Values.gateway.repository').replaceAll('.Values.global', '$.Values.global')}{{- end }}\n`,
    });
  });

  it('images --optional names the setting that brings each; none is needed', async () => {
    expect(await neededAndOptional('modes')).toEqual({
      needed: ['registry.acme.io/acme/operator:4.2'],
      optional: {
        'registry.acme.io/acme/cache-manager:4.2': ['cache.mode=cluster'],
        'registry.acme.io/acme/backup:4.2': ['backup.type=s3'],
        'registry.acme.io/acme/gateway:4.2': ['gateways[0].name=example'],
        'registry.acme.io/acme/proxy:4.2': ['proxy.mode=gateway'],
      },
    });
  });

  it('images --explain gives each the verdict optional with its setting', async () => {
    const r = await runCli(['images', join(dir, 'modes'), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const [ref, setting] of [
      ['registry.acme.io/acme/cache-manager:4.2', 'cache.mode=cluster'],
      ['registry.acme.io/acme/backup:4.2', 'backup.type=s3'],
      ['registry.acme.io/acme/gateway:4.2', 'gateways[0].name=example'],
      ['registry.acme.io/acme/proxy:4.2', 'proxy.mode=gateway'],
    ])
      expect(r.stdout).toContain(`${ref}  when ${setting}  <- pod-spec:`);
  });
});

// A parent that dumps its values into a ConfigMap (`{{ .Values | toJson }}`, an injector's config)
// beside a subchart off by its condition, whose image is `{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}`.
// The marker render passes the subchart's defaults as given values, so the dump spells its image
// next to `enabled: false`: switched off, that reading must not count as already known, or the
// subchart's image is never found behind its switch.
describe('a disabled subchart whose values a dump spells beside enabled: false', () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'dump'), {
      'Chart.yaml': 'apiVersion: v2\nname: dump\nversion: 0.1.0\ndependencies:\n  - {name: tracing, version: 0.1.0, condition: tracing.enabled}\n',
      'values.yaml': 'tracing: {enabled: false}\n',
      'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: injector}\ndata:\n  values: |-\n    {{ .Values | toJson }}\n',
      'charts/tracing/Chart.yaml': 'apiVersion: v2\nname: tracing\nversion: 0.1.0\n',
      'charts/tracing/values.yaml': 'enabled: false\nhub: docker.io/jaegertracing\nimage: all-in-one\ntag: "1.14"\n',
      'charts/tracing/templates/deployment.yaml': pod('jaeger', '.Values.image').replace(
        '{{ .Values.global.registry }}/{{ .Values.image }}:{{ .Values.global.tag }}',
        '{{ .Values.hub }}/{{ .Values.image }}:{{ .Values.tag }}',
      ),
    });
  });

  it('images --optional finds it behind tracing.enabled', async () => {
    expect((await neededAndOptional('dump')).optional).toEqual({ 'docker.io/jaegertracing/all-in-one:1.14': ['tracing.enabled=true'] });
  });
});

// Maps empty by default that a template ranges over, each entry a workload
// (`range $name, $d := .Values.extraDeployments`): as for lists, one stand-in entry
// (`extraDeployments.example.name=example`) brings the chart's image, optional with that setting;
// a map of images the user names (`prePull: {}`, each entry's key spelled into the image) brings none.
describe('maps empty by default whose entries each make a workload', () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'maps'), {
      'Chart.yaml': 'apiVersion: v2\nname: maps\nversion: 0.1.0\n',
      'values.yaml': `${MODES_VALUES.split('cache:')[0]}extraDeployments: {}\nextra:\n  repository: acme/extra\nprePull: {}\nenv: {}\n`,
      'templates/operator.yaml': pod('operator', '.Values.operator.repository'),
      'templates/extra.yaml': `{{- range $name, $d := .Values.extraDeployments }}\n---\n${pod('x-{{ $name }}', '$.Values.extra.repository').replaceAll('.Values.global', '$.Values.global')}{{- end }}\n`,
      'templates/pre-pull.yaml': `{{- range $name, $p := .Values.prePull }}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: pull}\nspec:\n  containers:\n  - {name: pull, image: "{{ $name }}:1.0"}\n{{- end }}\n`,
      // a map ranged for env entries beside an image makes no workload: no toggle
      'templates/env.yaml': `${pod('env', '.Values.operator.repository').replace('name: env', 'name: env2')}        env:\n{{- range $k, $v := .Values.env }}\n          - {name: {{ $k }}, value: {{ $v | quote }}}\n{{- end }}\n`,
    });
  });

  it('images --optional names the stand-in entry that brings the image; none is needed', async () => {
    expect(await neededAndOptional('maps')).toEqual({
      needed: ['registry.acme.io/acme/operator:4.2'],
      optional: { 'registry.acme.io/acme/extra:4.2': ['extraDeployments.example.name=example'] },
    });
  });
});

// A switch inside a list entry (A, vllm-stack's `servingEngineSpec.modelSpec[0].enabled:
// false`): the chart ships an example entry, off, whose own repository and tag the template ranges
// over. Flipped, the entry runs that image: optional with the entry's switch, composed from the
// entry's own fields (the rest of the entry kept, as a -f file given with the --set keeps it).
describe('a switch inside a list entry', () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'entries'), {
      'Chart.yaml': 'apiVersion: v2\nname: entries\nversion: 0.1.0\n',
      'values.yaml': `${MODES_VALUES.split('cache:')[0]}engine:\n  models:\n  - name: small\n    enabled: false\n    repository: acme/engine\n    tag: "1.1"\n  - name: big\n    enabled: false\n    repository: acme/engine-xl\n    tag: "2.0"\n`,
      'templates/operator.yaml': pod('operator', '.Values.operator.repository'),
      'templates/engines.yaml': `{{- range .Values.engine.models }}\n{{- if .enabled }}\n---\n${deployment('e-{{ .name }}', '{{ .repository }}:{{ .tag }}')}{{- end }}\n{{- end }}\n`,
    });
  });

  it('images --optional lists each entry image with the entry switch; none is needed', async () => {
    expect(await neededAndOptional('entries')).toEqual({
      needed: ['registry.acme.io/acme/operator:4.2'],
      optional: {
        'docker.io/acme/engine:1.1': ['engine.models[0].enabled=true'],
        'docker.io/acme/engine-xl:2.0': ['engine.models[1].enabled=true'],
      },
    });
  });

  it('values --include-optional writes overrides that hold with the switch set on the written file (-f FILE --set SWITCH)', async () => {
    const out = join(dir, 'entries-values');
    const v = await runCli(['values', join(dir, 'entries'), '--include-optional', '--registry', 'mirror.local:5000/m', '--name', 'rel', '--out-dir', out]);
    expect(v.exitCode, v.stderr).toBe(0);
    const on = await runCli(['template', 'rel', join(dir, 'entries'), '-f', join(out, 'rel.values.yaml'), '--set', 'engine.models[1].enabled=true']);
    expect(on.exitCode, on.stderr).toBe(0);
    expect(on.stdout).toContain('image: "mirror.local:5000/m/docker.io/acme/engine-xl:2.0"');
  });
});

// A subchart's `images` annotation (Bitnami's) names its image at its own repository; the parent
// moves the repository (`redis.image.repository: bitnamilegacy/redis`, common since Bitnami's
// catalog moved) and the render runs that. The same name and tag under another repository is the
// same image the render already names: the annotation adds no optional image (A,
// dragonfly: docker.io/bitnami/redis and mysql were listed optional, never pulled). An annotated
// image of another name or tag still is.
describe("a subchart's images annotation whose repository the parent moves", () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'moved'), {
      'Chart.yaml': 'apiVersion: v2\nname: moved\nversion: 0.1.0\ndependencies:\n  - {name: redis, version: 0.1.0}\n',
      'values.yaml': 'redis:\n  image:\n    repository: bitnamilegacy/redis\n',
      'charts/redis/Chart.yaml':
        'apiVersion: v2\nname: redis\nversion: 0.1.0\nannotations:\n  images: |\n    - name: redis\n      image: docker.io/bitnami/redis:8.2.1-debian-12-r0\n    - name: redis-exporter\n      image: docker.io/bitnami/redis-exporter:1.76.0\n',
      'charts/redis/values.yaml': 'image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: 8.2.1-debian-12-r0\n',
      'charts/redis/templates/sts.yaml': deployment('redis', '{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
    });
  });

  it('images --optional lists only the annotated image the render names under no repository', async () => {
    expect(await neededAndOptional('moved')).toEqual({
      needed: ['docker.io/bitnamilegacy/redis:8.2.1-debian-12-r0'],
      optional: { 'docker.io/bitnami/redis-exporter:1.76.0': [] },
    });
  });
});

describe("a subchart's images annotation whose repository and tag the parent both change", () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'retagged'), {
      'Chart.yaml': 'apiVersion: v2\nname: retagged\nversion: 0.1.0\ndependencies:\n  - {name: redis, version: 0.1.0}\n',
      'values.yaml': 'redis:\n  image:\n    repository: bitnamilegacy/redis\n    tag: 7.0.11-debian-11-r12\n',
      'charts/redis/Chart.yaml':
        'apiVersion: v2\nname: redis\nversion: 0.1.0\nannotations:\n  images: |\n    - name: redis\n      image: docker.io/bitnami/redis:8.2.1-debian-12-r0\n    - name: redis-exporter\n      image: docker.io/bitnami/redis-exporter:1.76.0\n',
      'charts/redis/values.yaml': 'image:\n  registry: docker.io\n  repository: bitnami/redis\n  tag: 8.2.1-debian-12-r0\n',
      'charts/redis/templates/sts.yaml': deployment('redis', '{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
    });
  });

  it('the annotated image the same subchart runs under another repository and tag is not listed again', async () => {
    expect(await neededAndOptional('retagged')).toEqual({
      needed: ['docker.io/bitnamilegacy/redis:7.0.11-debian-11-r12'],
      optional: { 'docker.io/bitnami/redis-exporter:1.76.0': [] },
    });
  });
});

describe("a subchart's images annotation naming the default of a values block the parent replaces", () => {
  beforeAll(async () => {
    await writeFiles(join(dir, 'replaced'), {
      'Chart.yaml': 'apiVersion: v2\nname: replaced\nversion: 0.1.0\ndependencies:\n  - {name: postgresql, version: 0.1.0, alias: db}\n',
      'values.yaml': 'db:\n  image:\n    repository: zulip/zulip-postgresql\n    tag: "14"\n',
      'charts/postgresql/Chart.yaml':
        'apiVersion: v2\nname: postgresql\nversion: 0.1.0\nannotations:\n  images: |\n    - name: postgresql\n      image: docker.io/bitnami/postgresql:17.6.0-debian-12-r4\n    - name: postgres-exporter\n      image: docker.io/bitnami/postgres-exporter:0.17.1\n',
      'charts/postgresql/values.yaml':
        'image:\n  registry: docker.io\n  repository: bitnami/postgresql\n  tag: 17.6.0-debian-12-r4\nexporter:\n  registry: docker.io\n  repository: bitnami/postgres-exporter\n  tag: 0.17.1\n',
      'charts/postgresql/templates/sts.yaml': deployment('db', '{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
    });
  });

  it('the annotated default of the block a rendered site reads is not listed: the parent runs another image there', async () => {
    expect(await neededAndOptional('replaced')).toEqual({
      needed: ['docker.io/zulip/zulip-postgresql:14'],
      optional: { 'docker.io/bitnami/postgres-exporter:0.17.1': [] },
    });
  });
});
