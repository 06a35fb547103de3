import { describe, expect, it } from 'vitest';
import { applySplices, replaceTokens, scalarSource } from './postrender-splice.js';

const E = [{ from: 'nginx:1', to: 'r/m/docker.io/library/nginx:1' }];

describe('replaceTokens', () => {
  it.each([
    ['a whole value', 'nginx:1', 'r/m/docker.io/library/nginx:1'],
    ['after --flag=', '--image=nginx:1', '--image=r/m/docker.io/library/nginx:1'],
    ['inside quotes (source text)', '"nginx:1" # c', '"r/m/docker.io/library/nginx:1" # c'],
    ['in a comma list, twice', 'nginx:1,nginx:1', 'r/m/docker.io/library/nginx:1,r/m/docker.io/library/nginx:1'],
    ['a longer tag is another image', 'nginx:1.2', 'nginx:1.2'],
    ['a longer repository is another image', 'my-nginx:1', 'my-nginx:1'],
    ['a registry path ending in the name is another image', 'quay.io/nginx:1', 'quay.io/nginx:1'],
    ['a digest suffix is another reference', 'nginx:1@sha256:ab', 'nginx:1@sha256:ab'],
    ['after a URL scheme', 'oci://nginx:1', 'oci://r/m/docker.io/library/nginx:1'],
    ['a path ending in :// is not a scheme', 'x/y//nginx:1', 'x/y//nginx:1'],
  ])('whole tokens only: %s', (_, text, out) => {
    expect(replaceTokens(text, E)).toBe(out);
  });

  it('the longest match wins where one image is a prefix of another', () => {
    expect(
      replaceTokens('a:1 a:1-x', [
        { from: 'a:1', to: 'A' },
        { from: 'a:1-x', to: 'B' },
      ]),
    ).toBe('A B');
  });
});

describe('applySplices / scalarSource', () => {
  it('splices in any order, leaving the rest as it was', () => {
    expect(
      applySplices('0123456789', [
        { start: 6, end: 8, text: 'X' },
        { start: 1, end: 2, text: 'YY' },
      ]),
    ).toBe('0YY2345X89');
  });

  it.each([
    ['literal keeps the quoting style', "'nginx:1'", 'literal', "'r/m/docker.io/library/nginx:1'"],
    ['quoted writes one double-quoted scalar and keeps trailing line breaks', '>-\n  nginx:1\n', 'quoted', '"r/m/docker.io/library/nginx:1"\n'],
  ] as const)('%s', (_, source, mode, out) => {
    expect(scalarSource(source, 'nginx:1', E, mode)).toBe(out);
  });
});
