// An image whose own registry value is left empty and falls back to a shared registry the
// override moves for other images, where the chart's helper then composes another path
// (KubeBlocks' addons: `{{ if eq $registry "docker.io" }}R/busybox{{ else }}R/apecloud/busybox{{ end }}`):
// no value can put it at its target. Before, the writer set the shared registry, the re-render
// showed busybox at TARGET-HOST/apecloud/busybox, and `values` failed (exit 1, no file) for the
// whole release (G, kubeblocks-addons redis). Now its own registry is set to the one it
// has, the image stays at its source for postrender to move (exit 3 names it), the rest are moved.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart, valuesThenImages } from '../discover/template-chart.js';

const VALUES = `image:
  registry: docker.io
  repository: redis/redis-stack-server
  tag: 7.2.0-v20
busyboxImage:
  # falls back to image.registry
  registry: ""
  repository: busybox
  tag: "1.36"
`;

const HELPERS = `{{- define "busybox.image" -}}
{{ $registry := .Values.busyboxImage.registry | default ( .Values.image.registry | default "docker.io" )}}
{{- if eq $registry "docker.io" -}}
{{ $registry }}/busybox:{{ .Values.busyboxImage.tag }}
{{- else -}}
{{ $registry }}/apecloud/busybox:{{ .Values.busyboxImage.tag }}
{{- end -}}
{{- end }}
`;

describe('an empty own registry that falls back to a moved shared one, under a helper that changes the path then', () => {
  const chart = templateChart(
    {
      '_helpers.tpl': HELPERS,
      'redis.yaml': deployment('redis', '{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}'),
      'init.yaml': deployment('init', '{{ include "busybox.image" . }}'),
    },
    VALUES,
  );

  it('values moves the others and names that image for postrender (exit 3, not a failed proof)', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(3);
    expect(v.stderr).toMatch(/docker\.io\/library\/busybox:1\.36 \(hard-coded/);
  });

  it('with --allow-hardcoded the file leaves it at its source, the others at the target', async () => {
    const v = await valuesThenImages(chart(), ['--allow-hardcoded']);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(['docker.io/library/busybox:1.36', 'mirror.local:5000/m/docker.io/redis/redis-stack-server:7.2.0-v20']);
  });
});
