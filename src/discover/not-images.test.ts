import { describe, expect, it } from 'vitest';
import { discoverImages, type RejectedCandidate } from './discover-images.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';
import { NOT_AN_IMAGE } from './not-images.js';

const doc = (object: unknown): RenderedDoc => ({ chart: 'c', template: 'c/templates/t.yaml', text: '', object });
const env = (value: string) =>
  doc({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op' },
    spec: { template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.0', env: [{ name: 'SELECTOR', value }] }] } } },
  });
const configMap = (data: Record<string, string>) => doc({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data });

describe('image-shaped strings that are not images', () => {
  it.each([
    ['app.kubernetes.io/component:template', 'label-selector'],
    ['node.kubernetes.io/instance-type:m5', 'label-selector'],
  ])('%s in an env value is rejected as %s, with its reason', (value, id) => {
    const rejected: RejectedCandidate[] = [];
    const sites = discoverImages([env(value)], { rejected });
    expect(sites.map((s) => s.ref)).toEqual(['quay.io/acme/op:1.0']);
    expect(rejected.map((r) => [r.raw, r.rule.id, r.source.fieldPath])).toEqual([[value, id, 'spec.template.spec.containers[0].env[0].value']]);
    expect(rejected[0]!.rule.reason).toBe(NOT_AN_IMAGE.find((r) => r.id === id)!.reason);
  });

  it.each(['registry.k8s.io/pause:3.9', 'ghcr.io/acme/worker:2.0', 'k8s.gcr.io/kube-proxy:v1.20.0'])('%s stays an image', (value) => {
    expect(discoverImages([env(value)]).map((s) => s.raw)).toContain(value);
  });

  it('a pod spec pulls what it names, even on an example host', () => {
    const d = env('x');
    (d.object as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image =
      'registry.example.com/app:1.0';
    expect(discoverImages([d]).map((s) => s.ref)).toEqual(['registry.example.com/app:1.0']);
  });

  it("a CRD's schema shipped in a ConfigMap (several documents) names no image; a config beside it still does", () => {
    const crds = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: mirrors.acme.io}',
      'spec:',
      '  versions:',
      '  - name: v1',
      '    schema:',
      '      openAPIV3Schema:',
      '        properties:',
      '          registry:',
      '            description: |',
      '              for example',
      '              quay.io/team/app:1.0 or fictional.registry.example:10443',
      '          image: {type: string, example: "docker.io/library/busybox:1.36"}',
      '---',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: other.acme.io}',
      '',
    ].join('\n');
    const rejected: RejectedCandidate[] = [];
    const sites = discoverImages([configMap({ 'crds.yaml': crds, 'config.yaml': 'worker:\n  image: quay.io/acme/worker:2.0\n' })], { rejected });
    expect(sites.map((s) => s.ref)).toEqual(['quay.io/acme/worker:2.0']);
    expect(rejected.map((r) => [r.raw, r.rule.id]).sort()).toEqual([
      ['docker.io/library/busybox:1.36', 'crd-schema'],
      ['quay.io/team/app:1.0', 'crd-schema'],
    ]);
  });
});
