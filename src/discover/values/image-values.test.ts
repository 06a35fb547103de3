// imagePartOf keeps what it reads off a key (and off a parent key) per key: the value and the
// parent still decide per call, whatever was asked of the same key before.
import { describe, expect, it } from 'vitest';
import { imagePartOf } from './image-values.js';

describe('imagePartOf asked of one key again', () => {
  it('answers by the value each time: a host alone in `repository` is a registry, a path the repository', () => {
    expect(imagePartOf('repository', 'image', 'bitnami/nginx')).toBe('repository');
    expect(imagePartOf('repository', 'image', 'ghcr.io')).toBe('registry');
    expect(imagePartOf('repository', 'image', 'bitnami/nginx')).toBe('repository');
    expect(imagePartOf('registryUrl', undefined, 'quay.io')).toBe('registry');
    expect(imagePartOf('registryUrl', undefined, 'not a host')).toBeUndefined();
  });

  it('answers by the parent each time: `name` is a repository under an image block only', () => {
    expect(imagePartOf('name', 'image', 'nginx')).toBe('repository');
    expect(imagePartOf('name', 'metadata', 'nginx')).toBeUndefined();
    expect(imagePartOf('name', undefined, 'nginx')).toBeUndefined();
    expect(imagePartOf('name', 'sidecarImage', 'nginx')).toBe('repository');
  });

  it('`name` one level deeper: in a map of images by component, not in a pull secret block', () => {
    expect(imagePartOf('name', 'postgres', 'postgres', 'image')).toBe('repository');
    expect(imagePartOf('version', 'agent', '1.2', 'images')).toBe('tag');
    expect(imagePartOf('name', 'pullSecret', 'regcred', 'image')).toBeUndefined();
    expect(imagePartOf('name', 'postgres', 'postgres', 'database')).toBeUndefined();
  });

  it('a parent key read as a map of registries or of images, then as an ordinary parent', () => {
    expect(imagePartOf('operator', 'registry', 'quay.io/mongodb')).toBe('registry');
    expect(imagePartOf('operator', 'registry', 'plain')).toBeUndefined();
    expect(imagePartOf('default', 'images', 'vllm/vllm-openai:v0.8.3')).toBe('image');
    expect(imagePartOf('default', 'settings', 'vllm/vllm-openai:v0.8.3')).toBeUndefined();
    expect(imagePartOf('pullSecret', 'image', 'quay.io/a/b:1')).toBeUndefined();
  });

  it('a key named for what its component does with credentials holds the whole reference it spells; a pull setting never does', () => {
    // OpenStack-Helm's images.tags: the image of the Job that sets keystone's credentials up
    expect(imagePartOf('keystone_credential_setup', 'tags', 'quay.io/airshipit/keystone:2026.1-ubuntu_noble')).toBe('image');
    expect(imagePartOf('keystone_credential_setup', 'tags', 'quay.io/airshipit/keystone:2026.1-ubuntu_noble')).toBe('image');
    expect(imagePartOf('secretName', undefined, 'my-secret')).toBeUndefined();
    // a key named for an image holds a Docker Hub short name too (CyberArk's sidecar injector)
    expect(imagePartOf('secretlessImage', undefined, 'cyberark/secretless-broker:latest')).toBe('image');
    expect(imagePartOf('secretsProviderImage', undefined, 'cyberark/secrets-provider-for-k8s:1.7')).toBe('image');
    expect(imagePartOf('secretImage', undefined, 'my-secret')).toBeUndefined();
    expect(imagePartOf('imagePullSecrets', undefined, 'regcred:latest')).toBeUndefined();
    expect(imagePartOf('password', 'auth', 'changeme')).toBeUndefined();
    expect(imagePartOf('passwordImage', 'auth', 'keystone:2026.1')).toBeUndefined();
    expect(imagePartOf('pullSecret', 'images', 'quay.io/a/b:1')).toBeUndefined();
    expect(imagePartOf('pullPolicy', 'tags', 'quay.io/a/b:1')).toBeUndefined();
  });
});

// Values written as env vars for an env-file ConfigMap (kangal's `configMap: {GHZ_IMAGE_NAME:
// hellofresh/kangal-ghz, GHZ_IMAGE_TAG: latest}`): the name key is the repository the consumer
// tags, so `values` can move it; before, only the tag was a values path and the image "hard-coded".
describe('env-style keys of a values map', () => {
  it('STEM_IMAGE_NAME is the repository beside STEM_IMAGE_TAG', async () => {
    const { imageValueLeaves } = await import('./image-values.js');
    const leaves = imageValueLeaves({ configMap: { GHZ_IMAGE_NAME: 'hellofresh/kangal-ghz', GHZ_IMAGE_TAG: 'latest', AWS_BUCKET_NAME: 'b' } });
    expect(leaves.map((l) => [l.path, l.part]).sort()).toEqual([
      ['configMap.GHZ_IMAGE_NAME', 'repository'],
      ['configMap.GHZ_IMAGE_TAG', 'tag'],
    ]);
  });
});
