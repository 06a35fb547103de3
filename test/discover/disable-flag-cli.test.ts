// Components of a custom resource switched off the other way round, with `disable: true` beside
// their image (HwameiStor's Cluster: `dataLoadManager: {disable: true, ...}`, written from the
// chart's own `dataLoadManager.disable`): the operator deploys none of them, so each image is
// optional, brought by setting the flag false. Before, they were listed as needed at run time.
import { describe, expect, it } from 'vitest';
import { customResource, listImages, templateChart } from './template-chart.js';

const chart = templateChart(
  {
    'cluster.yaml': customResource(
      'Cluster',
      `  loader:
    disable: {{ .Values.loader.disable }}
    container:
      image:
        registry: ghcr.io
        repository: {{ .Values.loader.repository }}
        tag: v1
  storage:
    disable: {{ .Values.storage.disable }}
    member:
      image:
        registry: ghcr.io
        repository: acme/storage
        tag: v1
  evictor:
    disabled: true
    image: ghcr.io/acme/evictor:v1
`,
    ),
  },
  `loader:
  disable: true
  repository: acme/loader
storage:
  disable: false
`,
);

describe('a custom resource component with disable: true', () => {
  it('images lists it as optional, switched on by the values flag set false; the enabled one as needed', async () => {
    const out = await listImages(chart(), ['--optional']);
    expect(out.images.map((i) => i.ref)).toEqual(['ghcr.io/acme/storage:v1']);
    expect((out.optional ?? []).map((e) => [e.ref, e.toggles]).sort()).toEqual([
      ['ghcr.io/acme/evictor:v1', ['Cluster/default spec.evictor.disabled=false']],
      ['ghcr.io/acme/loader:v1', ['loader.disable=false']],
    ]);
  });
});
