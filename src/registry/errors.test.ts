import { describe, expect, it } from 'vitest';
import { parseErrorBody, parseRetryAfter, redactUrl } from './errors.js';

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
    [
      'S3 signature values are hidden',
      'https://s3.aws/b?X-Amz-Signature=abc&X-Amz-Credential=k',
      'https://s3.aws/b?X-Amz-Signature=redacted&X-Amz-Credential=redacted',
    ],
    [
      'upload _state is hidden, digest kept',
      'http://r/v2/a/blobs/uploads/u?_state=xyz&digest=sha256:1',
      'http://r/v2/a/blobs/uploads/u?_state=redacted&digest=sha256%3A1',
    ],
  ])('%s', (_n, raw, expected) => {
    expect(redactUrl(raw)).toBe(expected);
  });
});

describe('parseErrorBody', () => {
  it.each([
    [
      'OCI error list (DS Error Codes)',
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
      ['MANIFEST_UNKNOWN'],
      'MANIFEST_UNKNOWN: manifest unknown',
    ],
    ['non-JSON body keeps its first line', '<Error>bad</Error>\nmore', [], '<Error>bad</Error>'],
    ['empty body', '', [], undefined],
    [
      'an HTML page is named by its title, not printed',
      '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL</p></body></html>',
      [],
      '(HTML page: 404 Not Found)',
    ],
    ['an HTML page on one line without a title', '<html><body>nothing here</body></html>', [], '(HTML page)'],
  ])('%s', (_n, text, codes, detail) => {
    expect(parseErrorBody(text)).toEqual({ codes, detail });
  });
});

describe('parseErrorBody with terminal escapes (a hostile registry)', () => {
  it('escapes every control character of codes and messages, JSON or not', () => {
    const json = parseErrorBody(JSON.stringify({ errors: [{ code: 'DENIED\x1b[2J', message: 'no\x1b]0;t\x07\x00\nnext: fake' }] }));
    expect(json.codes).toEqual(['DENIED\\x1b[2J']);
    expect(json.detail).toBe('DENIED\\x1b[2J: no\\x1b]0;t\\x07\\x00\\x0anext: fake');
    expect(parseErrorBody('plain \x1b[31mred\x1b[0m').detail).toBe('plain \\x1b[31mred\\x1b[0m');
    expect(parseErrorBody('<html><title>\x1b[2Jdown</title></html>').detail).toBe('(HTML page: \\x1b[2Jdown)');
  });
});
