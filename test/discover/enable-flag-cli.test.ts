// Components of a custom resource switched off with a flag named `enable` (not `enabled`) beside
// or above their image: the operator runs none of them with these settings, so each image is
// optional, with the flag that brings it named; before they were listed as needed at run time.
import { describe, expect, it } from 'vitest';
import { customResource, listImages, templateChart } from './template-chart.js';

const chart = templateChart({
  'config.yaml': customResource(
    'DeviceConfig',
    `  exporter:
    enable: true
    image: quay.io/acme/exporter:1.0
    rbacConfig:
      enable: false
      image: quay.io/acme/rbac-proxy:0.18
  testRunner:
    enable: false
    image: quay.io/acme/test-runner:2.0
  remediation:
    enable: false
    testerImage: quay.io/acme/tester:2.0
`,
  ),
});

describe('a custom resource component with enable: false', () => {
  it('images lists its image as optional with the flag named, the enabled one as needed', async () => {
    const out = await listImages(chart(), ['--optional']);
    expect(out.images.map((i) => i.ref)).toEqual(['quay.io/acme/exporter:1.0']);
    expect((out.optional ?? []).map((e) => [e.ref, e.toggles]).sort()).toEqual([
      ['quay.io/acme/rbac-proxy:0.18', ['DeviceConfig/default spec.exporter.rbacConfig.enable=true']],
      ['quay.io/acme/test-runner:2.0', ['DeviceConfig/default spec.testRunner.enable=true']],
      ['quay.io/acme/tester:2.0', ['DeviceConfig/default spec.remediation.enable=true']],
    ]);
  });
});
