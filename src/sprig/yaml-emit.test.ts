import { describe, expect, it } from 'vitest';
import { compareKeyRunes, yamlKeyCompare } from './yaml-emit.js';

/** The rule over every key split into characters: what the ASCII path must match. */
const byRunes = (a: string, b: string, v3: boolean): number => compareKeyRunes([...a], [...b], v3);

describe('yamlKeyCompare (go-yaml keyList.Less)', () => {
  it('orders ASCII keys, keys with other characters and a mix of both as the rune rule does, v2 and v3', () => {
    const alphabet = ['a', 'b', 'Z', '0', '1', '7', '9', '-', '_', '.', ' ', 'é', '😀', '٣', 'ß'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const key = () => Array.from({ length: 1 + (next() % 6) }, () => alphabet[next() % alphabet.length]).join('');
    let mixed = 0;
    for (let i = 0; i < 4000; i++) {
      const a = key();
      const b = next() % 3 === 0 ? a.slice(0, next() % (a.length + 1)) + key() : key();
      if (/[^\x00-\x7f]/.test(a) !== /[^\x00-\x7f]/.test(b)) mixed++;
      for (const v3 of [false, true]) expect(Math.sign(yamlKeyCompare(a, b, v3)), `${a} ${b} v3=${v3}`).toBe(Math.sign(byRunes(a, b, v3)));
    }
    expect(mixed).toBeGreaterThan(500);
  });

  it('counts an astral character as one (a UTF-16 index would not)', () => {
    expect(Math.sign(yamlKeyCompare('😀a', '😀b'))).toBe(-1);
    expect(Math.sign(yamlKeyCompare('x😀9', 'x😀10'))).toBe(-1);
  });
});
