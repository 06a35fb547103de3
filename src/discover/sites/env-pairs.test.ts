import { describe, expect, it } from 'vitest';
import { discoverImages } from '../discover-images.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';

// An operator told a repository and its version in two env vars of its container, which it joins
// REPOSITORY:VERSION (mongodb-kubernetes: INIT_DATABASE_IMAGE_REPOSITORY + INIT_DATABASE_VERSION,
// MONGODB_ENTERPRISE_DATABASE_IMAGE + DATABASE_VERSION); or in two flags (redpanda's operator:
// --configurator-base-image + --configurator-tag; before, the repository alone was a doubtful
// `:latest` and the tag nothing: holdout D, and appmesh-controller's envoy sidecar).
const deployment = (container: Record<string, unknown>): RenderedDoc => ({
  chart: 'c',
  template: 'c/templates/operator.yaml',
  text: '',
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op' },
    spec: { template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.9.1', ...container }] } } },
  },
});
const operator = (vars: Record<string, string>) => deployment({ env: Object.entries(vars).map(([name, value]) => ({ name, value })) });
const runtime = (doc: RenderedDoc, site = 'env') =>
  discoverImages([doc])
    .filter((s) => s.certainty === 'certain' && s.site === site)
    .map((s) => s.ref)
    .sort();

describe('a repository and its version in two env vars of one container', () => {
  it('joins STEM_IMAGE_REPOSITORY with STEM_VERSION, and STEM_IMAGE with the version of its last words', () => {
    const doc = operator({
      INIT_DATABASE_IMAGE_REPOSITORY: 'quay.io/acme/init-database',
      INIT_DATABASE_VERSION: '1.9.1',
      ACME_ENTERPRISE_DATABASE_IMAGE: 'quay.io/acme/database',
      DATABASE_VERSION: '1.9.2',
      AGENT_IMAGE: 'quay.io/acme/agent:108.0.2',
    });
    expect(runtime(doc)).toEqual(['quay.io/acme/agent:108.0.2', 'quay.io/acme/database:1.9.2', 'quay.io/acme/init-database:1.9.1']);
  });

  it("joins a version var named for the repository var itself, glued on (Octopus' agent: OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE + SCRIPTPODIMAGETAG)", () => {
    const doc = operator({
      OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE: 'octopusdeploy/worker-tools',
      OCTOPUS__K8STENTACLE__SCRIPTPODIMAGETAG: 'ubuntu.24.04',
      OCTOPUS__K8STENTACLE__SCRIPTPODPULLPOLICY: 'IfNotPresent',
    });
    expect(runtime(doc)).toEqual(['docker.io/octopusdeploy/worker-tools:ubuntu.24.04']);
  });

  it('joins nothing without an image word in the name, or when two versions fit as well', () => {
    const doc = operator({
      GIT_REPOSITORY: 'github.com/acme/configs',
      GIT_TAG: 'v1',
      X_ACME_SIDECAR_IMAGE: 'quay.io/acme/sidecar',
      ACME_SIDECAR_VERSION: '1',
      SIDECAR_VERSION: '2',
    });
    expect(runtime(doc)).toEqual([]);
  });
});

describe('a repository and its tag in two flags of one container', () => {
  it('joins --STEM-base-image with --STEM-tag, and --STEM-image-repository with --STEM-image-tag given apart', () => {
    const doc = deployment({
      args: [
        '--configurator-base-image=docker.example.com/acme/configurator',
        '--configurator-tag=v26.2.1',
        '--sidecar-image-repository',
        'ghcr.io/acme/sidecar',
        '--sidecar-image-tag',
        '1.4.0',
        '--log-level=info',
      ],
    });
    expect(runtime(doc, 'arg')).toEqual(['docker.example.com/acme/configurator:v26.2.1', 'ghcr.io/acme/sidecar:1.4.0']);
  });

  it('leaves a flag image with its own tag as it is, and joins no tag of another stem', () => {
    const doc = deployment({ args: ['--agent-image=ghcr.io/acme/agent:2.0', '--agent-tag=9.9', '--init-image=ghcr.io/acme/init', '--operator-tag=1.0'] });
    const refs = discoverImages([doc]).map((s) => s.ref);
    expect(refs).toContain('ghcr.io/acme/agent:2.0');
    expect(refs.filter((r) => /:(9\.9|1\.0)$/.test(r))).toEqual([]);
  });
});

