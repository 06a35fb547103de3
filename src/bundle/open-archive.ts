// A bundle tarball: the OCI layout read in place by ArchiveReader (byte ranges, no extraction)
// and the lock stored beside it in the same tarball. Reached through openBundle (open.ts).
import { ArchiveReader } from '../layout/archive-reader.js';
import type { ReadOnlyTarget } from '../oci/content.js';
import { parseDigest, vouchFor } from '../oci/digest.js';
import { isManifestType } from '../oci/media-types.js';
import { ArchiveError } from '../util/errors.js';
import { LOCK_FILE_NAME, parseLock } from './lock.js';
import type { OpenedBundle, SignedParts } from './open-types.js';
import { SIGNATURE_FILE_NAME } from './signature/sigstore-bundle.js';
import { LOCK_DIGEST_ANNOTATION } from './lock-binding.js';

export async function openArchiveBundle(file: string): Promise<OpenedBundle> {
  const reader = await ArchiveReader.open(file);
  if (!reader.entry(LOCK_FILE_NAME)) {
    throw new ArchiveError(`bundle ${file}: no ${LOCK_FILE_NAME} in the archive: this is an OCI archive, not a helm-airgap bundle`, {
      hint: 'make bundles with `helm airgap bundle`; to copy a plain OCI archive use `helm airgap copy`',
    });
  }
  const lock = parseLock((await reader.readEntry(LOCK_FILE_NAME)).toString('utf8'), `${file}:${LOCK_FILE_NAME}`);
  const recordedLockDigest = reader.index.annotations?.[LOCK_DIGEST_ANNOTATION];
  return { store: reader, bulkStore: rangeSource(reader), lock, where: file, verifiesDigests: true, recordedLockDigest, close: () => reader.close() };
}

/**
 * The archive for the push phase: blob byte ranges streamed as they are. verifyBundle hashed
 * every blob moments before, and a range stream ends only once the files it read are those
 * opened, unwritten since (parted-file.ts), so a whole blob from byte 0 is vouched for: the
 * upload counts its bytes instead of hashing them a second time (bench/push: 0.3 s of CPU),
 * and the registry checks the digest of what it stores. Manifests still go through the reader,
 * and anything unexpected falls back to it (and its errors).
 */
function rangeSource(reader: ArchiveReader): ReadOnlyTarget {
  return {
    exists: (d) => reader.exists(d),
    resolve: (ref) => reader.resolve(ref),
    fetch: async (d, c, o) => {
      if (isManifestType(d.mediaType)) return reader.fetch(d, c, o);
      const { algorithm, encoded } = parseDigest(d.digest, `archive ${reader.file}`);
      const e = reader.entry(`blobs/${algorithm}/${encoded}`);
      if (!e || e.size !== d.size) return reader.fetch(d, c, o);
      const offset = o?.offset ?? 0;
      return offset === 0 ? vouchFor(reader.range(e), d) : reader.range(e, offset);
    },
  };
}

export async function readArchiveSignedParts(file: string): Promise<SignedParts> {
  const b = await openArchiveBundle(file);
  const reader = b.store as ArchiveReader;
  try {
    const read = async (name: string) => (reader.entry(name) ? reader.readEntry(name) : undefined);
    const lockBytes = await reader.readEntry(LOCK_FILE_NAME);
    const sbomName = b.lock.sbom?.file;
    return {
      where: file,
      lock: b.lock,
      lockBytes,
      names: { lock: `${file}:${LOCK_FILE_NAME}`, signature: `${file}:${SIGNATURE_FILE_NAME}`, ...(sbomName ? { sbom: `${file}:${sbomName}` } : {}) },
      signature: await read(SIGNATURE_FILE_NAME),
      ...(sbomName ? { sbom: await read(sbomName) } : {}),
    };
  } finally {
    await b.close();
  }
}
