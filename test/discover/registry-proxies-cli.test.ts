// A map of registries by the registry they stand in for (AppsCode's `proxies: {ghcr: ghcr.io,
// kubernetes: registry.k8s.io}`), each joined to literal repositories and tags by a helper
// (kubestash-catalog's `image.ghcr`: `list .Values.proxies.ghcr ._repo | compact | join "/"`).
// Before, no key of the map was an image value: `values` called each Function's image hard-coded
// (exit 3), though setting the proxy moves them all (G, kubestash: 6 images).
import { describe, expect, it } from 'vitest';
import { customResource, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `proxies:
  ghcr: ghcr.io
  kubernetes: registry.k8s.io
`;

const HELPERS = `{{- define "image.ghcr" -}}
{{ list .Values.proxies.ghcr ._repo | compact | join "/" }}
{{- end }}
`;

const FUNCTION = (repo: string) => customResource('Function', `  image: '{{ include "image.ghcr" (merge (dict "_repo" "${repo}") $) }}:v0.28.0'\n`);

describe('a map of registries by the registry each stands in for, joined to literal names', () => {
  const chart = templateChart(
    {
      '_helpers.tpl': HELPERS,
      'pvc.yaml': FUNCTION('acme/pvc'),
      'workload.yaml': FUNCTION('acme/workload').replace('name: default', 'name: workload'),
    },
    VALUES,
  );

  it('images names the proxy as each image value, none hard-coded', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; hardcoded?: boolean; valuesPaths?: string[] }[] };
    expect(r.images.map((i) => [i.ref, i.hardcoded ?? false, i.valuesPaths]).sort()).toEqual([
      ['ghcr.io/acme/pvc:v0.28.0', false, ['proxies.ghcr']],
      ['ghcr.io/acme/workload:v0.28.0', false, ['proxies.ghcr']],
    ]);
  });

  it('values moves every image, proved by re-render', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual(['mirror.local:5000/m/ghcr.io/acme/pvc:v0.28.0', 'mirror.local:5000/m/ghcr.io/acme/workload:v0.28.0']);
  });
});
