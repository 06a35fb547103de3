// One archive as one file or as parts (`bundle --split-size`: NAME.tar.000, .001, … and
// NAME.tar.SHA256SUMS), for transfers with a size cap. Parts are plain byte ranges of the one tar
// (as `split -b` cuts it; `cat NAME.tar.* > NAME.tar` joins them), so readers address one offset
// space and stream across part boundaries; nothing is joined on disk. A missing part, or a part
// whose bytes do not match, is named.
import { createHash, type Hash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ArchiveError } from '../util/errors.js';
import { fsyncDir, namedFsError, sweepDeadTemps, tempPathFor, writeFileAtomic } from '../util/atomic-write.js';
import { hashFile } from '../util/hash-stream.js';
import { createExclusive, openRegular, publishMode } from '../util/safe-fs.js';
import { borrow, lend, LENT_BUFFER_SIZE, retire } from '../util/lent-buffers.js';
import type { FdRange } from '../util/hash-lanes.js';

export interface FilePart {
  path: string;
  /** Offset of the part's first byte in the whole. */
  start: number;
  size: number;
  /** The file as opened (device, inode, times): a stream checks it read that file, unchanged. */
  identity?: string;
}

/** A file's identity: any write changes its modification and change times, a replaced file its inode. */
function identityOf(st: { dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * A range stream reads into the lent read buffers (util/lent-buffers.ts), LENT_BUFFER_SIZE at a
 * time: an upload gives each back once its socket took it, so they are read into again. Each read
 * a new buffer, push's eight uploads left 40-60 MiB of spent buffers for the collector to find
 * (external memory: V8 collects for it only past about 64 MiB), bench/push peak RSS 121-130 MiB
 * (with 512 KiB reads; 1 MiB reads had it at 147).
 */
const partName = (file: string, i: number) => `${file}.${String(i).padStart(3, '0')}`;
export const sumsFile = (file: string) => `${file}.SHA256SUMS`;

/** Reads the parts of `file` (or the file itself) as one range of bytes. */
export class PartedInput {
  private handles = new Map<string, Promise<FileHandle>>();

  private constructor(
    readonly file: string,
    readonly parts: FilePart[],
  ) {}

  get size(): number {
    const last = this.parts[this.parts.length - 1];
    return last ? last.start + last.size : 0;
  }

  get split(): boolean {
    return this.parts.length > 1 || this.parts[0]?.path !== this.file;
  }

  /** `file` itself when it exists; else NAME.000… (NAME may be given as NAME.000). */
  static async open(given: string): Promise<PartedInput> {
    const base = /\.\d{3}$/.test(given) ? given.slice(0, -4) : given;
    const whole = await stat(given).catch(() => undefined);
    if (whole?.isFile() && base === given) return new PartedInput(given, [{ path: given, start: 0, size: whole.size, identity: identityOf(whole) }]);
    const paths = await partPaths(base);
    if (paths.length === 0)
      throw new ArchiveError(`archive ${given}: cannot open: no such file, and no parts ${base}.000…`, {
        hint: `check the path ${given}; a split bundle is read from its parts ${base}.000, .001…`,
      });
    const parts: FilePart[] = [];
    let start = 0;
    for (const p of paths) {
      const st = await stat(p);
      parts.push({ path: p, start, size: st.size, identity: identityOf(st) });
      start += st.size;
    }
    return new PartedInput(base, parts);
  }

  /** Which part(s) hold the bytes [from, to): for messages. */
  partsAt(from: number, to: number): string {
    const hit = this.parts.filter((p) => p.start < to && p.start + p.size > from).map((p) => basename(p.path));
    return hit.join(', ');
  }

  /** The parts holding bytes [from, to) whose SHA256SUMS line they no longer match. */
  async corruptParts(from: number, to: number): Promise<string[]> {
    const text = await readFile(sumsFile(this.file), 'utf8').catch(() => '');
    const want = new Map(text.split('\n').map((l) => [l.split(/\s+\*?/)[1], l.split(/\s+/)[0]] as const));
    const bad: string[] = [];
    for (const p of this.parts.filter((x) => x.start < to && x.start + x.size > from)) {
      if (want.get(basename(p.path)) !== (await hashFile(p.path, 'sha256', undefined, { followLinks: true })).digest('hex')) bad.push(basename(p.path));
    }
    return bad;
  }

  /** Fills `buf` from `pos`, across parts; returns the bytes read (fewer only at the end). */
  read(buf: Buffer, length: number, pos: number): Promise<number> {
    return this.readWith((path) => this.handle(path), buf, length, pos);
  }

  private async readWith(handle: (path: string) => Promise<FileHandle>, buf: Buffer, length: number, pos: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const part = this.parts.find((p) => pos + done >= p.start && pos + done < p.start + p.size);
      if (!part) break;
      const fh = await handle(part.path);
      const want = Math.min(length - done, part.start + part.size - (pos + done));
      const { bytesRead } = await fh.read(buf, done, want, pos + done - part.start);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  /** Where bytes [pos, pos + length) are: each part's open descriptor and range (a hashing lane reads them). */
  async fdRanges(pos: number, length: number): Promise<FdRange[]> {
    const out: FdRange[] = [];
    for (const p of this.parts) {
      const from = Math.max(pos, p.start);
      const to = Math.min(pos + length, p.start + p.size);
      if (from < to) out.push({ fd: (await this.handle(p.path)).fd, pos: from - p.start, length: to - from });
    }
    return out;
  }

  /**
   * Streams bytes [start, end] (inclusive, like createReadStream), across parts, each read into a
   * lent buffer and handed on as a view of it (ends early, as createReadStream does, where the
   * files end: the reader's size check names that).
   */
  stream(start: number, end: number): Readable {
    let pos = start;
    // the stream's own file handles, as createReadStream's, closed when it ends or is destroyed
    const handles = new Map<string, Promise<FileHandle>>();
    const handle = (path: string) => {
      // a read still in flight when the stream was destroyed opens nothing more
      if (out.destroyed) return Promise.reject(new Error(`${path}: read after the stream was destroyed`));
      let h = handles.get(path);
      if (!h) handles.set(path, (h = openRegular(path, { followLinks: true })));
      return h;
    };
    // the end only once every file read from is still the file opened, unchanged: the bytes
    // streamed are then those a check of the same files read before (push's verify pass)
    const finish = () =>
      this.changedOf(handles).then(
        (changed) => (changed ? out.destroy(changed) : out.push(null)),
        (e: unknown) => out.destroy(e as Error),
      );
    const out: Readable = new Readable({
      read: () => {
        if (pos > end) return void finish();
        const buf = borrow(LENT_BUFFER_SIZE);
        this.readWith(handle, buf, Math.min(buf.length, end + 1 - pos), pos).then(
          (n) => {
            if (n === 0) {
              retire(buf);
              return void finish();
            }
            pos += n;
            const view = n === buf.length ? buf : buf.subarray(0, n);
            lend(view);
            retire(buf);
            out.push(view);
          },
          (e: unknown) => {
            retire(buf);
            out.destroy(e as Error);
          },
        );
      },
      destroy: (err, cb) => {
        const open = [...handles.values()];
        handles.clear();
        void Promise.all(open.map((h) => h.then((fh) => fh.close()).catch(() => undefined))).then(() => cb(err));
      },
    });
    return out;
  }

  /** An error naming the first file of `handles` that is not the file opened, or was written since. */
  private async changedOf(handles: Map<string, Promise<FileHandle>>): Promise<ArchiveError | undefined> {
    for (const [path, h] of handles) {
      const was = this.parts.find((p) => p.path === path)?.identity;
      if (was === undefined || identityOf(await (await h).stat()) === was) continue;
      return new ArchiveError(`archive ${path}: the file changed while it was read (written or replaced since it was opened and verified)`, {
        hint: 'leave the bundle unchanged while the command runs, then run it again: the bundle is verified anew',
      });
    }
    return undefined;
  }

  async close(): Promise<void> {
    const open = [...this.handles.values()];
    this.handles.clear();
    for (const h of open) await (await h.catch(() => undefined))?.close();
  }

  private handle(path: string): Promise<FileHandle> {
    let h = this.handles.get(path);
    if (!h) {
      h = openRegular(path, { followLinks: true });
      this.handles.set(path, h);
    }
    return h;
  }
}

/** NAME.000… in order; a gap, or a part SHA256SUMS lists but the folder lacks, is an error naming it. */
async function partPaths(base: string): Promise<string[]> {
  const dir = dirname(base);
  const re = new RegExp(`^${basename(base).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d{3})$`);
  const numbers = (await readdir(dir).catch(() => [] as string[]))
    .map((n) => re.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const listed = await readFile(sumsFile(base), 'utf8').then(
    (t) => t.split('\n').filter(Boolean).length,
    () => undefined,
  );
  const count = Math.max(listed ?? 0, numbers.length ? numbers[numbers.length - 1]! + 1 : 0);
  const have = new Set(numbers);
  for (let i = 0; i < count; i++)
    if (!have.has(i))
      throw new ArchiveError(
        `archive ${base}: part ${basename(partName(base, i))} is missing (${count} parts${listed ? `, as ${basename(sumsFile(base))} lists` : ''})`,
        {
          hint: 'copy every part of the bundle into one folder',
        },
      );
  return Array.from({ length: count }, (_, i) => partName(base, i));
}

/** Writes one file, or parts of at most `splitSize` bytes, each under a temp name until commit. */
export class PartedOutput {
  private parts: { tmp: string; fh: FileHandle; size: number; hash: Hash }[] = [];

  private constructor(
    readonly file: string,
    private readonly splitSize: number | undefined,
  ) {}

  static async create(file: string, splitSize?: number): Promise<PartedOutput> {
    await sweepDeadTemps(file);
    const out = new PartedOutput(file, splitSize);
    await out.next();
    return out;
  }

  async write(b: Buffer): Promise<void> {
    for (let off = 0; off < b.length;) {
      let cur = this.parts[this.parts.length - 1]!;
      if (this.splitSize !== undefined && cur.size >= this.splitSize) cur = await this.next();
      const room = this.splitSize === undefined ? b.length - off : Math.min(b.length - off, this.splitSize - cur.size);
      const { bytesWritten } = await cur.fh.write(b, off, room, cur.size).catch((e: unknown) => Promise.reject(namedFsError(e, cur.tmp)));
      cur.hash.update(b.subarray(off, off + bytesWritten));
      cur.size += bytesWritten;
      off += bytesWritten;
    }
  }

  /** Syncs and renames every part into place (then SHA256SUMS); stale parts of an earlier run go. */
  async commit(): Promise<string[]> {
    for (const p of this.parts) {
      await publishMode(p.fh);
      await p.fh.datasync();
      await p.fh.close();
    }
    const names = this.splitSize === undefined ? [this.file] : this.parts.map((_, i) => partName(this.file, i));
    for (const [i, p] of this.parts.entries()) await rename(p.tmp, names[i]!);
    if (this.splitSize === undefined) await removeParts(this.file, 0);
    else {
      await rm(this.file, { force: true });
      await removeParts(this.file, this.parts.length);
      const sums = this.parts.map((p, i) => `${p.hash.digest('hex')}  ${basename(names[i]!)}\n`).join('');
      await writeFileAtomic(sumsFile(this.file), sums);
    }
    await fsyncDir(dirname(this.file));
    return names;
  }

  async abort(): Promise<void> {
    for (const p of this.parts) {
      await p.fh.close().catch(() => undefined);
      await rm(p.tmp, { force: true });
    }
  }

  private async next(): Promise<PartedOutput['parts'][number]> {
    const name = this.splitSize === undefined ? this.file : partName(this.file, this.parts.length);
    const tmp = tempPathFor(name);
    // private while written (a random name, made exclusively); a bundle's usual mode once committed
    const part = { tmp, fh: await createExclusive(tmp), size: 0, hash: createHash('sha256') };
    this.parts.push(part);
    return part;
  }
}

/** Parts NAME.<from>… and NAME.SHA256SUMS left by an earlier, larger or split, bundle of the same name. */
async function removeParts(file: string, from: number): Promise<void> {
  const re = new RegExp(`^${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d{3})$`);
  for (const n of await readdir(dirname(file)).catch(() => [] as string[])) {
    const m = re.exec(n);
    if (m && Number(m[1]) >= from) await rm(join(dirname(file), n), { force: true });
  }
  if (from === 0) await rm(sumsFile(file), { force: true });
}
