// Opens what `push` reads: a bundle tarball (read in place, never extracted) or an unpacked
// bundle directory, as a read-only content store plus its lock. The only place push touches
// the bundle's file format.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE_NAME, parseLock, type BundleLock } from '../../bundle/lock.js';
import { LayoutStore } from '../../layout/layout-store.js';
import type { ReadOnlyTarget } from '../../oci/content.js';
import { ArchiveError } from '../../util/errors.js';

export interface BundleSource {
  source: ReadOnlyTarget;
  /** What the push phase reads, after verifyBundle passed (default: `source`). */
  pushSource?: ReadOnlyTarget;
  lock: BundleLock;
  /** The path as the user gave it, for messages. */
  where: string;
  /** The store checks digests itself as it streams (the archive reader does). */
  sourceVerifies?: boolean;
  close(): Promise<void>;
}

export async function openBundle(path: string): Promise<BundleSource> {
  const st = await stat(path).catch((e: unknown) => {
    throw new ArchiveError(`bundle ${path}: cannot open: ${(e as Error).message}`, { cause: e, hint: 'pass the file written by `helm airgap bundle`' });
  });
  if (st.isDirectory()) return openBundleDir(path);
  return openBundleArchive(path);
}

async function openBundleDir(dir: string): Promise<BundleSource> {
  const lockPath = join(dir, LOCK_FILE_NAME);
  const text = await readFile(lockPath, 'utf8').catch((e: unknown) => {
    throw new ArchiveError(`bundle ${dir}: no ${LOCK_FILE_NAME}`, { cause: e, hint: 'this directory is not a helm-airgap bundle' });
  });
  const lock = parseLock(text, lockPath);
  const source = await LayoutStore.open(dir);
  return { source, lock, where: dir, close: async () => undefined };
}

async function openBundleArchive(file: string): Promise<BundleSource> {
  const { openArchiveBundle } = await import('./archive.js');
  return openArchiveBundle(file);
}
