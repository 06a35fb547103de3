// A JSON document in a container's env var that a controller reads at run time and pulls the
// images it names (OpenWhisk's RUNTIMES_MANIFEST: the action runtimes its invoker starts), whose
// images are objects `{prefix, name, tag}` the consumer joins prefix/name:tag, under `image` or
// bare in a list (`blackboxes`). Before, an env value was read as one string (its JSON unread) and
// `{prefix, name, tag}` in a ConfigMap's JSON lost its prefix (and `registry` beside them) (K, openwhisk: 17
// runtime images missed).
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, listImages, postrendered, templateChart } from './template-chart.js';

const MANIFEST = {
  runtimes: {
    nodejs: [{ kind: 'nodejs:14', default: true, image: { prefix: 'openwhisk', name: 'action-nodejs-v14', tag: '1.20.0' }, deprecated: false }],
    python: [{ kind: 'python:3', default: true, image: { prefix: 'registry.example.io/fn', name: 'action-python-v3.7', tag: '1.17.0' } }],
    go: [{ kind: 'go:1.17', image: { registry: 'registry.example.io', prefix: 'fn', name: 'action-golang-v1.17', tag: '1.20.0' } }],
  },
  blackboxes: [{ prefix: 'openwhisk', name: 'dockerskeleton', tag: '1.14.0' }],
};

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: runtimes
data:
  runtimes.json: ${JSON.stringify(JSON.stringify({ blackboxes: [{ prefix: 'acme', name: 'skeleton', tag: '2.0' }] }))}
`;

const WANT = [
  ['docker.io/acme/skeleton:2.0', 'runtime'],
  ['docker.io/library/busybox:1.36', 'default'],
  ['docker.io/openwhisk/action-nodejs-v14:1.20.0', 'runtime'],
  ['docker.io/openwhisk/dockerskeleton:1.14.0', 'runtime'],
  ['registry.example.io/fn/action-golang-v1.17:1.20.0', 'runtime'],
  ['registry.example.io/fn/action-python-v3.7:1.17.0', 'runtime'],
];

describe('a JSON document in an env var naming images as {prefix, name, tag}', () => {
  const chart = templateChart(
    {
      'deploy.yaml': deploymentWithEnv('busybox:1.36', {
        RUNTIMES_MANIFEST: '{{ .Files.Get "runtimes.json" | default (toJson .Values.manifest) | quote }}',
        LOG_FORMAT: '\'{"level": "info", "time": "12:30"}\'',
      }),
      'cm.yaml': CONFIGMAP,
    },
    `manifest: ${JSON.stringify(MANIFEST)}\n`,
  );

  it('images reads the JSON and joins prefix/name:tag (and nothing from the other JSON)', async () => {
    const r = (await listImages(chart())) as unknown as { images: { ref: string; need: string }[]; doubtful: { ref: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual(WANT);
    expect(r.doubtful).toEqual([]);
  });

  it('the post-renderer rewrites each prefix inside the JSON, which then reads at the target', async () => {
    const docs = await postrendered<{ kind: string; spec?: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }>(chart());
    const env = docs.find((d) => d.kind === 'Deployment')!.spec!.template.spec.containers[0]!.env;
    const manifest = JSON.parse(env.find((e) => e.name === 'RUNTIMES_MANIFEST')!.value) as typeof MANIFEST;
    expect(manifest.runtimes.nodejs[0]!.image).toEqual({ prefix: 'mirror.local:5000/m/docker.io/openwhisk', name: 'action-nodejs-v14', tag: '1.20.0' });
    expect(manifest.blackboxes[0]).toEqual({ prefix: 'mirror.local:5000/m/docker.io/openwhisk', name: 'dockerskeleton', tag: '1.14.0' });
    expect(manifest.runtimes.nodejs[0]!.kind).toBe('nodejs:14');
    expect(manifest.runtimes.go[0]!.image).toEqual({
      registry: 'mirror.local:5000/m/registry.example.io',
      prefix: 'fn',
      name: 'action-golang-v1.17',
      tag: '1.20.0',
    });
  });
});
