import { describe, expect, it } from 'vitest';
import { page, parseRange, route } from './routes.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('route', () => {
  it.each([
    ['GET', '/v2/', { kind: 'base' }],
    ['HEAD', '/v2', { kind: 'base' }],
    ['GET', '/v2/charts/demo/manifests/1.2.1', { kind: 'manifest', name: 'charts/demo', reference: '1.2.1', byDigest: false }],
    ['GET', `/v2/a/manifests/b/manifests/${D}`, { kind: 'manifest', name: 'a/manifests/b', reference: D, byDigest: true }],
    ['GET', `/v2/quay.io/x/blobs/${D}`, { kind: 'blob', name: 'quay.io/x', digest: D }],
  ])('%s %s', (method, target, want) => {
    expect(route(method, target)).toMatchObject(want);
  });

  it.each([
    ['PUT', '/v2/a/manifests/b', 405, 'UNSUPPORTED'],
    ['POST', '/v2/a/blobs/uploads/', 405, 'UNSUPPORTED'],
    ['GET', '/v2/A/tags/list', 400, 'NAME_INVALID'],
    ['GET', '/v2/%2e%2e/tags/list', 400, 'NAME_INVALID'],
    ['GET', '/v2/a/../b/tags/list', 400, 'NAME_INVALID'],
    ['GET', '/v2/a/blobs/sha256:..', 400, 'DIGEST_INVALID'],
    ['GET', '/v2/a/manifests/-bad', 404, 'MANIFEST_UNKNOWN'],
    ['GET', '/etc/passwd', 404, 'NOT_FOUND'],
    ['GET', `/v2/${'a/'.repeat(1100)}tags/list`, 414, 'NAME_INVALID'],
  ])('%s %s → %i %s', (method, target, status, code) => {
    expect(route(method, target)).toMatchObject({ status, code });
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, 100, undefined],
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=95-200', 100, { start: 95, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=9-3', 100, 'unsatisfiable'],
    ['bytes=0-1,5-6', 100, undefined],
    ['items=0-1', 100, undefined],
  ])('%s of %i', (header, size, want) => {
    expect(parseRange(header, size)).toEqual(want);
  });
});

describe('page', () => {
  const all = ['a', 'b', 'c', 'd'];
  it('pages with n and last', () => {
    expect(page(all, new URLSearchParams('n=2'))).toEqual({ items: ['a', 'b'], more: true });
    expect(page(all, new URLSearchParams('n=2&last=b'))).toEqual({ items: ['c', 'd'], more: false });
    expect(page(all, new URLSearchParams('last=zz'))).toEqual({ items: [], more: false });
    expect(page(all, new URLSearchParams('n=-1'))).toEqual({ items: all, more: false });
  });
});
