// Remembers that a bundle tarball was fully verified, so a re-run of the same push (the normal
// way to finish an interrupted one) need not hash every blob again. The key is the file's
// identity and change stamps (device, inode, size, mtime and ctime in nanoseconds) plus the
// lock's digest: any write to the file moves its ctime, which users cannot set back. A hit
// still checks the lock against the layout, every manifest's digest and every blob's presence
// and size; only blob hashing is skipped, and the upload hashes what it sends anyway (the
// registry checks digests too), so a stale entry cannot put wrong bytes under a digest.
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLock, type BundleLock } from '../../bundle/lock.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ownFolder, readRegular } from '../../util/safe-fs.js';

export interface VerifiedStamp {
  key: string;
  file: string;
}

/** The cache entry path for this bundle file and lock; undefined for directories. */
export async function toVerifiedStamp(cacheDir: string, file: string, lock: BundleLock): Promise<VerifiedStamp | undefined> {
  // a split bundle (no NAME.tar, only its parts) is verified in full each time
  const st = await stat(file, { bigint: true }).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const identity = [await realpath(file), st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, sha256(formatLock(lock))].join('\n');
  const key = sha256(identity);
  return { key, file: join(cacheDir, 'verified', `${key.slice(0, 32)}.json`) };
}

export async function isVerified(stamp: VerifiedStamp): Promise<boolean> {
  try {
    const doc = JSON.parse(await readRegular(stamp.file, { encoding: 'utf8' })) as { key?: string };
    return doc.key === stamp.key;
  } catch {
    return false;
  }
}

export async function recordVerified(stamp: VerifiedStamp, summary: { manifests: number; blobs: number; bytes: number }): Promise<void> {
  ownFolder(join(stamp.file, '..', '..'), 'verified');
  await writeFileAtomic(stamp.file, JSON.stringify({ key: stamp.key, verifiedAt: new Date().toISOString(), ...summary }) + '\n');
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
