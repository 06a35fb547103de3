// A custom resource naming a second image in a prefixed pair beside its main one: `repository` +
// `version` for the database, `agentRepository` + `agentVersion` for its sidecar agent, which the
// operator joins REPO:VERSION (the version may carry a digest after the tag). Before, the agent's
// pair was not joined and the agent was missed.
import { describe, expect, it } from 'vitest';
import { customResource, listImages, templateChart } from './template-chart.js';

const DIGEST = `sha256:${'c0'.repeat(32)}`;
const chart = templateChart({
  'cluster.yaml': customResource(
    'DbCluster',
    `  repository: acme/db
  version: 2026.2.4
  agentRepository: acme/db-agent
  agentVersion: 3.12.0@${DIGEST}
  helmRepository: charts.acme.io/stable
  helmVersion: 1.0.0
`,
  ),
});

describe('a prefixed repository and version pair in a custom resource', () => {
  it('images joins each pair as REPO:VERSION, both needed', async () => {
    const refs = (await listImages(chart())).images.map((i) => i.ref).sort();
    expect(refs).toEqual(['docker.io/acme/db-agent:3.12.0@' + DIGEST, 'docker.io/acme/db:2026.2.4']);
  });
});
