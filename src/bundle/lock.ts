// The bundle lock (airgap-lock.json at the root of a bundle): what a bundle holds and why.
// Pure: schema, validation with clear errors, and stable formatting. Readers of bundles (push,
// values, inspect) use parseLock/readLock and these types; see docs/bundle-format.md.
import { parsePlatform } from '../oci/platform.js';
import type { Platform } from '../oci/content.js';
import { isValidChartName, isValidReleaseName } from '../helm/chart/names.js';
import type { ChartSource } from '../charts/resolved-chart.js';
import type { BuiltinProvenance, CrdDefault, SiteKind, ValuesPart } from '../discover/image-site.js';
import { ArchiveError } from '../util/errors.js';
import type { CarriedPolicy } from './signature-policy.js';

export const LOCK_FILE_NAME = 'airgap-lock.json';
export const LOCK_FORMAT_VERSION = 1;
/** Prefix of the index.json ref name of a chart stored as a Helm OCI artifact: charts/NAME:VERSION. */
export const CHART_REF_PREFIX = 'charts/';

export type LockedChartSource = ChartSource;

export interface LockedChart {
  name: string;
  version: string;
  appVersion?: string;
  /** sha256:<hex> of the chart archive (.tgz) as stored in the bundle. */
  digest: string;
  source: LockedChartSource;
  releaseName: string;
  namespace: string;
  kubeVersion?: string;
  /** User values merged from -f/--set (chart defaults excluded), used for the render. */
  values: Record<string, unknown>;
  /** Name of the chart in the bundle's index.json: charts/NAME:VERSION. */
  layoutRef: string;
  /** Digest of the Helm OCI manifest in the layout. */
  manifestDigest: string;
  /** The provenance (a repository chart) or cosign signatures (an OCI chart) that satisfied the signature policy. */
  signatures?: LockedSignature[];
  /** An OCI chart's signature manifests carried beside it (its sha256-<hex>.sig tag, Sigstore bundle referrers). */
  artifacts?: LockedArtifact[];
}

export interface LockedImageSite {
  chart: string;
  template: string;
  kind: string;
  name: string;
  fieldPath: string;
  site: SiteKind;
  certainty: 'certain' | 'doubtful';
  valuesPaths: string[];
  /** The values paths with the part of the reference each sets (registry, repository, tag, digest, image). */
  valuesParts?: ValuesPart[];
  /** For optional images: the values toggle that makes the chart use it (e.g. hotReload.enabled=true). */
  toggle?: string;
  /** site `builtin`: the operator whose compiled-in default it is, and where its source says so. */
  builtin?: BuiltinProvenance;
  /** A field the resource leaves out that its CRD's schema defaults to this image. */
  crdDefault?: CrdDefault;
}

export interface LockedImage {
  /** The reference as the chart (or spec) wrote it. */
  source: string;
  /** Normalised: registry/repository[:tag][@digest]. */
  ref: string;
  /** Digest of the root manifest or index as stored (and as it must be pushed). */
  digest: string;
  mediaType: string;
  /** "os/arch[/variant]" of every platform kept; empty for a single manifest without a config platform. */
  platforms: string[];
  /** Sum of the sizes of every blob and manifest reachable from the root, in bytes. */
  size: number;
  /** certain: the default render needs it; optional: only a toggle/annotation/values block names it. */
  need: 'certain' | 'optional' | 'extra';
  sites: LockedImageSite[];
  /** Name in the bundle's index.json (org.opencontainers.image.ref.name); equals `ref`. */
  layoutRef: string;
  /** Where it was actually pulled from when a mirror applied (host/path), for the record. */
  pulledFrom?: string;
  /** Signatures, SBOMs, attestations carried with it (bundle --with-referrers). */
  artifacts?: LockedArtifact[];
  /** The signatures that satisfied the signature policy (bundle with a policy). */
  signatures?: LockedSignature[];
}

export interface LockedArtifact {
  digest: string;
  mediaType: string;
  size: number;
  artifactType?: string;
  /** cosign's tag (sha256-<hex>.sig/.att/.sbom); absent for an OCI referrer (found by its subject). */
  tag?: string;
  /** Name in the bundle's index.json. */
  layoutRef: string;
}

export interface BundleLock {
  formatVersion: typeof LOCK_FORMAT_VERSION;
  createdBy: string;
  createdAt: string;
  charts: LockedChart[];
  images: LockedImage[];
  /** Platforms requested (empty: all). */
  platforms: string[];
  /** Optional images discovered but not carried (no --include-optional): named so a later run can add them. */
  notBundled: NotBundledImage[];
  /**
   * Digest of every blob and manifest the full bundle holds (sorted). A differential bundle carries
   * only those its base lacks; this list is what it stands for, and what a later --since subtracts.
   */
  content?: string[];
  /** A differential bundle (`bundle --since`): the bundle it builds on, which the target must hold. */
  base?: BundleBase;
  /** The signature policy checked at bundle time, with its public keys and trusted root. */
  signaturePolicy?: CarriedPolicy;
  /** The bundle's SBOM (bundle/sbom.ts), written beside the lock; its digest here puts it under the lock's signature. */
  sbom?: LockedSbom;
  /**
   * The user's operator catalog files that informed discovery (`--catalog DIR`, airgap.yaml
   * `catalog:`), in the order loaded: what a reviewer checks besides the built-in catalog.
   */
  catalog?: LockedCatalogFile[];
}

