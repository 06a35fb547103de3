// What `serve` publishes beside the images so that `push oci://HOST:PORT` trusts a served bundle
// exactly as it trusts the file: one OCI artifact at a reserved repository and tag whose layers
// are the lock as stored, its signature and its SBOM (the bytes the bundle signature covers), and
// the served names of the layout's entries (which repository answers each layoutRef). The
// artifact itself is not trusted: the lock is (by its signature, or by being the bundle's), and
// every image and chart is then fetched by the lock's digest. Format: docs/bundle-format.md.
import type { Descriptor } from '../oci/content.js';
import { sha256Of } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { AirgapError } from '../util/errors.js';
import { LOCK_FILE_NAME } from './lock.js';
import { LOCK_DIGEST_ANNOTATION } from './lock-binding.js';
import { SIGNATURE_FILE_NAME, SIGSTORE_BUNDLE_V03 } from './signature/sigstore-bundle.js';

/** The repository and tag a served bundle's artifact answers at (no bundle image may take the name). */
export const SERVED_BUNDLE_REPOSITORY = 'helm-airgap/bundle';
export const SERVED_BUNDLE_TAG = 'lock';
export const SERVED_BUNDLE_ARTIFACT = 'application/vnd.helm-airgap.bundle.v1';

/** Layer media types, one per part. */
export const ServedPart = {
  lock: 'application/vnd.helm-airgap.lock.v1+json',
  signature: SIGSTORE_BUNDLE_V03,
  sbom: 'application/vnd.helm-airgap.sbom.v1+json',
  refs: 'application/vnd.helm-airgap.served-refs.v1+json',
} as const;

const TITLE = 'org.opencontainers.image.title';

/** Largest part read whole (as a bundle's side files are bounded by the archive reader). */
export const MAX_SERVED_PART = 16 * 1024 * 1024;

export interface ServedBlob {
  descriptor: Descriptor;
  raw: Uint8Array;
}

export interface ServedBundleInput {
  lockBytes: Buffer;
  signature?: Buffer;
  sbom?: { file: string; bytes: Buffer };
  /** layoutRef → the repository serve answers it in. */
  refs: ReadonlyMap<string, string>;
  recordedLockDigest?: string;
}

/** The artifact's manifest and every blob it names (its config and layers), built in memory. */
export function buildServedBundle(i: ServedBundleInput): { manifest: ServedBlob; blobs: ServedBlob[] } {
  const blob = (mediaType: string, raw: Uint8Array, title?: string): ServedBlob => ({
    descriptor: { mediaType, digest: sha256Of(raw), size: raw.length, ...(title ? { annotations: { [TITLE]: title } } : {}) },
    raw,
  });
  const refs = Buffer.from(JSON.stringify({ refs: Object.fromEntries([...i.refs].sort(([a], [b]) => (a < b ? -1 : 1))) }));
  const config = blob(MediaType.ociEmpty, Buffer.from('{}'));
  const layers = [
    blob(ServedPart.lock, i.lockBytes, LOCK_FILE_NAME),
    ...(i.signature ? [blob(ServedPart.signature, i.signature, SIGNATURE_FILE_NAME)] : []),
    ...(i.sbom ? [blob(ServedPart.sbom, i.sbom.bytes, i.sbom.file)] : []),
    blob(ServedPart.refs, refs, 'served-refs.json'),
  ];
  const raw = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: SERVED_BUNDLE_ARTIFACT,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
      ...(i.recordedLockDigest ? { annotations: { [LOCK_DIGEST_ANNOTATION]: i.recordedLockDigest } } : {}),
    }),
  );
  return { manifest: { descriptor: { mediaType: MediaType.ociManifest, digest: sha256Of(raw), size: raw.length }, raw }, blobs: [config, ...layers] };
}

export interface ServedBundleLayers {
  lock: Descriptor;
  signature?: Descriptor;
  sbom?: Descriptor;
  refs: Descriptor;
  recordedLockDigest?: string;
}

/** The parts of a fetched served-bundle manifest, each bounded; anything else is refused by name. */
export function readServedBundleManifest(raw: Uint8Array, where: string): ServedBundleLayers {
  const fail = (why: string) =>
    new AirgapError(`${where}: not a bundle served by \`helm airgap serve\`: ${why}`, {
      code: 'ERR_SERVED_BUNDLE',
      hint: 'give the address `helm airgap serve` printed (oci://HOST:PORT), served by a helm-airgap that serves the lock (this one or later)',
    });
  let m: { artifactType?: unknown; layers?: unknown; annotations?: Record<string, unknown> };
  try {
    m = JSON.parse(Buffer.from(raw).toString('utf8')) as typeof m;
  } catch {
    throw fail('its manifest is not JSON');
  }
  if (m.artifactType !== SERVED_BUNDLE_ARTIFACT) throw fail(`artifactType is ${JSON.stringify(m.artifactType)}, not ${SERVED_BUNDLE_ARTIFACT}`);
  if (!Array.isArray(m.layers)) throw fail('it has no layers');
  const of = (type: string) => {
    const found = (m.layers as Descriptor[]).filter((l) => l && l.mediaType === type);
    if (found.length > 1) throw fail(`it has ${found.length} layers of ${type}`);
    const d = found[0];
    if (d && !(Number.isSafeInteger(d.size) && d.size >= 0 && d.size <= MAX_SERVED_PART))
      throw fail(`its ${type} layer is ${d.size} bytes, more than ${MAX_SERVED_PART}`);
    return d ? { mediaType: d.mediaType, digest: d.digest, size: d.size } : undefined;
  };
  const lock = of(ServedPart.lock);
  const refs = of(ServedPart.refs);
  if (!lock || !refs) throw fail(`it lacks the ${lock ? 'served names' : 'lock'} layer`);
  const recorded = m.annotations?.[LOCK_DIGEST_ANNOTATION];
  const signature = of(ServedPart.signature);
  const sbom = of(ServedPart.sbom);
  return {
    lock,
    refs,
    ...(signature ? { signature } : {}),
    ...(sbom ? { sbom } : {}),
    ...(typeof recorded === 'string' ? { recordedLockDigest: recorded } : {}),
  };
}

/** layoutRef → repository, from the refs layer (names checked by the caller's registry client). */
export function parseServedRefs(raw: Uint8Array, where: string): Map<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    v = undefined;
  }
  const refs = (v as { refs?: unknown } | undefined)?.refs;
  if (!refs || typeof refs !== 'object' || Object.values(refs).some((r) => typeof r !== 'string')) {
    throw new AirgapError(`${where}: the served names are not {"refs": {layoutRef: repository}}`, {
      code: 'ERR_SERVED_BUNDLE',
      hint: 'serve the bundle again with `helm airgap serve`',
    });
  }
  return new Map(Object.entries(refs as Record<string, string>));
}

/** True for the served form of a bundle argument (oci://…; only HOST[:PORT] is a served bundle's address). */
export function isServedBundle(path: string): boolean {
  return path.startsWith('oci://');
}

/** oci://HOST[:PORT][/]: HOST[:PORT], where serve answers at the root (a chart's oci:// reference always has a path). */
export const SERVED_ADDRESS = /^oci:\/\/([A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?)\/?$/;
