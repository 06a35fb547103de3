import { describe, expect, it } from 'vitest';
import { matchesImageGlob, planImages, type FoundImage } from './image-plan.js';

const site = (template: string) => ({
  chart: 'c',
  template,
  kind: 'Deployment',
  name: 'd',
  fieldPath: 'x',
  site: 'pod-spec' as const,
  certainty: 'certain' as const,
  valuesPaths: [],
});
const found = (ref: string, need: 'certain' | 'optional', t = 't.yaml'): FoundImage => ({ ref, raw: ref, need, site: site(t) });

describe('matchesImageGlob', () => {
  it.each([
    ['docker.io/library/*', 'docker.io/library/busybox:1.36', true],
    ['docker.io/*', 'docker.io/library/busybox:1.36', false],
    ['docker.io/**', 'docker.io/library/busybox:1.36', true],
    ['busybox', 'docker.io/library/busybox:1.36', true],
    ['quay.io/jetstack/cert-manager-*', 'quay.io/jetstack/cert-manager-webhook:v1.17.2', true],
    ['quay.io/jetstack/*:v1.17.?', 'quay.io/jetstack/cert-manager-webhook:v1.17.2', true],
    ['quay.io/jetstack/*:v2*', 'quay.io/jetstack/cert-manager-webhook:v1.17.2', false],
    ['ghcr.io/x', 'ghcr.io/x@sha256:' + 'a'.repeat(64), true],
  ])('%s vs %s → %s (a glob without a tag matches every tag)', (g, ref, want) => {
    expect(matchesImageGlob(g, ref)).toBe(want);
  });
});

describe('planImages', () => {
  it('merges sites per reference; certain wins over optional', () => {
    const p = planImages({ found: [found('a.io/x:1', 'optional', 'a'), found('a.io/x:1', 'certain', 'b')], extra: [], exclude: [], includeOptional: false });
    expect(p.bundle).toHaveLength(1);
    expect(p.bundle[0]).toMatchObject({ need: 'certain' });
    expect(p.bundle[0]!.sites.map((s) => s.template)).toEqual(['a', 'b']);
  });
  it('leaves optional images out unless includeOptional (issue 5: not bundled unless asked)', () => {
    const input = { found: [found('a.io/x:1', 'certain'), found('a.io/opt:1', 'optional')], extra: [], exclude: [] };
    expect(planImages({ ...input, includeOptional: false }).notBundled.map((i) => i.ref)).toEqual(['a.io/opt:1']);
    expect(planImages({ ...input, includeOptional: true }).bundle.map((i) => i.ref)).toEqual(['a.io/opt:1', 'a.io/x:1']);
  });
  it('adds extra images normalised, and excludes win over everything', () => {
    const p = planImages({ found: [found('a.io/x:1', 'certain')], extra: ['busybox'], exclude: ['a.io/*'], includeOptional: false });
    expect(p.bundle).toEqual([{ source: 'busybox', ref: 'docker.io/library/busybox:latest', need: 'extra', sites: [] }]);
    expect(p.excluded).toEqual([{ ref: 'a.io/x:1', glob: 'a.io/*' }]);
  });
});
