// A list, empty by default, that a template ranges over to write one custom resource per entry
// with a values block merged in whole (`toYaml`), the block holding the image (pgEdge: one
// CloudNativePG Cluster per `pgEdge.nodes` entry, `pgEdge.clusterSpec.imageName` inside): the text
// never says "image", so the list was never tried and the image was listed (from values.yaml) with
// no setting; and the chart's values schema requires `hostname` in each entry, so a stand-in entry
// with a name alone is refused before any template runs. Now such a list is tried, its stand-in
// entry with the string fields the schema requires (holdoutOO, pgedge).
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { listImages, templateChart } from './template-chart.js';

const VALUES = `app:
  nodes: []
  clusterSpec:
    instances: 1
    imageName: ghcr.io/acme/postgres:18
`;

const CLUSTER = `{{- $defaults := .Values.app.clusterSpec -}}
{{- range $i, $node := .Values.app.nodes }}
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: {{ printf "app-%s" $node.name }}
  annotations:
    host: {{ $node.hostname }}
spec:
  {{- toYaml (mergeOverwrite (deepCopy $defaults) (default dict $node.clusterSpec)) | nindent 2 }}
{{- end }}
`;

const SCHEMA = JSON.stringify({
  type: 'object',
  properties: {
    app: {
      type: 'object',
      properties: {
        nodes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'hostname'],
            properties: { name: { type: 'string' }, hostname: { type: 'string' }, ordinal: { type: 'integer' } },
          },
        },
      },
    },
  },
});

describe('an empty list ranged to write a values block holding an image, entries the schema shapes', () => {
  const chart = templateChart({ 'cluster.yaml': CLUSTER }, VALUES);
  beforeAll(async () => writeFile(join(chart(), 'values.schema.json'), SCHEMA));

  it('lists the image with one stand-in entry holding the fields the schema requires', async () => {
    const r = await listImages(chart(), ['--optional']);
    expect(r.optional?.map((i) => [i.ref, i.toggles])).toEqual([['ghcr.io/acme/postgres:18', ['app.nodes[0].name=example,app.nodes[0].hostname=example']]]);
  });
});
