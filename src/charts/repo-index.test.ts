import { describe, expect, it } from 'vitest';
import { indexUrl, indexVersions, parseRepoIndex, resolveChartUrl } from './repo-index.js';

const INDEX = `apiVersion: v1
entries:
  demo:
  - name: demo
    version: 1.2.0
    digest: sha256:ABCDEF
    urls: [charts/demo-1.2.0.tgz]
  - name: demo
    version: 1.1.0
    digest: "0123"
    urls: [https://cdn.example.com/demo-1.1.0.tgz]
  other:
  - name: other
    version: 0.1.0
    urls: [other-0.1.0.tgz]
generated: "2026-01-01T00:00:00Z"
`;

describe('parseRepoIndex', () => {
  it('reads entries, urls and digests (a sha256: prefix is stripped, as Helm does)', () => {
    const idx = parseRepoIndex(INDEX, 'http://repo');
    expect(Object.keys(idx.entries)).toEqual(['demo', 'other']);
    expect(idx.entries.demo![0]).toMatchObject({ version: '1.2.0', digest: 'abcdef', urls: ['charts/demo-1.2.0.tgz'] });
    expect(idx.entries.demo![1]!.digest).toBe('0123');
  });
  it.each([
    ['entries: {}\n', /no apiVersion/],
    ['- a\n- b\n', /not a mapping/],
    ['apiVersion: v1\nentries: [\n', /not valid YAML/],
  ])('rejects a bad index (Helm: ErrNoAPIVersion) %#', (text, re) => {
    expect(() => parseRepoIndex(text, 'http://repo')).toThrow(re);
  });
  it('names the charts a repository has when one is missing', () => {
    const idx = parseRepoIndex(INDEX, 'http://repo');
    expect(() => indexVersions(idx, 'nope', 'http://repo')).toThrow(/chart "nope" not found in http:\/\/repo/);
    try {
      indexVersions(idx, 'nope', 'http://repo');
    } catch (e) {
      expect((e as { hint: string }).hint).toBe('the repository has: demo, other');
    }
  });
});

describe('resolveChartUrl (Helm ResolveReferenceURL)', () => {
  it.each([
    ['http://h/repo', 'demo-1.0.0.tgz', 'http://h/repo/demo-1.0.0.tgz'],
    ['http://h/repo/', 'charts/demo.tgz', 'http://h/repo/charts/demo.tgz'],
    ['http://h/repo?token=x', 'demo.tgz', 'http://h/repo/demo.tgz?token=x'],
    ['http://h/repo', 'https://cdn.example/demo.tgz', 'https://cdn.example/demo.tgz'],
    ['http://h/repo', '/abs/demo.tgz', 'http://h/abs/demo.tgz'],
  ])('%s + %s → %s', (repo, ref, want) => {
    expect(resolveChartUrl(repo, ref)).toBe(want);
  });
  it('index.yaml sits under the repo URL with a trailing slash forced', () => {
    expect(indexUrl('http://h/a/b')).toBe('http://h/a/b/index.yaml');
  });
});
