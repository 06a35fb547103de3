// Streams an OCI layout (and any extra files) into an uncompressed tar: layers are already
// compressed, and an uncompressed tar can be read in place by offset (archive-reader.ts).
// Portable and reproducible: sorted entries, fixed mtime, uid/gid 0, no owner names; written to
// a temp file next to the target and renamed only when complete.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ArchiveError, DigestMismatchError } from '../util/errors.js';
import { PartedOutput } from './parted-file.js';
import { openRegular } from '../util/safe-fs.js';
import type { Ctx } from '../util/ctx.js';
import { BLOCK, encodeHeader, padding } from './tar-format.js';

/** 2024-01-01T00:00:00Z: a fixed mtime so the same content gives the same archive bytes. */
export const ARCHIVE_MTIME = 1704067200;
const HEX64 = /^[a-f0-9]{64}$/;

export interface ArchiveWriteReport {
  file: string;
  bytes: number;
  entries: number;
  /** The part files when split (NAME.000…), else absent. */
  parts?: string[];
}

export class ArchiveWriter {
  private bytes = 0;
  private entries = 0;
  private readonly names = new Set<string>();
  /** One reused copy buffer: blobs move through it with no per-chunk allocation (flat RSS). */
  private readonly buf = Buffer.allocUnsafe(1 << 20);

  private constructor(
    readonly file: string,
    private readonly out: PartedOutput,
    private readonly ctx?: Ctx,
  ) {}

  /** `splitSize`: write NAME.000, .001… of at most that many bytes, and NAME.SHA256SUMS. */
  static async create(file: string, ctx?: Ctx, splitSize?: number): Promise<ArchiveWriter> {
    return new ArchiveWriter(file, await PartedOutput.create(file, splitSize), ctx);
  }

  /** Adds a whole OCI layout: oci-layout, index.json, then blobs sorted; blobs verified as written. */
  async addLayout(dir: string): Promise<void> {
    await this.addFile('oci-layout', join(dir, 'oci-layout'));
    await this.addFile('index.json', join(dir, 'index.json'));
    await this.addDirectory('blobs/');
    for (const alg of (await readdir(join(dir, 'blobs'))).sort()) {
      if (alg !== 'sha256' && alg !== 'sha512') continue;
      await this.addDirectory(`blobs/${alg}/`);
      const names = (await readdir(join(dir, 'blobs', alg))).filter((n) => HEX64.test(n) || (alg === 'sha512' && /^[a-f0-9]{128}$/.test(n))).sort();
      for (const n of names) await this.addFile(`blobs/${alg}/${n}`, join(dir, 'blobs', alg, n), `${alg}:${n}`);
    }
  }

  async addDirectory(name: string): Promise<void> {
    this.claim(name);
    await this.write(encodeHeader({ name, size: 0, type: '5', mode: 0o755, mtime: ARCHIVE_MTIME }));
  }

  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    this.claim(name);
    await this.write(encodeHeader({ name, size: bytes.length, type: '0', mode: 0o644, mtime: ARCHIVE_MTIME }));
    await this.write(Buffer.from(bytes));
    await this.write(Buffer.alloc(padding(bytes.length)));
  }

  /** Adds an entry of `size` bytes read from a stream (another archive's entry, rewritten as is). */
  async addStream(name: string, size: number, from: AsyncIterable<Uint8Array>): Promise<void> {
    this.claim(name);
    await this.write(encodeHeader({ name, size, type: '0', mode: 0o644, mtime: ARCHIVE_MTIME }));
    let seen = 0;
    for await (const c of from) {
      seen += c.length;
      await this.write(Buffer.from(c.buffer, c.byteOffset, c.length));
    }
    if (seen !== size) throw new ArchiveError(`archive ${this.file}: ${name} is ${seen} bytes, not ${size}`);
    await this.write(Buffer.alloc(padding(size)));
  }

  /** Adds a file by streaming it; with `digest`, its bytes must hash to it (else ArchiveError). */
  async addFile(name: string, path: string, digest?: string): Promise<void> {
    this.claim(name);
    // the layouts archived are the tool's own (a bundle's stage, copy's temp layout): no link followed
    const src = await openRegular(path);
    const hash = digest ? createHash(digest.slice(0, digest.indexOf(':'))) : undefined;
    let size = 0;
    let seen = 0;
    try {
      size = (await src.stat()).size;
      await this.write(encodeHeader({ name, size, type: '0', mode: 0o644, mtime: ARCHIVE_MTIME }));
      for (;;) {
        const { bytesRead } = await src.read(this.buf, 0, this.buf.length, seen);
        if (bytesRead === 0) break;
        const c = this.buf.subarray(0, bytesRead);
        seen += bytesRead;
        hash?.update(c);
        await this.write(c);
      }
    } finally {
      await src.close();
    }
    if (seen !== size) throw new ArchiveError(`archive ${this.file}: ${name} changed size while being written (${size} → ${seen})`);
    const actual = hash ? `${digest!.slice(0, digest!.indexOf(':'))}:${hash.digest('hex')}` : undefined;
    if (actual && actual !== digest) throw new DigestMismatchError(digest!, actual, `archive ${this.file}: ${name} (the layout holds a corrupt blob)`);
    await this.write(Buffer.alloc(padding(size)));
  }

  /** Ends the tar, flushes, and renames the temp file over the target. */
  async commit(): Promise<ArchiveWriteReport> {
    await this.write(Buffer.alloc(BLOCK * 2));
    // durable before it takes the final name: a power cut leaves the old file or the whole new one
    const names = await this.out.commit();
    return { file: this.file, bytes: this.bytes, entries: this.entries, ...(names.length > 1 || names[0] !== this.file ? { parts: names } : {}) };
  }

  /** Drops the temp file (after a failure). */
  async abort(): Promise<void> {
    await this.out.abort();
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new ArchiveError(`archive ${this.file}: entry ${name} added twice`);
    this.names.add(name);
    this.entries++;
  }

  private async write(b: Buffer): Promise<void> {
    if (b.length === 0) return;
    if (this.ctx?.signal?.aborted) throw new ArchiveError(`archive ${this.file}: interrupted`);
    await this.out.write(b);
    this.bytes += b.length;
  }
}

/** Writes `layoutDir` (plus extra files, in the order given) to `file` as one tar. */
export async function writeArchive(
  layoutDir: string,
  file: string,
  o: { extra?: { name: string; bytes: Uint8Array }[]; ctx?: Ctx; splitSize?: number } = {},
): Promise<ArchiveWriteReport> {
  const w = await ArchiveWriter.create(file, o.ctx, o.splitSize);
  try {
    await w.addLayout(layoutDir);
    for (const e of o.extra ?? []) await w.addBytes(e.name, e.bytes);
    return await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
