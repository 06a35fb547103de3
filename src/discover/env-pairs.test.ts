import { describe, expect, it } from 'vitest';
import { discoverImages } from './discover-images.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';

// An operator told a repository and its version in two env vars of its container, which it joins
// REPOSITORY:VERSION (mongodb-kubernetes: INIT_DATABASE_IMAGE_REPOSITORY + INIT_DATABASE_VERSION,
// MONGODB_ENTERPRISE_DATABASE_IMAGE + DATABASE_VERSION).
const operator = (env: { name: string; value: string }[]): RenderedDoc => ({
  chart: 'c',
  template: 'c/templates/operator.yaml',
  text: '',
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op' },
    spec: { template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.9.1', env }] } } },
  },
});
const runtime = (doc: RenderedDoc) =>
  discoverImages([doc])
    .filter((s) => s.certainty === 'certain' && s.site === 'env')
    .map((s) => s.ref)
    .sort();

describe('a repository and its version in two env vars of one container', () => {
  it('joins STEM_IMAGE_REPOSITORY with STEM_VERSION, and STEM_IMAGE with the version of its last words', () => {
    const doc = operator([
      { name: 'INIT_DATABASE_IMAGE_REPOSITORY', value: 'quay.io/acme/init-database' },
      { name: 'INIT_DATABASE_VERSION', value: '1.9.1' },
      { name: 'ACME_ENTERPRISE_DATABASE_IMAGE', value: 'quay.io/acme/database' },
      { name: 'DATABASE_VERSION', value: '1.9.2' },
      { name: 'AGENT_IMAGE', value: 'quay.io/acme/agent:108.0.2' },
    ]);
    expect(runtime(doc)).toEqual(['quay.io/acme/agent:108.0.2', 'quay.io/acme/database:1.9.2', 'quay.io/acme/init-database:1.9.1']);
  });

  it('joins nothing without an image word in the name, or when two versions fit as well', () => {
    const doc = operator([
      { name: 'GIT_REPOSITORY', value: 'github.com/acme/configs' },
      { name: 'GIT_TAG', value: 'v1' },
      { name: 'X_ACME_SIDECAR_IMAGE', value: 'quay.io/acme/sidecar' },
      { name: 'ACME_SIDECAR_VERSION', value: '1' },
      { name: 'SIDECAR_VERSION', value: '2' },
    ]);
    expect(runtime(doc)).toEqual([]);
  });
});
