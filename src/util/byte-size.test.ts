import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  it.each([
    ['4GiB', 4 * 1024 ** 3],
    ['4G', 4 * 1024 ** 3],
    ['700MB', 700_000_000],
    ['1.5 MiB', 1.5 * 1024 * 1024],
    ['65536', 65536],
    ['64k', 65536],
  ])('%s = %d bytes', (text, bytes) => expect(parseByteSize(text, '--split-size')).toBe(bytes));

  it.each(['', 'big', '4 parsecs', '-1G', '0'])('%j is refused naming the flag', (text) => {
    expect(() => parseByteSize(text, '--split-size')).toThrow('--split-size');
  });
});
