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

  it('another index with the same platform images (order, attestations aside) is platform-identical, naming them', () => {
    const annotated: Descriptor = {
      ...child(d('9'), 'linux/amd64'),
      platform: undefined,
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    };
    expect(judgePlatforms(index(d('1'), amd, arm, attestation), index(d('2'), arm, amd, annotated))).toEqual({
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

  it('lying candidates are different: an extra first amd64 entry, swapped labels, another platform, a platform-less image', () => {
    const other = child(d('e'), 'linux/amd64');
    expect(judgePlatforms(index(d('1'), amd, arm), index(d('2'), other, amd, arm))).toEqual({ status: 'different', missing: ['linux/amd64'] });
    expect(judgePlatforms(index(d('1'), amd, arm), index(d('2'), child(d('a'), 'linux/arm64'), child(d('b'), 'linux/amd64')))).toEqual({
      status: 'different',
      missing: ['linux/amd64', 'linux/arm64'],
    });
    expect(judgePlatforms(index(d('1'), amd, arm), index(d('2'), amd, arm, child(d('e'), 'linux/s390x')))).toEqual({ status: 'different', missing: [] });
    expect(judgePlatforms(index(d('1'), amd, arm), index(d('2'), amd, arm, child(d('e'))))).toEqual({ status: 'different', missing: [] });
  });

  it("a single manifest is platform-identical when it is the candidate index's one image, under the platform the index gives it", () => {
    expect(judgePlatforms(single(d('a')), index(d('2'), amd, attestation))).toEqual({
      status: 'platform-identical',
      platforms: [{ platform: 'linux/amd64', digest: d('a') }],
    });
    expect(judgePlatforms(single(d('a')), index(d('2'), amd, arm))).toEqual({ status: 'different', missing: [] });
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
