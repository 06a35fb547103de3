// A bundle tarball as push's source: the OCI layout read in place by ArchiveReader (byte ranges,
// no extraction) and the lock stored beside it in the same tarball.
import { LOCK_FILE_NAME, parseLock } from '../bundle/lock.js';
import { ArchiveReader } from '../layout/archive-reader.js';
import { ArchiveError } from '../util/errors.js';
import type { BundleSource } from './push-source.js';

export async function openArchiveBundle(file: string): Promise<BundleSource> {
  const reader = await ArchiveReader.open(file);
  if (!reader.entry(LOCK_FILE_NAME)) {
    throw new ArchiveError(`bundle ${file}: no ${LOCK_FILE_NAME}: this is an OCI archive, not a helm-airgap bundle`, {
      hint: 'make bundles with `helm airgap bundle`; to copy a plain OCI archive use `helm airgap copy`',
    });
  }
  const lock = parseLock((await reader.readEntry(LOCK_FILE_NAME)).toString('utf8'), `${file}:${LOCK_FILE_NAME}`);
  return { source: reader, lock, where: file, sourceVerifies: true, close: async () => undefined };
}
