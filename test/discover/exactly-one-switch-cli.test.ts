// A check that asks for exactly one of two switches (Clusterpedia's storage: `if or (and
// .Values.postgresql.enabled .Values.mysql.enabled) (and (not .Values.postgresql.enabled) (not
// .Values.mysql.enabled))` then `required "Please enable the correct storage type!" ""`, in a
// helper every storage template includes) reads each switch both plainly and under `not`. The
// switch off by default is then refused alone; the optional listing names it with the one on by
// default turned off, and real Helm 4 renders that setting with the image.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `app:
  image: quay.io/acme/app:1.0
postgresql:
  enabled: true
  image: docker.io/library/postgres:16
mysql:
  enabled: false
  image: docker.io/library/mysql:8.4
`;

const chart = templateChart(
  {
    '_helpers.tpl': [
      '{{- define "op.storage" -}}',
      '{{- if or (and .Values.postgresql.enabled .Values.mysql.enabled) (and (not .Values.postgresql.enabled) (not .Values.mysql.enabled)) }}',
      '{{ required "Please enable exactly one storage type, postgresql or mysql" "" }}',
      '{{- else if .Values.postgresql.enabled }}postgres',
      '{{- else }}mysql',
      '{{- end }}',
      '{{- end }}',
      '',
    ].join('\n'),
    'app.yaml': `# storage: {{ include "op.storage" . }}\n${deployment('app', '{{ .Values.app.image }}')}`,
    'postgresql.yaml': `{{- if .Values.postgresql.enabled }}\n${deployment('postgresql', '{{ .Values.postgresql.image }}')}{{- end }}\n`,
    'mysql.yaml': `{{- if .Values.mysql.enabled }}\n${deployment('mysql', '{{ .Values.mysql.image }}')}{{- end }}\n`,
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
  sites: { toggleAsksMore?: boolean }[];
}

describe('a check asking for exactly one of two switches', () => {
  it('names the switch off by default with the default-on one off, and real Helm 4 renders the image with it', async () => {
    const { optional } = (await listImages(chart(), ['--optional'])) as unknown as { optional: Entry[] };
    const mysql = optional.find((e) => e.ref === 'docker.io/library/mysql:8.4')!;
    expect(mysql.toggles).toEqual(['mysql.enabled=true,postgresql.enabled=false']);
    expect(mysql.sites.map((s) => s.toggleAsksMore)).toEqual([undefined]);
    const rendered = await execa(helm, ['template', 'rel', chart(), '--set', mysql.toggles[0]!], { reject: false });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toContain('image: "docker.io/library/mysql:8.4"');
    // the switch alone is what Helm refuses
    const alone = await execa(helm, ['template', 'rel', chart(), '--set', 'mysql.enabled=true'], { reject: false });
    expect(alone.stderr).toContain('Please enable exactly one storage type');
  });
});
