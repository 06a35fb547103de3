// Copies the DAG under a root descriptor from one store to another: children before parents,
// bounded concurrency, each digest moved once per session even when many images share it
// (in-flight dedup), content already at the destination skipped, interrupted blobs resumed.
import { Readable } from 'node:stream';
import { logTo, type Ctx } from '../util/ctx.js';
import { DigestMismatchError, findCause } from '../util/errors.js';
import { CopyError, copyErrorOf, type CopySide } from './copy-error.js';
import { isTransient } from '../util/transient.js';
import { createPool, type Pool } from '../util/pool.js';
import { withRetry } from '../util/retry.js';
import { canListReferrers, canPushTagged, isResumable, type Descriptor, type Platform, type ReadOnlyStorage, type Storage } from './content.js';
import { fetchManifest, ManifestError } from './manifest.js';
import { isIndexType, isManifestType } from './media-types.js';
import { successorsUnder } from './platform-filter.js';
import {
  ArtifactManifestError,
  ArtifactRefused,
  chainOf,
  checkArtifactSizes,
  MAX_REFERRER_DEPTH,
  MAX_REFERRERS_PER_IMAGE,
  ReferrerCountError,
  ReferrerDepthError,
} from './referrer-bounds.js';

export interface CopySession {
  pool: Pool;
  /** destination+digest → the transfer (or skip) already under way; shared by every copyGraph in the session. */
  inflight: Map<string, Promise<void>>;
  /** A number per destination store object: the same digest must still reach two repositories. */
  ids: WeakMap<object, number>;
  stats: { copied: number; skipped: number; mounted: number; bytes: number };
}

let nextStoreId = 1;

export function createCopySession(concurrency = 8): CopySession {
  return { pool: createPool(concurrency), inflight: new Map(), ids: new WeakMap(), stats: { copied: 0, skipped: 0, mounted: 0, bytes: 0 } };
}

export interface CopyGraphOptions {
  /** Share one session across many roots so shared blobs move once (default: a new one). */
  session?: CopySession;
  concurrency?: number;
  /** Index children to keep; the index itself keeps its original bytes (see platform-filter.ts). */
  platforms?: Platform[];
  /** Also copy manifests whose subject is a copied manifest (needs a source that lists referrers). */
  withReferrers?: boolean;
  /**
   * The root is a signature or other artifact, named so in errors (a cosign tag, sha256-<hex>.sig):
   * its blobs are bounded as a referrer's.
   */
  artifact?: string;
  /** Return 'skip' to leave a node (and its subtree) out. */
  preCopy?: (d: Descriptor) => void | 'skip' | Promise<void | 'skip'>;
  postCopy?: (d: Descriptor) => void | Promise<void>;
  onSkipped?: (d: Descriptor) => void | Promise<void>;
  /**
   * Before a blob's HEAD at the destination: try to get it there without moving bytes (a
   * registry's cross-repository mount). True = now present; false = the HEAD, then the upload.
   */
  mount?: (d: Descriptor) => Promise<boolean>;
  /**
   * Push the root manifest under this tag where the destination can (one PUT that stores it by
   * digest too) instead of by digest and then tagged; the report says whether it was.
   */
  rootTag?: string;
  /** Which failures to retry (default: util/transient.ts). */
  isTransient?: (e: unknown) => boolean;
  retries?: number;
  ctx?: Ctx;
}

export interface CopyGraphReport {
  root: Descriptor;
  /** Platform manifests (and attestations) selected from an index; [root] for a single manifest. */
  selected: Descriptor[];
  /** Referrer manifests copied with --with-referrers. */
  referrers: Descriptor[];
  /** The root was pushed under `rootTag` (false when it was already there, or the store cannot). */
  tagged: boolean;
}

