// A setting the chart refuses until other values are set, where the chart's check says which:
// a validation helper whose message another template fails with (Bitnami's validateValues, failed
// in NOTES: MongoDB's autoDiscovery needs `rbac.create`, Redis' master service `rbac.create` and
// `replica.automountServiceAccountToken`, read under `not`), a `required` in a helper the image's
// template includes (PostgreSQL's TLS needs its certificate file names, one check after another),
// and a `required` whose words name the value (`specify a database (.Values.auth.database)`).
// An image value the chart requires gets no stand-in (kfp-operator's provider.serviceImage). A check
// that compares a count (Bitnami Kafka's ZooKeeper mode, holdout YY's OpenMeter: brokers must be
// above 0 once zookeeper.enabled, beside KRaft switched off) asks the count that passes it.
// The listing names the setting with what the checks ask, and real Helm 4 renders the image with
// it; before, each was listed with the setting alone, which Helm refuses.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { deployment, listImages, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const VALUES = `image: quay.io/acme/app:1.0
rbac:
  create: false
discovery:
  enabled: false
  image: docker.io/acme/kubectl:1.30
tls:
  enabled: false
  certFile: ""
  keyFile: ""
  image: docker.io/acme/os-shell:12
metrics:
  enabled: false
  image: docker.io/acme/exporter:0.17
auth:
  database: ""
provider:
  enabled: false
  serviceImage: ""
zk:
  enabled: false
  image: docker.io/acme/zookeeper:3.9
kraft:
  enabled: true
brokers:
  replicas: 0
`;

const chart = templateChart(
  {
    'app.yaml': deployment('app', '{{ .Values.image }}'),
    '_helpers.tpl': [
      '{{- define "op.validateValues.discovery" -}}',
      '{{- if and .Values.discovery.enabled (not .Values.rbac.create) }}',
      'op: discovery.enabled',
      '    The discovery init container queries the API: it needs RBAC resources (rbac.create=true).',
      '{{- end -}}',
      '{{- end -}}',
      '{{- define "op.validateValues.kraft" -}}',
      '{{- if and .Values.kraft.enabled .Values.zk.enabled }}',
      'op: both KRaft and ZooKeeper modes have been configured at once',
      '{{- end -}}',
      '{{- end -}}',
      '{{- define "op.validateValues.brokers" -}}',
      '{{- if and .Values.zk.enabled (le (int .Values.brokers.replicas) 0) }}',
      'op: ZooKeeper mode has been enabled, but no broker nodes have been configured',
      '{{- end -}}',
      '{{- end -}}',
      '{{- define "op.tlsCert" -}}{{ required "Certificate filename is required when TLS is enabled" .Values.tls.certFile }}{{- end -}}',
      '{{- define "op.tlsKey" -}}{{ required "Certificate key filename is required when TLS is enabled" .Values.tls.keyFile }}{{- end -}}',
      '{{- define "op.database" -}}{{ .Values.auth.database }}{{- end -}}',
      '',
    ].join('\n'),
    'NOTES.txt': [
      '{{- $messages := list (include "op.validateValues.discovery" .) (include "op.validateValues.kraft" .) (include "op.validateValues.brokers" .) | compact }}',
      '{{- if $messages }}{{ printf "\\nVALUES VALIDATION:\\n%s" (join "\\n" $messages) | fail }}{{- end }}',
      '',
    ].join('\n'),
    'zookeeper.yaml': `{{- if .Values.zk.enabled }}\n${deployment('zookeeper', '{{ .Values.zk.image }}')}{{- end }}\n`,
    'discovery.yaml': `{{- if .Values.discovery.enabled }}\n${deployment('discovery', '{{ .Values.discovery.image }}')}{{- end }}\n`,
    'tls.yaml': [
      '{{- if .Values.tls.enabled }}',
      `${deployment('certs', '{{ .Values.tls.image }}')}        args: ["{{ include "op.tlsKey" . }}", "{{ include "op.tlsCert" . }}"]`,
      '{{- end }}',
      '',
    ].join('\n'),
    // an image value the chart requires is the user's to choose: no stand-in, the chart's words
    'provider.yaml': [
      '{{- if .Values.provider.enabled }}',
      '{{- $image := required "provider.serviceImage is required when provider.enabled is true" .Values.provider.serviceImage }}',
      `${deployment('provider-job', 'docker.io/acme/jq:1.6')}{{- end }}`,
      '',
    ].join('\n'),
    'metrics.yaml': [
      '{{- if .Values.metrics.enabled }}',
      '{{- $db := required "To enable metrics you need to specify a database (.Values.auth.database)" (include "op.database" .) }}',
      `${deployment('exporter', '{{ .Values.metrics.image }}')}{{- end }}`,
      '',
    ].join('\n'),
  },
  VALUES,
);

let helm: string;
beforeAll(async () => {
  helm = (await realHelm(4)).helm;
});

interface Entry {
  ref: string;
  toggles: string[];
  sites: { toggleAsksMore?: boolean; toggleAsks?: string }[];
}

describe("a setting refused until what the chart's check names is set", () => {
  it.each([
    ['docker.io/acme/kubectl:1.30', 'discovery.enabled=true,rbac.create=true'],
    ['docker.io/acme/os-shell:12', 'tls.enabled=true,tls.keyFile=example,tls.certFile=example'],
    ['docker.io/acme/exporter:0.17', 'metrics.enabled=true,auth.database=example'],
    ['docker.io/acme/zookeeper:3.9', 'zk.enabled=true,kraft.enabled=false,brokers.replicas=1'],
  ])('%s is named with it, and real Helm 4 renders the image with that setting', async (ref, setting) => {
    const optional = ((await listImages(chart(), ['--optional'])) as unknown as { optional: Entry[] }).optional;
    const entry = optional.find((e) => e.ref === ref)!;
    expect(entry.toggles).toEqual([setting]);
    expect(entry.sites.map((s) => s.toggleAsksMore)).toEqual([undefined]);
    const rendered = await execa(helm, ['template', 'rel', chart(), '--set', setting], { reject: false });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toContain(`image: "${ref}"`);
    // the setting alone is what Helm refuses
    const alone = await execa(helm, ['template', 'rel', chart(), '--set', setting.split(',')[0]!], { reject: false });
    expect(alone.exitCode).not.toBe(0);
  });
});

describe('a setting refused until an image value the chart requires is set', () => {
  it('is said with the chart words, not given a stand-in image', async () => {
    const optional = ((await listImages(chart(), ['--optional'])) as unknown as { optional: Entry[] }).optional;
    const entry = optional.find((e) => e.ref === 'docker.io/acme/jq:1.6')!;
    expect(entry.toggles).toEqual(['provider.enabled=true']);
    expect(entry.sites.map((s) => [s.toggleAsksMore, s.toggleAsks])).toEqual([[true, 'provider.serviceImage is required when provider.enabled is true']]);
    const text = await runCli(['images', chart(), '--optional']);
    expect(text.stdout).toContain(
      'docker.io/acme/jq:1.6  (when provider.enabled=true, with the other values the chart asks for then (it says: provider.serviceImage is required when provider.enabled is true);',
    );
  });
});
