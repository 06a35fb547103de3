// One check for both sides of the gap: at bundle time over the cache the image was just pulled
// into (its digest pinned before the pull), and offline over a bundle's content with the policy,
// keys and trusted root the lock carries. The signature manifests read are those carried.
import { createHash } from 'node:crypto';
import type { Key } from 'openpgp';
import { isAbsolute, join } from 'node:path';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { Descriptor, Fetcher } from '../oci/content.js';
import { chartPolicyRef, policyEntryFor, TRUSTED_ROOT_HOW, type CarriedPolicy, type PolicyEntry, type SignaturePolicy } from '../bundle/signature-policy.js';
import type { LockedSignature } from '../bundle/lock.js';
import { UsageError } from '../util/errors.js';
import { readTrustFile, type TrustFileKind } from '../util/trust-file.js';
import { logTo, type Ctx } from '../util/ctx.js';
import { publicKeyFromPem, readPolicyKey, type KmsPublicKeySource, type PolicyKey } from './keys.js';
import { verifyCosignTag, type CosignTagResult } from './cosign-tag.js';
import { verifyCosignAtt } from './cosign-att.js';
import { COSIGN_SIGN_PREDICATE, isSigstoreReferrer, parseTrustedRoot, verifySigstoreReferrer, type SigstoreResult } from './sigstore-referrer.js';
import { SignatureError } from './signature-error.js';
import { readKeyring, verifyProvenance } from './helm-prov.js';

export interface LoadedPolicy {
  /** What the lock carries: entries naming keys by fingerprint, the keys' PEM, the trusted root's text. */
  carried: CarriedPolicy;
  keys: Map<string, PolicyKey>;
  trustedRoot?: TrustedRoot;
  /** OpenPGP keyrings for charts' .prov, by sha256 of the keyring file. */
  keyrings: Map<string, Key[]>;
}

export interface PolicySources {
  /** GetPublicKey of awskms:// keys. */
  kms?: KmsPublicKeySource;
  /** The cache a TUF repository's metadata is kept in (a policy that takes its trusted root from one). */
  cacheDir?: string;
}

/**
 * Reads the policy's key files and trusted root (names relative to `baseDir`: the spec's folder);
 * an awskms:// key is asked of `kms` once, and carried as PEM like any other; a trusted root named
 * by no file is taken from the policy's TUF repository.
 */
export async function loadPolicy(p: SignaturePolicy, baseDir: string, src: PolicySources = {}, ctx: Ctx = {}): Promise<LoadedPolicy> {
  const kms = src.kms;
  const keys = new Map<string, PolicyKey>();
  const keyrings: Record<string, string> = {};
  const entries: PolicyEntry[] = [];
  for (const e of p.entries) {
    if (e.keyring) {
      const bytes = await readPolicyFile(e.keyring, baseDir, e.origin === 'command line' ? '--keyring' : `${e.origin}: keyring`, 'keyring');
      const id = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      keyrings[id] = bytes.toString('base64');
      entries.push({ ...e, keyring: id });
      continue;
    }
    if (!e.key) {
      entries.push(e);
      continue;
    }
    const k = await readPolicyKey(e.key, baseDir, e.origin, kms);
    keys.set(k.fingerprint, k);
    entries.push({ ...e, key: k.fingerprint });
  }
  const fromTuf = !p.trustedRoot && p.tuf ? await tufRoot(p.tuf, baseDir, src.cacheDir, ctx) : undefined;
  const rootText = p.trustedRoot ? (await readPolicyFile(p.trustedRoot, baseDir, '--trusted-root', 'trustedRoot')).toString('utf8') : fromTuf?.text;
  const carried: CarriedPolicy = {
    entries,
    keys: Object.fromEntries([...keys].map(([f, k]) => [f, k.pem])),
    ...(Object.keys(keyrings).length ? { keyrings } : {}),
    ...(rootText ? { trustedRoot: rootText } : {}),
    ...(fromTuf ? { trustedRootSource: { tufMirror: fromTuf.mirror, takenAt: new Date().toISOString() } } : {}),
  };
  return withRoot(carried, keys, await parseKeyrings(carried));
}

