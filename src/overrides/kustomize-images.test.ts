import { describe, expect, it } from 'vitest';
import { ImageMap } from '../bundle/image-map.js';
import { isUnderTarget, mapPlacement, targetPlacement } from './placement.js';
import { applyEntries, applyEntry, beforeOwnEntries, planImageEntries, splitImage, transformContainerImages, type OverlayImage } from './kustomize-images.js';

const TARGET = { registry: 'mirror.local:5000', prefix: 'm' };
const T = 'mirror.local:5000/m';
const TO = targetPlacement(TARGET, 'full', T);
const atTarget = (name: string) => isUnderTarget(name, TARGET);
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const img = (before: string, fieldPath = 'spec.template.spec.containers[0].image', tagKnown = true): OverlayImage => ({
  before,
  tagKnown,
  raw: before,
  ref: before,
  site: fieldPath.endsWith('.image') ? 'pod-spec' : 'env',
  source: { chart: '', template: 'base/deploy.yaml', kind: 'Deployment', name: 'web', fieldPath },
});

describe("kustomize's images transformer", () => {
  it.each([
    ['nginx', { name: 'nginx' }],
    ['localhost:5000/a/b:v1', { name: 'localhost:5000/a/b', tag: 'v1' }],
    [`quay.io/a/b:v1@${A}`, { name: 'quay.io/a/b', tag: 'v1', digest: A }],
    [`quay.io/a/b@${A}`, { name: 'quay.io/a/b', digest: A }],
  ])('splits %s', (image, parts) => {
    expect(splitImage(image)).toEqual(parts);
  });

  // each row as kubectl kustomize (kustomize 5.7) printed it for the same entry
  it.each([
    ['nginx:1.25', { name: 'nginx', newName: 't/nginx' }, 't/nginx:1.25'],
    ['docker.io/library/nginx:1.25', { name: 'nginx', newName: 't/nginx' }, 'docker.io/library/nginx:1.25'],
    ['nginxx:1', { name: 'nginx', newName: 't/nginx' }, 'nginxx:1'],
    [`nginx:1.27@${A}`, { name: 'nginx', newTag: '9', digest: B }, `nginx:9@${B}`],
    [`nginx:1.27@${A}`, { name: 'nginx', newTag: '9' }, 'nginx:9'],
    ['busybox', { name: 'busybox', digest: B }, `busybox@${B}`],
    ['busybox:1.36', { name: 'busybox', digest: B }, `busybox@${B}`],
  ])('%s with %j → %s', (image, entry, out) => {
    expect(applyEntry(image, entry)).toBe(out);
  });

  it('applies entries in order, each on what the previous one made', () => {
    expect(
      applyEntries('nginx:1.25', [
        { name: 'nginx', newName: 't/nginx' },
        { name: 't/nginx', newName: 'chained' },
      ]),
    ).toBe('chained:1.25');
  });

  it('rewrites containers and initContainers at any depth, nothing else', () => {
    const o = {
      spec: {
        template: {
          spec: { initContainers: [{ image: 'a:1' }], containers: [{ image: 'a:2', env: [{ value: 'a:3' }] }], ephemeralContainers: [{ image: 'a:4' }] },
        },
      },
      data: { image: 'a:5' },
    };
    transformContainerImages(o, [{ name: 'a', newName: 'z' }]);
    expect(JSON.stringify(o)).toBe(
      JSON.stringify({
        spec: {
          template: {
            spec: { initContainers: [{ image: 'z:1' }], containers: [{ image: 'z:2', env: [{ value: 'a:3' }] }], ephemeralContainers: [{ image: 'a:4' }] },
          },
        },
        data: { image: 'a:5' },
      }),
    );
  });

  it('traces a built image back to the entry that made it', () => {
    const own = [
      { name: 'nginx', newName: `${T}/docker.io/library/nginx` },
      { name: 'app', newName: 'reg/app', newTag: '2' },
    ];
    expect(beforeOwnEntries(`${T}/docker.io/library/nginx:1.25`, own)).toEqual({ before: 'nginx:1.25', tagKnown: true });
    expect(beforeOwnEntries('reg/app:2', own)).toEqual({ before: 'app', tagKnown: false });
    expect(beforeOwnEntries('quay.io/x:1', own)).toEqual({ before: 'quay.io/x:1', tagKnown: true });
  });
});

