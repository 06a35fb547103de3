import { describe, expect, it } from 'vitest';
import { isTransient, parseErrorBody, parseRetryAfter, redactUrl, RegistryError } from './errors.js';

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
    ['undici socket error in the cause chain is retried', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), true],
    ['an abort is never retried', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    ['a plain error is final', new Error('bad manifest'), false],
  ])('%s', (_n, err, expected) => {
    expect(isTransient(err)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['delta-seconds (RFC 9110 §10.2.3)', '3', 3000],
    ['HTTP date in the future', 'Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['HTTP date in the past is zero', 'Wed, 31 Dec 2025 00:00:00 GMT', 0],
    ['garbage is ignored', 'soon', undefined],
    ['absent is ignored', null, undefined],
  ])('%s', (_n, v, expected) => {
    expect(parseRetryAfter(v, now)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it.each([
    ['user info is removed', 'https://user:pw@r.io/v2/', 'https://r.io/v2/'],
    ['S3 signature values are hidden', 'https://s3.aws/b?X-Amz-Signature=abc&X-Amz-Credential=k', 'https://s3.aws/b?X-Amz-Signature=redacted&X-Amz-Credential=redacted'],
    ['upload _state is hidden, digest kept', 'http://r/v2/a/blobs/uploads/u?_state=xyz&digest=sha256:1', 'http://r/v2/a/blobs/uploads/u?_state=redacted&digest=sha256%3A1'],
  ])('%s', (_n, raw, expected) => {
    expect(redactUrl(raw)).toBe(expected);
  });
});

describe('parseErrorBody', () => {
  it.each([
    ['OCI error list (DS Error Codes)', '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}', ['MANIFEST_UNKNOWN'], 'MANIFEST_UNKNOWN: manifest unknown'],
    ['non-JSON body keeps its first line', '<Error>bad</Error>\nmore', [], '<Error>bad</Error>'],
    ['empty body', '', [], undefined],
  ])('%s', (_n, text, codes, detail) => {
    expect(parseErrorBody(text)).toEqual({ codes, detail });
  });
});
