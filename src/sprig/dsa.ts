// Sprig writes DSA keys as "DSA PRIVATE KEY": SEQUENCE { 0, P, Q, G, Y, X } (OpenSSL's
// traditional form). node:crypto generates and signs with DSA but exports only PKCS#8, so the
// fields are read from the PKCS#8 DER and Y recomputed as G^X mod P.
import type { KeyObject } from 'node:crypto';
import * as a from './asn1.js';
import { pem } from './x509.js';

function intAt(der: Uint8Array, t: a.Tlv): bigint {
  let n = 0n;
  for (const b of der.subarray(t.body, t.end)) n = (n << 8n) | BigInt(b);
  return n;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** PEM "DSA PRIVATE KEY" for a node:crypto DSA private key. */
export function dsaKeyPem(key: KeyObject): string {
  const der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const [, alg, priv] = a.children(der, a.readTlv(der, 0)) as [a.Tlv, a.Tlv, a.Tlv];
  const params = a.children(der, a.children(der, alg)[1]!).map((t) => intAt(der, t)) as [bigint, bigint, bigint];
  const x = intAt(der, a.readTlv(der, priv.body));
  const [p, q, g] = params;
  const body = a.seq(...[0n, p, q, g, modPow(g, x, p), x].map(a.integer));
  return pem('DSA PRIVATE KEY', body);
}
