// What a served blob is read from, named by identity (device, inode, size, modification and change
// times to the nanosecond): a blob verified once is served in parts only while the file it came
// from is the same file, unchanged. A write or a replacement changes the change time, which no
// user can set back; a bundle file changed anywhere invalidates every blob read from it.
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Descriptor } from '../../oci/content.js';
import { LOCK_FILE_NAME } from '../../bundle/lock.js';
import { isServedBundle } from '../../bundle/served-bundle.js';
import { PartedInput } from '../../layout/parted-file.js';

/** The identity of the file(s) a blob is read from now, as one string; equal strings, same bytes. */
export type BlobIdentity = (d: Descriptor) => Promise<string>;

/** An unpacked bundle: the blob's own file; an archive (or its parts): the archive's files. */
export async function blobIdentity(bundlePath: string): Promise<BlobIdentity> {
  // another serve's content is checked by digest as it is read: no file here to name
  if (isServedBundle(bundlePath)) return async () => bundlePath;
  const st = await stat(bundlePath).catch(() => undefined);
  if (st?.isDirectory() || basename(bundlePath) === LOCK_FILE_NAME) {
    const dir = st?.isDirectory() ? bundlePath : dirname(bundlePath);
    return (d) => identityOf([join(dir, 'blobs', ...d.digest.split(':'))]);
  }
  const files = (await PartedInput.open(bundlePath)).parts.map((p) => p.path);
  return () => identityOf(files);
}

async function identityOf(files: string[]): Promise<string> {
  const each = await Promise.all(
    files.map((f) =>
      stat(f, { bigint: true }).then(
        (s) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`,
        (e: NodeJS.ErrnoException) => `gone (${e.code ?? e.message})`,
      ),
    ),
  );
  return each.join('|');
}
