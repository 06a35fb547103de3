// An OCI image layout directory as a Target: oci-layout, index.json, blobs/sha256/<hex>.
// Blobs land in a partial file outside blobs/ (so layout readers never see it), are verified
// while written and renamed into place; a partial that survives an interruption is resumed.
// Every file is opened through util/safe-fs.ts: regular files only, never waited on; a layout of the
// tool's own (`owned`: the cache, a stage) is checked to be the user's and reached through no link.
import { lstat, mkdir, rename, rm, stat, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ArchiveError } from '../util/errors.js';
import { fsyncDir, writeFileAtomic } from '../util/atomic-write.js';
import { hashFile, type PositionalRead } from '../util/hash-stream.js';
import { verifyBlob } from './verify-blob.js';
import { createBatchedFileWriter } from '../util/batched-file-writer.js';
import { LENT_BUFFER_SIZE } from '../util/lent-buffers.js';
import type { Ctx, Descriptor, FetchOptions, ResumableStorage, Target } from '../oci/content.js';
import { createDigestCheck, parseDigest } from '../oci/digest.js';
import { NotFoundError } from '../oci/not-found.js';
import { findIndexEntry, parseLayoutIndex, REF_NAME, type LayoutIndex } from './layout-index.js';
import { MediaType } from '../oci/media-types.js';
import { claimPartial, sweepDeadPartials, type PartialClaim } from './partial-claim.js';
import { NotRegularFileError, openRegular, ownFolder, readRegular } from '../util/safe-fs.js';

const PARTIAL_DIR = '.airgap-partial';

