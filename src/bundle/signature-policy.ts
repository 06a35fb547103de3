// Who must have signed what: the signature policy of `bundle` (airgap.yaml `signatures:`, or the
// cosign-named flags for a one-off run), and the form it is carried in inside a bundle's lock so
// the isolated side checks the same rules again with nothing else. Pure: the model, its
// validation with file:line errors, and which entry governs a reference.
import { UsageError } from '../util/errors.js';
import { matchesImageGlob } from './image-plan.js';
import { isRecord } from '../util/is-record.js';

export type Requirement = 'signed' | 'attested' | 'none';

/** A keyless signer: the Fulcio certificate's issuer and subject (SAN), each exact or a regular expression. */
export interface KeylessIdentity {
  issuer?: string;
  issuerRegex?: string;
  subject?: string;
  subjectRegex?: string;
}

export interface PolicyEntry {
  /** Glob over normalised references (`*` within a path segment, `**` across). */
  match: string;
  /** A PEM public key file (relative to the spec's folder), or once carried, `sha256:<fingerprint>` naming one of the lock's keys. */
  key?: string;
  keyless?: KeylessIdentity;
  /** For charts from a repository: an OpenPGP keyring file their .prov must be signed by (as `helm verify --keyring`); once carried, `sha256:<hex>` of the keyring. */
  keyring?: string;
  /** A signature younger than this (seconds, by its log's integrated time) is refused. */
  minAge?: number;
  require: Requirement;
  /** Where the entry was declared: "airgap.yaml:12" or "command line". */
  origin: string;
}

export interface SignaturePolicy {
  entries: PolicyEntry[];
  /** trusted_root.json (Sigstore's format) for keyless entries and log proofs. */
  trustedRoot?: string;
  /**
   * Where a policy without trustedRoot takes one (keyless entries need it): a TUF repository, as
   * cosign does. `mirror` undefined: Sigstore's public one, verified from the TUF root the
   * library ships; `root`: the TUF root file another mirror is trusted by (cosign initialize --root).
   */
  tuf?: { mirror?: string; root?: string };
}

/** Where the carried trusted root was taken from, for the reports of both sides. */
export interface TrustedRootSource {
  /** The TUF repository it was the verified trusted_root.json target of. */
  tufMirror: string;
  /** When this run verified it (the repository's metadata was fresh then, or cached and unexpired). */
  takenAt: string;
}

/** The policy as a bundle's lock carries it: keys inline by fingerprint, the trusted root's JSON text. */
export interface CarriedPolicy {
  entries: PolicyEntry[];
  /** sha256:<hex of the SPKI DER> → PEM public key. */
  keys: Record<string, string>;
  /** sha256:<hex of the file> → the OpenPGP keyring, base64. */
  keyrings?: Record<string, string>;
  trustedRoot?: string;
  trustedRootSource?: TrustedRootSource;
}

const ENTRY_KEYS = ['match', 'key', 'keyless', 'keyring', 'minAge', 'require'];
const KEYLESS_KEYS = ['issuer', 'issuerRegex', 'subject', 'subjectRegex'];

/**
 * The entry governing `ref`: the first whose glob matches it, in the order declared. Charts from
 * a repository answer to keyring entries (their .prov), images and OCI charts to the others.
 */
export function policyEntryFor(entries: readonly PolicyEntry[], ref: string, kind: 'image' | 'chart' = 'image'): PolicyEntry | undefined {
  return entries.find((e) => (e.keyring !== undefined) === (kind === 'chart') && matchesImageGlob(e.match, ref));
}

/**
 * Reads the `signatures:` block (already plain data); `at(i)` names entry i's line, `where` the
 * block's. Every mistake is a usage error naming the line and the entry's key.
 */
export function parseSignaturePolicy(raw: unknown, where: string, at: (i: number) => string): SignaturePolicy {
  if (!isRecord(raw)) throw policyError(`${where}: signatures must be a mapping with policy (and trustedRoot or tufMirror)`);
  for (const k of Object.keys(raw))
    if (!SIGNATURES_KEYS.includes(k)) throw policyError(`${where}: unknown key "${k}" in signatures`, `known keys: ${SIGNATURES_KEYS.join(', ')}`);
  for (const k of ['trustedRoot', 'tufMirror', 'tufRoot'])
    if (raw[k] !== undefined && (typeof raw[k] !== 'string' || raw[k] === ''))
      throw policyError(`${where}: signatures.${k} must be ${k === 'tufMirror' ? 'a URL' : 'a file name'}`);
  if (!Array.isArray(raw.policy)) throw policyError(`${where}: signatures.policy must be a list of entries`);
  const entries = raw.policy.map((e, i) => parseEntry(e, at(i)));
  const tuf = tufSource(raw.tufMirror as string | undefined, raw.tufRoot as string | undefined, `${where}: signatures.tufMirror`);
  if (raw.trustedRoot && tuf)
    throw policyError(`${where}: signatures.trustedRoot and signatures.tufMirror/tufRoot both say where the trusted root comes from: keep one`);
  return { entries, ...(raw.trustedRoot ? { trustedRoot: raw.trustedRoot as string } : {}), ...(tuf ? { tuf } : {}) };
}

