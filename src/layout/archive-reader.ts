// A read-only Target over an OCI layout tarball, read in place: one pass over the headers
// records each entry's offset, then blobs stream straight from their byte ranges (no extraction,
// no second copy on disk). The archive is untrusted: paths that escape, links, devices,
// duplicates, oversize or truncated entries and bad header checksums are refused with an
// ArchiveError naming the entry; blob bytes are verified against their digest as they stream.
import { PassThrough, Readable, type Transform } from 'node:stream';
import { ArchiveError } from '../util/errors.js';
import type { Ctx, Descriptor, FetchOptions, ReadOnlyTarget } from '../oci/content.js';
import { createVerifier, parseDigest } from '../oci/digest.js';
import { NotFoundError } from '../oci/not-found.js';
import { findIndexEntry, parseLayoutIndex, type LayoutIndex } from './layout-index.js';
import { BLOCK, isZeroBlock, padding } from './tar-format.js';
import { TarHeaderWalk, type TarEntryHeader } from './tar-walk.js';
import { PartedInput } from './parted-file.js';
import type { PositionalRead } from '../util/hash-stream.js';
import { verifyBlob } from './verify-blob.js';

export interface ArchiveEntry {
  name: string;
  /** Byte offset of the entry's data in the archive. */
  offset: number;
  size: number;
  type: 'file' | 'directory';
}

export interface ArchiveReaderOptions {
  /** Largest single entry accepted (default 64 GiB). */
  maxEntrySize?: number;
  /** Most entries accepted (default 1 000 000). */
  maxEntries?: number;
  /** Largest index.json / oci-layout / metadata file read whole (default 16 MiB). */
  maxMetadataSize?: number;
}

/** Largest PAX or GNU long-name payload read (Go's archive/tar has the same bound). */
const MAX_EXTENDED_HEADER = 1 << 20;

const DEFAULTS = { maxEntrySize: 64 * 1024 ** 3, maxEntries: 1_000_000, maxMetadataSize: 16 * 1024 * 1024 };

export class ArchiveReader implements ReadOnlyTarget {
  private constructor(
    readonly file: string,
    private readonly byName: Map<string, ArchiveEntry>,
    readonly index: LayoutIndex,
    private readonly o: Required<ArchiveReaderOptions>,
    /** The bytes: one file, or the parts of a split bundle (NAME.000…). */
    readonly input: PartedInput,
  ) {}

  static async open(file: string, opts: ArchiveReaderOptions = {}): Promise<ArchiveReader> {
    const o = { ...DEFAULTS, ...opts };
    let fh: PartedInput;
    try {
      fh = await PartedInput.open(file);
    } catch (e) {
      if (e instanceof ArchiveError) throw e;
      throw new ArchiveError(`archive ${file}: cannot open`, { cause: e });
    }
    try {
      const entries = await scanEntries(fh, file, o);
      const byName = new Map(entries.map((e) => [e.name, e]));
      for (const required of ['oci-layout', 'index.json']) {
        if (!byName.has(required))
          throw new ArchiveError(`archive ${file}: no ${required} entry: not an OCI image layout archive`, {
            hint: 'use a file written by helm airgap bundle/copy or skopeo copy oci-archive:',
          });
      }
      const text = await readEntry(fh, byName.get('index.json')!, o.maxMetadataSize, file);
      const index = parseLayoutIndex(text.toString('utf8'), `archive ${file}: index.json`);
      return new ArchiveReader(file, byName, index, o, fh);
    } finally {
      // handles are opened again on demand: a reader kept around holds no descriptor
      await fh.close();
    }
  }

  async close(): Promise<void> {
    await this.input.close();
  }

  /** An entry's bytes [from, size) as stored, unverified (push streams blobs it verified before). */
  range(e: ArchiveEntry, from = 0): Readable {
    return e.size === from ? emptyStream() : this.input.stream(e.offset + from, e.offset + e.size - 1);
  }

  entries(): ArchiveEntry[] {
    return [...this.byName.values()];
  }

  entry(name: string): ArchiveEntry | undefined {
    return this.byName.get(name);
  }

