// Mutations of valid inputs, the way real damage and hostile edits look: characters inserted,
// dropped, repeated or swapped in text; bits flipped, bytes overwritten, regions cut or repeated
// and the tail lost in binary files.
import { chance, int, pick, type Rng } from './rng.js';

const ODD_CHARS = [
  '\0',
  '\n',
  '\t',
  ' ',
  '\\',
  '"',
  "'",
  '`',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '$',
  '.',
  ',',
  '=',
  ':',
  '/',
  '@',
  '|',
  '-',
  '+',
  '_',
  '#',
  '%',
  'é',
  '☃',
  '😀',
  '\u200b',
  '\ufeff',
  '\ud800',
];

/** One to `max` edits of `s`; `alphabet` adds the characters the grammar cares about. */
export function mutateText(r: Rng, s: string, alphabet: readonly string[] = [], max = 4): string {
  const chars = [...alphabet, ...ODD_CHARS];
  let out = s;
  for (let n = int(r, 1, max); n > 0; n--) {
    const at = int(r, 0, out.length);
    switch (int(r, 0, 7)) {
      case 0:
        out = out.slice(0, at) + pick(r, chars) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + int(r, 1, 8));
        break;
      case 2:
        out = out.slice(0, at) + pick(r, chars) + out.slice(at + 1);
        break;
      case 3: {
        // repeat a slice: nesting and lists grow this way
        const len = int(r, 1, 16);
        out = out.slice(0, at) + out.slice(at, at + len).repeat(int(r, 2, 4)) + out.slice(at);
        break;
      }
      case 4: {
        // move a slice elsewhere: keeps the tokens, breaks the structure
        const len = int(r, 1, 24);
        const piece = out.slice(at, at + len);
        const rest = out.slice(0, at) + out.slice(at + len);
        const to = int(r, 0, rest.length);
        out = rest.slice(0, to) + piece + rest.slice(to);
        break;
      }
      case 5:
        out = out.slice(0, at);
        break;
      case 6:
        out = out.slice(0, at) + (chance(r, 0.5) ? out.slice(at).toUpperCase() : out.slice(at).replace(/[0-9]/, String(int(r, 0, 9))));
        break;
      default:
        out = out.slice(0, at) + pick(r, alphabet.length ? alphabet : chars).repeat(int(r, 1, 3)) + out.slice(at);
    }
  }
  return out;
}

const INTERESTING_BYTES = [0x00, 0x01, 0x20, 0x2f, 0x2e, 0x30, 0x37, 0x38, 0x7f, 0x80, 0xff];

/** One to `max` edits of a copy of `b`: bit flips, overwritten bytes, cut, repeated or lost regions. */
export function mutateBytes(r: Rng, b: Uint8Array, max = 4): Buffer {
  let out = Buffer.from(b);
  for (let n = int(r, 1, max); n > 0; n--) {
    if (out.length === 0) return out;
    const at = int(r, 0, out.length - 1);
    switch (int(r, 0, 5)) {
      case 0:
        out[at] ^= 1 << int(r, 0, 7);
        break;
      case 1:
        out[at] = pick(r, INTERESTING_BYTES);
        break;
      case 2:
        out = out.subarray(0, at);
        break;
      case 3: {
        const len = int(r, 1, 1024);
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + len))]);
        break;
      }
      case 4: {
        const len = int(r, 1, 1024);
        out = Buffer.concat([out.subarray(0, at + len), out.subarray(at)]);
        break;
      }
      default:
        for (let i = at; i < Math.min(out.length, at + int(r, 1, 16)); i++) out[i] = int(r, 0, 255);
    }
  }
  return out;
}