/** One operator catalog file of the user's: its file name, the operator it describes and the sha256 of its bytes. */
export interface LockedCatalogFile {
  file: string;
  operator: string;
  digest: string;
}

export interface LockedSbom {
  /** File name beside airgap-lock.json. */
  file: string;
  /** sha256:<hex> of the file's bytes. */
  digest: string;
  format: string;
}

export interface BundleBase {
  /** sha256 of the base's airgap-lock.json as formatLock writes it. */
  lockDigest: string;
  createdAt: string;
  images: { ref: string; digest: string }[];
  charts: { name: string; version: string }[];
}

export interface NotBundledImage {
  source: string;
  ref: string;
  sites: LockedImageSite[];
}

/** Serialised form: two-space JSON with a final newline; charts and images sorted for stable diffs. */
export function formatLock(lock: BundleLock): string {
  const sorted: BundleLock = {
    ...lock,
    charts: [...lock.charts].sort((a, b) => cmp(a.layoutRef, b.layoutRef) || cmp(a.releaseName, b.releaseName)),
    images: [...lock.images].sort((a, b) => cmp(a.ref, b.ref)),
    notBundled: [...lock.notBundled].sort((a, b) => cmp(a.ref, b.ref)),
  };
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** Parses and validates a lock; `where` names the file in errors. */
export function parseLock(text: string, where: string): BundleLock {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw lockError(where, `not valid JSON: ${(e as Error).message}`, e);
  }
  const problems = validateLock(doc);
  if (problems.length > 0) throw lockError(where, problems.slice(0, 5).join('; '));
  return doc as BundleLock;
}

type Check = [path: string, ok: (v: unknown) => boolean, expected: string];

const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
const isOptStr = (v: unknown) => v === undefined || typeof v === 'string';
const isDigest = (v: unknown) => typeof v === 'string' && /^sha256:[a-f0-9]{64}$/.test(v);
const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isSize = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const CHART_CHECKS: Check[] = [
  ['name', (v) => typeof v === 'string' && isValidChartName(v), 'a chart name (one folder name, as Helm requires)'],
  ['version', isStr, 'a version'],
  ['digest', isDigest, 'sha256:<64 hex>'],
  ['source', (v) => isObj(v) && ['repo', 'oci', 'local'].includes((v as LockedChartSource).kind), 'an object with kind repo|oci|local'],
  ['releaseName', (v) => typeof v === 'string' && isValidReleaseName(v), 'a release name as Helm requires (lower-case DNS name, at most 53)'],
  ['namespace', isStr, 'a namespace'],
  ['values', isObj, 'an object'],
  ['layoutRef', (v) => typeof v === 'string' && v.startsWith(CHART_REF_PREFIX), `a ref starting with ${CHART_REF_PREFIX}`],
  ['manifestDigest', isDigest, 'sha256:<64 hex>'],
];

const IMAGE_CHECKS: Check[] = [
  ['source', isStr, 'the reference as written'],
  ['ref', isStr, 'a normalised reference'],
  ['digest', isDigest, 'sha256:<64 hex>'],
  ['mediaType', isStr, 'a media type'],
  ['platforms', isStrArray, 'a list of os/arch strings'],
  ['size', isSize, 'a size in bytes'],
  ['need', (v) => v === 'certain' || v === 'optional' || v === 'extra', 'certain|optional|extra'],
  ['sites', Array.isArray, 'a list of sites'],
  ['layoutRef', isStr, 'the ref name in index.json'],
  ['pulledFrom', isOptStr, 'a string'],
];

const CATALOG_CHECKS: Check[] = [
  ['file', isStr, 'a catalog file name'],
  ['operator', isStr, 'the operator it describes'],
  ['digest', isDigest, 'sha256:<64 hex>'],
];

