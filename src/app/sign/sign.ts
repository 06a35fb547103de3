// `sign`: signs a bundle made earlier (or signs it again with another key). The signature goes
// beside the lock: into the tarball, rewritten entry by entry to a temp file, synced and renamed
// over the old one, or as a file beside an unpacked bundle's airgap-lock.json.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lockDigestProblem, lockNameProblems } from '../../bundle/lock-binding.js';
import { readSignedParts } from '../../bundle/open.js';
import type { SigningKey } from '../../bundle/signature/keys.js';
import { signLock } from '../../bundle/signature/signer.js';
import { SIGNATURE_FILE_NAME } from '../../bundle/signature/sigstore-bundle.js';
import { ArchiveReader } from '../../layout/archive-reader.js';
import { ArchiveWriter } from '../../layout/archive-writer.js';
import { LayoutStore } from '../../layout/layout-store.js';
import { LOCK_DIGEST_ANNOTATION } from '../../bundle/lock-binding.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { ArchiveError, UsageError } from '../../util/errors.js';

export interface SignReport {
  bundle: string;
  /** Where the signature was written (the tarball, or the file beside the lock). */
  written: string;
  signer: string;
  keyType: string;
  /** The bundle held a signature before (replaced). */
  replaced: boolean;
}

export async function signBundle(path: string, key: SigningKey): Promise<SignReport> {
  const st = await stat(path).catch(() => undefined);
  if (!st && existsSync(`${path}.000`)) {
    throw new UsageError(`${path}: a split bundle cannot be signed afterwards`, {
      hint: 'sign it as it is made: helm airgap bundle … --sign-key builder.key --split-size SIZE',
    });
  }
  // an unpacked bundle (its folder, or its lock file: the signature goes beside the lock), else a tarball
  const folder = st?.isDirectory() ? path : path.endsWith('.json') ? dirname(path) : undefined;
  const parts = await readSignedParts(path);
  await refuseUnbound(path, parts.lock, folder);
  const signature = Buffer.from(await signLock(parts.lockBytes, key));
  const base = { bundle: path, signer: key.publicKey.fingerprint, keyType: key.publicKey.kind.details, replaced: parts.signature !== undefined };
  if (folder) {
    const file = join(folder, SIGNATURE_FILE_NAME);
    await writeFileAtomic(file, signature);
    return { ...base, written: file };
  }
  await rewriteArchive(path, signature);
  return { ...base, written: path };
}

/** A lock whose names or digest disagree with the layout is not one to vouch for. */
async function refuseUnbound(path: string, lock: Parameters<typeof lockNameProblems>[0], folder: string | undefined): Promise<void> {
  let recorded: string | undefined;
  if (folder) recorded = (await LayoutStore.open(folder)).annotations()[LOCK_DIGEST_ANNOTATION];
  else {
    const r = await ArchiveReader.open(path);
    recorded = r.index.annotations?.[LOCK_DIGEST_ANNOTATION];
    await r.close();
  }
  const problems = [...lockNameProblems(lock), lockDigestProblem(lock, recorded)].filter((p): p is string => p !== undefined);
  if (problems.length) {
    throw new ArchiveError(`${path}: not signed: ${problems.slice(0, 3).join('; ')}`, {
      code: 'ERR_LOCK',
      hint: 'make the bundle again with helm airgap bundle, then sign it',
    });
  }
}

/** Every entry copied as it is (the old signature left out), the new signature last; temp, fsync, rename. */
async function rewriteArchive(file: string, signature: Buffer): Promise<void> {
  const reader = await ArchiveReader.open(file);
  try {
    const w = await ArchiveWriter.create(file);
    try {
      for (const e of reader.entries()) {
        if (e.name === SIGNATURE_FILE_NAME) continue;
        if (e.type === 'directory') await w.addDirectory(e.name.endsWith('/') ? e.name : `${e.name}/`);
        else await w.addStream(e.name, e.size, reader.range(e));
      }
      await w.addBytes(SIGNATURE_FILE_NAME, signature);
      await w.commit();
    } catch (e) {
      await w.abort();
      throw e;
    }
  } finally {
    await reader.close();
  }
}