describe('the entries an overlay needs', () => {
  it('names each image as the overlay sees it and sends what it deploys today to the target', () => {
    const own = [{ name: 'app', newTag: '2.1' }];
    const plan = planImageEntries([img('nginx:1.25'), img('nginx:1.27'), img('app:2.0'), img('quay.io/x/y')], own, { to: TO, atTarget });
    expect(plan.entries).toEqual([
      { name: 'app', newName: `${T}/docker.io/library/app`, newTag: '2.1' },
      { name: 'nginx', newName: `${T}/docker.io/library/nginx` },
      { name: 'quay.io/x/y', newName: `${T}/quay.io/x/y` },
    ]);
    expect(plan.images.map((i) => i.after)).toEqual([
      `${T}/docker.io/library/nginx:1.25`,
      `${T}/docker.io/library/nginx:1.27`,
      `${T}/docker.io/library/app:2.1`,
      `${T}/quay.io/x/y`,
    ]);
    expect(plan.unreachable).toEqual([]);
  });

  it('is the same on a re-run: an entry already at the target moves the image it moved before', () => {
    const own = [{ name: 'nginx', newName: `${T}/docker.io/library/nginx` }];
    const plan = planImageEntries([img('nginx:1.25')], own, { to: TO, atTarget });
    expect(plan.entries).toEqual(own);
  });

  it('leaves an image a base already points at the target, and names what kustomize cannot reach', () => {
    const plan = planImageEntries(
      [img(`${T}/docker.io/library/nginx:1.25`), img('quay.io/acme/agent:1', 'spec.template.spec.containers[0].env[0].value')],
      [],
      {
        to: TO,
        atTarget,
      },
    );
    expect(plan.entries).toEqual([]);
    expect(plan.placed).toEqual([`${T}/docker.io/library/nginx:1.25`]);
    expect(plan.unreachable.map((u) => [u.ref, u.why])).toEqual([
      ['quay.io/acme/agent:1', 'kustomize rewrites only containers[].image and initContainers[].image, not an env value'],
    ]);
  });

  it('pins digests from the map beside the tag; one name needing two digests is named', () => {
    const map = new ImageMap([
      { source: 'docker.io/library/nginx:1.25', destination: `${T}/nginx:1.25`, digest: A },
      { source: 'docker.io/library/nginx:1.27', destination: `${T}/nginx:1.27`, digest: B },
      { source: 'docker.io/library/redis:7', destination: `${T}/redis:7` },
    ]);
    const to = mapPlacement(map, 'map m.yaml');
    const plan = planImageEntries([img('nginx:1.25'), img('nginx:1.27'), img('redis:7'), img('busybox:1')], [], {
      to,
      atTarget: () => false,
      pin: (r) => map.lookup(r)?.digest,
    });
    expect(plan.entries).toEqual([
      { name: 'nginx', newName: `${T}/nginx`, newTag: '1.25', digest: A },
      { name: 'redis', newName: `${T}/redis` },
    ]);
    expect(plan.unreachable.map((u) => u.ref)).toEqual(['nginx:1.27']);
    expect(plan.unreachable[0]!.why).toMatch(/one entry per image name and nginx already has one/);
    expect(plan.unpinned).toEqual(['docker.io/library/redis:7']);
    expect(plan.unmapped).toEqual(['docker.io/library/busybox:1']);
  });

  it('from built output, where the overlay replaced the tag, writes the tag and digest explicitly', () => {
    const own = [{ name: 'app', newName: 'reg/app', newTag: '2' }];
    const built = beforeOwnEntries('reg/app:2', own);
    const plan = planImageEntries([{ ...img('reg/app:2'), ...built }], own, { to: TO, atTarget });
    expect(plan.entries).toEqual([{ name: 'app', newName: `${T}/docker.io/reg/app`, newTag: '2' }]);
  });
});
