// The one retry rule (util/transient.ts): registry answers, network failures, our own errors.
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../registry/errors.js';
import { CopyError, copyErrorOf } from '../oci/copy-error.js';
import { DigestMismatchError, findCause, wrapError } from './errors.js';
import { isTransient } from './transient.js';

describe('isTransient', () => {
  const status = (s: number) => new RegistryError('x', { method: 'GET', url: 'http://h/v2/', status: s });
  it.each([
    ['429 is retried (DS: TOOMANYREQUESTS)', status(429), true],
    ['500 is retried', status(500), true],
    ['503 is retried', status(503), true],
    ['501 not implemented is final', status(501), false],
    ['404 is final', status(404), false],
    ['401 is final', status(401), false],
    ['ECONNRESET is retried', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['socket hang up is retried', new Error('socket hang up'), true],
    [
      'undici socket error in the cause chain is retried',
      new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
      true,
    ],
    ['an abort is never retried', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    ['a plain error is final', new Error('bad manifest'), false],
    ['a digest mismatch is final (the content is wrong, not the connection)', new DigestMismatchError('sha256:a', 'sha256:b', 'blob'), false],
    [
      'a digest mismatch caused by a cut stream is retried',
      new DigestMismatchError('sha256:a', 'sha256:b', 'blob', { cause: new Error('premature close') }),
      true,
    ],
    [
      'an error saying it is not transient wins over a transient cause',
      Object.assign(new Error('x', { cause: new Error('socket hang up') }), { transient: false }),
      false,
    ],
    ['a wrapped 503 (copy error on the source side) is retried', new CopyError('fetch', 'source', 'quay.io/a/b:1', status(503)), true],
  ])('%s', (_n, err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('findCause and CopyError', () => {
  it('finds the first match on the cause chain, the error itself first', () => {
    const root = Object.assign(new Error('root'), { code: 'E1' });
    const top = wrapError('push', wrapError('copy', root));
    expect(findCause(top, (x) => (x as { code?: string }).code === 'E1')).toBe(root);
    expect(findCause(top, () => true)).toBe(top);
    expect(findCause(top, () => false)).toBeUndefined();
  });

  it('stops on a chain that loops', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(findCause(a, () => false)).toBeUndefined();
  });

  it('CopyError names the failing side and keeps code and hint of its cause', () => {
    const cause = new RegistryError('denied', { method: 'PUT', url: 'http://h/v2/x/blobs/uploads/', status: 403 });
    const e = wrapError('copy quay.io/a/b:1', new CopyError('push', 'destination', 'sha256:abc', cause));
    const c = copyErrorOf(e);
    expect(c).toMatchObject({ operation: 'push', side: 'destination', reference: 'sha256:abc' });
    expect(c?.message).toMatch(/^destination: sha256:abc: /);
    expect(c?.cause).toBe(cause);
  });
});
