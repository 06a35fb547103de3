// Sprig's encoding family: base64/base32 (standard alphabets, padded). A decoding error is
// returned as the string itself, as Sprig does.
import { chargeString } from '../template/budget.js';
import { argString, utf8, type GoFunc } from './cast.js';
import { goBytesText } from '../util/go-bytes-text.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base64Encode(b: Uint8Array): string {
  return Buffer.from(b).toString('base64');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isNl = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** encoding/base64 StdEncoding.DecodeString: quanta of 4, padding rules and error offsets as Go. */
export function base64Decode(src: string): Uint8Array {
  const out: number[] = [];
  let si = 0;
  const fail = (at: number): never => {
    throw new Error(`illegal base64 data at input byte ${at}`);
  };
  for (;;) {
    const q: number[] = [];
    let end = false;
    while (q.length < 4) {
      if (si === src.length) {
        if (q.length === 0) return new Uint8Array(out);
        fail(si - q.length);
      }
      const c = src[si++]!;
      const d = B64.indexOf(c);
      if (d >= 0) {
        q.push(d);
        continue;
      }
      if (isNl(c)) continue;
      if (c !== '=' || q.length < 2) fail(si - 1);
      if (q.length === 2) {
        while (isNl(src[si])) si++;
        if (si === src.length) fail(src.length);
        if (src[si] !== '=') fail(si - 1);
        si++;
      }
      while (isNl(src[si])) si++;
      if (si < src.length) fail(si);
      end = true;
      break;
    }
    const v = q.reduce((acc, d, i) => acc | (d << (18 - 6 * i)), 0);
    out.push(...[(v >> 16) & 255, (v >> 8) & 255, v & 255].slice(0, q.length - 1));
    if (end) return new Uint8Array(out);
  }
}

export function base32Encode(b: Uint8Array): string {
  let bits = 0;
  let val = 0;
  let out = '';
  for (const x of b) {
    val = (val << 8) | x;
    bits += 8;
    while (bits >= 5) {
      out += B32[(val >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(val << (5 - bits)) & 31];
  return out + '='.repeat((8 - (out.length % 8)) % 8);
}

export function base32Decode(s: string): Uint8Array {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) {
    const firstBad = [...clean].findIndex((c) => !B32.includes(c) && c !== '=');
    throw new Error(`illegal base32 data at input byte ${firstBad >= 0 ? firstBad : clean.length - (clean.length % 8)}`);
  }
  const body = clean.replace(/=+$/, '');
  const out: number[] = [];
  let bits = 0;
  let val = 0;
  for (let i = 0; i < body.length; i++) {
    const d = B32.indexOf(body[i]!);
    if (d < 0) throw new Error(`illegal base32 data at input byte ${i}`);
    val = ((val << 5) | d) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((val >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/**
 * Sprig returns err.Error() in place of the decoded text. The text is a Go string of the decoded
 * bytes: bytes that are not UTF-8 are kept with it (go-bytes-text.ts), so b64enc gives them back and
 * toJson escapes them as Go does.
 */
const orMessage = (f: () => Uint8Array): string => {
  try {
    return goBytesText(f());
  } catch (e) {
    return (e as Error).message;
  }
};

export function encodingFuncs(): Record<string, GoFunc> {
  return {
    b64enc: (s) => {
      const text = argString(s);
      // a chain of b64enc grows by a third each time: refused before the last, largest copy
      chargeString(Math.ceil(text.length / 3) * 4);
      return base64Encode(utf8(text));
    },
    // the argument's type is checked before decoding: a non-string is Go's call error, not a message
    b64dec: (s) => {
      const text = argString(s);
      return orMessage(() => base64Decode(text));
    },
    b32enc: (s) => base32Encode(utf8(argString(s))),
    b32dec: (s) => {
      const text = argString(s);
      return orMessage(() => base32Decode(text));
    },
  };
}
