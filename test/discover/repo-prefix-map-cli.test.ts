// An operator's config (a ConfigMap's YAML) with one `repo` (a registry and path) set at the top
// of an `images` map whose entries, nested by role and engine, are host-less `name:tag` strings
// the operator joins to it (PolarDB-X's `images: {repo, common: {prober: probe-proxy:v1}, store:
// {galaxy: {engine: ...}}}`, config.go newImage). Before, `repo` was no registry prefix and entries
// below the map's first level no place of images: each was rejected as a name:tag in an unnamed
// place (G, polardbx-operator: 8 run-time images missed).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `imageRepo: registry.example.com/dbx
imageTag: v1.7.0
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: dbx-config
data:
  config.yaml: |-
    images:
      repo: {{ .Values.imageRepo }}
      pullPolicy: IfNotPresent
      common:
        prober: probe-proxy:{{ .Values.imageTag }}
        job: dbx-job:{{ .Values.imageTag }}
      store:
        galaxy:
          engine: dbx-engine:latest
          exporter: mysqld-exporter:master
    store:
      hpfs_endpoint: dbx-hpfs.default:6543
`;

describe('a `repo` prefix over a nested map of host-less name:tag images in an operator config', () => {
  const chart = templateChart({ 'cm.yaml': CONFIGMAP }, VALUES);

  it('images joins repo/name:tag for every entry, at any depth of the map, and nothing else', async () => {
    const r = (await listImages(chart())) as { images: { ref: string; need?: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['registry.example.com/dbx/dbx-engine:latest', 'runtime'],
      ['registry.example.com/dbx/dbx-job:v1.7.0', 'runtime'],
      ['registry.example.com/dbx/mysqld-exporter:master', 'runtime'],
      ['registry.example.com/dbx/probe-proxy:v1.7.0', 'runtime'],
    ]);
  });

  it('values sets the prefix so that the operator joins each at the target', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual([
      'mirror.local:5000/m/registry.example.com/dbx/dbx-engine:latest',
      'mirror.local:5000/m/registry.example.com/dbx/dbx-job:v1.7.0',
      'mirror.local:5000/m/registry.example.com/dbx/mysqld-exporter:master',
      'mirror.local:5000/m/registry.example.com/dbx/probe-proxy:v1.7.0',
    ]);
  });
});
