// An image key with a version suffix (`image_v2`, `imageV2`: the image of the protocol's second
// version) beside a plain `image`, in a values block the chart hands its operator whole with toJson
// (Seldon Core 1's `explainer: {image, image_v2}`), while the same repository is elsewhere a
// repository whose tag is a sibling field. Before, the values leaf was not read as an image: the
// reference was tied to the other blocks' repositories, which cannot move it, and `values` called it
// hard-coded (exit 3; seldon-core-operator).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `explainer:
  image: acme/explainer:1.0
  image_v2: acme/server:1.3-explain
servers:
  SKLEARN:
    v2:
      image: acme/server
      defaultImageVersion: 1.3-sklearn
tracer:
  imageV2: quay.io/acme/tracer:2.1
`;

const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: op-config
data:
  explainer: '{{ .Values.explainer | toJson }}'
  servers: '{{ .Values.servers | toJson }}'
  tracer: '{{ .Values.tracer | toJson }}'
`;

describe('an image key with a version suffix', () => {
  const chart = templateChart({ 'config.yaml': TEMPLATE }, VALUES);
  const refs = ['docker.io/acme/explainer:1.0', 'docker.io/acme/server:1.3-explain', 'docker.io/acme/server:1.3-sklearn', 'quay.io/acme/tracer:2.1'];

  it('is its own value path, and values moves it, proved by re-render', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => i.ref).sort()).toEqual(refs);
    expect(listed.images.find((i) => i.ref === 'docker.io/acme/server:1.3-explain')?.valuesPaths).toEqual(['explainer.image_v2']);
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });
});
