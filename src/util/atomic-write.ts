// Writes a whole file so readers see the old content or the new, never a half-written one:
// a temp file in the same directory (same filesystem, so rename is atomic), fsynced, renamed,
// and the directory fsynced, as containerd's content store does: after a power cut the name
// holds the whole new file or the old one, never an empty or partial one. The temp file is made
// exclusively at a random name (util/safe-fs.ts), so a link planted there is never written through.
import { nodeCrypto } from './lazy-builtins.js';
import { lstatSync, readFileSync } from 'node:fs';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';
import { createExclusive, publishMode } from './safe-fs.js';

/**
 * `mode` passes through the umask as a plain create's would; `exactMode` does not (a file the user
 * keeps, replaced in place, keeps exactly the bits it had).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, o: { mode?: number; exactMode?: number } = {}): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    const fh = await createExclusive(tmp);
    try {
      await fh.writeFile(data);
      if (o.exactMode !== undefined) await fh.chmod(o.exactMode);
      else await publishMode(fh, o.mode ?? 0o644);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await fsyncDir(dirname(path));
  } catch (e) {
    await rm(tmp, { force: true });
    throw namedFsError(e, path);
  }
}

/**
 * writeFileAtomic, unless the file already holds exactly these bytes: then it is left as it is
 * (its time and mode too). An atomic write syncs the file and its folder, two fsyncs, ~40 ms on a
 * busy disk: more than `values` takes to generate and prove a chart's override. Returns whether
 * it wrote. A link, or a file that cannot be read, is written as before.
 */
export async function writeFileAtomicIfChanged(path: string, data: string | Uint8Array, o: { mode?: number } = {}): Promise<boolean> {
  const want = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    // synchronous: the check is a stat and a read of a small file, and each threadpool round trip
    // was idle time (a quarter of `values` on a small chart)
    const st = lstatSync(path);
    if (st.isFile() && st.size === want.byteLength && readFileSync(path).equals(want)) return false;
  } catch {
    // absent or unreadable: written, and any error reported, as before
  }
  await writeFileAtomic(path, data, o);
  return true;
}

/**
 * A write or sync through a file handle names no file: the file is set on the error (for ENOSPC,
 * EDQUOT, EIO...), so the message says which file the disk was full writing.
 */
export function namedFsError(e: unknown, path: string): unknown {
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' && !('path' in e)) Object.assign(e, { path });
  return e;
}

/** Makes a rename in `dir` durable (a no-op where directories cannot be opened for sync). */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync().catch(() => undefined);
  } finally {
    await fh.close();
  }
}

/** A unique sibling temp name for `path` (hidden, so a crash leaves an obvious leftover). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
}

/** Temp files of `path` (see tempPathFor) whose process is gone: what a killed run left (a bundle's .tar.PID.x.tmp). */
export async function sweepDeadTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  for (const n of await readdir(dirname(path)).catch(() => [] as string[])) {
    // .NAME.PID.x.tmp, or a part's .NAME.000.PID.x.tmp
    const m = n.startsWith(prefix) ? /^(?:\d{3}\.)?(\d+)\.[0-9a-f]{8}\.tmp$/.exec(n.slice(prefix.length)) : null;
    if (m && !isLiveProcess(Number(m[1]))) await rm(join(dirname(path), n), { force: true });
  }
}

/** True when a process with this pid runs on this machine (EPERM: it runs as another user). */
export function isLiveProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `dir/name`, refusing a name that would land outside `dir` (an output folder is a boundary). */
export function confinedPath(dir: string, name: string): string {
  const root = resolve(dir);
  const full = resolve(root, name);
  if (full !== root && full.startsWith(root + sep) && !name.includes('\0')) return full;
  throw new UsageError(`output name ${JSON.stringify(name)} would be written outside ${dir}`, {
    hint: 'names of charts and releases must be single names (no "/" or "..")',
  });
}
