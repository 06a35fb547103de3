import { describe, expect, it } from 'vitest';
import { goPathGlob } from './files-glob.js';

describe('.Files.Glob patterns (gobwas/glob, separator /)', () => {
  it.each<[string, string, boolean]>([
    ['files/*', 'files/a.txt', true],
    ['files/*', 'files/sub/a.txt', false],
    ['files/**', 'files/sub/a.txt', true],
    ['**.json', 'dashboards/x.json', true],
    ['files/{a,b}.txt', 'files/b.txt', true],
    ['files/[!a]*', 'files/a.txt', false],
    ['files/?.txt', 'files/a.txt', true],
    ['{unclosed', 'anything', true],
  ])('%s vs %s: %s', (p, n, want) => {
    expect(goPathGlob(p)(n)).toBe(want);
  });
});
