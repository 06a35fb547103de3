import { describe, expect, it } from 'vitest';
import { mapImage, parseTarget } from './image-mapping.js';

const T = { registry: 'r.example:5000', prefix: 'mirror' };
const D = 'sha256:' + 'a'.repeat(64);

describe('mapImage', () => {
  it.each([
    ['default naming keeps the source host under the prefix (push default)', 'quay.io/jetstack/cm:v1', 'full', 'r.example:5000/mirror/quay.io/jetstack/cm:v1'],
    ['Docker Hub short names are normalised (library/)', 'nginx:1.25', 'full', 'r.example:5000/mirror/docker.io/library/nginx:1.25'],
    ['a source port becomes "-" (":" is not allowed in names)', 'localhost:5000/a/b:1', 'full', 'r.example:5000/mirror/localhost-5000/a/b:1'],
    ['drop-host keeps the path only', 'quay.io/jetstack/cm:v1', 'drop-host', 'r.example:5000/mirror/jetstack/cm:v1'],
    ['flat joins the path with "-"', 'quay.io/jetstack/cm:v1', 'flat', 'r.example:5000/mirror/jetstack-cm:v1'],
    ['tag and digest are both kept', `ghcr.io/a/b:v2@${D}`, 'full', `r.example:5000/mirror/ghcr.io/a/b:v2@${D}`],
    ['digest only stays digest only', `ghcr.io/a/b@${D}`, 'drop-host', `r.example:5000/mirror/a/b@${D}`],
  ] as const)('%s', (_rule, ref, naming, want) => {
    expect(mapImage(ref, T, naming)).toBe(want);
  });

  it('no prefix: the repository starts at the registry root', () => {
    expect(mapImage('quay.io/a/b:1', { registry: 'r.example' }, 'drop-host')).toBe('r.example/a/b:1');
  });
});

describe('parseTarget', () => {
  it.each([
    ['r.example', { registry: 'r.example' }],
    ['r.example:5000/a/b/', { registry: 'r.example:5000', prefix: 'a/b' }],
    ['oci://r.example/m', { registry: 'r.example', prefix: 'm' }],
  ])('--registry %s', (spec, want) => {
    expect(parseTarget(spec)).toEqual(want);
  });
});
