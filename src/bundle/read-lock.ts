// Reads the lock of a bundle wherever it is: a bundle tarball (read in place, no extraction), an
// unpacked bundle directory, or the airgap-lock.json file itself.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveReader } from '../layout/archive-reader.js';
import { ArchiveError } from '../util/errors.js';
import { LOCK_FILE_NAME, parseLock, type BundleLock } from './lock.js';

export async function readLock(path: string): Promise<BundleLock> {
  const st = await stat(path).catch((e: unknown) => {
    throw new ArchiveError(`${path}: cannot read: ${(e as Error).message}`, { cause: e, hint: 'give a bundle made by `helm airgap bundle` (a .tar, its unpacked folder, or its airgap-lock.json)' });
  });
  if (st.isDirectory()) return parseLock(await readText(join(path, LOCK_FILE_NAME)), join(path, LOCK_FILE_NAME));
  if (path.endsWith('.json')) return parseLock(await readText(path), path);
  const reader = await ArchiveReader.open(path);
  const where = `${path}:${LOCK_FILE_NAME}`;
  if (!reader.entry(LOCK_FILE_NAME)) throw new ArchiveError(`${path}: no ${LOCK_FILE_NAME} in the archive`, { hint: 'is this a bundle made by `helm airgap bundle` (not a plain OCI archive)?' });
  return parseLock((await reader.readEntry(LOCK_FILE_NAME)).toString('utf8'), where);
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((e: unknown) => {
    throw new ArchiveError(`${path}: cannot read: ${(e as Error).message}`, { cause: e });
  });
}
