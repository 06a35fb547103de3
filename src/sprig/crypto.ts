// Sprig's crypto family (crypto.go): hashes, bcrypt/htpasswd, derivePassword, AES, keys and
// certificates. Keys and serials use the system CSPRNG; validity dates use the injected clock.
import { type KeyObject } from 'node:crypto';
import { nodeCrypto } from '../util/lazy-builtins.js';
import { argInt, argSlice, argString, fromUtf8, utf8, type GoFunc } from './cast.js';
import { bcryptHash } from './bcrypt.js';
import { sha256Hex } from './sha256.js';
import { TextMemo } from '../util/text-memo.js';
import { chargeSlowCall } from '../template/budget.js';
import { dsaKeyPem } from './dsa.js';
import { base64Decode, base64Encode } from './encoding.js';
import { parseIp } from './ip.js';
import type { GoTyped } from './types.js';
import { createCertificate, nameDer, pem, readIssuer, type CertTemplate } from './x509.js';
import { PASSWORD_TEMPLATES, TEMPLATE_CHARS } from './derive-password-tables.js';
import { ed25519KeyFrom, p256KeyFrom, randomBytesFrom, rsaKeyFrom, type Random } from './keygen.js';

/** Random bytes: from the injected source when there is one (repeatable renders), else the CSPRNG. */
function bytesFrom(random: Random | undefined): (n: number) => Uint8Array {
  return (n) => (random ? randomBytesFrom(n, random) : new Uint8Array(nodeCrypto().randomBytes(n)));
}

/** Sprig's certificate struct: templates read .Cert and .Key. */
export class Certificate implements GoTyped {
  readonly goType = 'sprig.certificate';
  readonly goKind = 'struct';
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {}

  /** %v of a Go struct: its fields in order. */
  toGoString(): string {
    return `{${this.Cert} ${this.Key}}`;
  }
}

const hex = (alg: string) => (s: unknown) =>
  nodeCrypto()
    .createHash(alg)
    .update(utf8(argString(s)))
    .digest('hex');

function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (const x of b) ((a = (a + x) % 65521), (s = (s + a) % 65521));
  return ((s << 16) | a) >>> 0;
}

function derivePassword(counter: bigint, type: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const seed = utf8('com.lyndir.masterpassword');
  const u32 = (n: number): Uint8Array => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const userBytes = utf8(user);
  const siteBytes = utf8(site);
  const salt = Buffer.concat([seed, u32(userBytes.length), userBytes]);
  const key = nodeCrypto().scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const msg = Buffer.concat([seed, u32(siteBytes.length), siteBytes, u32(Number(BigInt.asUintN(32, counter)))]);
  const h = nodeCrypto().createHmac('sha256', key).update(msg).digest();
  const tpl = templates[h[0]! % templates.length]!;
  return [...tpl].map((c, i) => TEMPLATE_CHARS[c]![h[i + 1]! % TEMPLATE_CHARS[c]!.length]).join('');
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string, bytes: (n: number) => Uint8Array): string {
  if (plaintext === '') return '';
  const iv = bytes(16);
  const c = nodeCrypto().createCipheriv('aes-256-cbc', aesKey(password), iv);
  return base64Encode(Buffer.concat([iv, c.update(utf8(plaintext)), c.final()]));
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const data = base64Decode(crypt64);
  if (data.length < 16 || data.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const d = nodeCrypto().createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(data.subarray(16)), d.final()]);
  return fromUtf8(plain.subarray(0, plain.length - plain[plain.length - 1]!));
}

// ---- keys ------------------------------------------------------------------------------------

/** Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 otherwise. */
function keyPem(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return key.export({ type: 'pkcs1', format: 'pem' }) as string;
  if (type === 'ec') return key.export({ type: 'sec1', format: 'pem' }) as string;
  if (type === 'dsa') return dsaKeyPem(key);
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** One key per type for renders that are read and thrown away (SprigOptions.throwawayKeys). */
const THROWAWAY = new Map<string, KeyObject>();

/**
 * What making a key weighs in the render budget's steps: about as long as it takes (RSA-4096 near
 * a second, 2048 bits 0.1-0.2 s, DSA's parameters 0.7 s; a bare step is about half a microsecond).
 */
const KEY_STEPS: Record<string, number> = { rsa4096: 2 ** 21, rsa2048: 2 ** 18, dsa: 2 ** 20, ecdsa: 2 ** 9, ed25519: 2 ** 9 };

function generateKey(type: string, random?: Random, throwaway = false): KeyObject {
  if (throwaway && !random) {
    // not charged: made once per type in a process, so a render's steps do not hang on which ran first
    let key = THROWAWAY.get(type);
    if (!key) THROWAWAY.set(type, (key = newKeyPair(type)));
    return key;
  }
  chargeSlowCall(KEY_STEPS[type] ?? KEY_STEPS.rsa2048!);
  if (random) {
    if (type === 'ecdsa') return p256KeyFrom(random);
    if (type === 'ed25519') return ed25519KeyFrom(random);
    return rsaKeyFrom(type === 'rsa4096' ? 4096 : 2048, random);
  }
  return newKeyPair(type);
}

function newKeyPair(type: string): KeyObject {
  const pair =
    type === 'ecdsa'
      ? nodeCrypto().generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : type === 'ed25519'
        ? nodeCrypto().generateKeyPairSync('ed25519')
        : nodeCrypto().generateKeyPairSync('rsa', { modulusLength: type === 'rsa4096' ? 4096 : 2048 });
  return pair.privateKey;
}

function genPrivateKey(typ: string, random?: Random, throwaway = false): string {
  if (typ === '' || typ === 'rsa') return keyPem(generateKey('rsa4096', random, throwaway));
  if (typ === 'ecdsa' || typ === 'ed25519') return keyPem(generateKey(typ, random, throwaway));
  // DSA (L2048N256 as Sprig) always comes from node:crypto: parameter generation is not seedable here.
  if (typ === 'dsa') {
    chargeSlowCall(KEY_STEPS.dsa!);
    return dsaKeyPem(nodeCrypto().generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
  }
  return 'Unknown type ' + typ;
}

/** Sprig's parsePrivateKeyPEM, with its error texts. */
function parseKeyPem(text: string): KeyObject {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!m) throw new Error('no PEM data in input');
  const type = m[1]!;
  if (type !== 'PRIVATE KEY' && !type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${type}`);
  const label: Record<string, string> = {
    'PRIVATE KEY': 'decoding PEM as PKCS#8',
    'RSA PRIVATE KEY': 'parsing RSA private key from PEM',
    'EC PRIVATE KEY': 'parsing EC private key from PEM',
    'DSA PRIVATE KEY': 'parsing DSA private key from PEM',
  };
  if (!label[type]) throw new Error(`invalid private key type ${type}`);
  try {
    return nodeCrypto().createPrivateKey(text);
  } catch (e) {
    throw new Error(`${label[type]}: ${(e as Error).message}`);
  }
}

// ---- certificates ----------------------------------------------------------------------------

function stringItems(v: unknown, what: string): string[] {
  return argSlice(v).map((x) => {
    if (typeof x !== 'string') throw new Error(`${what}: ${String(x)} is not a string`);
    return x;
  });
}

function certDer(pemText: string, what: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pemText);
  if (!m) throw new Error('unable to decode certificate');
  const der = new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  try {
    new (nodeCrypto().X509Certificate)(der);
  } catch (e) {
    throw new Error(`error parsing certificate: ${what}: ${(e as Error).message}`);
  }
  return der;
}

/**
 * Key and certificate functions. With `random` (an injected source) keys and serials derive
 * from it, so a seeded render repeats byte for byte; without it node:crypto generates them.
 */
export function certFuncs(clock: () => Date, random?: Random, throwaway = false): Record<string, GoFunc> {
  const bytes = bytesFrom(random);
  const newKey = (type: string): KeyObject => generateKey(type, random, throwaway);
  const template = (cn: unknown, ips: unknown, dns: unknown, days: unknown, isCA: boolean): CertTemplate => {
    const ipList = stringItems(ips, 'error parsing ip').map((s) => parseIp(s) ?? fail(`error parsing ip: ${s}`));
    const dnsNames = stringItems(dns, 'error processing alternate dns name');
    const now = clock();
    const notAfter = new Date(now.getTime() + Number(argInt(days)) * 86_400_000);
    const serial = BigInt('0x' + Buffer.from(bytes(16)).toString('hex'));
    return { cn: argString(cn), dnsNames, ips: ipList, notBefore: now, notAfter, isCA, serial };
  };
  const selfSigned = (t: CertTemplate, key: KeyObject): Certificate => {
    const der = createCertificate(t, nodeCrypto().createPublicKey(key), { key, name: nameDer(t.cn) });
    return new Certificate(pem('CERTIFICATE', der), keyPem(key));
  };
  const signed = (t: CertTemplate, ca: unknown, key: KeyObject): Certificate => {
    const { Cert, Key } = caParts(ca);
    const issuer = readIssuer(certDer(Cert, 'decodedSignerCert.Bytes'));
    const signer = (() => {
      try {
        return parseKeyPem(Key);
      } catch (e) {
        throw new Error(`error parsing private key: ${(e as Error).message}`);
      }
    })();
    const der = createCertificate(t, nodeCrypto().createPublicKey(key), { key: signer, ...issuer });
    return new Certificate(pem('CERTIFICATE', der), keyPem(key));
  };
  const withKey = (k: unknown): KeyObject => {
    try {
      return parseKeyPem(argString(k));
    } catch (e) {
      throw new Error(`parsing private key: ${(e as Error).message}`);
    }
  };
  // throwaway renders share keys, so a certificate of the same arguments can be shared too
  const shared = throwaway && !random;
  const once = (kind: string, args: unknown[], make: () => Certificate): Certificate => (shared ? throwawayCert(kind, args, make) : make());
  return {
    genPrivateKey: (t) => genPrivateKey(argString(t), random, throwaway),
    genCA: (cn, days) => once('genCA', [cn, days], () => selfSigned(template(cn, null, null, days, true), newKey('rsa'))),
    genCAWithKey: (cn, days, k) => once('genCAWithKey', [cn, days, k], () => selfSigned(template(cn, null, null, days, true), withKey(k))),
    genSelfSignedCert: (cn, ips, dns, days) =>
      once('genSelfSignedCert', [cn, ips, dns, days], () => selfSigned(template(cn, ips, dns, days, false), newKey('rsa'))),
    genSelfSignedCertWithKey: (cn, ips, dns, days, k) =>
      once('genSelfSignedCertWithKey', [cn, ips, dns, days, k], () => selfSigned(template(cn, ips, dns, days, false), withKey(k))),
    genSignedCert: (cn, ips, dns, days, ca) =>
      once('genSignedCert', [cn, ips, dns, days, ca], () => signed(template(cn, ips, dns, days, false), ca, newKey('rsa'))),
    genSignedCertWithKey: (cn, ips, dns, days, ca, k) =>
      once('genSignedCertWithKey', [cn, ips, dns, days, ca, k], () => signed(template(cn, ips, dns, days, false), ca, withKey(k))),
    buildCustomCert: (c, k) => buildCustomCert(argString(c), argString(k)),
  };
}

/**
 * Certificates by function and arguments for renders that are read and thrown away: signing,
 * key export and re-parsing the CA took a sixth of cilium's optional-image search, and a render
 * that repeats its certificate text repeats its documents, whose parse and scan are kept per text.
 * Arguments that are not plain data (a key object, a struct other than a certificate) are not kept.
 */
const THROWAWAY_CERTS = new Map<string, Certificate>();

function throwawayCert(kind: string, args: unknown[], make: () => Certificate): Certificate {
  const key = certArgsKey(kind, args);
  if (key === undefined) return make();
  let cert = THROWAWAY_CERTS.get(key);
  if (cert === undefined) {
    cert = make();
    if (THROWAWAY_CERTS.size >= 1024) THROWAWAY_CERTS.clear();
    THROWAWAY_CERTS.set(key, cert);
  }
  return cert;
}

/** A key telling apart every argument list the certificate functions read, or undefined. */
function certArgsKey(kind: string, args: unknown[]): string | undefined {
  const parts: string[] = [kind];
  const add = (v: unknown): boolean => {
    if (v instanceof Certificate) parts.push(`c${JSON.stringify([v.Cert, v.Key])}`);
    else if (typeof v === 'string') parts.push(`s${JSON.stringify(v)}`);
    else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') parts.push(`${typeof v}:${String(v)}`);
    else if (v === null || v === undefined) parts.push(String(v));
    else if (Array.isArray(v)) {
      parts.push(`[${v.length}`);
      return v.every(add);
    } else if (isPlainCertMap(v)) {
      parts.push(`m${JSON.stringify([v.Cert, v.Key])}`);
    } else return false;
    return true;
  };
  return args.every(add) ? parts.join('\0') : undefined;
}

/** A map with string Cert and Key and nothing else (a certificate passed through a dict). */
function isPlainCertMap(v: unknown): v is { Cert: string; Key: string } {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v);
  const o = v as { Cert?: unknown; Key?: unknown };
  return keys.length === 2 && typeof o.Cert === 'string' && typeof o.Key === 'string';
}

function caParts(ca: unknown): { Cert: string; Key: string } {
  const o = ca as { Cert?: unknown; Key?: unknown } | null;
  if (!o || typeof o.Cert !== 'string' || typeof o.Key !== 'string') {
    throw new Error('wrong type for value; expected sprig.certificate');
  }
  return { Cert: o.Cert, Key: o.Key };
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  const decode = (s: string, what: string): string => {
    try {
      return fromUtf8(base64Decode(s));
    } catch {
      throw new Error(`unable to decode base64 ${what}`);
    }
  };
  const cert = decode(b64cert, 'certificate');
  const key = decode(b64key, 'private key');
  certDer(cert, 'decodedCert.Bytes');
  try {
    parseKeyPem(key);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`);
  }
  return new Certificate(cert, key);
}

function fail(msg: string): never {
  throw new Error(msg);
}

/**
 * bcrypt hashes by password for renders that are read and thrown away: a hash costs ~1024
 * Blowfish key expansions (harbor's htpasswd, run by several templates, was most of its
 * optional-image search), and its salt is random anyway, so one salt per password serves them all.
 */
const THROWAWAY_HASHES = new Map<string, string>();

/** A bcrypt hash of Sprig's cost 10 takes about 0.15 s: 2^18 steps of the render budget. */
const BCRYPT_STEPS = 2 ** 18;

function bcryptOf(password: string, bytes: (n: number) => Uint8Array, throwaway: boolean): string {
  // charged as a hash even when one made before serves, so a render's steps do not hang on which ran first
  chargeSlowCall(BCRYPT_STEPS);
  if (!throwaway) return bcryptHash(utf8(password), bytes(16));
  let hash = THROWAWAY_HASHES.get(password);
  if (hash === undefined) {
    if (THROWAWAY_HASHES.size >= 1024) THROWAWAY_HASHES.clear();
    THROWAWAY_HASHES.set(password, (hash = bcryptHash(utf8(password), bytes(16))));
  }
  return hash;
}

// A checksum/config annotation hashes the same rendered ConfigMap on every render of a chart
// (discovery renders one dozens of times): looking the text up costs a fraction of hashing it.
const sha256Digests = new TextMemo<string>(8 * 1024 * 1024);

export function cryptoFuncs(uuid: () => string, random?: Random, throwaway = false): Record<string, GoFunc> {
  const bytes = bytesFrom(random);
  // a seeded source makes renders repeatable: then every hash follows it, throwaway or not
  const shared = throwaway && !random;
  return {
    sha1sum: hex('sha1'),
    sha256sum: (s: unknown) => sha256Digests.of(argString(s), (t) => sha256Hex(utf8(t))),
    sha512sum: hex('sha512'),
    adler32sum: (s) => String(adler32(utf8(argString(s)))),
    bcrypt: (s) => bcryptOf(argString(s), bytes, shared),
    htpasswd: (user, pw) => {
      const u = argString(user);
      if (u.includes(':')) return `invalid username: ${u}`;
      return `${u}:${bcryptOf(argString(pw), bytes, shared)}`;
    },
    randBytes: (n) => base64Encode(bytes(Number(argInt(n)))),
    uuidv4: () => uuid(),
    derivePassword: (counter, type, pw, user, site) => derivePassword(argInt(counter), argString(type), argString(pw), argString(user), argString(site)),
    encryptAES: (pw, text) => encryptAES(argString(pw), argString(text), bytes),
    decryptAES: (pw, text) => decryptAES(argString(pw), argString(text)),
  };
}
