// One check for both sides of the gap: at bundle time over the cache the image was just pulled
// into (its digest pinned before the pull), and offline over a bundle's content with the policy,
// keys and trusted root the lock carries. The signature manifests read are those carried.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { Descriptor, Fetcher } from '../oci/content.js';
import { policyEntryFor, type CarriedPolicy, type PolicyEntry, type SignaturePolicy } from '../bundle/signature-policy.js';
import type { LockedSignature } from '../bundle/lock.js';
import { UsageError } from '../util/errors.js';
import { publicKeyFromPem, readPolicyKey, type PolicyKey } from './keys.js';
import { verifyCosignTag } from './cosign-tag.js';
import { COSIGN_SIGN_PREDICATE, isSigstoreReferrer, parseTrustedRoot, verifySigstoreReferrer, type SigstoreResult } from './sigstore-referrer.js';
import { SignatureError } from './signature-error.js';

export interface LoadedPolicy {
  /** What the lock carries: entries naming keys by fingerprint, the keys' PEM, the trusted root's text. */
  carried: CarriedPolicy;
  keys: Map<string, PolicyKey>;
  trustedRoot?: TrustedRoot;
}

/** Reads the policy's key files and trusted root (names relative to `baseDir`: the spec's folder). */
export async function loadPolicy(p: SignaturePolicy, baseDir: string): Promise<LoadedPolicy> {
  const keys = new Map<string, PolicyKey>();
  const entries: PolicyEntry[] = [];
  for (const e of p.entries) {
    if (!e.key) {
      entries.push(e);
      continue;
    }
    const k = await readPolicyKey(e.key, baseDir, e.origin);
    keys.set(k.fingerprint, k);
    entries.push({ ...e, key: k.fingerprint });
  }
  const rootText = p.trustedRoot ? await readTrustedRootFile(p.trustedRoot, baseDir) : undefined;
  return withRoot({ entries, keys: Object.fromEntries([...keys].map(([f, k]) => [f, k.pem])), ...(rootText ? { trustedRoot: rootText } : {}) }, keys);
}

/** The policy a bundle's lock carries, ready to check again; `trustedRoot` (a file) replaces the carried one. */
export async function loadCarriedPolicy(c: CarriedPolicy, trustedRoot?: string): Promise<LoadedPolicy> {
  const keys = new Map(Object.entries(c.keys).map(([f, pem]) => [f, publicKeyFromPem(pem, `the lock's policy key ${f}`)]));
  for (const [f, k] of keys)
    if (k.fingerprint !== f)
      throw new UsageError(`the lock's policy key ${f} is the key ${k.fingerprint}`, {
        code: 'ERR_POLICY',
        hint: 'the lock was edited: take the bundle again from its source',
      });
  const rootText = trustedRoot ? await readTrustedRootFile(trustedRoot, process.cwd()) : c.trustedRoot;
  return withRoot({ ...c, ...(rootText ? { trustedRoot: rootText } : {}) }, keys);
}

function withRoot(carried: CarriedPolicy, keys: Map<string, PolicyKey>): LoadedPolicy {
  if (!carried.trustedRoot) return { carried, keys };
  try {
    return { carried, keys, trustedRoot: parseTrustedRoot(carried.trustedRoot) };
  } catch (e) {
    throw new UsageError(`trusted root: not a Sigstore trusted_root.json: ${(e as Error).message}`, {
      code: 'ERR_POLICY',
      hint: 'give the trusted_root.json of your Sigstore instance (cosign trusted-root create, or TUF)',
    });
  }
}

async function readTrustedRootFile(name: string, baseDir: string): Promise<string> {
  const path = isAbsolute(name) ? name : join(baseDir, name);
  return readFile(path, 'utf8').catch((e: unknown) => {
    throw new UsageError(`--trusted-root ${path}: cannot read: ${(e as Error).message}`, { code: 'ERR_POLICY', hint: 'name a trusted_root.json file' });
  });
}

