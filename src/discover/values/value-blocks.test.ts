import { describe, expect, it } from 'vitest';
import { imageValueLeaves } from './image-values.js';
import { imageValueBlocks } from './value-blocks.js';
import { offToggles, formatToggles } from '../toggles/value.js';

describe('imageValueBlocks', () => {
  it('image.name + tag with no registry is the repository where a template puts the name first in an image field', () => {
    const leaves = imageValueLeaves({
      proxy: { traefik: { image: { name: 'traefik', tag: 'v3.7.8' } } },
      bridge: { image: { name: 'kafka-bridge', tag: '0.27.0' } },
    });
    const refs = (whole: string[]) =>
      imageValueBlocks(
        leaves,
        () => undefined,
        () => ({}),
        new Set(whole),
      ).map((b) => `${b.path} ${b.raw}`);
    expect(refs([])).toEqual([]);
    expect(refs(['proxy.traefik.image'])).toEqual(['proxy.traefik.image traefik:v3.7.8']);
  });

  it.each([
    ['registry + repository + tag', { a: { image: { registry: 'quay.io', repository: 'x/y', tag: 'v1' } } }, ['a.image quay.io/x/y:v1']],
    ['no tag: the chart appVersion (Helm charts default to it)', { a: { image: { repository: 'x/y' } } }, ['a.image x/y:9.9']],
    ['digest pin', { a: { image: { repository: 'x/y', tag: 'v1', digest: `sha256:${'c'.repeat(64)}` } } }, [`a.image x/y:v1@sha256:${'c'.repeat(64)}`]],
    ['one image string', { sidecarImage: 'ghcr.io/s/t:2' }, ['sidecarImage ghcr.io/s/t:2']],
    ['image + tag siblings: the image is the repository', { tool: { image: 'x/tool', tag: '3' } }, ['tool x/tool:3']],
    ['image.name alone is a fragment, not a reference', { op: { image: { name: 'kafka' } } }, []],
    [
      'image.name + tag, no registry: still a fragment (Strimzi kafkaBridge joins defaultImageRepository)',
      { kafkaBridge: { image: { registry: '', repository: '', name: 'kafka-bridge', tag: '0.27.0' } } },
      [],
    ],
    ['image.name with a path + tag: the repository', { op: { image: { name: 'acme/op', tag: '1' } } }, ['op.image acme/op:1']],
    [
      'repository + image + version: joined as the operator does (device-operator policies)',
      { draDriver: { repository: 'nvcr.io/nvidia', image: 'dra-driver', version: 'v0.5.0' } },
      ['draDriver nvcr.io/nvidia/dra-driver:v0.5.0'],
    ],
    ['image.name + registry + tag: the repository', { op: { image: { registry: 'quay.io', name: 'op', tag: '1' } } }, ['op.image quay.io/op:1']],
    [
      'a NAME:TAG image string beside a registry with a path (robusta holmes mcpAddons): joined under it',
      { mariadb: { enabled: false, image: 'mariadb-mcp:1.0.6', registry: 'us-docker.pkg.dev/acme/mcp' } },
      ['mariadb.image us-docker.pkg.dev/acme/mcp/mariadb-mcp:1.0.6'],
    ],
    [
      'several repository keys in one block (Kube-OVN images.kubeovn): an image each, sharing its tag',
      { images: { kubeovn: { repository: 'kube-ovn', vpcRepository: 'vpc-nat-gateway', tag: 'v1' } } },
      ['images.kubeovn kube-ovn:v1', 'images.kubeovn vpc-nat-gateway:v1'],
    ],
    [
      "a registry map beside an ancestor (Kube-OVN global.registry.address): the repository's registry",
      { global: { images: { kubeovn: { repository: 'kube-ovn' } }, registry: { address: 'docker.io/kubeovn' } } },
      ['global.images.kubeovn docker.io/kubeovn/kube-ovn:9.9'],
    ],
    ["an ancestor's registry key, empty: none", { global: { imageRegistry: '', image: { repository: 'acme/op' } } }, ['global.image acme/op:9.9']],
    [
      "the block's own registry before an ancestor's",
      { global: { imageRegistry: 'mirror.io', image: { registry: 'quay.io', repository: 'acme/op' } } },
      ['global.image quay.io/acme/op:9.9'],
    ],
    [
      'two registries at the nearest level that has any: none chosen',
      { g: { registry: { address: 'a.io/x' }, mirror: { registry: 'b.io' }, images: { op: { repository: 'op' } } } },
      ['g.images.op op:9.9'],
    ],
    ['an image string with its own host beside a registry: as written', { m: { image: 'quay.io/a/b:1', registry: 'docker.io' } }, ['m.image quay.io/a/b:1']],
    [
      "a NAME:TAG image string in a block under one with a registry: joined under the parent's",
      { aws: { registry: 'us-docker.pkg.dev/acme/mcp', image: 'aws-mcp:2.1.0', multi: { enabled: false, image: 'multi-mcp:2.1.0' } } },
      ['aws.image us-docker.pkg.dev/acme/mcp/aws-mcp:2.1.0', 'aws.multi.image us-docker.pkg.dev/acme/mcp/multi-mcp:2.1.0'],
    ],
  ])('%s', (_name, values, want) => {
    const blocks = imageValueBlocks(imageValueLeaves(values as Record<string, unknown>), () => '9.9');
    expect(blocks.map((b) => `${b.path} ${b.raw}`)).toEqual(want);
  });
});

describe('imageValueBlocks: the registry above a block beside what the renders taught', () => {
  const values = { global: { images: { ovn: { repository: 'kube-ovn' } }, registry: { address: 'docker.io/kubeovn' } } };
  const refs = (fallback: { registry?: string }) =>
    imageValueBlocks(
      imageValueLeaves(values),
      () => '9.9',
      () => fallback,
    ).map((b) => b.raw);

  it('docker.io no value gave the renders (the runtime default): the registry above', () => {
    expect(refs({ registry: 'docker.io' })).toEqual(['docker.io/kubeovn/kube-ovn:9.9']);
  });

  it("another registry the renders show for blocks like it (a template's default): the renders'", () => {
    expect(refs({ registry: 'ghcr.io/acme' })).toEqual(['ghcr.io/acme/kube-ovn:9.9']);
  });
});

describe('offToggles', () => {
  it('finds enabled-style booleans that are off, with their paths', () => {
    const t = offToggles({
      hotReload: { enabled: false },
      metrics: { enabled: true, serviceMonitor: { enabled: false } },
      enableFoo: false,
      debug: false,
      fooEnabled: false,
    });
    expect(formatToggles(t)).toBe('hotReload.enabled=true,metrics.serviceMonitor.enabled=true,enableFoo=true,fooEnabled=true');
  });

  it('reads the word in any case style: snake_case, kebab-case and camelCase of several words (Volcano: custom.metrics_enable)', () => {
    const t = offToggles({
      custom: { metrics_enable: false, agent_scheduler_enable: false, colocation_enabled: false, admission_enable: true, image_pull_policy: false },
      serviceMonitorEnabled: false,
      'grafana-enabled': false,
      enable_tracing: false,
      operatorInstall: false,
      crd_create: false,
      deploy_agent: false,
      unenable: false,
      enablement: false,
    });
    expect(formatToggles(t)).toBe(
      'custom.metrics_enable=true,custom.agent_scheduler_enable=true,custom.colocation_enabled=true,serviceMonitorEnabled=true,grafana-enabled=true,enable_tracing=true,operatorInstall=true,crd_create=true,deploy_agent=true',
    );
  });
});
