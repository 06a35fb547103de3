import { describe, expect, it } from 'vitest';
import { discoverImages } from './discover-images.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';

// An operator told a repository and its version in two env vars of its container, which it joins
// REPOSITORY:VERSION (mongodb-kubernetes: INIT_DATABASE_IMAGE_REPOSITORY + INIT_DATABASE_VERSION,
// MONGODB_ENTERPRISE_DATABASE_IMAGE + DATABASE_VERSION).
const operator = (vars: Record<string, string>): RenderedDoc => ({
  chart: 'c',
  template: 'c/templates/operator.yaml',
  text: '',
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op' },
    spec: {
      template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.9.1', env: Object.entries(vars).map(([name, value]) => ({ name, value })) }] } },
    },
  },
});
const runtime = (doc: RenderedDoc) =>
  discoverImages([doc])
    .filter((s) => s.certainty === 'certain' && s.site === 'env')
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
