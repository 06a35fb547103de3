// The one reader of every file a trust decision rests on, on both sides of the gap: a public or
// private key, an OpenPGP keyring, a Sigstore trusted root, a TUF root, a CA or TLS certificate.
// Regular files only (a link the user made is followed to one), opened without blocking (a FIFO
// would hang the run, a device be read for ever), and read to a bound fit for what the file is: no
// real key, keyring or root is near it, so a file past it is refused, naming it, before it is parsed.
import { stat } from 'node:fs/promises';
import { AirgapError, ExitCode } from './errors.js';
import { unreadableInput } from './input-file.js';
import { readRegularBytes } from './regular-file.js';

/** Bytes a trust file may hold, by kind (docs/security.md lists them). */
export const TRUST_FILE_BOUNDS = {
  /** A PEM public or private key: an RSA 16384-bit key is under 13 KiB. */
  key: 64 * 1024,
  /** An exported OpenPGP keyring (`gpg --export`): hundreds of keys with their signatures. */
  keyring: 8 * 1024 * 1024,
  /** Sigstore's trusted_root.json (tens of KiB for the public-good instance). */
  trustedRoot: 4 * 1024 * 1024,
  /** A TUF root.json. */
  tufRoot: 4 * 1024 * 1024,
  /** PEM certificates: a CA bundle (the system's is about 200 KiB) or a TLS certificate chain. */
  certificates: 4 * 1024 * 1024,
} as const;

export type TrustFileKind = keyof typeof TRUST_FILE_BOUNDS;

/** The file's bytes; a usage error (exit 2) naming `from` and the file, with a next: step, otherwise. */
export function readTrustFile(path: string, kind: TrustFileKind, from: string): Promise<Buffer> {
  return readRegularBytes(path, {
    maxBytes: TRUST_FILE_BOUNDS[kind],
    from,
    followLinks: true,
    tooLargeHint: `name the ${WHAT[kind]} itself: no real one is this large`,
  });
}

const WHAT: Record<TrustFileKind, string> = {
  key: 'PEM key file',
  keyring: 'exported OpenPGP keyring (gpg --export KEYID > keyring.gpg)',
  trustedRoot: 'Sigstore trusted_root.json',
  tufRoot: 'TUF root.json',
  certificates: 'PEM certificate file',
};

/**
 * A private key file others may read is refused before it is read, as ssh refuses one: whoever
 * can read it can sign, or decrypt the traffic, as this user. (A file system without modes shows
 * none, and passes.)
 */
export async function refuseReadableByOthers(path: string, flag: string): Promise<void> {
  const st = await stat(path).catch((e: unknown) => {
    throw unreadableInput(flag, path, e);
  });
  if ((st.mode & 0o077) === 0) return;
  throw new AirgapError(
    `${flag} ${path}: UNPROTECTED PRIVATE KEY FILE: permissions ${(st.mode & 0o777).toString(8).padStart(4, '0')} let others read it; the key is refused`,
    { code: 'ERR_KEY_PERMISSIONS', exitCode: ExitCode.Usage, hint: `chmod 600 ${path}` },
  );
}