export class LayoutStore implements Target, ResumableStorage {
  private index: LayoutIndex;
  private indexWrite: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    index: LayoutIndex,
    private readonly owned: boolean,
  ) {
    this.index = index;
  }

  /**
   * Opens a layout; with `create`, makes an empty one when `dir` holds none. `owned`: a folder of
   * the tool's own (a cache, a stage), refused unless the user's alone (util/safe-fs.ts ownFolder),
   * whose files are never reached through a link; otherwise an input's links are followed.
   */
  static async open(dir: string, o: { create?: boolean; owned?: boolean } = {}): Promise<LayoutStore> {
    const indexPath = join(dir, 'index.json');
    const owned = Boolean(o.owned);
    // the levels blobs land in checked too: one another user may write is as open as the layout
    if (owned) ownFolder(dir, 'blobs', 'sha256');
    let text: string | undefined;
    try {
      text = await readRegular(indexPath, { encoding: 'utf8', followLinks: !owned });
    } catch (e) {
      if (e instanceof NotRegularFileError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !o.create) {
        throw new ArchiveError(`oci layout ${dir}: cannot read index.json`, {
          cause: e,
          hint: 'point at a directory written by helm airgap copy, skopeo copy oci:DIR or crane pull --format=oci',
        });
      }
    }
    if (text === undefined) {
      if (!owned) await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
      const empty: LayoutIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
      // side by side: each is synced with its folder, and the copy's first blob waits for both
      await Promise.all([
        writeFileAtomic(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' })),
        writeFileAtomic(indexPath, JSON.stringify(empty, null, 2) + '\n'),
      ]);
      return new LayoutStore(dir, empty, owned);
    }
    // what killed runs left: private partials and claims of processes that are gone
    await sweepDeadPartials(join(dir, PARTIAL_DIR));
    return new LayoutStore(dir, parseLayoutIndex(text, `oci layout ${dir}: index.json`), owned);
  }

  blobPath(digest: string): string {
    const { algorithm, encoded } = parseDigest(digest, `oci layout ${this.dir}`);
    return join(this.dir, 'blobs', algorithm, encoded);
  }

  /** This process's claim on each blob's partial file (see partial-claim.ts), until written or given up. */
  private readonly claims = new Map<string, Promise<PartialClaim>>();

  private claimFor(digest: string): Promise<PartialClaim> {
    let c = this.claims.get(digest);
    if (!c) {
      const { algorithm, encoded } = parseDigest(digest, `oci layout ${this.dir}`);
      c = this.partialDir().then((dir) => claimPartial(dir, `${algorithm}-${encoded}`));
      this.claims.set(digest, c);
    }
    return c;
  }

  private partials?: Promise<string>;

  /** The partial-download folder, made (and in an owned layout checked) once per store. */
  private partialDir(): Promise<string> {
    const dir = join(this.dir, PARTIAL_DIR);
    this.partials ??= this.owned ? Promise.resolve().then(() => ownFolder(this.dir, PARTIAL_DIR)) : mkdir(dir, { recursive: true }).then(() => dir);
    // a failed check or mkdir is tried again by the next claim
    this.partials.catch(() => (this.partials = undefined));
    return this.partials;
  }

  /** The open options of this layout's files: an owned layout's are reached through no link. */
  private get reading() {
    return { followLinks: !this.owned, hint: `remove it: the layout ${this.dir} holds blobs as regular files only` };
  }

  private async release(digest: string): Promise<void> {
    const c = this.claims.get(digest);
    this.claims.delete(digest);
    await (await c?.catch(() => undefined))?.release();
  }

  async exists(d: Descriptor): Promise<boolean> {
    try {
      const st = await (this.owned ? lstat : stat)(this.blobPath(d.digest));
      return st.size === d.size && (st.isFile() || !this.owned);
    } catch {
      return false;
    }
  }

  async fetch(d: Descriptor, _c?: Ctx, o?: FetchOptions): Promise<Readable> {
    const path = this.blobPath(d.digest);
    const fh = await openRegular(path, this.reading).catch((e: unknown) => {
      throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? this.#notFound(d, e) : e;
    });
    return fh.createReadStream({ start: o?.offset ?? 0, highWaterMark: 1 << 20 });
  }

  async push(d: Descriptor, body: Readable, c?: Ctx): Promise<void> {
    await this.write(d, body, 0, c);
  }

  #notFound(d: Descriptor, cause: unknown): NotFoundError {
    return new NotFoundError(`oci layout ${this.dir}: ${d.digest} not found`, { cause });
  }

  /** Checks a stored blob against `d` (verify-blob.ts says where it is hashed). */
  async verify(d: Descriptor, c?: Ctx): Promise<void> {
    const what = `oci layout ${this.dir}: ${d.digest}`;
    const fh = await openRegular(this.blobPath(d.digest), this.reading).catch((e: unknown) => {
      throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? this.#notFound(d, e) : e;
    });
    try {
      const read: PositionalRead = async (buf, length, pos) => (await fh.read(buf, 0, length, pos)).bytesRead;
      const size = (await fh.stat()).size;
      await verifyBlob(d, what, { read, size, ranges: () => [{ fd: fh.fd, pos: 0, length: size }] }, c?.signal);
    } finally {
      await fh.close();
    }
  }

  /**
   * Where an interrupted write of `d` can resume. A partial already as long as the blob (a run
   * killed between the last byte and the rename) is finished here: verified and renamed, or dropped
   * when its bytes are wrong; asking the source for `bytes=SIZE-` would only get a 416 forever.
   */
  async partialSize(d: Descriptor): Promise<number> {
    const claim = await this.claimFor(d.digest);
    if (!claim.shared) return 0;
    const partial = claim.path;
    let n: number;
    try {
      const st = await lstat(partial);
      // a link or FIFO planted at the partial's name is not resumed (a write would go where it
      // points): the name is freed, the blob fetched whole
      if (!st.isFile()) {
        await rm(partial, { force: true });
        return 0;
      }
      n = st.size;
    } catch {
      return 0;
    }
    if (n < d.size) return n;
    const { algorithm, encoded } = parseDigest(d.digest, `oci layout ${this.dir}`);
    if (n === d.size && (await hashFile(partial, algorithm, n)).digest('hex') === encoded) {
      await this.publish(partial, d.digest);
      await this.release(d.digest);
    } else await rm(partial, { force: true });
    return 0;
  }

  async pushFrom(d: Descriptor, body: Readable, offset: number, c?: Ctx): Promise<void> {
    await this.write(d, body, offset, c);
  }

  /** Gives up this process's claim on `d`'s partial (taken by partialSize) when no write follows. */
  async releasePartial(d: Descriptor): Promise<void> {
    if (!this.writing.has(d.digest)) await this.release(d.digest);
  }

  /** One writer per digest in this process: a second push of the same content waits, then finds it. */
  private readonly writing = new Map<string, Promise<void>>();

  private async write(d: Descriptor, body: Readable, offset: number, c?: Ctx): Promise<void> {
    for (let running = this.writing.get(d.digest); running; running = this.writing.get(d.digest)) await running.catch(() => undefined);
    const p = this.writeOnce(d, body, offset, c);
    this.writing.set(d.digest, p);
    try {
      await p;
    } finally {
      if (this.writing.get(d.digest) === p) this.writing.delete(d.digest);
    }
  }

  /**
   * A verified partial (its bytes already synced) takes its final name. The folder is synced once
   * before index.json names anything (tag), not per blob: a rename lost in a power cut only means
   * a blob to fetch again, never a partial one under its name.
   */
  private async publish(partial: string, digest: string): Promise<void> {
    await rename(partial, this.blobPath(digest));
    this.unsyncedRenames = true;
  }

  private unsyncedRenames = false;

  private async writeOnce(d: Descriptor, body: Readable, offset: number, _c?: Ctx): Promise<void> {
    if (await this.exists(d)) {
      body.destroy();
      await this.release(d.digest);
      return;
    }
    try {
      await this.writeClaimed(d, body, offset, (await this.claimFor(d.digest)).path);
    } finally {
      await this.release(d.digest);
    }
  }

  private async writeClaimed(d: Descriptor, body: Readable, offset: number, partial: string): Promise<void> {
    const what = `oci layout ${this.dir}: blob ${d.digest}`;
    const have = offset > 0 ? (await lstat(partial)).size : 0;
    if (have !== offset) throw new ArchiveError(`${what}: partial file holds ${have} bytes, cannot resume at ${offset}`);
    const hash = offset > 0 ? await hashFile(partial, parseDigest(d.digest).algorithm, offset) : undefined;
    // from zero: whatever holds the name (an old partial, something planted) goes, and the writer
    // makes the file anew, exclusively; a resumed one is opened with no link followed
    if (offset === 0) await rm(partial, { force: true });
    const check = createDigestCheck(d, what, { offset, hash });
    // the body goes to this writer alone, so its read buffers can be given back as they are written;
    // batches of two read buffers, not 1 MiB: a download holds the batch being written and one
    // queued behind it (bench/copy A, 11 runs: 70 MiB peak RSS, 73.6 with 1 MiB batches; batches of
    // one buffer took 5% more CPU, a thread-pool round trip per 256 KiB)
    const file = createBatchedFileWriter(partial, {
      append: offset > 0,
      position: offset,
      sync: true,
      check,
      givesBack: true,
      bufferSize: 2 * LENT_BUFFER_SIZE,
    });
    try {
      await pipeline(body, file);
    } catch (e) {
      // The writer flushes what it gathered on destroy; wait so the partial's size is final.
      if (!file.closed) await new Promise((r) => file.once('close', r));
      // Keep a partial that may be resumed; drop one whose bytes are proven wrong.
      if ((e as { code?: string }).code === 'ERR_DIGEST_MISMATCH' || (e as { code?: string }).code === 'ERR_SIZE_MISMATCH') await rm(partial, { force: true });
      throw e;
    }
    await this.publish(partial, d.digest);
  }

  async resolve(ref: string): Promise<Descriptor> {
    const d = findIndexEntry(this.index, ref, `oci layout ${this.dir}`);
    if (!d) throw new NotFoundError(`oci layout ${this.dir}: no image named ${JSON.stringify(ref)} in index.json`, { hint: this.namesHint() });
    return d;
  }

  /** Adds `d` to index.json under ref.name = ref (replacing that name); `d.annotations` are kept. */
  async tag(d: Descriptor, ref: string): Promise<void> {
    if (!(await this.exists(d))) throw new NotFoundError(`oci layout ${this.dir}: cannot name ${ref}: ${d.digest} is not stored`);
    const entry: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size, annotations: { ...d.annotations, [REF_NAME]: ref } };
    if (d.platform) entry.platform = d.platform;
    if (d.artifactType) entry.artifactType = d.artifactType;
    const next = this.indexWrite.then(async () => {
      if (this.unsyncedRenames) {
        this.unsyncedRenames = false;
        await fsyncDir(join(this.dir, 'blobs', parseDigest(d.digest).algorithm));
      }
      const manifests = this.index.manifests.filter((m) => m.annotations?.[REF_NAME] !== ref);
      manifests.push(entry);
      // Sorted by name so the same content always gives the same index.json (and archive).
      manifests.sort((a, b) => (a.annotations?.[REF_NAME] ?? '').localeCompare(b.annotations?.[REF_NAME] ?? ''));
      this.index = { ...this.index, manifests };
      await writeFileAtomic(join(this.dir, 'index.json'), JSON.stringify(this.index, null, 2) + '\n');
    });
    this.indexWrite = next.catch(() => undefined);
    await next;
  }

  /** Sets a top-level annotation of index.json (a property of the whole layout). */
  async annotate(key: string, value: string): Promise<void> {
    const next = this.indexWrite.then(async () => {
      this.index = { ...this.index, annotations: { ...this.index.annotations, [key]: value } };
      await writeFileAtomic(join(this.dir, 'index.json'), JSON.stringify(this.index, null, 2) + '\n');
    });
    this.indexWrite = next.catch(() => undefined);
    await next;
  }

  /** index.json's top-level annotations (a copy). */
  annotations(): Record<string, string> {
    return { ...this.index.annotations };
  }

  /** index.json entries (a copy). */
  entries(): Descriptor[] {
    return this.index.manifests.map((m) => ({ ...m }));
  }

  /** Removes the partial-download folder when nothing is left in it. */
  async tidy(): Promise<void> {
    for (const digest of [...this.claims.keys()]) await this.release(digest);
    await rmdir(join(this.dir, PARTIAL_DIR)).catch(() => undefined);
  }

  private namesHint(): string {
    const names = this.index.manifests.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
    return names.length ? `it holds: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : 'its index.json lists no named images';
  }
}
