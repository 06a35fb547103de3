// The one way into a bundle, whatever its shape: a bundle tarball (read in place, never
// extracted), an unpacked bundle folder, or its airgap-lock.json (the folder beside it holds the
// layout), or a bundle `helm airgap serve` serves (oci://HOST:PORT, open-served.ts). Every command that reads a bundle (push, values, postrender, inspect, verify) comes
// through here and gets the lock and a read-only content store. Split bundles will be one more
// shape here, not one more opener.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LayoutStore } from '../layout/layout-store.js';
import { ArchiveError } from '../util/errors.js';
import { NotRegularFileError, readRegular } from '../util/safe-fs.js';
import { LOCK_FILE_NAME, parseLock, type BundleLock } from './lock.js';
import { LOCK_DIGEST_ANNOTATION } from './lock-binding.js';
import { SIGNATURE_FILE_NAME } from './signature/sigstore-bundle.js';
import type { OpenedBundle, ServedSourceOptions, SignedParts } from './open-types.js';

export type { OpenedBundle, ServedSourceOptions, SignedParts } from './open-types.js';
import { isServedBundle, SERVED_ADDRESS } from './served-bundle.js';

/** Largest signature or SBOM read whole from an unpacked bundle (the archive reader's metadata bound). */
const MAX_SIDE_FILE = 16 * 1024 * 1024;

const HINT = 'give a bundle made by `helm airgap bundle` (a .tar, its unpacked folder, or its airgap-lock.json)';

/** True when `path` names a bundle rather than a chart (used to tell the two apart in arguments). */
export function looksLikeBundle(path: string): boolean {
  return /\.tar(\.\d{3})?$/.test(path) || SERVED_ADDRESS.test(path) || basename(path) === LOCK_FILE_NAME || existsSync(join(path, LOCK_FILE_NAME));
}

export async function openBundle(path: string, source: ServedSourceOptions = {}): Promise<OpenedBundle> {
  if (isServedBundle(path)) return (await import('./open-served.js')).openServedBundle(path, source);
  const st = await stat(path).catch(async (e: unknown) => {
    // a split bundle: NAME.tar names the parts NAME.tar.000…
    if (await exists(`${path}.000`)) return undefined;
    throw new ArchiveError(`bundle ${path}: cannot open: ${(e as Error).message}`, { cause: e, hint: HINT });
  });
  if (st?.isDirectory()) return openFolder(path, join(path, LOCK_FILE_NAME));
  if (basename(path) === LOCK_FILE_NAME) return openFolder(dirname(path), path);
  const { openArchiveBundle } = await import('./open-archive.js');
  return openArchiveBundle(path);
}

/** Only the lock (no content store is opened for folders and lock files). */
export async function readBundleLock(path: string): Promise<BundleLock> {
  if (isServedBundle(path)) return (await openBundle(path)).lock;
  const st = await stat(path).catch(async (e: unknown) => {
    if (await exists(`${path}.000`)) return undefined;
    throw new ArchiveError(`${path}: cannot read: ${(e as Error).message}`, { cause: e, hint: HINT });
  });
  if (st?.isDirectory()) return readLockFile(join(path, LOCK_FILE_NAME));
  if (path.endsWith('.json')) return readLockFile(path);
  const b = await openBundle(path);
  await b.close();
  return b.lock;
}

async function openFolder(dir: string, lockPath: string): Promise<OpenedBundle> {
  const lock = await readLockFile(lockPath);
  const store = await LayoutStore.open(dir);
  return { lock, store, where: dir, recordedLockDigest: store.annotations()[LOCK_DIGEST_ANNOTATION], close: async () => undefined };
}

async function readLockFile(lockPath: string): Promise<BundleLock> {
  // an unpacked bundle is an input: a FIFO or device in it is refused by name, never waited on
  const text = await readRegular(lockPath, { encoding: 'utf8', followLinks: true }).catch((e: unknown) => {
    if (e instanceof NotRegularFileError) throw e;
    throw new ArchiveError(`bundle ${dirname(lockPath)}: cannot read ${LOCK_FILE_NAME}: ${(e as Error).message}`, { cause: e, hint: HINT });
  });
  return parseLock(text, lockPath);
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

export async function readSignedParts(path: string, source: ServedSourceOptions = {}): Promise<SignedParts> {
  if (isServedBundle(path)) return (await import('./open-served.js')).readServedSignedParts(path, source);
  const st = await stat(path).catch(() => undefined);
  // a lock file (readBundleLock takes any .json as one): the signature and SBOM are beside it
  if (st?.isDirectory() || path.endsWith('.json')) {
    const dir = st?.isDirectory() ? path : dirname(path);
    const lockPath = st?.isDirectory() ? join(dir, LOCK_FILE_NAME) : path;
    const beside = async (name: string) => {
      const size = await stat(join(dir, name)).then(
        (s) => s.size,
        () => undefined,
      );
      if (size === undefined) return undefined;
      // as the archive reader bounds the files it reads whole
      if (size > MAX_SIDE_FILE) throw new ArchiveError(`bundle ${path}: ${name} is ${size} bytes, more than a bundle's ${MAX_SIDE_FILE}`, { hint: HINT });
      return readRegular(join(dir, name), { followLinks: true });
    };
    const lockBytes = await readRegular(lockPath, { followLinks: true });
    const lock = parseLock(lockBytes.toString('utf8'), lockPath);
    const sbomName = lock.sbom?.file;
    return {
      where: path,
      lock,
      lockBytes,
      names: { lock: lockPath, signature: join(dir, SIGNATURE_FILE_NAME), ...(sbomName ? { sbom: join(dir, sbomName) } : {}) },
      signature: await beside(SIGNATURE_FILE_NAME),
      ...(sbomName ? { sbom: await beside(sbomName) } : {}),
    };
  }
  const { readArchiveSignedParts } = await import('./open-archive.js');
  return readArchiveSignedParts(path);
}
