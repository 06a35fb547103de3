import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeKey, fileSigner, type SigningKey } from './keys.js';
import { signLock } from './signer.js';
import { parseSigstoreBundle } from './sigstore-bundle.js';
import { verifyLockSignature } from './verifier.js';

function signer(type: 'ec' | 'ed25519' | 'rsa', curve = 'P-256'): SigningKey {
  const p =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: curve })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return fileSigner(p.privateKey, describeKey(p.publicKey, `${type}.pub`, '--key'));
}

const LOCK = Buffer.from('{"formatVersion": 1}\n');

describe('verifyLockSignature', () => {
  for (const [type, curve] of [
    ['ec', 'P-256'],
    ['ec', 'P-384'],
    ['ed25519', ''],
    ['rsa', ''],
  ] as const) {
    it(`${type} ${curve}: accepts its own signature, names each way it can be wrong`, async () => {
      const k = signer(type, curve);
      const sig = parseSigstoreBundle(await signLock(LOCK, k), 'sig.json');
      expect(verifyLockSignature(LOCK, sig, [k.publicKey])).toEqual({ ok: true, key: k.publicKey });
      const edited = verifyLockSignature(Buffer.from('{"formatVersion": 2}\n'), sig, [k.publicKey]);
      expect(edited.ok === false && edited.why).toMatch(/the lock was edited after signing/);
      const other = signer('ec');
      const byOther = verifyLockSignature(LOCK, sig, [other.publicKey]);
      expect(byOther.ok === false && byOther.why).toContain(`signed by another key (${k.publicKey.fingerprint})`);
      // the hint names no key: every trusted key is tried, and the right one found
      expect(verifyLockSignature(LOCK, { ...sig, hint: '' }, [other.publicKey, k.publicKey]).ok).toBe(true);
      const flipped = Buffer.from(sig.signature);
      flipped[flipped.length - 1]! ^= 1;
      const altered = verifyLockSignature(LOCK, { ...sig, signature: flipped }, [k.publicKey]);
      expect(altered.ok === false && altered.why).toContain('does not verify');
    });
  }
});

describe('parseSigstoreBundle', () => {
  it.each([
    ['not json', 'not valid JSON'],
    ['{"mediaType":"x"}', 'is not a Sigstore bundle'],
    ['{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":{}}', 'a DSSE envelope'],
    [
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"MD5","digest":"AA=="},"signature":"AA=="}}',
      'MD5',
    ],
    [
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"AA=="},"signature":"AA=="}}',
      'not a SHA2_256 digest',
    ],
    [
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"!"},"signature":"AA=="}}',
      'expected base64',
    ],
  ])('%s: refused, naming why and the file', (text, why) => {
    expect(() => parseSigstoreBundle(text, 'b.tar:airgap-lock.sigstore.json')).toThrow(
      new RegExp(`b\\.tar:airgap-lock\\.sigstore\\.json: invalid bundle signature: .*${why}`),
    );
  });
});
