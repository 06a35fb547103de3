// A file read from a folder the user pointed at but did not write every byte of (an overlay, a
// checkout): only a regular file, never through a link at its last step, never blocking on a FIFO
// or a device, never past a bound. A FIFO would hang the run; /dev/zero or /dev/urandom would be
// read until memory runs out; a link planted at the name could hand over any file root may read.
import { constants, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { formatMiB } from './bounded-stdin.js';
import { UsageError } from './errors.js';
import { unreadableInput } from './input-file.js';
import { kindOf } from './safe-fs.js';

export interface RegularFileOptions {
  maxBytes: number;
  /** Prefix for errors: the file and field that named this path ("overlay/kustomization.yaml: resources:"). */
  from?: string;
  /** The next: step when the file is too large. */
  tooLargeHint?: string;
  /** Follow a link the user made at the name (a file they named themselves); by default refused. */
  followLinks?: boolean;
}

/** The file's text; a usage error naming it (and what it is instead of a regular file) otherwise. */
export async function readRegularFile(path: string, o: RegularFileOptions): Promise<string> {
  return (await readRegularBytes(path, o)).toString('utf8');
}

/** readRegularFile's bytes. */
export async function readRegularBytes(path: string, o: RegularFileOptions): Promise<Buffer> {
  const at = o.from ? `${o.from} ` : '';
  // refused before open: opening a device can itself act (a tape rewinds, a terminal is taken)
  const before = await (o.followLinks ? stat : lstat)(path).catch((e: unknown) => {
    throw unreadableInput(o.from ?? '', path, e);
  });
  notRegular(before, path, at);
  const fh = await open(path, constants.O_RDONLY | (o.followLinks ? 0 : constants.O_NOFOLLOW) | constants.O_NONBLOCK).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw notRegularError(path, at, 'a symbolic link');
    throw unreadableInput(o.from ?? '', path, e);
  });
  try {
    const s = await fh.stat();
    // swapped between the lstat and the open
    notRegular(s, path, at);
    if (s.size > o.maxBytes) throw tooLarge(path, at, s.size, o);
    // read to the bound, not to the size the stat gave: a file that grows while read is still caught
    const chunks: Buffer[] = [];
    let n = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(s.size - n, 0) + 1, 1024 * 1024));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, n);
      n += bytesRead;
      if (n > o.maxBytes) throw tooLarge(path, at, n, o);
      chunks.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
}

function notRegular(s: Stats, path: string, at: string): void {
  if (s.isFile()) return;
  throw notRegularError(path, at, kindOf(s));
}

function notRegularError(path: string, at: string, kind: string): UsageError {
  return new UsageError(`${at}${path}: is ${kind}, not a regular file: refused`, {
    code: 'ERR_INPUT_FILE',
    hint: `put the file itself at ${path} (a copy, not a link, FIFO or device), then run again`,
  });
}

function tooLarge(path: string, at: string, size: number, o: RegularFileOptions): UsageError {
  return new UsageError(`${at}${path}: ${sizeText(size)} or more is larger than the ${sizeText(o.maxBytes)} this command reads`, {
    code: 'ERR_INPUT_TOO_LARGE',
    hint: o.tooLargeHint ?? 'give a smaller file',
  });
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${formatMiB(bytes)} MiB`;
}
