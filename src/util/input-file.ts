// A file the user named (-f, --set-file, --spec, --from-file, --rules…) that cannot be read is
// their argument to fix, not a failure of the run: exit 2, the flag and file named, and why.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { UsageError } from './errors.js';

const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The usage error for `flag path` failing to read with `e`; `flag` may be '' for an argument. */
export function unreadableInput(flag: string, path: string, e: unknown, cwd = process.cwd()): UsageError {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const why = WHY[code] ?? (e instanceof Error ? e.message : String(e));
  const where = isAbsolute(path) ? '' : ` (relative paths start at ${cwd})`;
  const hint =
    code === 'EACCES' || code === 'EPERM' ? `give this user read access to ${path}, or copy it somewhere readable` : `check the path ${path}${where}`;
  return new UsageError(`${flag ? `${flag} ` : ''}${path}: ${why}`, { code: 'ERR_INPUT_FILE', hint, cause: e });
}

/**
 * A user-named file read whole, refused past `limit` bytes before any of it is read (a map or a
 * list of tens of megabytes is a mistake, and its parse would hold many times that). Opened
 * without blocking, so a FIFO named by mistake is refused instead of hanging the command.
 */
export async function readBoundedInput(flag: string, path: string, limit: number, tooLarge: (size: number) => Error): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: unknown) => {
    throw unreadableInput(flag, path, e);
  });
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw unreadableInput(flag, path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    if (!st.isFile())
      throw new UsageError(`${flag ? `${flag} ` : ''}${path}: not a regular file`, {
        code: 'ERR_INPUT_FILE',
        hint: `name a file; save the stream to one first`,
      });
    if (st.size > limit) throw tooLarge(st.size);
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