export async function copyGraph(src: ReadOnlyStorage, dst: Storage, root: Descriptor, o: CopyGraphOptions = {}): Promise<CopyGraphReport> {
  const session = o.session ?? createCopySession(o.concurrency ?? 8);
  const report: CopyGraphReport = { root, selected: [], referrers: [], tagged: false };
  const walker = new Walker(src, dst, session, o, report);
  await walker.node(root, true).catch((e: unknown) => Promise.reject(o.artifact ? refusedArtifact(o.artifact, e) : e));
  if (o.withReferrers) await walker.referrers(root);
  return report;
}

class Walker {
  /** Manifests this walk reached (by itself, not through another walk's in-flight copy): whose referrers to list. */
  private reached: Descriptor[] = [];

  constructor(
    private readonly src: ReadOnlyStorage,
    private readonly dst: Storage,
    private readonly s: CopySession,
    private readonly o: CopyGraphOptions,
    private readonly report: CopyGraphReport,
  ) {}

  /**
   * Copies one node once per session; concurrent callers share the same promise. `artifact`: the
   * node is a referrer or under one, whose blobs' declared sizes are bounded before they move.
   */
  node(d: Descriptor, isRoot = false, artifact = isRoot && this.o.artifact !== undefined): Promise<void> {
    const key = `${this.dstId()}/${d.digest}`;
    if (!isRoot || !isManifestType(d.mediaType)) {
      const running = this.s.inflight.get(key);
      if (running) return running;
    }
    const p = this.copyNode(d, isRoot, artifact);
    this.s.inflight.set(key, p);
    p.catch(() => this.s.inflight.delete(key));
    return p;
  }

  private dstId(): number {
    let id = this.s.ids.get(this.dst);
    if (id === undefined) {
      id = nextStoreId++;
      this.s.ids.set(this.dst, id);
    }
    return id;
  }

  private async copyNode(d: Descriptor, isRoot: boolean, artifact: boolean): Promise<void> {
    if ((await this.o.preCopy?.(d)) === 'skip') return;
    if (isManifestType(d.mediaType)) await this.copyManifest(d, isRoot, artifact);
    else await this.copyBlob(d);
  }

  private async copyManifest(d: Descriptor, isRoot: boolean, artifact: boolean): Promise<void> {
    const what = `manifest ${d.digest}`;
    // A present single manifest means its subtree is complete (children are pushed first).
    // Indexes are always walked: a sparse index may be present with other platforms missing.
    const present = await this.onSide('destination', what, () => this.dst.exists(d, this.o.ctx));
    if (present && !isIndexType(d.mediaType)) {
      if (isRoot) this.report.selected = [d];
      this.reached.push(d);
      await this.skipped(d);
      return;
    }
    // a differential bundle leaves an unchanged index to its base: present there, absent here
    if (present && !(await this.onSide('source', what, () => this.src.exists(d, this.o.ctx)))) {
      if (isRoot) this.report.selected = [d];
      return this.skipped(d);
    }
    this.reached.push(d);
    const m = await this.onSide('source', what, () => this.retry(() => this.s.pool.run(() => fetchManifest(this.src, d, what, this.o.ctx))));
    const children = successorsUnder(this.o.platforms)(m, what);
    if (artifact) checkArtifactSizes((isRoot && this.o.artifact) || `referrer ${d.digest}`, children);
    if (isRoot) this.report.selected = m.kind === 'index' ? children : [d];
    if (!(present && m.kind === 'manifest')) await allSettled(children.map((c) => this.node(c, false, artifact)));
    if (present) await this.skipped(d);
    else await this.pushBytes(d, m.raw, what, isRoot ? this.o.rootTag : undefined);
  }