/** Every problem found, each naming its JSON path; empty when the lock is valid. */
export function validateLock(doc: unknown): string[] {
  if (!isObj(doc)) return ['the lock is not a JSON object'];
  const d = doc as Record<string, unknown>;
  const out: string[] = [];
  if (d.formatVersion !== LOCK_FORMAT_VERSION) {
    out.push(`formatVersion is ${JSON.stringify(d.formatVersion)}, this helm-airgap reads ${LOCK_FORMAT_VERSION}`);
  }
  if (!isStr(d.createdBy)) out.push('createdBy: expected a string');
  if (!isStrArray(d.platforms)) out.push('platforms: expected a list of strings');
  checkList(d.charts, 'charts', CHART_CHECKS, out);
  checkList(d.images, 'images', IMAGE_CHECKS, out);
  checkList(d.notBundled, 'notBundled', IMAGE_CHECKS.slice(0, 2), out);
  if (d.content !== undefined && !(Array.isArray(d.content) && d.content.every(isDigest))) out.push('content: expected a list of sha256 digests');
  if (d.signaturePolicy !== undefined) {
    const p = d.signaturePolicy as Record<string, unknown>;
    if (!isObj(p) || !Array.isArray(p.entries) || !p.entries.every((e) => isObj(e) && isStr((e as Record<string, unknown>).match)) || !isObj(p.keys))
      out.push('signaturePolicy: expected {entries: [{match, ...}], keys: {fingerprint: PEM}}');
  }
  for (const [name, list] of [
    ['images', d.images],
    ['charts', d.charts],
  ] as const)
    if (Array.isArray(list))
      list.forEach((item, i) => {
        const sigs = isObj(item) ? (item as Record<string, unknown>).signatures : undefined;
        if (sigs !== undefined && !(Array.isArray(sigs) && sigs.every((x) => isObj(x) && isDigest((x as Record<string, unknown>).digest))))
          out.push(`${name}[${i}].signatures: expected a list of {format, digest, ...}`);
      });
  if (d.sbom !== undefined) {
    const b = d.sbom as Record<string, unknown>;
    if (!isObj(b) || !isDigest(b.digest) || typeof b.file !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(b.file) || !isStr(b.format))
      out.push('sbom: expected {file (a plain file name), digest, format}');
  }
  if (d.catalog !== undefined) checkList(d.catalog, 'catalog', CATALOG_CHECKS, out);
  if (d.base !== undefined) {
    const b = d.base as Record<string, unknown>;
    if (!isObj(b) || !isDigest(b.lockDigest) || !Array.isArray(b.images) || !Array.isArray(b.charts))
      out.push('base: expected {lockDigest, createdAt, images, charts}');
    if (d.content === undefined) out.push('base: a differential bundle needs its content list');
  }
  return out;
}

function checkList(list: unknown, name: string, checks: Check[], out: string[]): void {
  if (!Array.isArray(list)) {
    out.push(`${name}: expected a list`);
    return;
  }
  list.forEach((item, i) => {
    if (!isObj(item)) return void out.push(`${name}[${i}]: expected an object`);
    for (const [key, ok, expected] of checks) {
      const v = (item as Record<string, unknown>)[key];
      if (!ok(v)) out.push(`${name}[${i}].${key}: expected ${expected}, got ${JSON.stringify(v) ?? 'nothing'}`);
    }
  });
}

function lockError(where: string, detail: string, cause?: unknown): ArchiveError {
  return new ArchiveError(`${where}: invalid bundle lock: ${detail}`, {
    code: 'ERR_LOCK',
    hint: 'the bundle is damaged or was made by another helm-airgap version; create it again with `helm airgap bundle`',
    cause,
  });
}

/** The index.json ref name of a chart stored in a bundle. */
export function chartLayoutRef(name: string, version: string): string {
  return `${CHART_REF_PREFIX}${name}:${version.replace(/\+/g, '_')}`;
}

/** Images the bundle actually carries (optional ones only when they were included). */
export function lockedImageRefs(lock: BundleLock): string[] {
  return lock.images.map((i) => i.layoutRef);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The bundle's --platform selection as platforms (undefined: every platform was bundled). */
export function lockPlatforms(lock: BundleLock): Platform[] | undefined {
  return lock.platforms.length > 0 ? lock.platforms.map((p) => parsePlatform(p)) : undefined;
}

/** Who signed an image (or chart), as checked at bundle time and again offline (verify --signatures). */
export interface LockedSignature {
  /** cosign-tag: the legacy sha256-<hex>.sig manifest (cosign-attestation: its .att); sigstore-bundle: a Sigstore bundle referrer; helm-prov: a chart's .prov. */
  format: 'cosign-tag' | 'cosign-attestation' | 'sigstore-bundle' | 'helm-prov';
  /** Digest of the signature manifest carried in the bundle (of the .prov text for helm-prov). */
  digest: string;
  /** The key's fingerprint: sha256 of its SPKI DER for a key signer, the OpenPGP fingerprint (hex) for a .prov. */
  keyFingerprint?: string;
  /** helm-prov: the .prov text itself (carried here so the isolated side checks it again), the archive it names and that archive's digest. */
  provenance?: string;
  file?: string;
  fileDigest?: string;
  /** The certificate's identity and OIDC issuer for a keyless signer. */
  identity?: string;
  issuer?: string;
  /** The transparency log's integrated time (ISO) and index, when the signature was logged. */
  integratedTime?: string;
  logIndex?: number;
  /** An OCI chart's: the manifest digest its registry served, which the signature is over (the bundle's is another when dependencies were vendored). */
  signedDigest?: string;
  /** The policy entry's glob that required it. */
  policy: string;
}
