import { describe, expect, it } from 'vitest';
import { yamlKeyCompare } from './yaml-emit.js';

const letter = (c: string) => /\p{L}/u.test(c);
const digit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

/** go-yaml's keyList.Less over runes, every key split into characters (what the ASCII path must match). */
function byRunes(a: string, b: string, v3: boolean): number {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = digit(ar[i]);
      continue;
    }
    const al = letter(ar[i]!);
    const bl = letter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    if (al || bl) return (v3 && digits ? al : bl) ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && digit(ar[j]); j--) if (ar[j] !== '0') ((an = 1n), (bn = 1n), (j = -1));
    }
    let ai = i;
    let bi = i;
    for (; digit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    for (; digit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai - bi;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}

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
