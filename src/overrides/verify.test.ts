import { describe, expect, it } from 'vitest';
import type { ImageSite } from '../discover/image-site.js';
import { mapImage } from './image-mapping.js';
import { isUnderTarget, verifyOverride } from './verify.js';

const T = { registry: 'r.example', prefix: 'm' };
const map = (ref: string) => mapImage(ref, T, 'default');
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
    expect(verifyOverride(before, after, T, map).map((p) => p.kind)).toEqual(kinds);
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
