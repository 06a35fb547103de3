// A program's env var named *_REPOSITORY, given in the chart's `env` map (OpenHands runtime-api's
// `env.ARTIFACT_REGISTRY_REPOSITORY: runtime-api-docker-repo`, the Artifact Registry repository it
// pushes to) with no tag beside it and no path in its value: no template joins it to a tag, so
// `images --optional` must not list it joined to the chart's appVersion (it listed
// docker.io/library/runtime-api-docker-repo:1.0.0, holdout CC). A lower-case
// `repository` with no tag (the chart's own tag from appVersion) is still listed.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const chart = templateChart(
  {
    'op.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ghcr.io/acme/op:1.0.0\n        env:\n        {{- range $k, $v := .Values.env }}\n        - name: {{ $k }}\n          value: {{ $v | quote }}\n        {{- end }}\n{{- if .Values.extra.enabled }}\n      - name: extra\n        image: "{{ .Values.extra.image.repository }}:{{ .Chart.AppVersion }}"\n{{- end }}\n`,
  },
  'env:\n  ARTIFACT_REGISTRY_REPOSITORY: runtime-api-docker-repo\n  GCP_REGION: us-central1\nextra:\n  enabled: false\n  image:\n    repository: acme/extra\n',
  '1.0.0',
);

describe('an env var named *_REPOSITORY holding a word, no tag beside it', () => {
  it('images --optional lists no image for it; an image block with no tag still is', async () => {
    const out = await listImages(chart(), ['--optional']);
    const refs = (out.optional ?? []).map((i) => i.ref);
    expect(refs).not.toContain('docker.io/library/runtime-api-docker-repo:1.0.0');
    expect(refs).toContain('docker.io/acme/extra:1.0.0');
  });
});
