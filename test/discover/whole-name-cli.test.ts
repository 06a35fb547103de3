// An `image: {name, tag}` values block whose name is a Docker Hub official image (`traefik`),
// used only behind a setting the optional search cannot flip (jupyterhub's autohttps proxy: a
// non-empty hosts list and `https.enabled`): the values-only listing names it when a template puts
// the name first in an image field. A name a template joins under other settings (Strimzi's
// `{{ registry }}/{{ repository }}/{{ name }}`) stays a fragment.
import { describe, expect, it } from 'vitest';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

const chart = templateChart(
  {
    'proxy.yaml': `{{- if (and .Values.proxy.https.hosts .Values.proxy.https.enabled) }}
${deploymentHead('autohttps')}      - name: traefik
        image: "{{ .Values.proxy.traefik.image.name }}:{{ .Values.proxy.traefik.image.tag }}"
{{- end }}
{{- if (and .Values.bridge.hosts .Values.bridge.enabled) }}
---
${deploymentHead('bridge')}      - name: bridge
        image: "{{ .Values.defaults.registry }}/{{ .Values.defaults.repository }}/{{ .Values.bridge.image.name }}:{{ .Values.bridge.image.tag }}"
{{- end }}
`,
  },
  `proxy:
  https: {enabled: false, hosts: []}
  traefik:
    image: {name: traefik, tag: v3.7.8}
defaults: {registry: quay.io, repository: strimzi}
bridge:
  enabled: false
  hosts: []
  image: {name: kafka-bridge, tag: 0.27.0}
`,
);

describe('a bare image name a template puts first in an image field', () => {
  it('is listed optional from values; a name joined under other settings is not', async () => {
    const listed = await listImages(chart(), ['--optional']);
    const optional = (listed.optional ?? []).map((o) => o.ref);
    expect(optional).toContain('docker.io/library/traefik:v3.7.8');
    expect(optional.filter((r) => r.includes('kafka-bridge'))).toEqual([]);
  });
});