/** The trusted root of the policy's TUF repository (loaded on use: tuf-js and its fetcher only then). */
async function tufRoot(tuf: NonNullable<SignaturePolicy['tuf']>, baseDir: string, cacheDir: string | undefined, ctx: Ctx) {
  if (!cacheDir) throw new Error('a trusted root from a TUF repository needs the cache folder');
  const root = tuf.root ? (await readPolicyFile(tuf.root, baseDir, '--tuf-root', 'tufRoot')).toString('utf8') : undefined;
  const { tufTrustedRoot } = await import('./tuf-root.js');
  const r = await tufTrustedRoot({ cacheDir, ...(tuf.mirror ? { mirror: tuf.mirror } : {}), ...(root !== undefined ? { root } : {}) }, ctx);
  logTo(ctx, 'info', `trusted root: trusted_root.json from the TUF repository ${r.mirror}${r.fromCache ? ' (cached)' : ''}, carried in the bundle`);
  return r;
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
  const rootText = trustedRoot ? (await readPolicyFile(trustedRoot, process.cwd(), '--trusted-root', 'trustedRoot')).toString('utf8') : c.trustedRoot;
  for (const [id, b64] of Object.entries(c.keyrings ?? {}))
    if (`sha256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex')}` !== id)
      throw new UsageError(`the lock's keyring ${id} is other bytes`, {
        code: 'ERR_POLICY',
        hint: 'the lock was edited: take the bundle again from its source',
      });
  // a root given here replaces the carried one, and where that came from no longer applies
  const replaced: CarriedPolicy = trustedRoot ? { ...c, trustedRoot: rootText!, trustedRootSource: undefined } : c;
  return withRoot(replaced, keys, await parseKeyrings(c));
}

async function parseKeyrings(c: CarriedPolicy): Promise<Map<string, Key[]>> {
  const out = new Map<string, Key[]>();
  for (const [id, b64] of Object.entries(c.keyrings ?? {})) {
    try {
      out.set(id, await readKeyring(Buffer.from(b64, 'base64')));
    } catch (e) {
      const origin = c.entries.find((x) => x.keyring === id)?.origin ?? 'the policy';
      throw new UsageError(`${origin}: keyring: not an OpenPGP public keyring: ${(e as Error).message}`, {
        code: 'ERR_POLICY',
        hint: 'export it with `gpg --export KEYID > keyring.gpg` (the same file `helm verify --keyring` takes)',
      });
    }
  }
  return out;
}

function withRoot(carried: CarriedPolicy, keys: Map<string, PolicyKey>, keyrings: Map<string, Key[]>): LoadedPolicy {
  if (!carried.trustedRoot) return { carried, keys, keyrings };
  try {
    return { carried, keys, keyrings, trustedRoot: parseTrustedRoot(carried.trustedRoot) };
  } catch (e) {
    throw new UsageError(`trusted root: not a Sigstore trusted_root.json: ${(e as Error).message}`, {
      code: 'ERR_POLICY',
      hint: TRUSTED_ROOT_HOW,
    });
  }
}

function readPolicyFile(name: string, baseDir: string, what: string, kind: TrustFileKind): Promise<Buffer> {
  return readTrustFile(isAbsolute(name) ? name : join(baseDir, name), kind, what);
}

/** Who signed and when, as the lock records it. */
function evidence(r: CosignTagResult | SigstoreResult): Partial<LockedSignature> {
  return {
    ...(r.key ? { keyFingerprint: r.key.fingerprint } : {}),
    ...(r.identity ? { identity: r.identity } : {}),
    ...(r.issuer ? { issuer: r.issuer } : {}),
    ...(r.integratedTime ? { integratedTime: r.integratedTime.toISOString() } : {}),
    ...(r.logIndex !== undefined ? { logIndex: r.logIndex } : {}),
  };
}

