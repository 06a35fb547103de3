// Operating-system failures (disk full, no permission, too many open files) are the user's to fix,
// not bugs: name the file, what is wrong, and what to do. Found anywhere in the cause chain.
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { findCause } from '../util/errors.js';

interface SystemError {
  code: string;
  path?: string;
  syscall?: string;
}

const WHAT: Record<string, (e: SystemError) => { why: string; next: string }> = {
  ENOSPC: (e) => ({
    why: `the disk is full${e.path ? ` writing ${e.path}${freeSpace(e.path)}` : ''}`,
    next: 'free space there, or write elsewhere (-o, --out-dir, --cache or HELM_AIRGAP_CACHE, TMPDIR); a re-run resumes what was done',
  }),
  EDQUOT: (e) => ({
    why: `the disk quota is used up${e.path ? ` writing ${e.path}` : ''}`,
    next: 'free space within the quota, or write elsewhere; a re-run resumes',
  }),
  EACCES: (e) => ({ why: `permission denied${e.path ? ` on ${e.path}` : ''}`, next: 'give this user access to that path, or choose another folder' }),
  EPERM: (e) => ({ why: `operation not permitted${e.path ? ` on ${e.path}` : ''}`, next: 'give this user access to that path, or choose another folder' }),
  EROFS: (e) => ({ why: `the file system is read-only${e.path ? ` at ${e.path}` : ''}`, next: 'write to a writable folder (-o, --out-dir, --cache)' }),
  EMFILE: () => ({ why: 'too many open files', next: 'raise the limit (ulimit -n 4096) or lower --concurrency' }),
};

function freeSpace(path: string): string {
  try {
    const s = statfsSync(dirname(path));
    return ` (${(Number(s.bavail) * Number(s.bsize)) / 2 ** 20 < 1 ? 'under 1' : Math.floor((Number(s.bavail) * Number(s.bsize)) / 2 ** 20)} MiB free there)`;
  } catch {
    return '';
  }
}

/** The reason and next step for an operating-system failure in the chain, if there is one. */
export function systemFailure(err: unknown): { why: string; next: string } | undefined {
  const e = findCause<SystemError>(err, (x) => typeof (x as SystemError)?.code === 'string' && (x as SystemError).code in WHAT);
  return e ? WHAT[e.code]!(e) : undefined;
}
