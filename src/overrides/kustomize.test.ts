import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildKustomization, imageName, kustomizeReaches } from './kustomize.js';
import { targetPlacement, withDigestSwap } from './placement.js';
import type { SiteKind } from '../discover/image-site.js';

const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const T = `${TARGET.registry}/${TARGET.prefix}`;
const TO = targetPlacement(TARGET, 'full', T);
const DIGEST = `sha256:${'1'.repeat(64)}`;

const site = (raw: string, ref: string, fieldPath = 'spec.template.spec.containers[0].image', kind: SiteKind = 'pod-spec') => ({
  raw,
  ref,
  site: kind,
  source: { chart: 'c', template: 'c/templates/d.yaml', kind: 'Deployment', name: 'd', fieldPath },
});

describe('kustomization', () => {
  it.each([
    ['nginx:1.25', 'nginx'],
    ['localhost:5000/a/b:v1', 'localhost:5000/a/b'],
    ['localhost:5000/a/b', 'localhost:5000/a/b'],
    [`quay.io/a/b:v1@${DIGEST}`, 'quay.io/a/b'],
  ])('imageName: %s → %s (tag after the last "/", a port is not a tag)', (source, name) => {
    expect(imageName(source)).toBe(name);
  });

  it.each([
    ['spec.template.spec.containers[0].image', true],
    ['spec.jobTemplate.spec.template.spec.initContainers[2].image', true],
    ['spec.deep.containers[0].image', true],
    ['spec.ephemeralContainers[0].image', false],
    ['spec.template.spec.containers[0].args[1]', false],
    ['spec.template.spec.containers[0].env[0].value', false],
    ['data.image', false],
  ])('kustomize reaches %s: %s (containers and initContainers anywhere, nothing else)', (path, reached) => {
    expect(kustomizeReaches(path)).toBe(reached);
  });

  it('a complete kustomization: resources and images; the name as spelled, only newName (tags and digests stay)', () => {
    const k = buildKustomization(
      ['a.manifests.yaml'],
      [
        site('nginx:1.25', 'docker.io/library/nginx:1.25'),
        site('nginx:1.24', 'docker.io/library/nginx:1.24', 'spec.template.spec.initContainers[0].image'),
        site(`quay.io/a/b:v1@${DIGEST}`, `quay.io/a/b:v1@${DIGEST}`),
      ],
      TO,
      ['# header'],
    );
    expect(k.text.startsWith('# header\napiVersion: kustomize.config.k8s.io/v1beta1\n')).toBe(true);
    expect(parse(k.text)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['a.manifests.yaml'],
      images: [
        { name: 'nginx', newName: `${T}/docker.io/library/nginx` },
        { name: 'quay.io/a/b', newName: `${T}/quay.io/a/b` },
      ],
    });
    expect(k.unreachable).toEqual([]);
  });

  it('images in args, env, ConfigMaps, custom resource fields and ephemeral containers are named as unreachable, with why', () => {
    const k = buildKustomization(
      ['a.manifests.yaml'],
      [
        site('nginx:1.25', 'docker.io/library/nginx:1.25'),
        site('--helper=busybox:1.36', 'docker.io/library/busybox:1.36', 'spec.template.spec.containers[0].args[0]', 'arg'),
        site('quay.io/x/y:1', 'quay.io/x/y:1', 'spec.template.spec.containers[0].env[0].value', 'env'),
        site('quay.io/x/z:1', 'quay.io/x/z:1', 'data.image', 'configmap'),
        site('quay.io/x/cr:1', 'quay.io/x/cr:1', 'spec.image', 'custom-resource'),
        site('nginx:1.24', 'docker.io/library/nginx:1.24', 'spec.ephemeralContainers[0].image'),
      ],
      TO,
    );
    expect(k.images.map((i) => i.name)).toEqual(['nginx']);
    expect(k.unreachable.map((u) => [u.ref, u.why.replace(/^.*, not /, '')])).toEqual([
      ['docker.io/library/busybox:1.36', 'a container argument'],
      ['quay.io/x/y:1', 'an env value'],
      ['quay.io/x/z:1', 'ConfigMap data'],
      ['quay.io/x/cr:1', "a custom resource's own field"],
      ['docker.io/library/nginx:1.24', 'ephemeralContainers'],
    ]);
    expect(k.text).toContain('# NOT rewritten by this kustomization');
    expect(k.text).toMatch(/^# {3}quay\.io\/x\/y:1: c\/templates\/d\.yaml Deployment\/d spec\.template\.spec\.containers\[0\]\.env\[0\]\.value: /m);
  });

  it('naming follows push (drop-host, flat); a digest push rewrote (--sparse-index rewrite) is set', () => {
    const s = site(`quay.io/a/b@${DIGEST}`, `quay.io/a/b@${DIGEST}`);
    expect(buildKustomization([], [s], targetPlacement(TARGET, 'drop-host', T)).images[0].newName).toBe(`${T}/a/b`);
    expect(buildKustomization([], [s], targetPlacement(TARGET, 'flat', T)).images[0].newName).toBe(`${T}/a-b`);
    const other = `sha256:${'2'.repeat(64)}`;
    const swapped = withDigestSwap(TO, new Map([[DIGEST, other]]));
    expect(buildKustomization([], [s], swapped).images[0]).toEqual({ name: 'quay.io/a/b', newName: `${T}/quay.io/a/b`, digest: other });
  });

  it('one name spelled for two different targets: the second is unreachable (kustomize reads one entry per name)', () => {
    const swapped = withDigestSwap(TO, new Map([[DIGEST, `sha256:${'2'.repeat(64)}`]]));
    const k = buildKustomization([], [site(`quay.io/a/b@${DIGEST}`, `quay.io/a/b@${DIGEST}`), site('quay.io/a/b:v2', 'quay.io/a/b:v2')], swapped);
    expect(k.images).toHaveLength(1);
    expect(k.unreachable.map((u) => u.ref)).toEqual(['quay.io/a/b:v2']);
  });
});
