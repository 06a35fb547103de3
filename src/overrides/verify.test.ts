import { describe, expect, it } from 'vitest';
import type { ImageSite } from '../discover/image-site.js';
import { ImageMap } from '../bundle/image-map.js';
import { isUnderTarget, mapPlacement, targetPlacement, withPins } from './placement.js';
import { verifyOverride } from './verify.js';

const T = { registry: 'r.example', prefix: 'm' };
const P = targetPlacement(T, 'full', 'r.example/m');
const at = (ref: string, field = 'spec.containers[0].image'): ImageSite => ({
  ref,
  raw: ref,
  certainty: 'certain',
  site: 'pod-spec',
  valuesPaths: [],
  source: { chart: 'c', template: 'c/templates/p.yaml', kind: 'Pod', name: 'p', fieldPath: field },
});

describe('verifyOverride', () => {
  it.each([
    ['every site at its mapped reference: no problem', [at('quay.io/a/b:1')], [at('r.example/m/quay.io/a/b:1')], []],
    ['still at the source: outside-target', [at('quay.io/a/b:1')], [at('quay.io/a/b:1')], ['outside-target']],
    ['under the target but another tag: changed', [at('quay.io/a/b:1')], [at('r.example/m/quay.io/a/b:2')], ['changed']],
    ['the site is no longer rendered: gone', [at('quay.io/a/b:1')], [], ['gone']],
    ['a new site outside the target is caught too', [], [at('docker.io/library/x:1')], ['outside-target']],
  ] as const)('%s', (_rule, before, after, kinds) => {
    expect(verifyOverride(before, after, P).map((p) => p.kind)).toEqual(kinds);
  });
});

describe('isUnderTarget', () => {
  it.each([
    ['r.example/m/a:1', true],
    ['r.example/mm/a:1', false],
    ['other.example/m/a:1', false],
    ['not a ref!', false],
  ])('%s → %s (registry and prefix must both match)', (ref, want) => {
    expect(isUnderTarget(ref, T)).toBe(want);
  });
});

describe('verifyOverride with a mirror map: proven images move, all others stay exactly', () => {
  const M = mapPlacement(new ImageMap([{ source: 'docker.io/library/nginx:1.27', destination: 'public.ecr.aws/docker/library/nginx:1.27' }]), 'map m.yaml');
  it.each([
    [
      'the mapped image at its mirror, the other unchanged',
      [at('nginx:1.27'), at('quay.io/a/b:1', 'x')],
      [at('public.ecr.aws/docker/library/nginx:1.27'), at('quay.io/a/b:1', 'x')],
      [],
    ],
    ['the mapped image still at its source: outside-target', [at('nginx:1.27')], [at('docker.io/library/nginx:1.27')], ['outside-target']],
    ['an unproven image moved along (a shared registry value): changed', [at('quay.io/a/b:1')], [at('public.ecr.aws/a/b:1')], ['changed']],
  ] as const)('%s', (_rule, before, after, kinds) => {
    expect(verifyOverride(before, after, M).map((p) => p.kind)).toEqual(kinds);
  });
});

describe('verifyOverride with pinned targets (values --pin-digests)', () => {
  const D = `sha256:${'a'.repeat(64)}`;
  const pinned = withPins(targetPlacement(T, 'full', 'r.example/m', new Map([['quay.io/a/b:1', D]])));
  it.each([
    ['tag and digest rendered', `r.example/m/quay.io/a/b:1@${D}`, []],
    ['the digest without the tag (a template that drops the tag once a digest is set): the same image', `r.example/m/quay.io/a/b@${D}`, []],
    ['the tag without the digest: changed', 'r.example/m/quay.io/a/b:1', ['changed']],
    ['another digest: changed', `r.example/m/quay.io/a/b:1@sha256:${'b'.repeat(64)}`, ['changed']],
  ] as const)('%s', (_rule, found, kinds) => {
    expect(verifyOverride([at('quay.io/a/b:1')], [at(found)], pinned).map((p) => p.kind)).toEqual(kinds);
  });
});
