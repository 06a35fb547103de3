// Features a chart's validation template refuses until companions are set, as LangSmith's
// validate.yaml does (SS: 5 optional images named with a switch real Helm refuses):
// a message built with printf names the value without `.Values.` (`fleet.encryptionKey is required
// when fleet.enabled is true`); a feature asks six values one check at a time (smithdb's Secret, its
// keys, a bucket), more than the rounds the search gave; and an `and` check with several routes read
// under `not` beside a switch on by default (`and .Values.frontend.enabled (not .Values.ingress.enabled)
// (not .Values.gateway.enabled) .Values.deploy.enabled`) was answered by turning every one of them
// over, which the chart's next checks refuse (one route only; a frontend for any route). Each image is
// now named with a setting real Helm 4 renders it with.
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const VALUES = `image: quay.io/acme/app:1.0
fleet:
  enabled: false
  encryptionKey: ""
  image: docker.io/acme/fleet:1.0
store:
  enabled: false
  secret: ""
  hostKey: ""
  userKey: ""
  passwordKey: ""
  bucket: ""
  image: docker.io/acme/store:1.0
frontend:
  enabled: true
ingress:
  enabled: false
gateway:
  enabled: false
hostname: ""
deploy:
  enabled: false
  image: docker.io/acme/operator:1.0
`;

const store = ['secret', 'hostKey', 'userKey', 'passwordKey', 'bucket']
  .map((k) => `{{- if and .Values.store.enabled (not .Values.store.${k}) }}{{ fail "store.${k} is required when store.enabled is true." }}{{- end }}`)
  .join('\n');

const chart = templateChart(
  {
    'app.yaml': deployment('app', '{{ .Values.image }}'),
    'validate.yaml': [
      '{{- range $name := list "fleet" }}',
      '{{- $feature := index $.Values $name }}',
      '{{- if and $feature.enabled (not $feature.encryptionKey) }}',
      '{{- fail (printf "%s.encryptionKey is required when %s.enabled is true (not needed if existingSecret is set)" $name $name) }}',
      '{{- end }}',
      '{{- end }}',
      store,
      '{{- if and .Values.frontend.enabled (not .Values.ingress.enabled) (not .Values.gateway.enabled) .Values.deploy.enabled }}',
      '{{- fail "Either ingress or gateway must be enabled if deployments are enabled." }}',
      '{{- end }}',
      '{{- if and .Values.ingress.enabled .Values.gateway.enabled }}{{ fail "Only one of ingress or gateway can be enabled at the same time." }}{{- end }}',
      '{{- if and .Values.deploy.enabled (not .Values.hostname) }}{{ fail "hostname is required when deployments are enabled." }}{{- end }}',
      '',
    ].join('\n'),
    'fleet.yaml': `{{- if .Values.fleet.enabled }}\n${deployment('fleet', '{{ .Values.fleet.image }}')}{{- end }}\n`,
    'store.yaml': `{{- if .Values.store.enabled }}\n${deployment('store', '{{ .Values.store.image }}')}{{- end }}\n`,
    'operator.yaml': `{{- if .Values.deploy.enabled }}\n${deployment('operator', '{{ .Values.deploy.image }}')}{{- end }}\n`,
  },
  VALUES,
);

let helm: string;
beforeAll(async () => {
  helm = (await realHelm(4)).helm;
});

describe("features a chart's validation template refuses until companions are set", () => {
  it.each([
    ['docker.io/acme/fleet:1.0', 'fleet.enabled=true,fleet.encryptionKey=example'],
    [
      'docker.io/acme/store:1.0',
      'store.enabled=true,store.secret=example,store.hostKey=example,store.userKey=example,store.passwordKey=example,store.bucket=example',
    ],
    ['docker.io/acme/operator:1.0', 'deploy.enabled=true,ingress.enabled=true,hostname=example'],
  ])('%s is named with a setting real Helm 4 renders it with', async (ref, setting) => {
    const optional = ((await listImages(chart(), ['--optional'])) as unknown as { optional: { ref: string; toggles: string[] }[] }).optional;
    expect(optional.find((e) => e.ref === ref)?.toggles).toEqual([setting]);
    const rendered = await execa(helm, ['template', 'rel', chart(), '--set', setting], { reject: false });
    expect(rendered.stderr).toBe('');
    expect(rendered.stdout).toContain(`image: "${ref}"`);
  });
});