const SIGNATURES_KEYS = ['policy', 'trustedRoot', 'tufMirror', 'tufRoot'];

function tufSource(mirror: string | undefined, root: string | undefined, what: string): SignaturePolicy['tuf'] {
  if (mirror === undefined && root === undefined) return undefined;
  if (mirror !== undefined && !/^https?:\/\/[^/?#]+/.test(mirror))
    throw policyError(`${what} ${mirror}: not an http(s) URL`, 'name the TUF repository as cosign initialize --mirror does, e.g. https://tuf.example.com');
  return { ...(mirror !== undefined ? { mirror: mirror.replace(/\/+$/, '') } : {}), ...(root !== undefined ? { root } : {}) };
}

/**
 * What a chart's policy glob is matched against: a repository chart as HOST/PATH/NAME (its
 * repository URL without the scheme), an OCI chart as its reference without oci://.
 */
export function chartPolicyRef(source: { kind: string; repo?: string; ref?: string }, name: string): string | undefined {
  if (source.kind === 'repo' && source.repo) return `${source.repo.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '')}/${name}`;
  if (source.kind === 'oci' && source.ref) return source.ref.replace(/^oci:\/\//, '');
  return undefined;
}

function parseEntry(raw: unknown, origin: string): PolicyEntry {
  if (!isRecord(raw)) throw policyError(`${origin}: a policy entry must be a mapping (match, key or keyless, require)`);
  for (const k of Object.keys(raw))
    if (!ENTRY_KEYS.includes(k)) throw policyError(`${origin}: unknown key "${k}" in a policy entry`, `known keys: ${ENTRY_KEYS.join(', ')}`);
  if (typeof raw.match !== 'string' || raw.match === '') throw policyError(`${origin}: a policy entry needs match: a glob over image references`);
  const require = raw.require ?? 'signed';
  if (require !== 'signed' && require !== 'attested' && require !== 'none')
    throw policyError(`${origin}: require must be signed, attested or none, not ${JSON.stringify(require)}`);
  const entry: PolicyEntry = { match: raw.match, require, origin };
  if (raw.key !== undefined) {
    if (typeof raw.key !== 'string' || raw.key === '') throw policyError(`${origin}: key must be a PEM public key file`);
    entry.key = raw.key;
  }
  if (raw.keyless !== undefined) entry.keyless = parseKeyless(raw.keyless, origin);
  if (raw.keyring !== undefined) {
    if (typeof raw.keyring !== 'string' || raw.keyring === '') throw policyError(`${origin}: keyring must be an OpenPGP keyring file`);
    entry.keyring = raw.keyring;
  }
  const signers = [entry.key, entry.keyless, entry.keyring].filter((x) => x !== undefined).length;
  if (signers > 1 || (require !== 'none' && signers === 0))
    throw policyError(`${origin}: a policy entry needs exactly one of key: FILE, keyless: {issuer, subject} or keyring: FILE (charts' .prov)`);
  if (raw.minAge !== undefined) entry.minAge = parseAge(raw.minAge, origin);
  return entry;
}

function parseKeyless(raw: unknown, origin: string): KeylessIdentity {
  if (!isRecord(raw)) throw policyError(`${origin}: keyless must be a mapping {issuer, subject | subjectRegex}`);
  const out: KeylessIdentity = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!KEYLESS_KEYS.includes(k)) throw policyError(`${origin}: unknown key "${k}" in keyless`, `known keys: ${KEYLESS_KEYS.join(', ')}`);
    if (typeof v !== 'string' || v === '') throw policyError(`${origin}: keyless.${k} must be a string`);
    if (k.endsWith('Regex')) checkRegex(v, `${origin}: keyless.${k}`);
    out[k as keyof KeylessIdentity] = v;
  }
  if (!out.issuer && !out.issuerRegex) throw policyError(`${origin}: keyless needs issuer or issuerRegex (the OIDC issuer the certificate names)`);
  if (!out.subject && !out.subjectRegex) throw policyError(`${origin}: keyless needs subject or subjectRegex (the identity the certificate names)`);
  return out;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "36h", "7d", "90m", "30s" or a number of seconds. */
export function parseAge(raw: unknown, origin: string): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  const m = typeof raw === 'string' ? /^(\d+)([smhd])$/.exec(raw) : null;
  if (!m) throw policyError(`${origin}: minAge must be a duration like 24h, 7d or 90m, not ${JSON.stringify(raw)}`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

function checkRegex(v: string, what: string): void {
  try {
    new RegExp(v);
  } catch (e) {
    throw policyError(`${what}: not a regular expression: ${(e as Error).message}`);
  }
}

export interface PolicyFlags {
  verifyKey?: string;
  /** Helm's name: the OpenPGP keyring a repository chart's .prov must be signed by. */
  keyring?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  trustedRoot?: string;
  /** cosign initialize's names: the TUF repository a trusted root is taken from, and the TUF root it is trusted by. */
  tufMirror?: string;
  tufRoot?: string;
}

/**
 * The cosign-named flags of a one-off run as one more entry, matching every image the spec's
 * entries do not (the spec's rules stay in charge of what they name).
 */
export function policyFromFlags(f: PolicyFlags, spec: SignaturePolicy | undefined): SignaturePolicy | undefined {
  const identity = f.certificateIdentity ?? f.certificateIdentityRegexp;
  const issuer = f.certificateOidcIssuer ?? f.certificateOidcIssuerRegexp;
  if (f.verifyKey && (identity || issuer))
    throw policyError('--verify-key and --certificate-identity/--certificate-oidc-issuer are two kinds of signer: give one');
  let extra: PolicyEntry | undefined;
  if (f.verifyKey) extra = { match: '**', key: f.verifyKey, require: 'signed', origin: 'command line' };
  else if (identity || issuer) {
    if (!identity || !issuer) throw policyError('keyless verification needs both --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]');
    const keyless = parseKeyless(
      {
        ...(f.certificateIdentity ? { subject: f.certificateIdentity } : { subjectRegex: f.certificateIdentityRegexp }),
        ...(f.certificateOidcIssuer ? { issuer: f.certificateOidcIssuer } : { issuerRegex: f.certificateOidcIssuerRegexp }),
      },
      'command line',
    );
    extra = { match: '**', keyless, require: 'signed', origin: 'command line' };
  }
  const flagTuf = tufSource(f.tufMirror, f.tufRoot, '--tuf-mirror');
  if (f.trustedRoot && flagTuf) throw policyError('--trusted-root and --tuf-mirror/--tuf-root both say where the trusted root comes from: give one');
  // the command line's source replaces the file's
  const trustedRoot = f.trustedRoot ?? (flagTuf ? undefined : spec?.trustedRoot);
  const charts: PolicyEntry | undefined = f.keyring ? { match: '**', keyring: f.keyring, require: 'signed', origin: 'command line' } : undefined;
  if (!extra && !charts && !spec) return undefined;
  const entries = [...(spec?.entries ?? []), ...(extra ? [extra] : []), ...(charts ? [charts] : [])];
  // keyless needs a trusted root: without a file, the TUF repository's (Sigstore's public one by default)
  const tuf = trustedRoot ? undefined : (flagTuf ?? spec?.tuf ?? (entries.some((e) => e.keyless) ? {} : undefined));
  return { entries, ...(trustedRoot ? { trustedRoot } : {}), ...(tuf ? { tuf } : {}) };
}

/**
 * Where a trusted root comes from when the one taken is refused or cannot be had: the connected
 * side takes it (from a TUF repository, verified, or as a file) and the bundle carries it.
 */
export const TRUSTED_ROOT_HOW =
  "on the connected side, let bundle take it from Sigstore's TUF repository (the default for keyless entries; --tuf-mirror URL --tuf-root root.json for your own instance's), or give --trusted-root trusted_root.json: for the public instance `cosign initialize` caches it under ~/.sigstore/root (or $TUF_ROOT); for your own, `cosign trusted-root create ... --out trusted_root.json` from its Fulcio chain and Rekor and CT log keys";

function policyError(message: string, hint = 'see docs/airgap-yaml.md, "Signature policy"'): UsageError {
  return new UsageError(message, { code: 'ERR_POLICY', hint });
}
