import { describe, expect, it } from 'vitest';
import { crdDefaultSites } from './crd-defaults.js';
import type { RenderedDoc } from '../../helm/engine/render-types.js';

/** A CRD of Broker (acme.io) whose version `version` has this spec schema. */
function crd(spec: Record<string, unknown>, version = 'v1', more: Record<string, unknown> = {}): RenderedDoc {
  const object = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'brokers.acme.io' },
    spec: {
      group: 'acme.io',
      names: { kind: 'Broker', plural: 'brokers' },
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec, ...more } } } }],
    },
  };
  return { chart: 'op', template: 'op/templates/crd.yaml', text: '', object };
}

const broker = (spec: unknown, apiVersion = 'acme.io/v1'): RenderedDoc => ({
  chart: 'op',
  template: 'op/templates/broker.yaml',
  text: '',
  object: { apiVersion, kind: 'Broker', metadata: { name: 'b' }, ...(spec === undefined ? {} : { spec }) },
});

const obj = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ type: 'object', properties, ...more });
const image = (d = 'acme/reloader:0.0.2') => ({ type: 'string', default: d });

/** [field in the resource, reference] of each site. */
const found = (docs: RenderedDoc[]) => crdDefaultSites(docs).map((s) => [s.source.fieldPath, s.ref]);

describe('crdDefaultSites (the API server writes a schema default into a resource that leaves it out)', () => {
  const flat = crd(obj({ reloaderImage: image(), agentImage: image('quay.io/acme/agent'), mode: { type: 'string', default: 'acme/x:1' } }));

  it('a field left out of a present object: the resource pulls the default, with where it comes from', () => {
    const sites = crdDefaultSites([flat, broker({})]);
    expect(sites.map((s) => [s.source.kind, s.source.fieldPath, s.ref, s.site, s.certainty])).toEqual([
      ['Broker', 'spec.reloaderImage', 'docker.io/acme/reloader:0.0.2', 'custom-resource', 'certain'],
    ]);
    expect(sites[0]!.crdDefault).toEqual({
      crd: 'brokers.acme.io',
      template: 'op/templates/crd.yaml',
      fieldPath: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.reloaderImage',
    });
  });

  it('a field the resource sets, or an object the resource leaves out (spec: no default of its own), takes nothing', () => {
    expect(found([flat, broker({ reloaderImage: 'mine/r:1' })])).toEqual([]);
    expect(found([flat, broker(undefined)])).toEqual([]);
  });

  it('null where the schema does not allow it is defaulted; a nullable null is kept', () => {
    expect(found([flat, broker({ reloaderImage: null })])).toEqual([['spec.reloaderImage', 'docker.io/acme/reloader:0.0.2']]);
    const nullable = crd(obj({ reloaderImage: { ...image(), nullable: true } }));
    expect(found([nullable, broker({ reloaderImage: null })])).toEqual([]);
  });

  it('deep: under an object the resource leaves out, only when that object has a default ({} walks on)', () => {
    const deep = (withDefaults: boolean) =>
      crd(obj({ template: obj({ spec: obj({ reloaderImage: image() }, withDefaults ? { default: {} } : {}) }, withDefaults ? { default: {} } : {}) }));
    expect(found([deep(false), broker({})])).toEqual([]);
    expect(found([deep(false), broker({ template: {} })])).toEqual([]);
    expect(found([deep(false), broker({ template: { spec: {} } })])).toEqual([['spec.template.spec.reloaderImage', 'docker.io/acme/reloader:0.0.2']]);
    expect(found([deep(true), broker({})])).toEqual([['spec.template.spec.reloaderImage', 'docker.io/acme/reloader:0.0.2']]);
  });

  it('an object default that holds an image field', () => {
    const whole = crd(obj({ sidecar: obj({ image: { type: 'string' } }, { default: { image: 'acme/side:2' } }) }));
    expect(found([whole, broker({})])).toEqual([['spec.sidecar.image', 'docker.io/acme/side:2']]);
    expect(found([whole, broker({ sidecar: {} })])).toEqual([]);
  });

  it('under arrays (items): each element present that leaves it out; none for an empty list', () => {
    const list = crd(obj({ sidecars: { type: 'array', items: obj({ name: { type: 'string' }, image: image('acme/side:1') }) } }));
    expect(found([list, broker({ sidecars: [{ name: 'a' }, { name: 'b', image: 'mine/b:1' }, { name: 'c' }] })])).toEqual([
      ['spec.sidecars[0].image', 'docker.io/acme/side:1'],
      ['spec.sidecars[2].image', 'docker.io/acme/side:1'],
    ]);
    expect(found([list, broker({ sidecars: [] })])).toEqual([]);
  });

  it('x-kubernetes-preserve-unknown-fields: its named properties default once the object is present; its other keys are not walked', () => {
    const loose = crd(obj({ extra: obj({ image: image('acme/extra:3') }, { 'x-kubernetes-preserve-unknown-fields': true }) }));
    expect(found([loose, broker({})])).toEqual([]);
    expect(found([loose, broker({ extra: { other: { image: null } } })])).toEqual([['spec.extra.image', 'docker.io/acme/extra:3']]);
  });

  it('additionalProperties: each entry of a map the resource holds', () => {
    const map = crd(obj({ components: { type: 'object', additionalProperties: obj({ image: image('acme/c:4') }) } }));
    expect(found([map, broker({ components: { a: {}, b: { image: 'mine/b:1' } } })])).toEqual([['spec.components.a.image', 'docker.io/acme/c:4']]);
  });

  it('only the version the resource names; another kind or group takes nothing', () => {
    expect(found([crd(obj({ reloaderImage: image() }), 'v2'), broker({})])).toEqual([]);
    expect(found([flat, broker({}, 'other.io/v1')])).toEqual([]);
  });

  it('a v1 List: each item is a resource', () => {
    const list: RenderedDoc = {
      chart: 'op',
      template: 'op/templates/list.yaml',
      text: '',
      object: { apiVersion: 'v1', kind: 'List', items: [broker({}).object] },
    };
    expect(found([flat, list])).toEqual([['items[0].spec.reloaderImage', 'docker.io/acme/reloader:0.0.2']]);
  });

  it('a crds/ file asked of one group, then of another: each render finds the defaults of its own groups', () => {
    // a crds/ file as chartCrdDocs gives it to every render of a chart: its text, parsed when read
    const file: RenderedDoc = {
      chart: 'op',
      template: 'op/crds/brokers.yaml',
      text: 'kind: CustomResourceDefinition\nspec:\n  group: acme.io\n  names: {kind: Broker}\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          spec:\n            properties:\n              reloaderImage: {type: string, default: "acme/reloader:0.0.2"}\n'.replace(
        'kind: CustomResourceDefinition',
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: brokers.acme.io}',
      ),
      object: null,
    };
    const other = (): RenderedDoc => ({ ...broker({}, 'other.io/v1'), template: 'op/templates/other.yaml' });
    expect(crdDefaultSites([other()], [other(), file]).map((s) => s.ref)).toEqual([]);
    expect(crdDefaultSites([broker({})], [broker({}), file]).map((s) => s.ref)).toEqual(['docker.io/acme/reloader:0.0.2']);
    expect(crdDefaultSites([other(), broker({})], [other(), broker({}), file]).map((s) => s.ref)).toEqual(['docker.io/acme/reloader:0.0.2']);
  });
});
