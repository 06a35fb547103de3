// The values writer with digests: a digest the push rewrote (an index narrowed to the carried
// platforms) and --pin-digests, the locked digest carried beside or in the name.
import { describe, expect, it } from 'vitest';
import type { ValuesPart } from '../discover/image-site.js';
import { buildOverride } from './values-writer.js';
import type { PinWay } from './digest-pins.js';
import { targetPlacement, withDigestSwap, withPins } from './placement.js';
import { valuesSite as site } from '../../test/support/values-site.js';

const T = { registry: 'r.example:5000', prefix: 'm' };
const D = 'sha256:' + 'b'.repeat(64);

describe('buildOverride with a rewritten index digest (push --sparse-index rewrite)', () => {
  const NEW = 'sha256:' + 'c'.repeat(64);
  const to = withDigestSwap(targetPlacement(T, 'full', 'r.example:5000/m'), new Map([[D, NEW]]));
  it('a digest value is set to the new digest; repository moves as always', () => {
    const parts: ValuesPart[] = [
      { path: 'image.repository', part: 'repository', value: 'quay.io/a/b' },
      { path: 'image.digest', part: 'digest', value: D },
    ];
    const o = buildOverride([site(`quay.io/a/b@${D}`, parts)], to.mapRef);
    expect(o.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b', digest: NEW } });
  });
  it('a digest no rewrite names is left alone', () => {
    const other = 'sha256:' + 'd'.repeat(64);
    const parts: ValuesPart[] = [
      { path: 'image.repository', part: 'repository', value: 'quay.io/a/b' },
      { path: 'image.digest', part: 'digest', value: other },
    ];
    expect(buildOverride([site(`quay.io/a/b@${other}`, parts)], to.mapRef).values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b' } });
  });
});

describe('buildOverride with --pin-digests', () => {
  const LOCKED = 'sha256:' + 'e'.repeat(64);
  const to = withPins(targetPlacement(T, 'full', 'r.example:5000/m', new Map([['quay.io/a/b:1', LOCKED]])));
  const repoTag: ValuesPart[] = [
    { path: 'image.repository', part: 'repository', value: 'quay.io/a/b' },
    { path: 'image.tag', part: 'tag', value: '1' },
  ];
  const KEY = 'c/templates/d.yaml\0Deployment\0d\0spec.template.spec.containers[0].image';
  const pin = (...failed: PinWay[]) => ({ failed: new Map([[KEY, new Set(failed)]]), unknown: 'not recorded' });

  it('the target carries the locked digest; a digest key beside the name is tried first, then the tag', () => {
    const current = { image: { repository: 'quay.io/a/b', tag: '1', digest: '' } };
    const first = buildOverride([site('quay.io/a/b:1', repoTag)], to.mapRef, { current, pin: pin() });
    expect(first.images[0]).toMatchObject({ target: `r.example:5000/m/quay.io/a/b:1@${LOCKED}`, pinned: 'digest' });
    expect(first.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b', digest: LOCKED } });
    const second = buildOverride([site('quay.io/a/b:1', repoTag)], to.mapRef, { current, pin: pin('digest') });
    expect(second.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b', tag: `1@${LOCKED}` } });
    const none = buildOverride([site('quay.io/a/b:1', repoTag)], to.mapRef, { current, pin: pin('digest', 'tag') });
    expect(none.unpinned).toEqual([
      expect.objectContaining({ target: 'r.example:5000/m/quay.io/a/b:1', why: 'the templates do not render a digest set at image.digest, image.tag' }),
    ]);
    expect(none.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b' } });
  });

  it('an empty tag key takes the rendered tag with the digest; a whole image string gets the digest appended', () => {
    const repoOnly: ValuesPart[] = [{ path: 'image.repository', part: 'repository', value: 'quay.io/a/b' }];
    const o = buildOverride([site('quay.io/a/b:1', repoOnly)], to.mapRef, { current: { image: { repository: 'quay.io/a/b', tag: '' } }, pin: pin() });
    expect(o.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b', tag: `1@${LOCKED}` } });
    const whole = buildOverride([site('quay.io/a/b:1', [{ path: 'img', part: 'image', value: 'quay.io/a/b:1' }])], to.mapRef, { current: {}, pin: pin() });
    expect(whole.values).toEqual({ img: `r.example:5000/m/quay.io/a/b:1@${LOCKED}` });
  });

  it('keys values.yaml leaves out are added last: a digest key, then a tag key', () => {
    const repoOnly: ValuesPart[] = [{ path: 'image.repository', part: 'repository', value: 'quay.io/a/b' }];
    const current = { image: { repository: 'quay.io/a/b' } };
    expect(buildOverride([site('quay.io/a/b:1', repoOnly)], to.mapRef, { current, pin: pin() }).values).toEqual({
      image: { repository: 'r.example:5000/m/quay.io/a/b', digest: LOCKED },
    });
    const tagged = buildOverride([site('quay.io/a/b:1', repoOnly)], to.mapRef, { current, pin: pin('added-digest') });
    expect(tagged.images[0]?.pinned).toBe('added-tag');
    expect(tagged.values).toEqual({ image: { repository: 'r.example:5000/m/quay.io/a/b', tag: `1@${LOCKED}` } });
  });

  it('nothing can carry it (a top-level repository: no block to hold a key), or nothing recorded it: named, the name still moves', () => {
    const top: ValuesPart[] = [{ path: 'repository', part: 'repository', value: 'quay.io/a/b' }];
    const o = buildOverride([site('quay.io/a/b:1', top)], to.mapRef, { current: { repository: 'quay.io/a/b' }, pin: pin() });
    expect(o.unpinned[0]?.why).toMatch(/^no value can carry a digest/);
    expect(o.values).toEqual({ repository: 'r.example:5000/m/quay.io/a/b' });
    const other: ValuesPart[] = [
      { path: 'image.repository', part: 'repository', value: 'quay.io/a/c' },
      { path: 'image.tag', part: 'tag', value: '1' },
    ];
    const unknown = buildOverride([site('quay.io/a/c:1', other)], to.mapRef, { current: {}, pin: pin() });
    expect(unknown.unpinned[0]).toMatchObject({ source: 'quay.io/a/c:1', why: 'digest unknown: not recorded' });
  });
  it('a tag two images share (Istio: global.tag beside a hub) pins neither: one digest there would send the other to the wrong content', () => {
    const other = 'sha256:' + 'f'.repeat(64);
    const shared = withPins(
      targetPlacement(
        T,
        'full',
        'r.example:5000/m',
        new Map([
          ['docker.io/istio/pilot:1.2', LOCKED],
          ['docker.io/istio/proxy:1.2', other],
        ]),
      ),
    );
    const hubTag: ValuesPart[] = [
      { path: 'global.hub', part: 'registry', value: 'docker.io/istio' },
      { path: 'global.tag', part: 'tag', value: '1.2' },
    ];
    const at = (name: string, i: number) => ({
      ...site(`docker.io/istio/${name}:1.2`, hubTag),
      raw: `docker.io/istio/${name}:1.2`,
      source: { ...site('x', []).source, fieldPath: `spec.template.spec.containers[${i}].image` },
    });
    const o = buildOverride([at('pilot', 0), at('proxy', 1)], shared.mapRef, { current: { global: { hub: 'docker.io/istio', tag: '1.2' } }, pin: pin() });
    expect(o.values).toEqual({ global: { hub: 'r.example:5000/m/docker.io/istio' } });
    expect(o.unpinned.map((u) => [u.source, u.why])).toEqual([
      ['docker.io/istio/pilot:1.2', 'global.tag is shared with images of other digests'],
      ['docker.io/istio/proxy:1.2', 'global.tag is shared with images of other digests'],
    ]);
    expect(o.conflicts).toEqual([]);
  });
});
