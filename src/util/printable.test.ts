import { describe, expect, it } from 'vitest';
import { printable, printableLine } from './printable.js';

describe('printable', () => {
  it.each([
    ['a window title set with BEL', 'a\x1b]0;owned\x07b', 'a\\x1b]0;owned\\x07b'],
    ['a screen clear and colours', '\x1b[2J\x1b[32mok\x1b[0m', '\\x1b[2J\\x1b[32mok\\x1b[0m'],
    ['NUL, DEL and the 8-bit CSI (C1)', 'x\x00y\x7fz\x9b31m', 'x\\x00y\\x7fz\\x9b31m'],
    ['a carriage return that would overwrite the line', 'fail\rOK', 'fail\\x0dOK'],
    ['text, tabs, line feeds and non-ASCII letters stay', 'é\tü\nß', 'é\tü\nß'],
  ])('%s', (_n, raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('printableLine escapes line feeds too, so a peer cannot forge a line of ours', () => {
    expect(printableLine('denied\nnext: run rm -rf')).toBe('denied\\x0anext: run rm -rf');
  });
});
