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

// A component whose on/off sits in its workload block (`service: {enabled: false, image}`) and
// whose own settings block (`args`) names a second image the component runs (KAI Scheduler's
// nodeScaleAdjuster.args.scalingPodImage: the operator deploys nothing of the component, so the
// scaling pod is never made). Before, the args image was listed as needed at run time.
const siblingChart = templateChart({
  'config.yaml': customResource(
    'SchedConfig',
    `  adjuster:
    service:
      enabled: false
      image: quay.io/acme/adjuster:1.0
    args:
      scalingPodImage: quay.io/acme/scalingpod:1.0
  binder:
    service:
      enabled: true
      image: quay.io/acme/binder:1.0
    args:
      reservationImage: quay.io/acme/reservation:1.0
  agent:
    metrics:
      enabled: false
      image: quay.io/acme/metrics:1.0
    config:
      helperImage: quay.io/acme/helper:1.0
  server:
    image: quay.io/acme/server:1.0
    sidecar:
      enabled: false
      image: quay.io/acme/sidecar:1.0
`,
  ),
  // the same shape in a consumer's config file, decoded from a ConfigMap
  'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  config.yaml: |
    adjuster:
      service:
        enabled: false
        image: quay.io/acme/cm-adjuster:1.0
      args:
        scalingPodImage: quay.io/acme/cm-scalingpod:1.0
`,
});

describe('a settings block beside its component workload switched off', () => {
  it('lists the settings block image as optional with the workload flag, and nothing else moves', async () => {
    const out = await listImages(siblingChart(), ['--optional']);
    expect(out.images.map((i) => i.ref).sort()).toEqual([
      'quay.io/acme/binder:1.0',
      'quay.io/acme/helper:1.0',
      'quay.io/acme/reservation:1.0',
      'quay.io/acme/server:1.0',
    ]);
    expect((out.optional ?? []).map((e) => [e.ref, e.toggles]).sort()).toEqual([
      ['quay.io/acme/adjuster:1.0', ['SchedConfig/default spec.adjuster.service.enabled=true']],
      ['quay.io/acme/cm-adjuster:1.0', ['ConfigMap/cfg data["config.yaml"].adjuster.service.enabled=true']],
      ['quay.io/acme/cm-scalingpod:1.0', ['ConfigMap/cfg data["config.yaml"].adjuster.service.enabled=true']],
      ['quay.io/acme/metrics:1.0', ['SchedConfig/default spec.agent.metrics.enabled=true']],
      ['quay.io/acme/scalingpod:1.0', ['SchedConfig/default spec.adjuster.service.enabled=true']],
      ['quay.io/acme/sidecar:1.0', ['SchedConfig/default spec.server.sidecar.enabled=true']],
    ]);
  });
});
