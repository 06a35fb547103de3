import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import type { Descriptor } from './content.js';
import type { Manifest } from './manifest.js';
import { MediaType } from './media-types.js';
import { parsePlatforms } from './platform.js';
import { selectChildren } from './platform-filter.js';

const child = (c: string, platform?: string, ann?: Record<string, string>): Descriptor => ({
  mediaType: MediaType.ociManifest,
  digest: 'sha256:' + c.repeat(64),
  size: 1,
  ...(platform ? { platform: { os: platform.split('/')[0], architecture: platform.split('/')[1] } } : {}),
  ...(ann ? { annotations: ann } : {}),
});
const amd = child('a', 'linux/amd64');
const arm = child('b', 'linux/arm64');
const att = child('c', 'unknown/unknown', { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': amd.digest });
const index: Manifest = { kind: 'index', mediaType: MediaType.ociIndex, raw: new Uint8Array(), layers: [], manifests: [amd, arm, att] };

describe('selectChildren', () => {
  it('keeps everything without a filter (platform filter: default all)', () => {
    expect(selectChildren(index, undefined, 'x')).toEqual([amd, arm, att]);
  });
  it('keeps the matching child and its attestation (platform filter: attestations travel with their platform)', () => {
    expect(selectChildren(index, parsePlatforms('linux/amd64'), 'x')).toEqual([amd, att]);
    expect(selectChildren(index, parsePlatforms('linux/arm64'), 'x')).toEqual([arm]);
  });
  it('never picks unknown/unknown as runnable (platform filter: attestation is not a platform)', () => {
    expect(() => selectChildren(index, parsePlatforms('unknown/unknown'), 'x')).toThrow(UsageError);
  });
  it('fails naming what the index holds when nothing matches (platform filter: no empty copies)', () => {
    expect(() => selectChildren(index, parsePlatforms('linux/s390x'), 'idx')).toThrow(/no manifest for platform linux\/s390x/);
  });
});
