// Replaces a file the user keeps (an overlay's kustomization.yaml) with new text: only a regular
// file they may write, never through a link, by an exclusive temp file beside it that is fsynced
// and renamed over it; a temp file a killed run left is swept by the next one (its pid is gone).
import { constants } from 'node:fs';
import { access, lstat, readlink } from 'node:fs/promises';
import { sweepDeadTemps, writeFileAtomic } from './atomic-write.js';
import { UsageError } from './errors.js';

export interface ReplaceOptions {
  /** The next: step for a read-only file. */
  readOnlyHint?: string;
  /** The next: step for a link. */
  linkHint?: string;
}

/** A link, a non-file or a read-only file refused; otherwise its permission bits. */
async function checkReplaceable(path: string, o: ReplaceOptions = {}): Promise<number> {
  const s = await lstat(path);
  if (s.isSymbolicLink()) {
    const to = await readlink(path).catch(() => '?');
    throw new UsageError(`${path} is a link (to ${to}): not written through`, {
      code: 'ERR_LINKED_FILE',
      hint: o.linkHint ?? `replace the link with a copy of ${to}, or run on the folder that holds the file itself`,
    });
  }
  if (!s.isFile()) throw new UsageError(`${path} is not a regular file: not written`, { hint: 'put a regular file there' });
  const mode = s.mode & 0o7777;
  // root may write anything: a file no one may write is read-only for it too
  const writable =
    (mode & 0o222) !== 0 &&
    (await access(path, constants.W_OK).then(
      () => true,
      () => false,
    ));
  if (!writable)
    throw new UsageError(`${path}: permission denied: the file is read-only (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`, {
      code: 'ERR_READ_ONLY',
      hint: o.readOnlyHint ?? `make it writable (chmod u+w ${path}) and run again`,
    });
  return mode;
}

/** Writes `data` in place of the regular file at `path`, keeping its permission bits. */
export async function replaceFile(path: string, data: string | Uint8Array, o: ReplaceOptions = {}): Promise<void> {
  const mode = await checkReplaceable(path, o);
  await sweepDeadTemps(path);
  await writeFileAtomic(path, data, { exactMode: mode });
}
