import { describe, expect, it } from 'vitest';
import { composeComponentPairs, composeSiblingFields } from './sibling-fields.js';
import { discoverImages } from '../discover-images.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';

describe('a reference joined from sibling fields of any name', () => {
  it.each<[Record<string, unknown>, string, string[]]>([
    [{ image: 'quay.io/acme/pg', defaultImageVersion: '1.2' }, 'quay.io/acme/pg:1.2', ['image', 'defaultImageVersion']],
    [{ image_v2: 'ghcr.io/acme/redis', imageTag: '7.2.4', appVersion: '9.9' }, 'ghcr.io/acme/redis:7.2.4', ['image_v2', 'imageTag']],
    [{ imageName: 'acme/agent', version: 1.4 }, 'acme/agent:1.4', ['imageName', 'version']],
    [{ registry: 'r.acme.io/', repository: 'team/logs', tag: 'v3' }, 'r.acme.io/team/logs:v3', ['repository', 'tag', 'registry']],
    [{ hub: 'docker.io/prom', image: 'prometheus', tag: 'v2.12.0' }, 'docker.io/prom/prometheus:v2.12.0', ['image', 'tag', 'hub']],
    [{ imageRegistry: 'r.acme.io', image: 'team/logs', imageTag: 'v3' }, 'r.acme.io/team/logs:v3', ['image', 'imageTag', 'imageRegistry']],
    [{ sidecarImage: 'acme/side', sidecarImageTag: '2', tag: '1' }, 'acme/side:2', ['sidecarImage', 'sidecarImageTag']],
    [{ image: 'acme/x', imageTag: '1', version: '2' }, 'acme/x:1', ['image', 'imageTag']],
    [{ image: 'acme/x', version: 'sha256:' + 'a'.repeat(64) }, `acme/x@sha256:${'a'.repeat(64)}`, ['image', 'version']],
    [{ image: 'acme/x-zq1q', tag: '1.0+zq2q' }, 'acme/x-zq1q:1.0+zq2q', ['image', 'tag']],
  ])('%j joins as %s', (o, raw, keys) => {
    expect(composeSiblingFields(o)).toEqual({ raw, keys });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ image: 'acme/x:1.0', tag: '2' }, 'the repository carries its own tag'],
    [{ image: 'acme/x', appVersion: '1.0' }, 'an appVersion is not the image tag'],
    [{ image: 'acme/x', chartVersion: '1.0' }, 'nor a chartVersion'],
    [{ image: 'acme/x', tag: '' }, 'an empty tag is a slot the template fills'],
    [{ repository: 'acme/x', version: '1', defaultImageVersion: '2' }, "two versions, neither the repository key's own nor a lone `tag`"],
    [{ image: 'a/x', repository: 'b/y', tag: '1' }, 'two repositories'],
    [{ name: 'postgres', version: '16' }, 'a name is no repository'],
    [{ repository: 'bitnami', version: '12.1.0' }, "a chart repository's name and a chart version"],
    [{ chart: 'redis', repository: 'acme/charts', version: '1.0' }, 'a chart beside them'],
    [{ image: 'not an image', tag: '1' }, 'prose'],
    [{ registry: 'a.io', hub: 'b.io/x', image: 'y', tag: '1' }, 'two registries, and which one is joined is unknown'],
  ])('%j joins nothing: %s', (o) => {
    expect(composeSiblingFields(o)).toBeUndefined();
  });
});

describe('sibling fields in custom resources', () => {
  const cr = (apiVersion: string, spec: Record<string, unknown>): RenderedDoc => ({
    chart: 'c',
    template: 'c/templates/cr.yaml',
    text: '',
    object: { apiVersion, kind: 'Engine', metadata: { name: 'e' }, spec },
  });

  it('an operator joins {image, imageTag}: one reference, not the repository as :latest', () => {
    const sites = discoverImages([cr('acme.io/v1', { sandbox: { image: 'quay.io/acme/sandbox', imageTag: '0.9' } })]);
    expect(sites.map((s) => [s.ref, s.certainty, s.source.fieldPath])).toEqual([['quay.io/acme/sandbox:0.9', 'certain', 'spec.sandbox']]);
  });

  it("Prometheus's kinds take `image` as it is (`version` only says what runs)", () => {
    const sites = discoverImages([cr('monitoring.coreos.com/v1', { image: 'quay.io/prometheus/prometheus', version: 'v2.45.0' })]);
    expect(sites.map((s) => s.ref)).toEqual(['quay.io/prometheus/prometheus:latest']);
  });

  it('several components, each NAMEImage with its NAMEImageTag (nats-operator): each joined, optional where its own flag beside is off', () => {
    const pod = {
      enableConfigReload: false,
      reloaderImage: 'connecteverything/nats-server-config-reloader',
      reloaderImageTag: '0.2.2-v1alpha2',
      enableMetrics: true,
      metricsImage: 'synadia/prometheus-nats-exporter',
      metricsImageTag: '0.6.2',
      metricsImagePullPolicy: 'IfNotPresent',
    };
    const sites = discoverImages([cr('nats.io/v1alpha2', { pod })]);
    expect(sites.map((s) => [s.ref, s.certainty, s.source.fieldPath, s.switchedOff ?? null])).toEqual([
      ['docker.io/connecteverything/nats-server-config-reloader:0.2.2-v1alpha2', 'certain', 'spec.pod.reloaderImage', 'spec.pod.enableConfigReload'],
      ['docker.io/synadia/prometheus-nats-exporter:0.6.2', 'certain', 'spec.pod.metricsImage', null],
    ]);
  });
});

describe('component pairs: several images in one object, each with its own tag', () => {
  it.each<[Record<string, unknown>, { raw: string; keys: [string, string]; flag?: string }[]]>([
    [
      { sidecarImage: 'a/side', sidecarImageTag: '1', exporter_image: 'a/exp', exporter_image_version: '2', exporterEnabled: false },
      [
        { raw: 'a/side:1', keys: ['sidecarImage', 'sidecarImageTag'] },
        { raw: 'a/exp:2', keys: ['exporter_image', 'exporter_image_version'], flag: 'exporterEnabled' },
      ],
    ],
    [{ aImage: 'a/x', aImageTag: '1', bImage: 'b/y' }, [{ raw: 'a/x:1', keys: ['aImage', 'aImageTag'] }]],
    [{ aImage: 'a/x', aImageTag: '1' }, []],
    [{ chart: 'c', aImage: 'a/x', aImageTag: '1', bImage: 'b/y', bImageTag: '2' }, []],
    [{ aImage: 'a/x:9', aImageTag: '1', bImage: 'b/y', bImageTag: '' }, []],
  ])('%j', (o, want) => {
    expect(composeComponentPairs(o)).toEqual(want);
  });
});
