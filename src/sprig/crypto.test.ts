import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/tools.js';
import { bcryptHash, bcryptVerify } from './bcrypt.js';
import { Certificate } from './crypto.js';
import { sprigFuncs } from './index.js';

const clock = () => new Date('2030-06-01T12:00:00Z');
const f = sprigFuncs({ now: clock, uuid: () => '00000000-0000-4000-8000-000000000000' });
const call = (name: string, ...args: unknown[]): unknown => f[name]!(...args);
const dir = mkdtempSync(join(tmpdir(), 'sprig-crypto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[], files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' });
}

describe('hashes (Sprig crypto.go; values from Go)', () => {
  it.each([
    ['sha1sum', 'x', '11f6ad8ec52a2984abaafd7c3b516503785c2072'],
    ['sha256sum', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha512sum', 'abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
    ['adler32sum', 'hello', '103547413'],
  ])('%s', (name, input, want) => {
    expect(call(name, input)).toBe(want);
  });
  it('derivePassword follows Master Password (checked with Go)', () => {
    expect(call('derivePassword', 1n, 'long', 'password', 'user', 'example.com')).toBe('ZedaFaxcZaso9*');
  });
  it('uuidv4 comes from the injected source', () => {
    expect(call('uuidv4')).toBe('00000000-0000-4000-8000-000000000000');
  });
});

describe('bcrypt and htpasswd (golang.org/x/crypto/bcrypt format $2a$10$)', () => {
  it('verifies a hash produced by Go', () => {
    const goHash = '$2a$10$5Wcov1fcEaqOI.S7ILVyp.zXBiVwMp8prbarlnqpPWwzXuAYgupHy';
    expect(bcryptVerify(new TextEncoder().encode('secret'), goHash)).toBe(true);
    expect(bcryptVerify(new TextEncoder().encode('Secret'), goHash)).toBe(false);
  });
  it('a zero salt gives the known hash', () => {
    expect(bcryptHash(new TextEncoder().encode('pw'), new Uint8Array(16), 10)).toMatch(/^\$2a\$10\$\.{22}/);
  });
  it('htpasswd output is accepted by Apache htpasswd -v', async () => {
    await requireTool('htpasswd', 'apache2-utils');
    const line = call('htpasswd', 'admin', 'p4ss') as string;
    expect(line).toMatch(/^admin:\$2a\$10\$/);
    writeFileSync(join(dir, 'htpasswd'), line + '\n');
    expect(() => execFileSync('htpasswd', ['-vb', join(dir, 'htpasswd'), 'admin', 'p4ss'], { stdio: 'pipe' })).not.toThrow();
    expect(() => execFileSync('htpasswd', ['-vb', join(dir, 'htpasswd'), 'admin', 'wrong'], { stdio: 'pipe' })).toThrow();
  });
  it('htpasswd refuses a username with a colon (Sprig returns the message)', () => {
    expect(call('htpasswd', 'a:b', 'x')).toBe('invalid username: a:b');
  });
});

describe('AES (Sprig encryptAES: AES-256-CBC, zero-padded key, IV prefix, PKCS#7)', () => {
  it('decrypts what Go encrypted and round-trips', () => {
    expect(call('decryptAES', 'k', '44c2gRLA/Oj7RrCbf8DbvyqAnzM0a+HpWRNlqlcr9tg=')).toBe('hello world');
    expect(call('decryptAES', 'pw', call('encryptAES', 'pw', 'plain text'))).toBe('plain text');
    expect(call('encryptAES', 'pw', '')).toBe('');
  });
});

describe('certificates (Sprig genCA/genSignedCert/genSelfSignedCert; openssl accepts them)', () => {
  it('genCA is a CA certificate openssl parses, valid from the injected clock', async () => {
    await requireTool('openssl', 'openssl');
    const ca = call('genCA', 'my-ca', 365n) as Certificate;
    expect(ca).toBeInstanceOf(Certificate);
    expect(ca.Key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const text = openssl(['x509', '-in', 'ca.pem', '-noout', '-text'], { 'ca.pem': ca.Cert });
    expect(text).toContain('Subject: CN = my-ca');
    expect(text).toContain('CA:TRUE');
    expect(text).toContain('Certificate Sign');
    expect(text).toContain('Not Before: Jun  1 12:00:00 2030 GMT');
    expect(text).toContain('Not After : Jun  1 12:00:00 2031 GMT');
  });
  it('genSignedCert verifies against its CA and carries the SANs', () => {
    const ca = call('genCA', 'ca', 10n) as Certificate;
    const leaf = call('genSignedCert', 'svc', ['10.0.0.1', '::1'], ['svc', 'svc.ns.svc'], 10n, ca) as Certificate;
    const files = { 'ca.pem': ca.Cert, 'leaf.pem': leaf.Cert };
    expect(openssl(['verify', '-attime', String(Date.parse('2030-06-02') / 1000), '-CAfile', 'ca.pem', 'leaf.pem'], files)).toContain('leaf.pem: OK');
    const text = openssl(['x509', '-in', 'leaf.pem', '-noout', '-text'], files);
    expect(text).toContain('DNS:svc, DNS:svc.ns.svc, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toContain('CA:FALSE');
  });
  it('WithKey variants use the given ECDSA / Ed25519 keys', () => {
    const ec = call('genPrivateKey', 'ecdsa') as string;
    expect(ec).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    const eca = call('genCAWithKey', 'ec-ca', 5n, ec) as Certificate;
    expect(eca.Key).toBe(ec);
    expect(openssl(['x509', '-in', 'e.pem', '-noout', '-text'], { 'e.pem': eca.Cert })).toContain('ecdsa-with-SHA256');
    const ed = call('genPrivateKey', 'ed25519') as string;
    const cert = call('genSelfSignedCertWithKey', 'ed', null, ['a'], 3n, ed) as Certificate;
    expect(openssl(['x509', '-in', 'd.pem', '-noout', '-text'], { 'd.pem': cert.Cert })).toContain('ED25519');
  });
  it('buildCustomCert accepts base64 PEM and rejects garbage', () => {
    const ca = call('genCA', 'x', 1n) as Certificate;
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect((call('buildCustomCert', b64(ca.Cert), b64(ca.Key)) as Certificate).Cert).toBe(ca.Cert);
    expect(() => call('buildCustomCert', b64('nope'), b64(ca.Key))).toThrow('unable to decode certificate');
  });
  it('a bad IP is an error as in Sprig', () => {
    expect(() => call('genSelfSignedCert', 'x', ['300.1.1.1'], null, 1n)).toThrow('error parsing ip: 300.1.1.1');
  });
  it("genPrivateKey dsa writes OpenSSL's traditional DSA form, usable by the WithKey variants", () => {
    const k = call('genPrivateKey', 'dsa') as string;
    expect(k).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n/);
    expect(openssl(['dsa', '-in', 'dsa.key', '-noout', '-text'], { 'dsa.key': k })).toContain('pub:');
    const ca = call('genCAWithKey', 'dsa-ca', 2n, k) as Certificate;
    expect(ca.Key).toBe(k);
    expect(openssl(['x509', '-in', 'dsa.pem', '-noout', '-text'], { 'dsa.pem': ca.Cert })).toContain('dsa_with_SHA256');
  });
  it("genPrivateKey of an unknown type returns Sprig's message", () => {
    expect(call('genPrivateKey', 'foo')).toBe('Unknown type foo');
  });
});

describe('repeatable renders (an injected random source drives keys, serials, salts, IVs)', () => {
  const seeded = (seed: number) => {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      s ^= s >>> 12;
      return s / 2 ** 32;
    };
  };
  const run = () => {
    const g = sprigFuncs({ now: clock, random: seeded(7) });
    const ca = g.genCA!('ca', 3n) as Certificate;
    const leaf = g.genSignedCert!('leaf', null, ['leaf'], 3n, ca) as Certificate;
    return [ca.Cert, ca.Key, leaf.Cert, g.genPrivateKey!('ecdsa'), g.genPrivateKey!('ed25519'), g.htpasswd!('u', 'p'), g.randBytes!(8n)];
  };
  it('the same seed gives the same certificates, keys and hashes', () => {
    const first = run();
    expect(run()).toEqual(first);
    const files = { 'ca.pem': first[0] as string, 'leaf.pem': first[2] as string, 'ca.key': first[1] as string };
    expect(openssl(['verify', '-attime', String(Date.parse('2030-06-02') / 1000), '-CAfile', 'ca.pem', 'leaf.pem'], files)).toContain('OK');
    expect(openssl(['rsa', '-in', 'ca.key', '-check', '-noout'], files)).toContain('RSA key ok');
  });
});

describe('throwawayKeys (renders read for images, never installed)', () => {
  it('genPrivateKey and genCA reuse one key per type; without it every call makes a new key', () => {
    const shared = sprigFuncs({ throwawayKeys: true });
    const fresh = sprigFuncs();
    expect(shared.genPrivateKey!('rsa')).toBe(shared.genPrivateKey!('rsa'));
    expect(shared.genPrivateKey!('ecdsa')).not.toBe(shared.genPrivateKey!('rsa'));
    expect(fresh.genPrivateKey!('ecdsa')).not.toBe(fresh.genPrivateKey!('ecdsa'));
    const ca = (f: Record<string, (...a: unknown[]) => unknown>) => (f.genCA!('ca', 365n) as { Key: string }).Key;
    expect(ca(shared)).toBe(ca(shared));
    expect(ca(fresh)).not.toBe(ca(fresh));
  });

  it('certificates of the same arguments are made once; other arguments, or no throwawayKeys, make new ones', () => {
    type F = Record<string, (...a: unknown[]) => unknown>;
    const shared = sprigFuncs({ throwawayKeys: true }) as F;
    const fresh = sprigFuncs() as F;
    const cert = (f: F, ...a: unknown[]) => (f.genSelfSignedCert!(...a) as { Cert: string }).Cert;
    expect(cert(shared, 'a', ['10.0.0.1'], ['a.svc'], 365n)).toBe(cert(shared, 'a', ['10.0.0.1'], ['a.svc'], 365n));
    expect(cert(shared, 'a', ['10.0.0.1'], ['b.svc'], 365n)).not.toBe(cert(shared, 'a', ['10.0.0.1'], ['a.svc'], 365n));
    expect(cert(shared, 'a', null, null, 365n)).not.toBe(cert(shared, 'a', null, null, 366n));
    expect(cert(fresh, 'a', null, null, 365n)).not.toBe(cert(fresh, 'a', null, null, 365n));
    const ca = shared.genCA!('ca', 365n);
    const ca2 = shared.genCA!('other-ca', 365n);
    const signed = (c: unknown) => (shared.genSignedCert!('s', null, ['s.svc'], 365n, c) as { Cert: string }).Cert;
    expect(signed(ca)).toBe(signed(ca));
    expect(signed(ca2)).not.toBe(signed(ca));
    expect(() => shared.genSelfSignedCert!('a', ['not-an-ip'], null, 365n)).toThrow(/error parsing ip/);
  });

  it('bcrypt and htpasswd hash each password once; the hash still verifies; without it every call salts anew', () => {
    const shared = sprigFuncs({ throwawayKeys: true });
    const fresh = sprigFuncs();
    const pw = new TextEncoder().encode('harbor_registry_password');
    const once = shared.htpasswd!('user', 'harbor_registry_password') as string;
    expect(shared.htpasswd!('user', 'harbor_registry_password')).toBe(once);
    expect(bcryptVerify(pw, once.slice('user:'.length))).toBe(true);
    expect(shared.bcrypt!('other')).not.toBe(shared.bcrypt!('harbor_registry_password'));
    expect(fresh.bcrypt!('harbor_registry_password')).not.toBe(fresh.bcrypt!('harbor_registry_password'));
  });
});