/** Sigstore bundle referrers tried per image (each is a full verification). */
const MAX_CANDIDATES = 100;

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
  const allBundles = s.artifacts.filter((a) => !a.tag && isSigstoreReferrer(a.root));
  // a registry can hold any number of referrers for one image: a bounded number is tried
  const bundles = allBundles.slice(0, MAX_CANDIDATES);
  if (allBundles.length > MAX_CANDIDATES) reasons.push(`only the first ${MAX_CANDIDATES} of ${allBundles.length} Sigstore bundle referrers were tried`);
  for (const a of sigs) {
    const signer = key ? { keys: [key], trustedRoot: policy.trustedRoot } : { keyless: entry.keyless!, trustedRoot: policy.trustedRoot };
    const r: CosignTagResult = await verifyCosignTag(store, a.root, s.digest, signer).catch((e: unknown) => ({ ok: false, reason: (e as Error).message }));
    if (r.ok) found.push({ format: 'cosign-tag', digest: a.root.digest, ...evidence(r), policy: entry.match });
    else reasons.push(`${a.tag}: ${r.reason}`);
  }
  // legacy attestations count for require: attested only (a signature is the .sig's job)
  const atts = entry.require === 'attested' ? s.artifacts.filter((a) => a.tag?.endsWith('.att')) : [];
  for (const a of atts) {
    const signer = key ? { keys: [key], trustedRoot: policy.trustedRoot } : { keyless: entry.keyless!, trustedRoot: policy.trustedRoot };
    const r = await verifyCosignAtt(store, a.root, s.digest, signer).catch((e: unknown) => ({
      ok: false,
      reason: (e as Error).message,
      predicateType: undefined,
    }));
    if (r.ok)
      found.push({ format: 'cosign-attestation', digest: a.root.digest, ...evidence(r), policy: entry.match, predicateType: r.predicateType ?? 'unknown' });
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
        ...evidence(r),
        policy: entry.match,
        ...(r.predicateType ? { predicateType: r.predicateType } : {}),
      });
  }
  if (sigs.length === 0 && bundles.length === 0 && atts.length === 0)
    reasons.push('no signature: neither a sha256-<hex>.sig tag nor a Sigstore bundle referrer');
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
        `too young: minAge is ${entry.minAge}s and no verified signature has a log time that old${passing.some((f) => !f.integratedTime) ? ' (a signature with no time its log or a TSA signed has no time to judge)' : ''}`,
      );
    passing = oldEnough;
  }
  if (passing.length === 0) throw new SignatureError(s.what, entry, reasons);
  return passing.map(({ predicateType: _, ...f }) => f);
}

export interface ChartSubject {
  /** "chart NAME VERSION", for messages. */
  what: string;
  name: string;
  source: { kind: string; repo?: string; ref?: string; url?: string };
  /** The archive as the repository served it (before dependencies were vendored into it). */
  archiveDigest: string;
}

/**
 * A repository chart's signature under the policy: its .prov against the keyring entry governing
 * it. `prov` is the .prov text (undefined: the repository has none).
 */
export async function checkChartProvenance(c: ChartSubject, prov: string | undefined, policy: LoadedPolicy): Promise<LockedSignature[] | undefined> {
  const ref = chartPolicyRef(c.source, c.name);
  if (!ref) return undefined;
  // an OCI chart's cosign signature is checkSignatures' over its manifest digest, as an image's
  if (c.source.kind === 'oci') throw new Error(`${c.what}: an OCI chart has no .prov: its signature is checked as an image's`);
  const entry = policyEntryFor(policy.carried.entries, ref, 'chart');
  if (!entry || entry.require === 'none') return undefined;
  if (prov === undefined) throw new SignatureError(c.what, entry, [`no signature: the repository has no ${c.source.url ?? 'archive URL'}.prov`]);
  const keyring = policy.keyrings.get(entry.keyring!);
  if (!keyring) throw new SignatureError(c.what, entry, [`the policy's keyring ${entry.keyring} is not among the keyrings carried`]);
  const file = (c.source.url ?? `${c.name}.tgz`)
    .replace(/[?#].*$/, '')
    .split('/')
    .pop()!;
  const r = await verifyProvenance(prov, file, c.archiveDigest, keyring);
  if (!r.ok) throw new SignatureError(c.what, entry, [r.reason!]);
  return [
    {
      format: 'helm-prov',
      digest: `sha256:${createHash('sha256').update(prov).digest('hex')}`,
      keyFingerprint: r.fingerprint!,
      provenance: prov,
      file,
      fileDigest: c.archiveDigest,
      policy: entry.match,
    },
  ];
}