  /** Reads a (small) entry whole, e.g. a bundle lock stored beside the layout. */
  async readEntry(name: string): Promise<Buffer> {
    const e = this.byName.get(name);
    if (!e) throw new NotFoundError(`archive ${this.file}: no entry ${name}`);
    try {
      return await readEntry(this.input, e, this.o.maxMetadataSize, this.file);
    } finally {
      await this.input.close();
    }
  }

  private blobEntry(d: Descriptor): ArchiveEntry | undefined {
    const { algorithm, encoded } = parseDigest(d.digest, `archive ${this.file}`);
    return this.byName.get(`blobs/${algorithm}/${encoded}`);
  }

  async exists(d: Descriptor): Promise<boolean> {
    const e = this.blobEntry(d);
    return e !== undefined && e.size === d.size;
  }

  /** The blob's entry, of the descriptor's size. */
  private storedBlob(d: Descriptor): ArchiveEntry {
    const e = this.blobEntry(d);
    if (!e) throw new NotFoundError(`archive ${this.file}: blob ${d.digest} is not in the archive`);
    if (e.size !== d.size) throw new ArchiveError(`archive ${this.file}: ${e.name} holds ${e.size} bytes, its descriptor says ${d.size}`);
    return e;
  }

  /** Hashes a blob across parts (verify-blob.ts says where). */
  async verify(d: Descriptor, c?: Ctx): Promise<void> {
    const e = this.storedBlob(d);
    const what = `archive ${this.file}: ${e.name}`;
    try {
      const read: PositionalRead = (buf, length, pos) => this.input.read(buf, length, e.offset + pos);
      await verifyBlob(d, what, { read, size: e.size, ranges: () => this.input.fdRanges(e.offset, e.size) }, c?.signal);
    } catch (err) {
      throw this.input.split && !c?.signal?.aborted ? await this.namedParts(err as Error, e) : err;
    }
  }

  /** Streams the blob's byte range; from offset 0 the bytes are verified against the digest. */
  async fetch(d: Descriptor, _c?: Ctx, o?: FetchOptions): Promise<Readable> {
    const e = this.storedBlob(d);
    const start = o?.offset ?? 0;
    const raw = this.range(e, start);
    if (start > 0) return raw;
    const v = createVerifier(d, `archive ${this.file}: ${e.name}`);
    if (this.input.split) return this.namingParts(raw, v, e);
    raw.on('error', (err: Error) => v.destroy(err));
    return raw.pipe(v);
  }

  /** A split bundle: bad bytes are named by the part whose SHA256SUMS line they break. */
  private namingParts(raw: Readable, v: Transform, e: ArchiveEntry): Readable {
    const out = new PassThrough();
    raw.on('error', (err: Error) => v.destroy(err));
    // not pipeline(): it would end `out` with the bare error before the parts are checked
    v.on('error', (err: Error) => void this.namedParts(err, e).then((named) => out.destroy(named)));
    raw.pipe(v).pipe(out);
    return out;
  }

  /** A split bundle's error about an entry, naming the part(s) whose SHA256SUMS line it breaks. */
  private async namedParts(err: Error, e: ArchiveEntry): Promise<Error> {
    const bad = await this.input.corruptParts(e.offset, e.offset + e.size).catch(() => []);
    const where = bad.length ? `corrupt part ${bad.join(', ')}` : `in part ${this.input.partsAt(e.offset, e.offset + e.size)}`;
    return Object.assign(err, { message: `${err.message} (${where})` });
  }

  async resolve(ref: string): Promise<Descriptor> {
    const d = findIndexEntry(this.index, ref, `archive ${this.file}`);
    if (!d) throw new NotFoundError(`archive ${this.file}: no image named ${JSON.stringify(ref)} in index.json`);
    return d;
  }
}

function emptyStream(): Readable {
  return Readable.from([]);
}

async function readEntry(fh: PartedInput, e: ArchiveEntry, max: number, file: string): Promise<Buffer> {
  if (e.size > max) throw new ArchiveError(`archive ${file}: ${e.name} is ${e.size} bytes, over the ${max} byte limit for metadata`);
  const b = Buffer.alloc(e.size);
  const bytesRead = await fh.read(b, e.size, e.offset);
  if (bytesRead !== e.size) throw new ArchiveError(`archive ${file}: ${e.name} is truncated`);
  return b;
}

