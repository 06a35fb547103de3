// bcrypt ($2a$, golang.org/x/crypto/bcrypt's format) for Sprig's bcrypt/htpasswd. node:crypto has
// no Blowfish, and rather than carry 4 KiB of constants the Blowfish tables are computed once
// from their definition: the hexadecimal digits of pi's fractional part (Machin's formula).

const WORDS = 18 + 4 * 256;
let initial: Uint32Array | undefined;

function piFractionWords(): Uint32Array {
  const guard = 64n;
  const bits = BigInt(WORDS * 32) + guard;
  const one = 1n << bits;
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = one / x;
    const x2 = x * x;
    for (let k = 0n; term > 0n; k++) {
      sum += (k % 2n === 0n ? term : -term) / (2n * k + 1n);
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  const frac = (pi - 3n * one) >> guard;
  const hex = frac.toString(16).padStart(WORDS * 8, '0');
  const out = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return out;
}

/** Blowfish state: P (18 words) followed by the four S-boxes. */
class Blowfish {
  readonly s: Uint32Array;
  constructor() {
    initial ??= piFractionWords();
    this.s = initial.slice();
  }

  private f(x: number): number {
    const s = this.s;
    const a = s[18 + (x >>> 24)]!;
    const b = s[274 + ((x >>> 16) & 255)]!;
    const c = s[530 + ((x >>> 8) & 255)]!;
    const d = s[786 + (x & 255)]!;
    return (((a + b) ^ c) + d) >>> 0;
  }

  encrypt(lr: Uint32Array, i: number): void {
    const p = this.s;
    let l = lr[i]!;
    let r = lr[i + 1]!;
    for (let k = 0; k < 16; k += 2) {
      l = (l ^ p[k]!) >>> 0;
      r = (r ^ this.f(l)) >>> 0;
      r = (r ^ p[k + 1]!) >>> 0;
      l = (l ^ this.f(r)) >>> 0;
    }
    lr[i] = (r ^ p[17]!) >>> 0;
    lr[i + 1] = (l ^ p[16]!) >>> 0;
  }

  /** Blowfish key expansion, optionally mixing the salt into each block (bcrypt's ExpandKey). */
  expand(key: Uint8Array, salt?: Uint8Array): void {
    let kpos = 0;
    const keyWord = (src: Uint8Array, pos: { v: number }): number => {
      let w = 0;
      for (let j = 0; j < 4; j++) ((w = ((w << 8) | src[pos.v % src.length]!) >>> 0), pos.v++);
      return w;
    };
    const kp = { v: kpos };
    for (let i = 0; i < 18; i++) this.s[i] = (this.s[i]! ^ keyWord(key, kp)) >>> 0;
    kpos = 0;
    const sp = { v: kpos };
    const lr = new Uint32Array(2);
    for (let i = 0; i < WORDS; i += 2) {
      if (salt) {
        lr[0] = (lr[0]! ^ keyWord(salt, sp)) >>> 0;
        lr[1] = (lr[1]! ^ keyWord(salt, sp)) >>> 0;
      }
      this.encrypt(lr, 0);
      this.s[i] = lr[0]!;
      this.s[i + 1] = lr[1]!;
    }
  }
}

const B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's base64: its own alphabet, no padding. */
export function bcryptBase64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = [18, 12, 6, 0].map((s) => B64[(n >> s) & 63]).join('');
    out += chars.slice(0, b.length - i >= 3 ? 4 : b.length - i + 1);
  }
  return out;
}

export function bcryptBase64Decode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    const n = [...chunk.padEnd(4, '.')].reduce((acc, c) => (acc << 6) | B64.indexOf(c), 0);
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    out.push(...bytes.slice(0, chunk.length - 1));
  }
  return new Uint8Array(out);
}

/** The raw bcrypt hash (23 bytes) of password with a 16-byte salt at 2^cost rounds. */
export function bcryptRaw(password: Uint8Array, salt: Uint8Array, cost: number): Uint8Array {
  // The NUL-terminated password; Blowfish reads at most 72 key bytes.
  const full = new Uint8Array(password.length + 1);
  full.set(password);
  const key = full.subarray(0, 72);
  const bf = new Blowfish();
  bf.expand(key, salt);
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(key);
    bf.expand(salt);
  }
  const text = new TextEncoder().encode('OrpheanBeholderScryDoubt');
  const words = new Uint32Array(6);
  const view = new DataView(text.buffer);
  for (let i = 0; i < 6; i++) words[i] = view.getUint32(i * 4);
  for (let r = 0; r < 64; r++) for (let i = 0; i < 6; i += 2) bf.encrypt(words, i);
  const out = new Uint8Array(24);
  const ov = new DataView(out.buffer);
  words.forEach((w, i) => ov.setUint32(i * 4, w));
  return out.subarray(0, 23);
}

/** bcrypt.GenerateFromPassword: "$2a$" + cost + "$" + salt(22) + hash(31). */
export function bcryptHash(password: Uint8Array, salt: Uint8Array, cost = 10): string {
  const c = String(cost).padStart(2, '0');
  return `$2a$${c}$${bcryptBase64(salt).slice(0, 22)}${bcryptBase64(bcryptRaw(password, salt, cost))}`;
}

/** bcrypt.CompareHashAndPassword, for tests and callers that verify. */
export function bcryptVerify(password: Uint8Array, hash: string): boolean {
  const m = /^\$2[abxy]?\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/.exec(hash);
  if (!m) return false;
  const salt = bcryptBase64Decode(m[2]!).subarray(0, 16);
  return bcryptBase64(bcryptRaw(password, salt, Number(m[1]))) === m[3];
}
