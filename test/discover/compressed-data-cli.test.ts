// A workload's manifests gzip-compressed into a ConfigMap's binaryData, which a controller
// inflates and applies (Cluster API's operator, annotation provider.cluster.x-k8s.io/compressed;
// rancher-turtles ships its core provider so, its controller image inside). Before, the bytes were
// not text, so the image was never seen (I). Now it is found through base64 and gzip,
// values says it cannot move it, and the post-renderer rewrites it inside, compressed again.
import { gunzipSync, gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { postrenderManifests } from '../../src/overrides/postrender.js';

const COMPONENTS = `apiVersion: v1
kind: Namespace
metadata:
  name: capi-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: capi-controller-manager
spec:
  template:
    spec:
      containers:
      - name: manager
        image: registry.example.io/capi/cluster-api-controller:v1.13.3
`;
const PACKED = gzipSync(Buffer.from(COMPONENTS)).toString('base64');

const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: core-cluster-api
  annotations:
    provider.cluster.x-k8s.io/compressed: "true"
binaryData:
  components: ${PACKED}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-compressed-'));
  await writeFiles(join(dir, 'cc'), { 'Chart.yaml': 'apiVersion: v2\nname: cc\nversion: 0.1.0\n', 'values.yaml': '', 'templates/core.yaml': TEMPLATE });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('manifests gzip-compressed into binaryData', () => {
  it('images finds the image inside, through base64 and gzip', async () => {
    const r = await runCli(['images', join(dir, 'cc'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { images: { ref: string; need: string }[] }).images;
    expect(images.map((i) => [i.ref, i.need])).toEqual([['registry.example.io/capi/cluster-api-controller:v1.13.3', 'runtime']]);
    expect(r.stdout).toContain('binaryData.components > base64.gzip[1].spec.template.spec.containers[0].image');
  });

  it('values names the post-renderer as the route', async () => {
    const env = { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') };
    const v = await runCli(['values', join(dir, 'cc'), '--registry', 'mirror.local:5000/m', '-o', join(dir, 'out')], env);
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toMatch(/registry\.example\.io\/capi\/cluster-api-controller:v1\.13\.3 \(hard-coded \(no values path\): postrender moves it/);
  });

  it('the post-renderer rewrites it inside and compresses it again', async () => {
    const t = await runCli(['template', join(dir, 'cc')]);
    expect(t.exitCode, t.stderr).toBe(0);
    const r = postrenderManifests(t.stdout, { target: { registry: 'mirror.local:5000', prefix: 'm' } });
    expect(r.accounting.notMoved).toEqual([]);
    const cm = parse(r.output.replace(/^---\n/, '')) as { binaryData: { components: string } };
    const inside = gunzipSync(Buffer.from(cm.binaryData.components, 'base64')).toString('utf8');
    const docs = parseAllDocuments(inside).map((d) => d.toJS() as { kind: string; spec?: { template: { spec: { containers: { image: string }[] } } } });
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'Deployment']);
    expect(docs[1]!.spec!.template.spec.containers[0]!.image).toBe('mirror.local:5000/m/registry.example.io/capi/cluster-api-controller:v1.13.3');
  });
});
