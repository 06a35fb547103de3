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

// Failures that say what to do only when nothing closer to them did: a file that is not there,
// a host that does not resolve or answer, a certificate this machine does not trust. Used for
// errors that carry no hint of their own (the AWS SDK's, or a plain Node error).
const WHEN_NO_HINT: Record<string, (e: SystemError & { hostname?: string; address?: string; port?: number }) => string> = {
  ENOENT: (e) => (e.path ? `check the path ${e.path}` : 'check the paths given on the command line'),
  ENOTDIR: (e) => `check the path${e.path ? ` ${e.path}` : ''}: a part of it is a file, not a folder`,
  EISDIR: (e) => `give a file, not the folder${e.path ? ` ${e.path}` : ''}`,
  ENOTFOUND: (e) => `the name ${e.hostname ?? 'of the host'} does not resolve here: check its spelling, and the DNS or proxy (HTTPS_PROXY) of this machine`,
  EAI_AGAIN: (e) => `the DNS lookup of ${e.hostname ?? 'the host'} failed: check the DNS or proxy (HTTPS_PROXY) of this machine, then re-run`,
  ECONNREFUSED: (e) =>
    `nothing accepts connections at ${e.address ?? 'the host'}${e.port ? `:${e.port}` : ''}: check the host, port and endpoint (--endpoint-url) and that the service runs`,
  ECONNRESET: () => 'the connection was cut: check the network path (proxy, firewall) and re-run; what was done is kept',
  ETIMEDOUT: () => 'the host did not answer in time: check the network path (proxy, firewall), or raise --idle-timeout',
};

const TLS_UNTRUSTED =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

/** The next step for an error in the chain that carries a known Node error code, if there is one. */
export function systemHint(err: unknown): string | undefined {
  const e = findCause<SystemError & { hostname?: string }>(err, (x) => {
    const code = (x as SystemError)?.code;
    return typeof code === 'string' && (code in WHEN_NO_HINT || TLS_UNTRUSTED.test(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS'));
  });
  if (!e) return undefined;
  if (e.code in WHEN_NO_HINT) return WHEN_NO_HINT[e.code]!(e);
  if (TLS_UNTRUSTED.test(e.code))
    return "the server's certificate is not signed by a CA this machine trusts: pass --ca-file HOST=ca.pem (or set NODE_EXTRA_CA_CERTS=ca.pem); TLS verification stays on";
  return `TLS failed (${e.code}): check the certificate of the host (its names and dates) and the clock here`;
}
