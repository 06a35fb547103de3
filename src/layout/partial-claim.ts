// Who may write a blob's resumable partial file in a layout several processes share (one cache,
// two `bundle` runs). The first claims it with an exclusive lock file (its pid and host inside) and
// resumes the shared partial; a process that finds a live claim writes a private partial of its
// own from byte 0 (both end in the same verified bytes, and the rename to the digest's name is
// atomic). A claim left by a dead process on this host is stale and taken over, so an interrupted
// run's partial is still resumed by the next one.
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isLiveProcess } from '../util/atomic-write.js';
import { lockState, removeStale, takeLock } from '../util/process-lock.js';

export interface PartialClaim {
  /** The file to write: the shared partial (resumable) or a private one (from zero). */
  path: string;
  shared: boolean;
  /** Gives the claim up; a private partial that did not become a blob is removed. */
  release(): Promise<void>;
}

export async function claimPartial(dir: string, name: string): Promise<PartialClaim> {
  const shared = join(dir, name);
  const held = await takeLock(`${shared}.lock`);
  if ('release' in held) return { path: shared, shared: true, release: held.release };
  const own = `${shared}.${process.pid}.${randomBytes(4).toString('hex')}`;
  return { path: own, shared: false, release: () => rm(own, { force: true }) };
}

/** Private partials and claims of processes that are gone (this host only), left by kills. */
export async function sweepDeadPartials(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const m = /\.(\d+)\.[0-9a-f]{8}$/.exec(n);
    if (m && !isLiveProcess(Number(m[1]))) await rm(join(dir, n), { force: true });
    else if (n.endsWith('.lock') && (await lockState(join(dir, n))) === 'stale') await removeStale(join(dir, n));
  }
}
