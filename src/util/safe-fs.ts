// Files in folders someone else may reach (a cache another user of the machine could plant names
// in, an unpacked bundle handed over) opened so that they cannot be turned against the user: an open
// never follows a link where the folder is the tool's own (a link there would make a write land in,
// or a read come from, a file the user never named), never blocks (a FIFO or a device would hang or
// feed the run forever: regular files only), and a new file is created exclusively, private until
// published. A cache or work folder the tool keeps must be the user's own and writable by no one
// else, at the folder and at every level the tool made under it; otherwise it is refused.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AirgapError } from './errors.js';

// absent on Windows, where neither links nor FIFOs are met this way
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A name that is not a regular file where one must be (a link in a cache, a FIFO or device anywhere). */
export class NotRegularFileError extends AirgapError {
  constructor(
    readonly path: string,
    what: string,
    hint?: string,
  ) {
    super(`${path}: ${what}, not a regular file: not opened`, {
      code: 'ERR_NOT_REGULAR_FILE',
      hint: hint ?? `replace ${path} with the regular file it should be, or remove it`,
    });
  }
}

export interface OpenOptions {
  /** Follow a symbolic link (an input the user gave); by default a link is refused. */
  followLinks?: boolean;
  /** The next: step when the file is not a regular one. */
  hint?: string;
}

/** Opens an existing regular file to read (or, with `write`, to write in place), never blocking. */
export async function openRegular(path: string, o: OpenOptions & { write?: boolean } = {}): Promise<FileHandle> {
  const flags = (o.write ? constants.O_WRONLY : constants.O_RDONLY) | NONBLOCK | (o.followLinks ? 0 : NOFOLLOW);
  const fh = await open(path, flags).catch((e: unknown) => Promise.reject(linkRefused(e, path, o)));
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new NotRegularFileError(path, kindOf(st), o.hint);
    return fh;
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** openRegular for synchronous readers: the file descriptor. */
export function openRegularSync(path: string, o: OpenOptions = {}): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NONBLOCK | (o.followLinks ? 0 : NOFOLLOW));
  } catch (e) {
    throw linkRefused(e, path, o);
  }
  const st = fstatSync(fd);
  if (st.isFile()) return fd;
  closeSync(fd);
  throw new NotRegularFileError(path, kindOf(st), o.hint);
}

/** The whole of a regular file (see openRegular). */
export async function readRegular(path: string, o?: OpenOptions): Promise<Buffer>;
export async function readRegular(path: string, o: OpenOptions & { encoding: 'utf8' }): Promise<string>;
export async function readRegular(path: string, o: OpenOptions & { encoding?: 'utf8' } = {}): Promise<Buffer | string> {
  const fh = await openRegular(path, o);
  try {
    return o.encoding ? await fh.readFile(o.encoding) : await fh.readFile();
  } finally {
    await fh.close();
  }
}

export function readRegularSync(path: string, o: OpenOptions = {}): Buffer {
  const fd = openRegularSync(path, o);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A new file at `path`, created by this call and no other (a name already taken, or a link planted
 * there, fails with EEXIST), readable by this user only until publishMode opens it up.
 */
export function createExclusive(path: string, mode = 0o600): Promise<FileHandle> {
  return open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
}

/**
 * Gives a file made by createExclusive the mode a plain create would have (0666 less the umask).
 * A file system without modes (a FAT stick a bundle is carried on) refuses the change: kept as is.
 */
export async function publishMode(fh: FileHandle, mode = 0o666): Promise<void> {
  await fh.chmod(mode & ~process.umask()).catch((e: unknown) => {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  });
}

/**
 * An open that O_NOFOLLOW refused (ELOOP; EMLINK on FreeBSD) is a link, one that O_NONBLOCK
 * refused (ENXIO: a FIFO no one reads, to write) a FIFO: said so, by name.
 */
function linkRefused(e: unknown, path: string, o: OpenOptions): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ELOOP' || code === 'EMLINK') return new NotRegularFileError(path, 'a symbolic link', o.hint);
  return code === 'ENXIO' ? new NotRegularFileError(path, 'a FIFO (named pipe) or device', o.hint) : e;
}

/** What a stat says a path is, in the words every refusal uses. */
export function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * `root/...levels`, made where missing (0700) and checked: `root` (which may be reached through a
 * link the user chose) and every level under it must be folders of this user's, writable by no
 * one else, and the levels under `root` no links. A folder another user owns or may write is
 * refused: whoever can add names to it could make a run write through a link, or read what they
 * planted.
 */
export function ownFolder(root: string, ...levels: string[]): string {
  const uid = process.getuid?.();
  let dir = root;
  ensureDir(dir, false, uid);
  for (const l of levels) ensureDir((dir = join(dir, l)), true, uid);
  return dir;
}

function ensureDir(dir: string, refuseLink: boolean, uid: number | undefined): void {
  let st = look(dir, refuseLink);
  if (!st) {
    // recursive for the root (its parents too, each made private); EEXIST: made meanwhile
    try {
      mkdirSync(dir, { recursive: !refuseLink, mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    st = look(dir, refuseLink)!;
  }
  const problem = folderProblem(dir, st, uid);
  if (problem) throw problem;
}

/** Why an existing folder (reached through a link the user chose) may not be a cache: for doctor. */
export function unsafeFolder(dir: string): AirgapError | undefined {
  const st = look(dir, false);
  return st ? folderProblem(dir, st, process.getuid?.()) : undefined;
}

function folderProblem(dir: string, st: Stats, uid: number | undefined): AirgapError | undefined {
  if (uid === undefined) return undefined;
  const fix = `or point HELM_AIRGAP_CACHE (or --cache) at a folder of your own`;
  const planted = 'another user could plant files in it';
  if (st.isSymbolicLink()) return refusal(dir, 'is a symbolic link', `remove the link ${dir} (a folder is made in its place), ${fix}`);
  if (!st.isDirectory()) return refusal(dir, 'is not a folder', `remove ${dir}, ${fix}`);
  if (st.uid !== uid) return refusal(dir, `is owned by another user (uid ${st.uid}, this run is uid ${uid}): ${planted}`, `chown -R ${uid} ${dir}, ${fix}`);
  if (st.mode & 0o022) {
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
    return refusal(dir, `is writable by other users (mode ${mode}): ${planted}`, `chmod go-w ${dir}, ${fix}`);
  }
  return undefined;
}

function look(dir: string, refuseLink: boolean): Stats | undefined {
  try {
    return refuseLink ? lstatSync(dir) : statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function refusal(dir: string, why: string, hint: string): AirgapError {
  return new AirgapError(`cache folder ${dir} ${why}; not used`, { code: 'ERR_CACHE_UNSAFE', hint });
}