/** One pass over the headers; data is skipped, never read. */
async function scanEntries(fh: PartedInput, file: string, o: Required<ArchiveReaderOptions>): Promise<ArchiveEntry[]> {
  const total = fh.size;
  const out: ArchiveEntry[] = [];
  const seen = new Set<string>();
  const block = Buffer.alloc(BLOCK);
  let pos = 0;
  const walk = new TarHeaderWalk(MAX_EXTENDED_HEADER);
  let last = '(start of archive)';
  for (;;) {
    const bytesRead = await fh.read(block, BLOCK, pos);
    if (bytesRead < BLOCK)
      throw new ArchiveError(`archive ${file}: truncated after ${last} (no end-of-archive marker)`, {
        hint: 'the file was cut short: copy or download it again',
      });
    if (isZeroBlock(block)) return out;
    const h = headerAt(walk, block, pos, fh, file, last);
    const dataAt = pos + BLOCK;
    const { name, size } = h;
    if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError(`archive ${file}: entry ${name}: bad size`);
    if (dataAt + size + padding(size) > total)
      throw new ArchiveError(`archive ${file}: entry ${name} is truncated (needs ${size} bytes at ${dataAt}, file has ${total})`, {
        hint: 'the file was cut short: copy or download it again',
      });
    // a GNU long link name only describes a link, and links are refused: refused below as one
    if (h.extended && h.type !== 'K') {
      if (h.type !== 'g') walk.payload(await readEntry(fh, { name, offset: dataAt, size, type: 'file' }, MAX_EXTENDED_HEADER, file), pos);
    } else {
      const entry = checkEntry(h.type, name, size, dataAt, file, o);
      if (seen.has(entry.name)) throw new ArchiveError(`archive ${file}: entry ${entry.name} appears twice (refusing an ambiguous archive)`);
      seen.add(entry.name);
      if (out.length >= o.maxEntries) throw new ArchiveError(`archive ${file}: more than ${o.maxEntries} entries`, UNSAFE);
      out.push(entry);
      last = entry.name;
    }
    pos = dataAt + size + padding(size);
  }
}

/** A header that will not decode names the archive, the entry before it, and (split) the part. */
function headerAt(walk: TarHeaderWalk, block: Buffer, pos: number, fh: PartedInput, file: string, last: string): TarEntryHeader {
  try {
    return walk.header(block, pos);
  } catch (e) {
    const part = fh.split ? ` in part ${fh.partsAt(pos, pos + BLOCK)}` : '';
    throw new ArchiveError(`archive ${file}: the entry after ${last}${part}: ${(e as Error).message}`, {
      cause: e,
      hint: 'the file is damaged: copy it again from the source side',
    });
  }
}

/** Refused entries: the bundle is not extracted, so nothing of it was written anywhere. */
const UNSAFE = {
  hint: 'the archive is damaged or unsafe and nothing of it was written: make the bundle again with `helm airgap bundle` on the source side, or copy it again',
};

const TYPES: Record<string, ArchiveEntry['type']> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'directory' };
const TYPE_NAMES: Record<string, string> = { '1': 'hard link', '2': 'symbolic link', '3': 'character device', '4': 'block device', '6': 'fifo' };

function checkEntry(type: string, rawName: string, size: number, offset: number, file: string, o: Required<ArchiveReaderOptions>): ArchiveEntry {
  const kind = TYPES[type];
  if (!kind)
    throw new ArchiveError(
      `archive ${file}: entry ${rawName} is a ${TYPE_NAMES[type] ?? `type ${JSON.stringify(type)} entry`}: links and special files are refused`,
      UNSAFE,
    );
  const name = safeName(rawName, file);
  if (size > o.maxEntrySize) throw new ArchiveError(`archive ${file}: entry ${name} is ${size} bytes, over the ${o.maxEntrySize} byte limit`, UNSAFE);
  return { name, offset, size, type: kind };
}

/** Relative, normalised, inside the archive: no absolute paths, no '..', no NUL or backslash. */
function safeName(raw: string, file: string): string {
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.includes('\\') || raw.includes('\0')) {
    throw new ArchiveError(`archive ${file}: entry ${JSON.stringify(raw)} has an absolute or non-portable path: refused`, UNSAFE);
  }
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new ArchiveError(`archive ${file}: entry ${JSON.stringify(raw)} escapes the archive with "..": refused`, UNSAFE);
  return parts.join('/');
}
