// A config document a program reads base64-encoded from its env (Feast's feature server reads its
// whole feature_store.yaml from FEATURE_STORE_YAML_BASE64, which its chart fills from a value):
// the images the document names (the Kubernetes compute engine's job image) are read as a Secret's
// base64 data is. Before, the env value was one opaque string and its images went unlisted
// (holdout LL: feast-feature-server). Tokens and short or dotted values are not decoded.
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, listImages, postrendered, templateChart } from './template-chart.js';

const STORE = `project: ranking
provider: local
online_store:
  type: redis
  connection_string: redis-master.feast.svc:6379
batch_engine:
  type: k8s
  image: quay.io/acme/feast-k8s-materialization:0.66.0
`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('a base64 config document in an env var', () => {
  const chart = templateChart(
    {
      'deploy.yaml': deploymentWithEnv('quay.io/feastdev/feature-server:0.66.0', {
        FEATURE_STORE_YAML_BASE64: '{{ .Values.store }}',
        INTRA_COMMUNICATION_BASE64: '{{ "intra-server-communication" | b64enc }}',
        API_TOKEN: b64('0123456789abcdef0123456789abcdef'),
      }),
    },
    `store: ${b64(STORE)}\n`,
  );

  it('images reads the document and lists the image it names (and nothing from the other values)', async () => {
    const r = (await listImages(chart())) as unknown as { images: { ref: string; need: string }[]; doubtful: { ref: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['quay.io/acme/feast-k8s-materialization:0.66.0', 'runtime'],
      ['quay.io/feastdev/feature-server:0.66.0', 'default'],
    ]);
    expect(r.doubtful).toEqual([]);
  });

  it('the post-renderer rewrites the image inside the document and encodes it again', async () => {
    const docs = await postrendered<{ kind: string; spec?: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }>(chart());
    const env = docs.find((d) => d.kind === 'Deployment')!.spec!.template.spec.containers[0]!.env;
    const store = Buffer.from(env.find((e) => e.name === 'FEATURE_STORE_YAML_BASE64')!.value, 'base64').toString();
    expect(store).toContain('image: mirror.local:5000/m/quay.io/acme/feast-k8s-materialization:0.66.0');
    expect(store).toContain('connection_string: redis-master.feast.svc:6379');
  });
});
