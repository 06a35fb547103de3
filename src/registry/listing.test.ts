import { describe, expect, it } from 'vitest';
import { nextLink, referrersTag } from './listing.js';

describe('nextLink (RFC 8288, DS pagination)', () => {
  it.each([
    [
      'relative target resolves against the request',
      '</v2/a/tags/list?n=2&last=b>; rel="next"',
      'https://r.io/v2/a/tags/list?n=2',
      'https://r.io/v2/a/tags/list?n=2&last=b',
    ],
    ['absolute target is kept', '<https://other/v2/x?last=1>; rel="next"', 'https://r.io/v2/a', 'https://other/v2/x?last=1'],
    ['unquoted rel', '</p2>; rel=next', 'https://r.io/p1', 'https://r.io/p2'],
    ['only rel=next counts', '</p0>; rel="prev", </p2>; rel="next"', 'https://r.io/p1', 'https://r.io/p2'],
    ['no header, no next page', null, 'https://r.io/p1', undefined],
  ])('%s', (_n, header, url, expected) => {
    expect(nextLink(header, url)).toBe(expected);
  });
});

describe('referrersTag (DS referrers tag schema)', () => {
  it('sha256:<hex> becomes sha256-<hex>', () => {
    const hex = 'a'.repeat(64);
    expect(referrersTag(`sha256:${hex}`)).toBe(`sha256-${hex}`);
  });
  it('sha512 is cut to 64 hex characters', () => {
    expect(referrersTag(`sha512:${'b'.repeat(128)}`)).toBe(`sha512-${'b'.repeat(64)}`);
  });
});