  /**
   * The referrers of every manifest the walk reached, level by level: a referrer's own referrers
   * (a signature of an attestation) are the next level. Referrers are a graph anyone who can push
   * writes: a digest this walk already holds (the image listed as its own referrer, a cycle) is
   * skipped, and the levels and the total are bounded (referrer-bounds.ts). A node's copy never
   * waits on referrers, so no listing can make the walk wait on itself.
   */
  async referrers(root: Descriptor): Promise<void> {
    if (!canListReferrers(this.src)) return;
    const src = this.src;
    /** Manifests the walk holds (the image's, and each level's referrers and what is under them). */
    const held = new Set(this.reached.map((d) => d.digest));
    /** Referrers taken, one listed twice (under two platforms, twice in one answer) is carried once. */
    const taken = new Set<string>();
    /** referrer → the manifest it was listed for, to name a chain. */
    const subjectOf = new Map<string, string>();
    let level = this.reached;
    for (let depth = 1; level.length > 0; depth++) {
      this.reached = [];
      const lists = await Promise.all(
        level.map(async (d) => ({ d, list: await this.onSide('source', `referrers of ${d.digest}`, () => this.retry(() => src.referrers(d, this.o.ctx))) })),
      );
      const next: Descriptor[] = [];
      for (const { d, list } of lists)
        for (const r of list) {
          if (held.has(r.digest)) {
            logTo(this.o.ctx, 'warn', `the registry lists ${r.digest} as a referrer of ${d.digest}, which this copy already holds (a cycle): skipped`);
            continue;
          }
          if (taken.has(r.digest)) continue;
          taken.add(r.digest);
          subjectOf.set(r.digest, d.digest);
          if (depth > MAX_REFERRER_DEPTH) throw new ReferrerDepthError(root.digest, chainOf(r.digest, subjectOf));
          if (this.report.referrers.length >= MAX_REFERRERS_PER_IMAGE) throw new ReferrerCountError(root.digest);
          this.report.referrers.push(r);
          next.push(r);
        }
      await allSettled(next.map((r) => this.node(r, false, true).catch((e: unknown) => Promise.reject(refusedArtifact(`referrer ${r.digest}`, e)))));
      level = this.reached;
      for (const d of level) held.add(d.digest);
    }
  }

  private async pushBytes(d: Descriptor, raw: Uint8Array, what: string, tag?: string): Promise<void> {
    const dst = this.dst;
    const tagged = tag !== undefined && canPushTagged(dst);
    await this.onSide('destination', what, () =>
      this.retry(() =>
        this.s.pool.run(async () => {
          if (tagged) await dst.pushManifest(d, raw, tag, this.o.ctx);
          else await dst.push(d, Readable.from([Buffer.from(raw)]), this.o.ctx);
        }),
      ),
    );
    if (tagged) this.report.tagged = true;
    this.s.stats.copied++;
    await this.o.postCopy?.(d);
  }

  private async copyBlob(d: Descriptor): Promise<void> {
    const what = `blob ${d.digest}`;
    const mount = this.o.mount;
    // the mount before the HEAD: a registry mounts a blob the repository already holds as well, so
    // a blob the run can mount costs one request, not two
    if (mount && (await this.onSide('destination', `mount ${what}`, () => this.retry(() => mount(d))))) {
      this.s.stats.mounted++;
      return;
    }
    if (await this.onSide('destination', what, () => this.dst.exists(d, this.o.ctx))) return this.skipped(d);
    const ctx = this.o.ctx;
    const id = d.digest;
    ctx?.onProgress?.({ type: 'start', id, label: `${d.digest.slice(7, 19)} ${humanSize(d.size)}`, total: d.size });
    let resumedFrom = 0;
    let fromZero = false;
    await this.retry(
      () =>
        this.s.pool.run(async () => {
          const dst = this.dst;
          const offset = isResumable(dst) && !fromZero ? await dst.partialSize(d, ctx) : 0;
          // what partialSize reserved is the push's to let go of; without a push, ours
          const unreserve = () => (isResumable(dst) ? dst.releasePartial?.(d) : undefined);
          // partialSize finishes a partial that was already whole (killed before its rename)
          if (offset === 0 && isResumable(dst) && (await dst.exists(d, ctx))) return unreserve();
          resumedFrom = offset;
          if (offset > 0) logTo(ctx, 'debug', `resuming ${what} at byte ${offset}`);
          let body: Readable;
          try {
            body = await this.onSide('source', what, () => this.src.fetch(d, ctx, offset > 0 ? { offset } : undefined));
          } catch (e) {
            await unreserve();
            throw e;
          }
          const counted = withProgress(body, (n) => ctx?.onProgress?.({ type: 'advance', id, bytes: n }));
          // a push that failed on its body's own error failed at the source (a body longer than
          // its descriptor, a reset), not at the destination
          await this.onSide(
            'destination',
            what,
            () => (offset > 0 && isResumable(dst) ? dst.pushFrom(d, counted, offset, ctx) : dst.push(d, counted, ctx)),
            body,
          );
        }),
      // A resumed download that fails verification, or whose range the source refuses (416),
      // starts over from byte 0.
      (e) => {
        const restart = resumedFrom > 0 && (hasCause(e, DigestMismatchError) || findCause(e, (x) => (x as { status?: number }).status === 416) !== undefined);
        if (restart) fromZero = true;
        return restart;
      },
    );
    ctx?.onProgress?.({ type: 'done', id });
    this.s.stats.copied++;
    this.s.stats.bytes += d.size;
    await this.o.postCopy?.(d);
  }

