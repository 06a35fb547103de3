import { describe, expect, it } from 'vitest';
import { printable, printableJson, printableLine } from './printable.js';

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

  it('printableJson escapes DEL and C1, which JSON.stringify leaves raw, and stays the same JSON', () => {
    const json = JSON.stringify({ m: 'a\x9b31m\x7f\x1b' });
    expect(json).toContain('\x9b');
    const safe = printableJson(json);
    // eslint-disable-next-line no-control-regex
    expect(safe).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(JSON.parse(safe)).toEqual({ m: 'a\x9b31m\x7f\x1b' });
  });
});
