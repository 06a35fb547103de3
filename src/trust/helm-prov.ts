// A repository chart's provenance file (NAME-VERSION.tgz.prov), checked as `helm verify
// --keyring` checks it: an OpenPGP clear-signed document whose signature is by a key of the
// keyring, and whose `files:` section gives the archive's name and sha256. Checked with openpgp
// (Helm signs with golang.org/x/crypto/openpgp; GnuPG and Helm make the test fixtures).
import { readCleartextMessage, readKeys, verify, type Key } from 'openpgp';

export interface ProvenanceResult {
  ok: boolean;
  reason?: string;
  /** The signing key's OpenPGP fingerprint (hex). */
  fingerprint?: string;
  signedAt?: Date;
}

/** Largest .prov read: Helm's are a few KiB (Chart.yaml, one hash, a signature). */
export const MAX_PROV = 1 << 20;

export async function readKeyring(bytes: Uint8Array): Promise<Key[]> {
  const text = Buffer.from(bytes).toString('latin1');
  return text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? readKeys({ armoredKeys: text }) : readKeys({ binaryKeys: bytes });
}

/** Verifies `prov` for the archive named `archiveName` whose bytes hash to `archiveDigest` (sha256:<hex>). */
export async function verifyProvenance(prov: string, archiveName: string, archiveDigest: string, keyring: Key[]): Promise<ProvenanceResult> {
  let message;
  try {
    message = await readCleartextMessage({ cleartextMessage: prov });
  } catch (e) {
    return { ok: false, reason: `the .prov is not an OpenPGP clear-signed document: ${(e as Error).message}` };
  }
  const result = await verify({ message, verificationKeys: keyring });
  const sig = result.signatures[0];
  if (!sig) return { ok: false, reason: 'the .prov holds no signature' };
  try {
    await sig.verified;
  } catch (e) {
    const id = sig.keyID.toHex();
    const known = keyring.some((k) => k.getKeys(sig.keyID).length > 0);
    return {
      ok: false,
      reason: known
        ? `the .prov signature does not verify: ${(e as Error).message}`
        : `wrong key: the .prov is signed by key ${id}, not by a key of the keyring`,
    };
  }
  const key = keyring.find((k) => k.getKeys(sig.keyID).length > 0)!;
  const files = filesSection(message.getText());
  const listed = files.get(archiveName);
  if (!listed) return { ok: false, reason: `the .prov names no file ${archiveName} (it names ${[...files.keys()].join(', ') || 'none'})` };
  if (listed !== archiveDigest) return { ok: false, reason: `digest mismatch: the .prov signs ${archiveName} as ${listed}, the archive is ${archiveDigest}` };
  const signedAt = (await sig.signature).packets[0]?.created ?? undefined;
  return { ok: true, fingerprint: key.getFingerprint(), ...(signedAt ? { signedAt } : {}) };
}

/** The `files:` block of Helm's provenance body: "  NAME.tgz: sha256:<hex>" lines. */
function filesSection(body: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'files:');
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+(\S+):\s+(sha256:[0-9a-f]{64})\s*$/.exec(line);
    if (!m) break;
    out.set(m[1]!, m[2]!);
  }
  return out;
}
