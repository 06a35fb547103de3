// A switch the chart refuses beside a switch on by default (Zabbix's server HA beside its own
// PostgreSQL: `if and .Values.ha.enabled .Values.postgresql.enabled` then `fail`): the optional
// listing names the setting with the default-on switch off, and real Helm 4 renders that setting
// with the image. A switch refused by more checks than that one switch answers (gpu-operator's
// GPUCluster, which also needs a DRA API) is said as before, with the chart's words.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `server:
  image: quay.io/acme/server:1.0
  ha:
    enabled: false
    image: quay.io/acme/ha-sidecar:2.0
postgresql:
  enabled: true
  image: docker.io/library/postgres:16
cluster:
  deployCR: false
  image: quay.io/acme/cluster-agent:3.0
  needsApi: true
`;

const chart = templateChart(
  {
    'server.yaml': deployment('server', '{{ .Values.server.image }}'),
    'postgresql.yaml': `{{- if .Values.postgresql.enabled }}\n${deployment('postgresql', '{{ .Values.postgresql.image }}')}{{- end }}\n`,
    'ha.yaml': [
      '{{- if .Values.server.ha.enabled }}',
      '{{- if and .Values.server.ha.enabled .Values.postgresql.enabled }}',
      '{{ fail "HA needs your own database: set postgresql.enabled=false" }}',
      '{{- end }}',
      `${deployment('ha', '{{ .Values.server.ha.image }}')}{{- end }}`,
      '',
    ].join('\n'),
    // refused by two checks: turning postgresql off answers only the first
    'cluster.yaml': [
      '{{- if and .Values.cluster.deployCR .Values.postgresql.enabled }}',
      '{{ fail "the cluster CR cannot run beside the bundled database" }}',
      '{{- end }}',
      '{{- if and .Values.cluster.deployCR .Values.cluster.needsApi }}',
      '{{- if not (.Capabilities.APIVersions.Has "example.io/v9/Thing") }}',
      '{{ fail "the cluster CR needs example.io/v9" }}',
      '{{- end }}',
      '{{- end }}',
      '{{- if .Values.cluster.deployCR }}',
      `${deployment('cluster-agent', '{{ .Values.cluster.image }}')}{{- end }}`,
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
const optional = async () => ((await listImages(chart(), ['--optional'])) as unknown as { optional: Entry[] }).optional;

describe('a switch refused beside a switch on by default', () => {
  it('is named with that switch off, and real Helm 4 renders the image with the setting', async () => {
    const ha = (await optional()).find((e) => e.ref === 'quay.io/acme/ha-sidecar:2.0')!;
    expect(ha.toggles).toEqual(['server.ha.enabled=true,postgresql.enabled=false']);
    expect(ha.sites.map((s) => s.toggleAsksMore)).toEqual([undefined]);
    const rendered = await execa(helm, ['template', 'rel', chart(), '--set', ha.toggles[0]!], { reject: false });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toContain('image: "quay.io/acme/ha-sidecar:2.0"');
    // and the switch alone is what Helm refuses
    const alone = await execa(helm, ['template', 'rel', chart(), '--set', 'server.ha.enabled=true'], { reject: false });
    expect(alone.stderr).toContain('HA needs your own database');
  });

  it('a switch refused by more checks than the one switch answers keeps the chart words', async () => {
    const agent = (await optional()).find((e) => e.ref === 'quay.io/acme/cluster-agent:3.0')!;
    expect(agent.toggles).toEqual(['cluster.deployCR=true']);
    expect(agent.sites.map((s) => s.toggleAsksMore)).toEqual([true]);
    expect(agent.sites[0]!.toggleAsks).toMatch(/cannot run beside the bundled database|needs example.io/);
  });
});