  private async skipped(d: Descriptor): Promise<void> {
    this.s.stats.skipped++;
    await this.o.onSkipped?.(d);
  }

  private retry<T>(fn: () => Promise<T>, alsoRetry?: (e: unknown) => boolean): Promise<T> {
    const transient = this.o.isTransient ?? isTransient;
    return withRetry(fn, {
      retries: this.o.retries ?? 4,
      signal: this.o.ctx?.signal,
      isTransient: (e) => transient(e) || Boolean(alsoRetry?.(e)),
      retryAfterMs: retryAfterOf,
      onRetry: (e, attempt, ms) => logTo(this.o.ctx, 'debug', `retry ${attempt} in ${ms} ms: ${e instanceof Error ? e.message : String(e)}`),
    });
  }

  /** Names the side (source or destination) in errors, once, keeping retry-relevant causes. */
  private async onSide<T>(side: CopySide, what: string, fn: () => Promise<T>, body?: Readable): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (copyErrorOf(e)) throw e;
      if (body?.errored && body.errored === e) side = 'source';
      throw new CopyError(side === 'source' ? 'fetch' : 'push', side, what, e);
    }
  }
}

/**
 * Counts the bytes `body` produces, reported per MiB: the count rides on the stream's own push (every
 * Readable's bytes enter through it, whatever consumes them), not on a Transform, which was one
 * more stream hop and one more event per 64 KiB chunk. The 'done' event fills the rest.
 */
function withProgress(body: Readable, advance: (n: number) => void): Readable {
  const push = body.push;
  let owed = 0;
  body.push = function (chunk: unknown, encoding?: BufferEncoding): boolean {
    const n = (chunk as { length?: number } | null)?.length;
    if (typeof n === 'number') {
      owed += n;
      if (owed >= PROGRESS_STEP) {
        advance(owed);
        owed = 0;
      }
    }
    return push.call(this, chunk, encoding);
  };
  return body;
}

const PROGRESS_STEP = 1 << 20;

/**
 * Waits for every child, then fails with the first failure: a graph whose copy has failed has no
 * transfer left running (Promise.all failed at once while a sibling was still writing its partial
 * and holding its claim, which a caller or the next run then found half-done).
 */
async function allSettled(ps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(ps)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A signature or referrer whose manifest (or one under it) is not a manifest is refused as an artifact, not as the image. */
function refusedArtifact(what: string, e: unknown): unknown {
  const bad = findCause<ManifestError>(e, (x) => x instanceof ManifestError);
  return bad && !(e instanceof ArtifactRefused) ? new ArtifactManifestError(what, bad) : e;
}

/** A server's Retry-After (RegistryError.retryAfterMs), looked up the cause chain. */
function retryAfterOf(e: unknown): number | undefined {
  return findCause<{ retryAfterMs: number }>(e, (x) => typeof (x as { retryAfterMs?: unknown }).retryAfterMs === 'number')?.retryAfterMs;
}

function hasCause(e: unknown, type: abstract new (...a: never[]) => unknown): boolean {
  return findCause(e, (x) => x instanceof type) !== undefined;
}

export function humanSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
