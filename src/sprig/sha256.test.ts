import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256Rounds } from './sha256.js';

describe('sha256Rounds (FIPS 180-4), against node:crypto', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('the standard vector %j', (text, want) => {
    expect(sha256Rounds(new TextEncoder().encode(text))).toBe(want);
    expect(sha256Hex(new TextEncoder().encode(text))).toBe(want);
  });

  it('every length from 0 to 300 bytes (each padding case, one to six blocks) and a 1 MiB input', () => {
    let seed = 7;
    const byte = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
    const inputs = Array.from({ length: 301 }, (_, n) => Uint8Array.from({ length: n }, byte));
    inputs.push(Uint8Array.from({ length: 1 << 20 }, byte));
    for (const b of inputs) expect(sha256Rounds(b), `${b.length} bytes`).toBe(createHash('sha256').update(b).digest('hex'));
  });
});
