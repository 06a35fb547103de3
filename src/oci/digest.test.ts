import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DigestMismatchError } from '../util/errors.js';
import { createVerifier, InvalidDigestError, isDigest, parseDigest, sha256Of, SizeMismatchError, sourceChecked, verifyBytes, vouchFor } from './digest.js';

const body = Buffer.from('hello world');
const good = { digest: sha256Of(body), size: body.length };
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

describe('digest', () => {
  it.each([
    ['sha256:' + 'a'.repeat(64), true],
    ['sha256:' + 'A'.repeat(64), false],
    ['sha256:' + 'a'.repeat(63), false],
    ['sha512:' + 'b'.repeat(128), true],
    ['md5:abc', false],
    ['sha256', false],
  ])('%s valid=%s (digest: algorithm:encoded, sha256 = 64 lower hex)', (d, ok) => {
    expect(isDigest(d)).toBe(ok);
    if (!ok) expect(() => parseDigest(d)).toThrow(InvalidDigestError);
  });

  it('verifies matching bytes (digest: size and hash agree)', async () => {
    verifyBytes(good, body, 'x');
    await pipeline(Readable.from([body.subarray(0, 3), body.subarray(3)]), createVerifier(good, 'x'), sink());
  });

  it.each([
    ['other bytes same size', Buffer.from('hello_world'), DigestMismatchError],
    ['short', Buffer.from('hello'), SizeMismatchError],
    ['long', Buffer.from('hello world!'), SizeMismatchError],
  ])('refuses %s (digest: stream fails instead of ending)', async (_n, bytes, type) => {
    await expect(pipeline(Readable.from([bytes]), createVerifier(good, 'blob x'), sink())).rejects.toBeInstanceOf(type);
    expect(() => verifyBytes(good, bytes, 'x')).toThrow(type);
  });
});

describe('bytes a source vouches for (push reading a verified bundle)', () => {
  it('are vouched for under the one digest the source named', () => {
    const stream = vouchFor(Readable.from([body]), good);
    expect(sourceChecked(stream, good)).toBe(true);
    expect(sourceChecked(stream, { digest: sha256Of(Buffer.from('other')) })).toBe(false);
    expect(sourceChecked(Readable.from([body]), good)).toBe(false);
  });

  it('are counted, not hashed, with sizeOnly: the size is still checked', async () => {
    const other = Buffer.from('HELLO WORLD');
    await expect(pipeline(Readable.from([other]), createVerifier(good, 'blob', { sizeOnly: true }), sink())).resolves.toBeUndefined();
    await expect(pipeline(Readable.from([other]), createVerifier(good, 'blob'), sink())).rejects.toBeInstanceOf(DigestMismatchError);
    await expect(pipeline(Readable.from([body, body]), createVerifier(good, 'blob', { sizeOnly: true }), sink())).rejects.toBeInstanceOf(SizeMismatchError);
    await expect(pipeline(Readable.from([body.subarray(1)]), createVerifier(good, 'blob', { sizeOnly: true }), sink())).rejects.toBeInstanceOf(
      SizeMismatchError,
    );
  });
});
