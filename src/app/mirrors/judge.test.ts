import { describe, expect, it } from 'vitest';
import type { Descriptor } from '../../oci/content.js';
import { judgePlatforms, type JudgedNode } from './judge.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const child = (digest: string, platform?: string): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 100,
  ...(platform ? { platform: { os: platform.split('/')[0]!, architecture: platform.split('/')[1]! } } : {}),
});
const index = (digest: string, ...manifests: Descriptor[]): JudgedNode => ({ digest, kind: 'index', manifests });
const single = (digest: string): JudgedNode => ({ digest, kind: 'manifest', manifests: [] });

describe('judgePlatforms', () => {
  const amd = child(d('a'), 'linux/amd64');
  const arm = child(d('b'), 'linux/arm64');
  const attestation = child(d('c'), 'unknown/unknown');

  it('another index with every platform image of the source is platform-identical, naming them; attestations need not be there', () => {
    expect(judgePlatforms(index(d('1'), amd, arm, attestation), index(d('2'), arm, amd, child(d('e'), 'linux/s390x')))).toEqual({
      status: 'platform-identical',
      platforms: [
        { platform: 'linux/amd64', digest: d('a') },
        { platform: 'linux/arm64', digest: d('b') },
      ],
    });
  });

  it('a platform missing or on other content is different, naming it', () => {
    expect(judgePlatforms(index(d('1'), amd, arm), index(d('2'), amd, child(d('f'), 'linux/arm64')))).toEqual({
      status: 'different',
      missing: ['linux/arm64'],
    });
  });

  it('a single manifest is platform-identical when the candidate index lists it, under the platform the index gives it', () => {
    expect(judgePlatforms(single(d('a')), index(d('2'), amd, arm))).toEqual({
      status: 'platform-identical',
      platforms: [{ platform: 'linux/amd64', digest: d('a') }],
    });
    expect(judgePlatforms(single(d('a')), index(d('2'), arm))).toEqual({ status: 'different', missing: [] });
    expect(judgePlatforms(single(d('a')), single(d('b')))).toEqual({ status: 'different', missing: [] });
  });

  it('an index of attestations alone proves nothing', () => {
    expect(judgePlatforms(index(d('1'), attestation), index(d('2'), attestation))).toEqual({ status: 'different', missing: [] });
  });

  it('an index whose one platform image is the candidate manifest itself is platform-identical', () => {
    expect(judgePlatforms(index(d('1'), amd), single(d('a')))).toEqual({
      status: 'platform-identical',
      platforms: [{ platform: 'linux/amd64', digest: d('a') }],
    });
  });
});
