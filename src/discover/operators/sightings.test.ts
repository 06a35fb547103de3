// sightOperators reads only the table entries a render's resources or pod images name, through an
// index kept per table: it must find every entry a full scan of the table finds, in table order,
// and a table it has not met (another table, not a stale index) is read as it is.
import { describe, expect, it } from 'vitest';
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { ImageSite } from '../image-site.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import type { OperatorEntry } from './model.js';
import { sightOperators } from './sightings.js';

const resource = (apiVersion: string, kind: string, name = 'r'): RenderedDoc => ({
  chart: 'c',
  template: `c/templates/${kind}-${name}.yaml`,
  text: '',
  object: { apiVersion, kind, metadata: { name }, spec: {} },
});

const podSite = (ref: string, template = 'c/templates/deploy.yaml'): ImageSite => ({
  ref,
  raw: ref,
  certainty: 'certain',
  site: 'pod-spec',
  source: { chart: 'c', template, kind: 'Deployment', name: 'op', fieldPath: 'spec.template.spec.containers[0].image', position: 0 },
  valuesPaths: [],
});

const entry = (operator: string, images: string[], resources: { group: string; kind: string }[] = []): OperatorEntry => ({
  operator,
  repository: `github.com/acme/${operator}`,
  images,
  resources,
  releases: [],
});

describe('sightOperators', () => {
  it('finds each entry that names a rendered resource or pod image, two entries naming one resource both, in table order', () => {
    const table = [
      entry('other', ['ghcr.io/acme/other']),
      entry('foo-b', ['ghcr.io/acme/op'], [{ group: 'example.com', kind: 'Foo' }]),
      entry('foo-a', [], [{ group: 'example.com', kind: 'Foo' }]),
      entry('bar', [], [{ group: 'example.com', kind: 'Bar' }]),
    ];
    const seen = sightOperators([resource('example.com/v1', 'Foo')], [podSite('ghcr.io/acme/op:v1.2.3')], table);
    expect([...seen.byEntry.keys()]).toEqual([1, 2]);
    expect(seen.byEntry.get(1)!.operators.map((o) => o.tag)).toEqual(['v1.2.3']);
    expect(seen.byEntry.get(1)!.resources.map((r) => r.kind)).toEqual(['Foo']);
    expect(seen.byEntry.get(2)!.operators).toEqual([]);
  });

  it('reads another table by its own entries, not by the index of a table read before', () => {
    const docs = [resource('example.com/v1', 'Bar')];
    const first = [entry('bar', [], [{ group: 'example.com', kind: 'Bar' }])];
    expect([...sightOperators(docs, [], first).byEntry.keys()]).toEqual([0]);
    const second = [entry('baz', [], [{ group: 'example.com', kind: 'Baz' }]), entry('bar', [], [{ group: 'example.com', kind: 'Bar' }])];
    expect([...sightOperators(docs, [], second).byEntry.keys()]).toEqual([1]);
    expect([...sightOperators([resource('example.com/v1', 'Baz')], [], second).byEntry.keys()]).toEqual([0]);
  });

  it("over the whole table: every entry one of the render's resources or operator images names, as a scan of each entry finds them", () => {
    // one resource of each kind the table names, and one pod image of each repository
    const kinds = [...new Map(OPERATOR_DEFAULTS.flatMap((e) => e.resources ?? []).map((r) => [`${r.group}/${r.kind}`, r])).values()];
    const docs = kinds.map((r, i) => resource(r.group === '' ? 'v1' : `${r.group}/v1`, r.kind, `r${i}`));
    const images = [...new Set(OPERATOR_DEFAULTS.flatMap((e) => e.images))];
    const sites = images.map((repository, i) => podSite(`${repository}:1.0.0`, `c/templates/op-${i}.yaml`));
    // every other resource and image left out, so that some entries are named and some not
    const someDocs = docs.filter((_, i) => i % 2 === 0);
    const someSites = sites.filter((_, i) => i % 3 === 0);
    const named = (e: OperatorEntry) =>
      (e.resources ?? []).some((r) =>
        someDocs.some(
          (d) =>
            (d.object as { kind: string }).kind === r.kind && (d.object as { apiVersion: string }).apiVersion === (r.group === '' ? 'v1' : `${r.group}/v1`),
        ),
      ) ||
      e.images.some(
        (repository) => someSites.some((s) => s.ref === `${repository}:1.0.0`) && (e.tagVersion === undefined || new RegExp(e.tagVersion).test('1.0.0')),
      );
    const expected = OPERATOR_DEFAULTS.flatMap((e, i) => (named(e) ? [i] : []));
    expect(expected.length).toBeGreaterThan(10);
    expect([...sightOperators(someDocs, someSites).byEntry.keys()]).toEqual(expected);
  });
});

// `values` and `postrender` move an operator's own image under the target, its source host kept as
// a path segment (full naming, their default): the moved operator still pulls its compiled-in
// defaults from where they were, so `images` run on the moved release must still know it.
describe('an operator image moved under a mirror prefix', () => {
  const table = [entry('op', ['ghcr.io/acme/op']), entry('other', ['quay.io/acme/op'])];

  it('is the operator its path names, host and all: PREFIX/ghcr.io/acme/op is ghcr.io/acme/op', () => {
    for (const ref of ['127.0.0.1:5000/mirror/ghcr.io/acme/op:v1.2.3', 'mirror.example.io/ghcr.io/acme/op:v1.2.3']) {
      const seen = sightOperators([], [podSite(ref)], table);
      expect([...seen.byEntry.keys()], ref).toEqual([0]);
      expect(seen.byEntry.get(0)!.operators.map((o) => o.tag)).toEqual(['v1.2.3']);
    }
  });

  it('is no operator when the copy drops the source host, or only shares the last components', () => {
    for (const ref of ['mirror.example.io/acme/op:v1', 'mirror.example.io/team/op:v1', 'ghcr.io/other/acme/op:v1'])
      expect([...sightOperators([], [podSite(ref)], table).byEntry.keys()], ref).toEqual([]);
  });
});

// `named` is what the chart hands the operator itself: a stand-in's guess of the same image is
// withheld as the chart's. A CRD's schema default hands nothing over (only a resource left to it
// pulls it), so the operator's own default of that image must not be withheld for it.
describe('the images the chart names for its operators', () => {
  const table = [entry('op', ['ghcr.io/acme/op'])];
  const schemaDefault: ImageSite = {
    ...podSite('docker.io/acme/agent:1'),
    site: 'custom-resource',
    source: {
      chart: 'c',
      template: 'c/crds/agent.yaml',
      kind: 'CustomResourceDefinition',
      name: 'agents.acme.io',
      fieldPath: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.default',
      position: 0,
    },
    switchedOff: 'an Agent (acme.io) resource that leaves spec.image unset',
  };

  it('holds an image the render gives (an env var of the operator), not a CRD schema default of one', () => {
    const env: ImageSite = {
      ...podSite('docker.io/acme/helper:2'),
      site: 'env',
      source: { ...podSite('x').source, fieldPath: 'spec.template.spec.containers[0].env[0].value' },
    };
    const seen = sightOperators([], [podSite('ghcr.io/acme/op:v1'), env, schemaDefault], table);
    expect([...(seen.named ?? [])].sort()).toEqual(['docker.io/acme/helper:2', 'ghcr.io/acme/op:v1']);
  });
});
