import { describe, expect, it } from 'vitest';
import { discoverImages } from '../discover-images.js';
import { explainChart, newAudit, type ExplainedCandidate } from '../verdicts/audit.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { NOT_AN_IMAGE } from './not-images.js';

const doc = (object: unknown): RenderedDoc => ({ chart: 'c', template: 'c/templates/t.yaml', text: '', object });
const env = (value: string) =>
  doc({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op' },
    spec: { template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.0', env: [{ name: 'SELECTOR', value }] }] } } },
  });
/** What the audit rejects in these documents, each place and string once. */
function rejectedIn(docs: RenderedDoc[]): { sites: string[]; rejected: ExplainedCandidate[] } {
  const audit = newAudit();
  const sites = discoverImages(docs, { audit });
  return { sites: sites.map((s) => s.ref), rejected: explainChart(sites, [], audit).candidates.filter((c) => c.verdict === 'rejected') };
}
const configMap = (data: Record<string, string>) => doc({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data });

describe('image-shaped strings that are not images', () => {
  it.each([
    ['app.kubernetes.io/component:template', 'label-selector'],
    ['node.kubernetes.io/instance-type:m5', 'label-selector'],
    ['quay.io/acme:1.2.0', 'registry-namespace'],
    ['ghcr.io/acme:v2', 'registry-namespace'],
  ])('%s in an env value is rejected as %s, with its reason', (value, id) => {
    const { sites, rejected } = rejectedIn([env(value)]);
    expect(sites).toEqual(['quay.io/acme/op:1.0']);
    expect(rejected.map((r) => [r.raw, r.rule, r.fieldPath])).toEqual([[value, id, 'spec.template.spec.containers[0].env[0].value']]);
    expect(rejected[0]!.reason).toBe(NOT_AN_IMAGE.find((r) => r.id === id)!.reason);
  });

  it('a label-domain host under a key named for an image is an image; a selector beside it stays rejected', () => {
    const config = ['injector:', '  image: k8s.io/chaos-injector:latest', 'selector: app.kubernetes.io/name:web', ''].join('\n');
    const { sites, rejected } = rejectedIn([configMap({ 'config.yaml': config })]);
    expect(sites).toEqual(['k8s.io/chaos-injector:latest']);
    expect(rejected.map((r) => [r.raw, r.rule])).toEqual([['app.kubernetes.io/name:web', 'label-selector']]);
  });

  it.each(['1.23.0', 'v2.8', '7.0.16-rc1'])('%s under an env var named for an image is rejected as a version number', (value) => {
    const d = env(value);
    const c = (d.object as { spec: { template: { spec: { containers: { env: { name: string }[] }[] } } } }).spec.template.spec.containers[0]!;
    c.env[0]!.name = 'LABEL_STUDIO_DOCKER_IMAGE';
    const { sites, rejected } = rejectedIn([d]);
    expect(sites).toEqual(['quay.io/acme/op:1.0']);
    expect(rejected.map((r) => [r.raw, r.rule])).toEqual([[value, 'version-number']]);
  });

  it.each(['registry.k8s.io/pause:3.9', 'ghcr.io/acme/worker:2.0', 'k8s.gcr.io/kube-proxy:v1.20.0', 'mcr.microsoft.com/powershell:nanoserver'])(
    '%s stays an image',
    (value) => {
      expect(discoverImages([env(value)]).map((s) => s.raw)).toContain(value);
    },
  );

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
    const { sites, rejected } = rejectedIn([configMap({ 'crds.yaml': crds, 'config.yaml': 'worker:\n  image: quay.io/acme/worker:2.0\n' })]);
    expect(sites).toEqual(['quay.io/acme/worker:2.0']);
    expect(rejected.map((r) => [r.raw, r.rule]).sort()).toEqual([
      ['docker.io/library/busybox:1.36', 'crd-schema'],
      ['fictional.registry.example:10443', 'crd-schema'],
      ['quay.io/team/app:1.0', 'crd-schema'],
    ]);
  });

  // Airbyte's JOB_KUBE_CONNECTOR_IMAGE_REGISTRY: the registry connectors are pulled from, which
  // `values` sets to the target's host; read as an image it failed the re-render proof
  it.each([
    ['JOB_KUBE_CONNECTOR_IMAGE_REGISTRY', 'target.example:5000'],
    ['imageRegistry', 'localhost:5000'],
  ])('%s=%s (a host and port under a registry key) is rejected as registry-prefix', (key, value) => {
    const { sites, rejected } = rejectedIn([configMap({ [key]: value })]);
    expect(sites).toEqual([]);
    expect(rejected.map((r) => [r.raw, r.rule])).toEqual([[value, 'registry-prefix']]);
  });

  it('an image with a tag under a registry key stays an image', () => {
    expect(discoverImages([configMap({ SIDECAR_IMAGE_REGISTRY: 'ghcr.io/acme/sidecar:1.2' })]).map((s) => s.ref)).toEqual(['ghcr.io/acme/sidecar:1.2']);
  });

  it("an allow-list of repositories a program checks images against (Renovate operator's POLICY_ALLOWED_IMAGES) names no image; a pre-pull list still does", () => {
    const named = (name: string, value: string) =>
      doc({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'op' },
        spec: { template: { spec: { containers: [{ name: 'op', image: 'quay.io/acme/op:1.0', env: [{ name, value }] }] } } },
      });
    const list = 'renovate/renovate,docker.io/renovate/renovate,ghcr.io/renovatebot/renovate';
    const { sites, rejected } = rejectedIn([named('POLICY_ALLOWED_IMAGES', list)]);
    expect(sites).toEqual(['quay.io/acme/op:1.0']);
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(rejected.map((r) => r.rule))).toEqual(new Set(['image-list']));
    expect(discoverImages([named('PREPULL_IMAGES', 'ghcr.io/acme/worker:2.0')]).map((s) => s.ref)).toContain('ghcr.io/acme/worker:2.0');
  });

  it('a data key of images a cleaner or scanner skips (excludedImages) names no image; a single trustedImage still does', () => {
    const { sites, rejected } = rejectedIn([configMap({ excludedImages: 'ghcr.io/acme/old:1.0' })]);
    expect(sites).toEqual([]);
    expect(rejected.map((r) => [r.raw, r.rule])).toEqual([['ghcr.io/acme/old:1.0', 'image-list']]);
    expect(discoverImages([configMap({ trustedImage: 'ghcr.io/acme/worker:2.0' })]).map((s) => s.ref)).toEqual(['ghcr.io/acme/worker:2.0']);
  });
});
