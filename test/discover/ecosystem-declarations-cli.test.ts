// What a chart's ecosystem declares of its images, each read as evidence with its provenance and
// each only adding: Helm's helm.sh/images annotation (HIP-0015), an OLM ClusterServiceVersion's
// spec.relatedImages and its deployments' RELATED_IMAGE_* env.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

function chart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'declared-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(
    join(dir, 'Chart.yaml'),
    'apiVersion: v2\nname: csvop\nversion: 1.0.0\nannotations:\n  helm.sh/images: |\n    - name: extra\n      image: quay.io/acme/declared:v3\n',
  );
  writeFileSync(
    join(dir, 'templates', 'csv.yaml'),
    `apiVersion: operators.coreos.com/v1alpha1
kind: ClusterServiceVersion
metadata:
  name: acme-operator.v1.0.0
spec:
  relatedImages:
  - name: agent
    image: quay.io/acme/related-agent:v1.0.0
  install:
    strategy: deployment
    spec:
      deployments:
      - name: acme-operator
        spec:
          template:
            spec:
              containers:
              - name: manager
                image: quay.io/acme/operator:v1.0.0
                env:
                - name: RELATED_IMAGE_DB
                  value: quay.io/acme/db:v9
`,
  );
  return dir;
}

describe('ecosystem declarations', () => {
  it('reads helm.sh/images as optional evidence, and a CSV relatedImages and RELATED_IMAGE_* env as run-time images, each with where it was declared', async () => {
    const r = await runCli(['-o', 'json', 'images', chart(), '--optional']);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { images: { ref: string; need: string; sites: { fieldPath: string }[] }[]; optional: typeof report.images };
    const at = (list: typeof report.images, ref: string) => list.find((e) => e.ref === ref);
    expect(at(report.optional, 'quay.io/acme/declared:v3')?.sites[0]).toMatchObject({
      site: 'annotation',
      source: { fieldPath: 'annotations["helm.sh/images"][0].image' },
    });
    expect(at(report.images, 'quay.io/acme/related-agent:v1.0.0')).toMatchObject({ need: 'runtime' });
    expect(at(report.images, 'quay.io/acme/related-agent:v1.0.0')?.sites[0]).toMatchObject({ source: { fieldPath: 'spec.relatedImages[0].image' } });
    expect(at(report.images, 'quay.io/acme/db:v9')).toMatchObject({ need: 'runtime' });
  });
});
