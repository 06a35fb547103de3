// The operator defaults table is data a reader fills from an operator's source: each entry must
// say what it needs to apply (versions that parse, references that compose, kinds it names).
import { describe, expect, it } from 'vitest';
import { matchesConstraint, parseConstraint } from '../../sprig/semver-constraint.js';
import { compareVersions, parseVersion } from '../../sprig/semver.js';
import { toImageRef } from '../image-ref.js';
import { OPERATOR_DEFAULTS } from './catalog.js';

/** The versions a constraint names (its bounds). */
const bounds = (versions: string) => [...versions.matchAll(/\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g)].map((m) => m[0]);

const composed = (image: string) =>
  image
    .replace(/\{operatorTag\}/g, 'v1.2.3')
    .replace(/\{operatorPath\}/g, 'registry.acme.io/team')
    .replace(/\{(cr|config):[^}]+\}/g, (m) => (m.includes('repository') ? 'acme/repo' : '1.2.3'))
    .replace(/\{env:[^}]+\}/g, 'acme')
    .replace(/\{flag:[^}]+\}/g, 'v1.2.3');

describe.each(OPERATOR_DEFAULTS.map((e) => [e.operator, e] as const))('operator defaults %s', (_name, e) => {
  it('recognises the operator by normalised repositories and resources by group and kind', () => {
    for (const repo of e.images) expect(toImageRef(`${repo}:1`)?.normalized, repo).toBe(`${repo}:1`);
    expect(e.images.length + (e.resources?.length ?? 0)).toBeGreaterThan(0);
    // a tag pattern picks the version out of a component's tag: one group, anchored
    if (e.tagVersion !== undefined) {
      expect(e.tagVersion).toMatch(/^\^.*\$$/);
      expect(new RegExp(`${e.tagVersion}|`).exec('')!.length, e.tagVersion).toBe(2);
    }
  });

  it('each release names the versions it holds for and each default composes to a reference, with FILE:LINE', () => {
    // an entry may hold only what the operator pulls by rules the model cannot list (uncovered)
    expect(e.releases.length + (e.nodeOsTags?.length ?? 0) + (e.uncovered ? 1 : 0)).toBeGreaterThan(0);
    for (const t of e.nodeOsTags ?? []) expect(e.resources?.map((x) => x.kind)).toContain(t.kind);
    if (e.uncovered) expect(e.uncovered.at).toMatch(/^[\w./-]+:\d+$/);
    // warned of until a resource is rendered: then the resource's defaults list them
    const perResource = [...(e.fromResource ?? []), ...e.releases.flatMap((r) => r.defaults)].filter((d) => d.per);
    if (e.uncovered?.forLater) expect(perResource.length).toBeGreaterThan(0);
    // a plugin gate's keys are a pattern, and its source line named
    for (const g of e.pluginGates ?? []) {
      expect(() => new RegExp(g.keys), g.keys).not.toThrow();
      expect(g.at).toMatch(/^[\w./-]+:\d+$/);
    }
    for (const r of e.releases) {
      expect(() => parseConstraint(r.versions), r.versions).not.toThrow();
      for (const d of [...r.defaults, ...(e.fromResource ?? [])]) {
        expect(toImageRef(composed(d.image)), d.image).toBeDefined();
        expect(d.at).toMatch(/^[\w./-]+:\d+$/);
        if (d.per)
          expect(
            e.resources?.map((x) => x.kind),
            d.per,
          ).toContain(d.per);
        if (/\{cr:/.test(d.image)) expect(d.per, `${d.image} reads a resource: which kind`).toBeDefined();
        // a part added at some repositories only is a part of the image as written
        if (d.partWhile) expect(d.image, d.partWhile.part).toContain(d.partWhile.part);
        // a version the resource names picks the default: a constraint that parses, on a resource
        if (d.whenVersion) {
          expect(() => parseConstraint(d.whenVersion!.versions), d.whenVersion.versions).not.toThrow();
          expect(d.per, `${d.image} is picked by a resource's version: which kind`).toBeDefined();
        }
        // a field of the operator's config file: the entry names the file's data key
        const config = /\{config:/.test(d.image) || d.unless?.config !== undefined || d.when?.startsWith('config:');
        if (config) expect(e.configFile, `${d.image} reads the operator's config file: which data key`).toBeDefined();
        // a key of the operator's settings ConfigMap: the entry names that ConfigMap
        if (d.when?.startsWith('setting:')) expect(e.settings, `${d.image} is picked by a setting: which ConfigMap`).toBeDefined();
        else if (d.when?.startsWith('config:'))
          expect(d.image, `${d.image} is pulled when the config file sets ${d.when}: it reads that file`).toMatch(/\{config:/);
        else if (d.when?.startsWith('flag:')) expect(d.when, `${d.image} is pulled when the operator is given a flag`).toMatch(/^flag:--?\w/);
        else if (d.when) expect(d.per ?? d.kind, `${d.image} is pulled when a resource sets ${d.when}: which kind`).toBeDefined();
        if (d.kind) {
          expect(d.per, `${d.image}: one resource kind or per resource, not both`).toBeUndefined();
          expect(e.resources?.map((x) => x.kind)).toContain(d.kind);
        }
      }
    }
  });

  it('no version falls in two releases: the ranges read never overlap', () => {
    const constraints = e.releases.map((r) => parseConstraint(r.versions));
    // two overlapping ranges share a bound of one of them (every lower bound is inclusive)
    for (const probe of e.releases.flatMap((r) => bounds(r.versions))) {
      const holding = e.releases.filter((_r, i) => matchesConstraint(constraints[i]!, parseVersion(probe)));
      expect(holding.length, `${probe} is in ${holding.map((r) => r.versions).join(' and ')}`).toBeLessThanOrEqual(1);
    }
  });

  it("a range's provenance is its newest release: `read` names the range's top (or is a commit)", () => {
    for (const r of e.releases) {
      if (/^[0-9a-f]{40}$/.test(r.read)) continue;
      const top = bounds(r.versions)
        .sort((a, b) => compareVersions(parseVersion(a), parseVersion(b)))
        .pop()!;
      expect(r.read.replace(/^[^\d]*/, ''), r.versions).toBe(top);
      expect(matchesConstraint(parseConstraint(r.versions), parseVersion(top)), r.versions).toBe(true);
    }
  });

  it('a default applied without the operator is composed from the resource alone', () => {
    for (const d of e.fromResource ?? []) {
      // a field of the resource in the reference, or one whose word picks the reference (`when: FIELD=WORD`)
      expect(/\{cr:/.test(d.image) || /^[^=:]+=./.test(d.when ?? ''), d.image).toBe(true);
      expect(d.image).not.toMatch(/\{operatorTag\}/);
    }
  });
});
