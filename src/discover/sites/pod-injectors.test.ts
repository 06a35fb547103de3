// A pod injector whose images another chart of the render tells it through a ConfigMap it reads
// (Istio 1.1's sidecarInjectorWebhook subchart mounts the injection template the parent chart
// writes, the proxy image in it) is told, not warned of; one that reads nothing is.
import { describe, expect, it } from 'vitest';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { ImageSite } from '../image-site.js';
import { unreadPodCreators } from './pod-creators.js';

const doc = (chart: string, object: Record<string, unknown>): RenderedDoc => ({
  chart,
  template: `${chart}/templates/x.yaml`,
  text: JSON.stringify(object),
  object,
});

const injector = (volumes: unknown[]) => [
  doc('mesh/charts/injector', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'injector' }, spec: { selector: { app: 'injector' } } }),
  doc('mesh/charts/injector', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'sidecar-injector' },
    webhooks: [
      { name: 'inject.mesh.io', clientConfig: { service: { name: 'injector', path: '/inject' } }, rules: [{ operations: ['CREATE'], resources: ['pods'] }] },
    ],
  }),
  doc('mesh/charts/injector', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'injector' },
    spec: { template: { metadata: { labels: { app: 'injector' } }, spec: { containers: [{ name: 'injector', image: 'mesh/injector:1.1' }], volumes } } },
  }),
];

const templateSite = {
  ref: 'docker.io/mesh/proxy:1.1',
  raw: 'mesh/proxy:1.1',
  certainty: 'certain',
  site: 'configmap',
  source: {
    chart: 'mesh',
    template: 'mesh/templates/injector-configmap.yaml',
    kind: 'ConfigMap',
    name: 'injector-template',
    fieldPath: 'data.config',
    position: 0,
  },
} as unknown as ImageSite;

describe('a pod injector subchart', () => {
  it('reading the ConfigMap its parent chart names the proxy in: told, nothing said', () => {
    const docs = injector([{ name: 'config', configMap: { name: 'injector-template' } }]);
    expect(unreadPodCreators(docs, [templateSite], { byEntry: new Map() })).toEqual([]);
  });

  it('reading nothing that names an image: named', () => {
    const w = unreadPodCreators(injector([]), [templateSite], { byEntry: new Map() });
    expect(w.map((x) => x.creator)).toEqual(['Deployment/injector']);
  });
});
