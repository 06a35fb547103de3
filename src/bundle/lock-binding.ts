// Binds a bundle's lock to its layout. The lock says what each image is called in the target and
// which chart is which; the layout holds the bytes. A bundle crosses a trust boundary, so an edited
// lock must not be able to publish content under a name the bundle side never gave it: every lock
// entry must be named in index.json exactly as the lock names it, and index.json records the
// lock's own digest, so an edit of the lock alone is caught before anything is pushed.
import { createHash } from 'node:crypto';
import { formatName, parseReference } from '../oci/reference.js';
import { chartLayoutRef, formatLock, type BundleLock } from './lock.js';

/** Top-level index.json annotation holding the digest of the lock written beside the layout. */
export const LOCK_DIGEST_ANNOTATION = 'dev.helm-airgap.lock.digest';

/** The lock's digest: over its canonical form, so re-indenting the file does not change it. */
export function lockDigest(lock: BundleLock): string {
  return `sha256:${createHash('sha256').update(formatLock(lock)).digest('hex')}`;
}

/**
 * Each problem where a lock entry's names disagree with each other or with the layout name it
 * points at; empty when bound. Image entries are stored under their own reference, artifacts in
 * their image's repository, charts as charts/NAME:VERSION.
 */
export function lockNameProblems(lock: BundleLock): string[] {
  const out: string[] = [];
  for (const i of lock.images) {
    if (i.layoutRef !== i.ref) out.push(`image ${i.ref}: the lock stores it under another name (${i.layoutRef})`);
    const repo = repositoryOf(i.ref);
    for (const a of i.artifacts ?? []) {
      if (repo === undefined || !a.layoutRef.startsWith(`${repo}:`))
        out.push(`artifact ${a.digest} of ${i.ref}: stored outside the image's repository (${a.layoutRef})`);
    }
  }
  for (const c of lock.charts) {
    const want = chartLayoutRef(c.name, c.version);
    if (c.layoutRef !== want) out.push(`chart ${c.name}:${c.version}: the lock stores it as ${c.layoutRef}, not ${want}`);
  }
  return out;
}

/** Why the lock does not match the digest its layout recorded, or undefined (match, or none recorded). */
export function lockDigestProblem(lock: BundleLock, recorded: string | undefined): string | undefined {
  if (recorded === undefined) return undefined;
  const actual = lockDigest(lock);
  return actual === recorded ? undefined : `the lock's digest is ${actual} but index.json recorded ${recorded} when the bundle was made: the lock was edited`;
}

function repositoryOf(ref: string): string | undefined {
  try {
    return formatName(parseReference(ref));
  } catch {
    return undefined;
  }
}
