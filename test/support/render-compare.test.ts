import { describe, expect, it } from 'vitest';
import { podSpecImages } from './pod-images.js';
import { bothRandom, compareRenders, parseDocs } from './render-compare.js';

describe('render comparison masks only what Helm makes random', () => {
  it.each([
    ['generated password in a Secret', 'cGFzc3dvcmQx', 'YWJjZGVmZ2hp', '/data/password', true],
    ['sha256 checksum annotations', 'a'.repeat(64), 'b'.repeat(64), '/metadata/annotations/checksum~1secret', true],
    ['a random name suffix', 'test-pod-x7k2q', 'test-pod-ab93m', '/metadata/name', true],
    ['a random infix sharing its first letter (randAlphaNum 5)', 'rel-htzht-test', 'rel-habby-test', '/metadata/name', true],
    [
      'a random numeric suffix of a name (randNumeric 3, fission hook jobs)',
      'rel-fission-all-1.27.0-308',
      'rel-fission-all-1.27.0-620',
      '/metadata/name',
      true,
    ],
    ['a different version inside a name is a real difference', 'rel-app-1.27.0-job', 'rel-app-1.28.0-job', '/metadata/name', false],
    ['a different number ending a name after a dot is a real difference', 'rel-app-1.27.0', 'rel-app-1.27.1', '/metadata/name', false],
    ['a numeric suffix outside a name is a real difference', 'port-8080', 'port-8081', '/data/x', false],
    ['a schedule from the render time, a minute apart (linkerd heartbeat)', '21 04 * * *', '22 04 * * *', '/spec/schedule', true],
    ['a schedule hours apart is a real difference', '21 04 * * *', '21 09 * * *', '/spec/schedule', false],
    ['one letter of a word is a real difference', 'release-alpha', 'release-alphb', '/metadata/name', false],
    ['a different kube version is a real difference', 'v1.35.0', 'v1.36.0', '/data/kube', false],
    ['a different image tag is a real difference', 'nginx:1.25.1', 'nginx:1.25.2', '/spec/image', false],
    ['a different length outside secrets is a real difference', 'abc', 'abcd', '/data/x', false],
    ['the render time in epoch seconds (now | unixEpoch), a second apart', '1795404246', '1795404245', '/data/install_time', true],
    ['epoch seconds a day apart are a real difference', '1795404246', '1795490646', '/data/install_time', false],
  ])('%s', (_n, a, b, path, want) => {
    expect(bothRandom(a, b, path, path.startsWith('/data/password'))).toBe(want);
  });

  // Mattermost's config.json ConfigMap: three `randAlphaNum 32` salts in one file, 96 differing characters
  const config = (salts: string[], timeout = 300) =>
    ['{', `  "ReadTimeout": ${timeout},`, ...salts.map((s, i) => `  "Salt${i}": "${s}",`), '  "SiteURL": "http://mattermost.example.com"', '}'].join('\n');
  const saltsA = ['ydkJ3TRqv60XCvdfyEOLF59kzgz51HE5', 'ikoEORcMmtddp1ucQNKFsKqusKEQAQH6', '5xVQFxyynAffXpHAChOHNvnO4LaB0lrl'];
  const saltsB = ['GBTkVa6TJOw1rD8sOIOdgHk4nzgLvFd5', 'G6TUlQcS1HoKJcu7wqaEdjyO3Ur4gks2', 'lGC8x2iYkYkUlJWvPj2VW1Cw2qpfgyXb'];
  it('a config file holding several generated keys: each differing line is random', () => {
    expect(bothRandom(config(saltsA), config(saltsB), '/data/config.json')).toBe(true);
  });
  it('a config file whose setting differs beside generated keys is a real difference', () => {
    expect(bothRandom(config(saltsA), config(saltsB, 301), '/data/config.json')).toBe(false);
  });

  it('finds a changed field and a missing document', () => {
    const ours = 'kind: A\nmetadata: {name: a}\nspec: {x: 1}\n---\nkind: B\n';
    expect(compareRenders(ours, ours)).toEqual([]);
    const d = compareRenders(ours, 'kind: A\nmetadata: {name: a}\nspec: {x: 2}\n');
    expect(d.map((x) => x.path)).toEqual(['documents', '/spec/x']);
  });
  // real Helm prints what go-yaml read: a CRD description in single quotes continued at its key's
  // column (pravega's bookkeeper-operator), a bullet `*` starting a continuation line
  const crd = [
    'kind: CustomResourceDefinition',
    'spec:',
    '  properties:',
    '    dataSource:',
    "      description: 'either: *",
    '      An existing VolumeSnapshot',
    "      * An existing PVC'",
    '      type: object',
    '---',
    'kind: Pod',
    'spec:',
    '  containers:',
    '    - image: busybox:1.36',
    '',
  ].join('\n');
  it("reads a stream as go-yaml does: quoted scalars continued at their key's column", () => {
    expect(parseDocs(crd)[0]).toEqual({
      kind: 'CustomResourceDefinition',
      spec: { properties: { dataSource: { description: 'either: * An existing VolumeSnapshot * An existing PVC', type: 'object' } } },
    });
    expect(compareRenders(crd, crd)).toEqual([]);
    expect(podSpecImages(crd)).toEqual(['busybox:1.36']);
  });
});