export interface SignatureSubject {
  /** "image REF" or "chart NAME VERSION", for messages. */
  what: string;
  ref: string;
  digest: string;
  /** The manifests carried beside it: cosign tags (sha256-<hex>.sig) and referrers. */
  artifacts: { root: Descriptor; tag?: string }[];
}

/**
 * The signatures that satisfy the policy entry governing `s.ref` (undefined: no entry, or
 * require: none); throws SignatureError naming the entry and every reason otherwise.
 */
export async function checkSignatures(s: SignatureSubject, store: Fetcher, policy: LoadedPolicy, now: Date): Promise<LockedSignature[] | undefined> {
  const entry = policyEntryFor(policy.carried.entries, s.ref);
  if (!entry || entry.require === 'none') return undefined;
  const key = entry.key ? policy.keys.get(entry.key) : undefined;
  if (entry.key && !key) throw new SignatureError(s.what, entry, [`the policy's key ${entry.key} is not among the keys carried`]);
  const reasons: string[] = [];
  const found: (LockedSignature & { predicateType?: string })[] = [];
  const sigs = s.artifacts.filter((a) => a.tag?.endsWith('.sig'));
  const bundles = s.artifacts.filter((a) => !a.tag && isSigstoreReferrer(a.root));
  for (const a of sigs) {
    if (!key) {
      reasons.push(`${a.tag}: keyless signatures in the legacy .sig format are not checked yet (sign with cosign v3's bundle format)`);
      continue;
    }
    const r = await verifyCosignTag(store, a.root, s.digest, [key]).catch((e: unknown) => ({ ok: false, reason: (e as Error).message }));
    if (r.ok) found.push({ format: 'cosign-tag', digest: a.root.digest, keyFingerprint: key.fingerprint, policy: entry.match });
    else reasons.push(`${a.tag}: ${r.reason}`);
  }
  for (const a of bundles) {
    const signer = key ? { keys: [key] } : { keyless: entry.keyless! };
    const r: SigstoreResult = await verifySigstoreReferrer(store, a.root, s.digest, signer, policy.trustedRoot).catch((e: unknown) => ({
      ok: false,
      reason: (e as Error).message,
    }));
    if (!r.ok) reasons.push(r.reason!);
    else
      found.push({
        format: 'sigstore-bundle',
        digest: a.root.digest,
        ...(r.key ? { keyFingerprint: r.key.fingerprint } : {}),
        ...(r.identity ? { identity: r.identity } : {}),
        ...(r.issuer ? { issuer: r.issuer } : {}),
        ...(r.integratedTime ? { integratedTime: r.integratedTime.toISOString() } : {}),
        ...(r.logIndex !== undefined ? { logIndex: r.logIndex } : {}),
        policy: entry.match,
        ...(r.predicateType ? { predicateType: r.predicateType } : {}),
      });
  }
  if (sigs.length === 0 && bundles.length === 0) reasons.push('no signature: neither a sha256-<hex>.sig tag nor a Sigstore bundle referrer');
  let passing = found;
  if (entry.require === 'attested') {
    passing = found.filter((f) => f.predicateType && f.predicateType !== COSIGN_SIGN_PREDICATE);
    if (found.length > 0 && passing.length === 0)
      reasons.push('signed but not attested: no verified attestation (an in-toto statement other than a plain signature)');
  }
  if (entry.minAge !== undefined) {
    const oldEnough = passing.filter((f) => f.integratedTime && now.getTime() - Date.parse(f.integratedTime) >= entry.minAge! * 1000);
    if (passing.length > 0 && oldEnough.length === 0)
      reasons.push(
        `too young: minAge is ${entry.minAge}s and no verified signature has a log time that old${passing.some((f) => !f.integratedTime) ? ' (a signature without a log entry has no time to judge)' : ''}`,
      );
    passing = oldEnough;
  }
  if (passing.length === 0) throw new SignatureError(s.what, entry, reasons);
  return passing.map(({ predicateType: _, ...f }) => f);
}
