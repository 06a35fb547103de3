// Who may write a blob's resumable partial file in a layout several processes share (one cache,
// two `bundle` runs). The first claims it with an exclusive lock file (its pid and host inside) and
// resumes the shared partial; a process that finds a live claim writes a private partial of its
// own from byte 0 (both end in the same verified bytes, and the rename to the digest's name is
// atomic). A claim left by a dead process on this host is stale and taken over, so an interrupted
// run's partial is still resumed by the next one.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLiveProcess } from '../util/atomic-write.js';

export interface PartialClaim {
  /** The file to write: the shared partial (resumable) or a private one (from zero). */
  path: string;
  shared: boolean;
  /** Gives the claim up; a private partial that did not become a blob is removed. */
  release(): Promise<void>;
}

const HOST = hostname();

export async function claimPartial(dir: string, name: string): Promise<PartialClaim> {
  const shared = join(dir, name);
  const lock = `${shared}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // written aside, then linked into place: the claim never exists without its owner inside
    const tmp = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, `${process.pid} ${HOST}\n`);
    try {
      await link(tmp, lock);
      return { path: shared, shared: true, release: () => rm(lock, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await rm(tmp, { force: true });
    }
    const state = await claimState(lock);
    // released between our try and our look: just try again (removing it now could remove the
    // claim another process took meanwhile, and two writers would share one partial)
    if (state === 'gone') continue;
    if (state === 'live') break;
    await removeStale(lock);
  }
  const own = `${shared}.${process.pid}.${randomBytes(4).toString('hex')}`;
  return { path: own, shared: false, release: () => rm(own, { force: true }) };
}

/** Private partials and claims of processes that are gone (this host only), left by kills. */
export async function sweepDeadPartials(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const m = /\.(\d+)\.[0-9a-f]{8}$/.exec(n);
    if (m && !isLiveProcess(Number(m[1]))) await rm(join(dir, n), { force: true });
    else if (n.endsWith('.lock') && (await claimState(join(dir, n))) === 'stale') await removeStale(join(dir, n));
  }
}

async function claimState(lock: string): Promise<'gone' | 'live' | 'stale'> {
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  if (text === undefined) return 'gone';
  const [pid, host] = text.trim().split(' ');
  if (!pid) return 'stale';
  // a claim from another host (a cache on a network file system) is taken as live
  if (host !== HOST) return 'live';
  return Number(pid) !== process.pid && !isLiveProcess(Number(pid)) ? 'stale' : 'live';
}

/**
 * Takes a dead process's claim away: renamed aside first (atomic: of two processes doing this, one
 * gets it), then dropped only if what was renamed is still the dead one's; a live claim taken by
 * mistake is put back.
 */
async function removeStale(lock: string): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  if (
    !(await rename(lock, aside).then(
      () => true,
      () => false,
    ))
  )
    return;
  if ((await claimState(aside)) === 'live') await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}
