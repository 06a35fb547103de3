// Private keys from an injected random source, so a render with a seeded source is repeatable
// (genCA, genSignedCert... then give the same PEM every run). Without an injected source the
// crypto functions use node:crypto's own key generation instead.
import { type KeyObject } from 'node:crypto';
import { nodeCrypto } from '../util/lazy-builtins.js';
import * as a from './asn1.js';

export type Random = () => number;

function randomBytes(n: number, random: Random): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

function randomBits(bits: number, random: Random): bigint {
  const bytes = randomBytes(Math.ceil(bits / 8), random);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n & ((1n << BigInt(bits)) - 1n);
}

function modInverse(x: bigint, m: bigint): bigint {
  let [r0, r1] = [x % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

// Made at the first key, not when the module loads: sieving them cold was 3 ms of every
// `template` start, and few charts make keys.
let smallPrimes: number[] | undefined;
function oddPrimesBelow4000(): number[] {
  if (smallPrimes) return smallPrimes;
  const out: number[] = [];
  for (let n = 3; n < 4000; n += 2) if (out.every((p) => n % p !== 0)) out.push(n);
  return (smallPrimes = out);
}

/**
 * A prime of `bits` bits: a random odd start from `random` (top two bits set so p*q keeps the
 * full modulus length), then the next candidate that survives a small-prime sieve and OpenSSL's
 * primality test (deterministic outcome, so the same source gives the same prime).
 */
function prime(bits: number, random: Random): bigint {
  const start = randomBits(bits, random) | (3n << BigInt(bits - 2)) | 1n;
  const primes = oddPrimesBelow4000();
  const residues = primes.map((p) => Number(start % BigInt(p)));
  for (let delta = 0; ; delta += 2) {
    if (residues.some((r, i) => (r + delta) % primes[i]! === 0)) continue;
    const n = start + BigInt(delta);
    if (nodeCrypto().checkPrimeSync(n)) return n;
  }
}

/** An RSA key (e = 65537) whose primes come from `random`. */
export function rsaKeyFrom(bits: number, random: Random): KeyObject {
  const e = 65537n;
  for (;;) {
    const p = prime(bits / 2, random);
    const q = prime(bits / 2, random);
    if (p === q) continue;
    const phi = (p - 1n) * (q - 1n);
    if (phi % e === 0n) continue;
    const d = modInverse(e, phi);
    const der = a.seq(...[0n, p * q, e, d, p, q, d % (p - 1n), d % (q - 1n), modInverse(q, p)].map(a.integer));
    return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' });
  }
}

/** An Ed25519 key from a 32-byte seed drawn from `random`. */
export function ed25519KeyFrom(random: Random): KeyObject {
  const seed = randomBytes(32, random);
  const der = a.seq(a.integer(0n), a.seq(a.oid('1.3.101.112')), a.octets(a.octets(seed)));
  return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
}

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** A P-256 key whose scalar comes from `random` (OpenSSL derives the public point). */
export function p256KeyFrom(random: Random): KeyObject {
  const d = 1n + (randomBits(320, random) % (P256_ORDER - 1n));
  const scalar = Uint8Array.from(
    d
      .toString(16)
      .padStart(64, '0')
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );
  const der = a.seq(a.integer(1n), a.octets(scalar), a.explicit(0, a.oid('1.2.840.10045.3.1.7')));
  return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'sec1' });
}

export { randomBytes as randomBytesFrom };
