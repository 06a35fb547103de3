// An exclusive lock file several processes (or runs in one process) may race for: the first links
// a file holding its pid and host into place; a lock of a live process (or another run of this
// one) is refused; one left by a dead process on this host is stale and taken over. Used for a
// blob's shared partial in a cache (layout/partial-claim.ts) and for a bundle's output.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { link, rename, rm } from 'node:fs/promises';
import { namedFsError } from './atomic-write.js';
import { isLiveProcess } from './atomic-write.js';
import { createExclusive, NotRegularFileError, readRegular } from './safe-fs.js';

const HOST = hostname();

export interface HeldLock {
  release(): Promise<void>;
}

/** The lock, or who holds it (pid and host, as the lock file says) when a live holder does. */
export async function takeLock(lock: string): Promise<HeldLock | { heldBy: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    // written aside, then linked into place: the lock never exists without its owner inside
    const tmp = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeOwner(tmp).catch(async (e: unknown) => {
      await rm(tmp, { force: true });
      throw namedFsError(e, tmp);
    });
    try {
      await link(tmp, lock);
      return { release: () => rm(lock, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await rm(tmp, { force: true });
    }
    const state = await lockState(lock);
    // released between our try and our look: just try again (removing it now could remove the
    // lock another process took meanwhile)
    if (state === 'gone') continue;
    if (state === 'live') break;
    await removeStale(lock);
  }
  return { heldBy: (await readLock(lock).catch(() => '')).trim() || 'another run' };
}

/** The temp file is this call's own (exclusive, no link followed): a name planted there fails the take. */
async function writeOwner(tmp: string): Promise<void> {
  const fh = await createExclusive(tmp, 0o644);
  try {
    await fh.writeFile(`${process.pid} ${HOST}\n`);
  } finally {
    await fh.close();
  }
}

/** A lock is a small regular file: a link or FIFO at its name is not read (nor waited on). */
const readLock = (lock: string) => readRegular(lock, { encoding: 'utf8' });

export async function lockState(lock: string): Promise<'gone' | 'live' | 'stale'> {
  const text = await readLock(lock).catch((e: unknown) => (e instanceof NotRegularFileError ? '' : undefined));
  if (text === undefined) return 'gone';
  const [pid, host] = text.trim().split(' ');
  if (!pid) return 'stale';
  // a lock from another host (a cache on a network file system) is taken as live
  if (host !== HOST) return 'live';
  // this process's own pid: another run in it holds the lock
  return Number(pid) !== process.pid && !isLiveProcess(Number(pid)) ? 'stale' : 'live';
}

/**
 * Takes a dead process's lock away: renamed aside first (atomic: of two processes doing this, one
 * gets it), then dropped only if what was renamed is still the dead one's; a live lock taken by
 * mistake is put back.
 */
export async function removeStale(lock: string): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  if (
    !(await rename(lock, aside).then(
      () => true,
      () => false,
    ))
  )
    return;
  if ((await lockState(aside)) === 'live') await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}
