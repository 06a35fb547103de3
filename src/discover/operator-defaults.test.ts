// The operator defaults table is data a reader fills from an operator's source: each entry must
// say what it needs to apply (versions that parse, references that compose, kinds it names).
import { describe, expect, it } from 'vitest';
import { parseConstraint } from '../sprig/semver-constraint.js';
import { toImageRef } from './image-ref.js';
import { OPERATOR_DEFAULTS } from './operator-defaults.js';

const composed = (image: string) =>
  image.replace(/\{operatorTag\}/g, 'v1.2.3').replace(/\{cr:[^}]+\}/g, (m) => (m.includes('repository') ? 'acme/repo' : '1.2.3'));

describe.each(OPERATOR_DEFAULTS.map((e) => [e.operator, e] as const))('operator defaults %s', (_name, e) => {
  it('recognises the operator by normalised repositories and resources by group and kind', () => {
    for (const repo of e.images) expect(toImageRef(`${repo}:1`)?.normalized, repo).toBe(`${repo}:1`);
    expect(e.images.length + (e.resources?.length ?? 0)).toBeGreaterThan(0);
  });

  it('each release names the versions it holds for and each default composes to a reference, with FILE:LINE', () => {
    expect(e.releases.length + (e.nodeOsTags?.length ?? 0)).toBeGreaterThan(0);
    for (const t of e.nodeOsTags ?? []) expect(e.resources?.map((x) => x.kind)).toContain(t.kind);
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
        if (d.when) expect(d.per, `${d.image} is pulled when a resource sets ${d.when}: which kind`).toBeDefined();
      }
    }
  });

  it('a default applied without the operator is composed from the resource alone', () => {
    for (const d of e.fromResource ?? []) {
      expect(d.image).toMatch(/\{cr:/);
      expect(d.image).not.toMatch(/\{operatorTag\}/);
    }
  });
});
