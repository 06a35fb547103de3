// A file the user named (-f, --set-file, --spec, --from-file, --rules…) that cannot be read is
// their argument to fix, not a failure of the run: exit 2, the flag and file named, and why.
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
