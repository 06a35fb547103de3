import { describe, expect, it } from 'vitest';
import { BLOCK, decodeHeader, encodeHeader, parsePax } from './tar-format.js';

describe('tar format', () => {
  it('round-trips a ustar header (tar: checksum, octal fields)', () => {
    const b = encodeHeader({ name: 'blobs/sha256/abc', size: 1234, type: '0', mode: 0o644, mtime: 1704067200 });
    expect(b.length).toBe(BLOCK);
    expect(decodeHeader(b, 0)).toEqual({ name: 'blobs/sha256/abc', size: 1234, type: '0', mode: 0o644, mtime: 1704067200 });
  });

  it.each([
    ['a long name', 'x/'.repeat(80) + 'file', 10, 'path'],
    ['a size past 8 GiB', 'big', 9 * 1024 ** 3, 'size'],
  ])('writes a PAX record for %s (tar: ustar limits)', (_n, name, size, key) => {
    const b = encodeHeader({ name, size, type: '0', mode: 0o644, mtime: 0 });
    const pax = decodeHeader(b.subarray(0, BLOCK), 0);
    expect(pax.type).toBe('x');
    const records = parsePax(b.subarray(BLOCK, BLOCK + pax.size), 0);
    expect(records[key]).toBe(key === 'path' ? name : String(size));
  });

  it('refuses a header whose checksum does not match (tar: tamper evidence)', () => {
    const b = encodeHeader({ name: 'index.json', size: 5, type: '0', mode: 0o644, mtime: 0 });
    b[0] ^= 1;
    expect(() => decodeHeader(b, 512)).toThrow(/byte 512: checksum mismatch/);
  });
});
