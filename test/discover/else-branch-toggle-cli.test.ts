// Switches ON by default whose `else` brings an image (holdout HH): OpenObserve runs its oss image
// under the `else` of `if .Values.enterprise.enabled`; XWiki picks its own image's tag by which
// database is on (`else if .Values.mysql.enabled` lts-mysql, `else if .Values.postgresql.enabled`
// lts-postgres, `else` tagless). Before, only switches that are off were flipped: the oss image was
// listed from values alone with no setting, and XWiki's other two images not at all. Now each is
// optional with the settings that bring it, the switch off written `=false`.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const VALUES = `enterprise:
  enabled: true
image:
  enterprise: acme/server-enterprise:2.1
  oss: acme/server:2.1
  name: acme/wiki
  tag: ""
mysql:
  enabled: true
postgresql:
  enabled: false
`;

const TAG = `{{- define "wiki.image" -}}
{{- if .Values.image.tag }}{{ printf "%s:%s" .Values.image.name .Values.image.tag }}
{{- else if .Values.mysql.enabled }}{{ printf "%s:lts-mysql" .Values.image.name }}
{{- else if .Values.postgresql.enabled }}{{ printf "%s:lts-postgres" .Values.image.name }}
{{- else }}{{ .Values.image.name }}
{{- end }}
{{- end }}
`;

describe('a switch on by default whose else brings an image', () => {
  const chart = templateChart(
    {
      'server.yaml': `{{- if .Values.enterprise.enabled }}\n${deployment('server', '{{ .Values.image.enterprise }}')}{{- else }}\n${deployment('server', '{{ .Values.image.oss }}')}{{- end }}\n`,
      '_wiki.tpl': TAG,
      'wiki.yaml': deployment('wiki', '{{ include "wiki.image" . }}'),
      'mysql.yaml': `{{- if .Values.mysql.enabled }}\n${deployment('mysql', 'acme/mysql:8.4')}{{- end }}\n`,
      'postgresql.yaml': `{{- if .Values.postgresql.enabled }}\n${deployment('postgresql', 'acme/postgresql:17')}{{- end }}\n`,
    },
    VALUES,
  );

  it('is listed as optional with the switch off, and with the switches that bring the branch on', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref).sort()).toEqual(['docker.io/acme/mysql:8.4', 'docker.io/acme/server-enterprise:2.1', 'docker.io/acme/wiki:lts-mysql']);
    expect(Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]))).toEqual({
      'docker.io/acme/server:2.1': ['enterprise.enabled=false'],
      'docker.io/acme/postgresql:17': ['postgresql.enabled=true'],
      'docker.io/acme/wiki:latest': ['mysql.enabled=false'],
      'docker.io/acme/wiki:lts-postgres': ['postgresql.enabled=true,mysql.enabled=false'],
    });
  });
});
