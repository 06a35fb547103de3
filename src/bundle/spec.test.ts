import { describe, expect, it } from 'vitest';
import { isBundleSpecText, parseBundleSpec } from './spec.js';

const GOOD = `apiVersion: helm-airgap/v1
charts:
  - name: cert-manager
    repo: https://charts.jetstack.io
    version: v1.17.2
    namespace: cert-manager
    valuesFiles: [prod.yaml]
    set: [installCRDs=true]
  - oci: ghcr.io/acme/app
    version: "^1.2"
    values: { replicas: 2 }
  - path: ./local-chart
images: [busybox:1.36]
exclude: ["docker.io/library/*"]
platforms: [linux/amd64]
mirrors:
  quay.io: 127.0.0.1:5000/quay.io
includeOptional: true
`;

describe('parseBundleSpec', () => {
  it('reads every section of airgap.yaml', () => {
    const s = parseBundleSpec(GOOD, 'airgap.yaml');
    expect(s.charts).toHaveLength(3);
    expect(s.charts[0]).toMatchObject({
      chart: 'cert-manager',
      repo: 'https://charts.jetstack.io',
      version: 'v1.17.2',
      namespace: 'cert-manager',
      valuesFiles: ['prod.yaml'],
      set: ['installCRDs=true'],
      origin: 'airgap.yaml:3',
    });
    expect(s.charts[1]).toMatchObject({ chart: 'oci://ghcr.io/acme/app', version: '^1.2', values: { replicas: 2 } });
    expect(s.charts[2]).toMatchObject({ chart: './local-chart' });
    expect(s).toMatchObject({
      images: ['busybox:1.36'],
      exclude: ['docker.io/library/*'],
      platforms: ['linux/amd64'],
      mirrors: { 'quay.io': '127.0.0.1:5000/quay.io' },
      includeOptional: true,
    });
  });
  it.each([
    ['charts:\n  - name: x\n    repo: http://r\n    bogus: 1\n', /airgap\.yaml:4: unknown key "bogus" in charts\[0\]/],
    ['charts:\n  - name: x\n', /airgap\.yaml:2: charts\[0\] names chart "x" but no repo/],
    ['charts:\n  - path: a\n    oci: b\n', /airgap\.yaml:2: charts\[0\] needs exactly one of/],
    ['images: busybox\n', /airgap\.yaml:1: top level\.images must be a list of strings/],
    ['platforms:\n  - linux/amd64\n  - [x]\n', /airgap\.yaml:3: top level\.platforms\[1\] must be a string/],
    ['includeOptional: "yes"\n', /airgap\.yaml:1: top level\.includeOptional must be a boolean/],
    ['charts: [\n', /airgap\.yaml:\d+: invalid YAML/],
    ['apiVersion: v9\n', /apiVersion v9 is not supported/],
    ['- a\n', /expected a mapping/],
  ])('errors name the line (%#)', (text, re) => {
    expect(() => parseBundleSpec(text, 'airgap.yaml')).toThrow(re);
  });
  it('an empty file is an empty spec', () => {
    expect(() => parseBundleSpec('', 'a.yaml')).toThrow(/expected a mapping/);
  });
});

describe('isBundleSpecText: bundle -f given a spec (deprecated) or a values file', () => {
  it.each([
    ['a full spec', GOOD, true],
    ['a spec without apiVersion', 'charts:\n  - path: ./chart\nimages: [busybox]\n', true],
    ['a spec naming only its apiVersion', 'apiVersion: helm-airgap/v1\n', true],
    ['a values file', 'image:\n  tag: "1.2"\nreplicaCount: 2\n', false],
    ['values with an images list', 'images: [busybox]\n', false],
    ['values with a charts key of other shape', 'charts:\n  - enabled: true\n', false],
    ['values mixing charts with other keys', 'charts:\n  - name: x\nreplicaCount: 1\n', false],
    ['an empty file', '', false],
    ['invalid YAML', 'a: [\n', false],
    ['two documents', 'charts: [{path: x}]\n---\na: 1\n', false],
  ])('%s', (_, text, want) => {
    expect(isBundleSpecText(text)).toBe(want);
  });
});