// An operator told a workload image through env vars sharing a prefix: STEM_IMAGE_REGISTRY,
// STEM_IMAGE_REPOSITORY and, maybe, STEM_IMAGE_TAG (agentgateway's AGW_PROXY_IMAGE_*; with no tag
// var it takes its own build version, its own image's tag: controller/pkg/controller/start.go).
// Before, the values-only guess listed the proxy as optional and hard-coded, though every Gateway pulls it.
describe('a registry, a repository and maybe a tag in env vars sharing a prefix', () => {
  it("joins REGISTRY/REPOSITORY:TAG, and with no tag var the operator's own image tag", () => {
    const tagged = operator({ AGW_PROXY_IMAGE_REGISTRY: 'cr.acme.dev', AGW_PROXY_IMAGE_REPOSITORY: 'proxy', AGW_PROXY_IMAGE_TAG: 'v2.0.1' });
    expect(runtime(tagged)).toEqual(['cr.acme.dev/proxy:v2.0.1']);
    const own = operator({ AGW_PROXY_IMAGE_REGISTRY: 'cr.acme.dev:5000/team', AGW_PROXY_IMAGE_REPOSITORY: 'proxy' });
    expect(runtime(own)).toEqual(['cr.acme.dev:5000/team/proxy:1.9.1']);
  });

  it('joins nothing without the registry var of the same prefix', () => {
    expect(runtime(operator({ AGW_PROXY_IMAGE_REPOSITORY: 'proxy', AGW_PROXY_IMAGE_TAG: 'v2' }))).toEqual([]);
    expect(runtime(operator({ X_IMAGE_REGISTRY: 'cr.acme.dev', OTHER_IMAGE_REPOSITORY: 'proxy' }))).toEqual([]);
  });
});

// The same env pair written as keys of a ConfigMap a container loads whole through envFrom: the
// program reads STEM_IMAGE_NAME and STEM_IMAGE_TAG from its environment as if the pod spec set them
// (kangal's load-test backends: JMETER_MASTER_IMAGE_NAME + JMETER_MASTER_IMAGE_TAG, joined NAME:TAG).
// Before, each name was a doubtful `:latest` and the tag beside it unread (locust's 1.3.0 lost).
describe('a repository and its tag as two keys of an env-file ConfigMap', () => {
  const envConfigMap = (data: Record<string, string>): RenderedDoc => ({
    chart: 'c',
    template: 'c/templates/configmap.yaml',
    text: '',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c-env' }, data },
  });
  const certain = (doc: RenderedDoc) =>
    discoverImages([doc])
      .filter((s) => s.certainty === 'certain')
      .map((s) => s.ref)
      .sort();

  it('joins STEM_IMAGE_NAME with STEM_IMAGE_TAG, each stem with its own tag', () => {
    const doc = envConfigMap({
      JMETER_MASTER_IMAGE_NAME: 'acme/jmeter-master',
      JMETER_MASTER_IMAGE_TAG: 'latest',
      JMETER_WORKER_IMAGE_NAME: 'acme/jmeter-worker',
      JMETER_WORKER_IMAGE_TAG: '5.6',
      LOCUST_IMAGE_NAME: 'locustio/locust',
      LOCUST_IMAGE_TAG: '1.3.0',
      AWS_BUCKET_NAME: 'my-bucket',
    });
    expect(certain(doc)).toEqual(['docker.io/acme/jmeter-master:latest', 'docker.io/acme/jmeter-worker:5.6', 'docker.io/locustio/locust:1.3.0']);
  });

  it('joins nothing from a name without its tag, or a repository key without an image word', () => {
    const doc = envConfigMap({ HELPER_IMAGE_NAME: 'acme/helper', GIT_REPOSITORY: 'github.com/acme/configs', GIT_TAG: 'v1' });
    expect(certain(doc)).toEqual([]);
  });
});
