// A Writable that gathers small chunks (network reads are 16-64 KiB) and writes them with a
// single positional writev: far fewer syscalls and thread-pool round trips than fs.WriteStream,
// and no copy of the bytes in between (gathering into one buffer cost ~6% of a copy's CPU). Bytes land strictly in order, so after a failure
// the file is always a prefix of the stream (what resuming a partial download relies on).
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

export interface BatchedFileWriterOptions {
  /** Continue an existing file at `position` instead of truncating it. */
  append?: boolean;
  position?: number;
  bufferSize?: number;
  /** fdatasync before close, so a rename that follows publishes durable bytes. */
  sync?: boolean;
}

const SYNC_EVERY = 8 * 1024 * 1024;

export function createBatchedFileWriter(path: string, o: BatchedFileWriterOptions = {}): Writable {
  const batch = o.bufferSize ?? 256 * 1024;
  // Node hands every read its own Buffer, so holding the chunks until the next write is safe.
  let pending: Buffer[] = [];
  let used = 0;
  let pos = o.position ?? 0;
  let fh: FileHandle | undefined;
  // Every disk operation is chained, so a destroy during a pending write waits for it.
  let chain: Promise<void> = Promise.resolve();
  // With `sync`, the page cache is flushed while the download goes on (one fdatasync in flight per
  // SYNC_EVERY bytes), so the last one before close has only the tail to write: durability without
  // a flush of the whole blob at the end (a 256 MiB blob: ~0.26 s here).
  let sinceSync = 0;
  let syncing: Promise<void> | undefined;
  const flush = async () => {
    let bufs = pending;
    pending = [];
    used = 0;
    while (bufs.length > 0) {
      const { bytesWritten } = await fh!.writev(bufs, pos);
      pos += bytesWritten;
      sinceSync += bytesWritten;
      bufs = rest(bufs, bytesWritten);
    }
    if (o.sync && sinceSync >= SYNC_EVERY && !syncing) {
      sinceSync = 0;
      const handle = fh!;
      syncing = handle.datasync().finally(() => (syncing = undefined));
      syncing.catch(() => undefined);
    }
  };
  const append = async (chunk: Buffer) => {
    pending.push(chunk);
    used += chunk.length;
    if (used >= batch) await flush();
  };
  // a write through a file handle names no file: say which one, for errors such as ENOSPC
  const named = (e: unknown) => {
    if (e && typeof e === 'object' && !('path' in e)) Object.assign(e, { path });
    throw e;
  };
  const then = (fn: () => Promise<void>) => (chain = chain.then(fn).catch(named));
  return new Writable({
    construct(cb) {
      open(path, o.append ? 'r+' : 'w').then((h) => ((fh = h), cb()), cb);
    },
    write(chunk: Buffer, _enc, cb) {
      then(() => append(chunk)).then(() => cb(), cb);
    },
    final(cb) {
      then(async () => {
        await flush();
        await syncing;
        if (o.sync) await fh!.datasync();
        await fh!.close();
        fh = undefined;
      }).then(() => cb(), cb);
    },
    destroy(err, cb) {
      // Keep what was gathered: a partial download stays resumable up to its last byte. Runs
      // after a failed write too, so the handle is always closed.
      chain = chain.catch(() => undefined);
      then(async () => {
        if (!fh) return;
        await flush().catch(() => undefined);
        await syncing?.catch(() => undefined);
        await fh.close().catch(() => undefined);
        fh = undefined;
      }).then(
        () => cb(err),
        () => cb(err),
      );
    },
  });
}

/** What is left of `bufs` after a short write of `n` bytes. */
function rest(bufs: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < bufs.length && n >= bufs[i]!.length) n -= bufs[i++]!.length;
  if (i === bufs.length) return [];
  return [bufs[i]!.subarray(n), ...bufs.slice(i + 1)];
}
