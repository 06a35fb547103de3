// Verifies a bundle before push sends a single byte: each lock entry names a layout entry with
// the digest the lock recorded, and every manifest and blob reachable from them hashes to its
// digest with its size. A bundle carried across an air gap on removable media is untrusted
// input; a tampered one must be refused whole, not half-pushed.
import { successorsUnder } from '../../oci/platform-filter.js';
import type { Manifest } from '../../oci/manifest.js';
import type { Platform } from '../../oci/content.js';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BundleLock } from '../../bundle/lock.js';
import { lockDigestProblem, lockNameProblems } from '../../bundle/lock-binding.js';
import type { Descriptor, ReadOnlyTarget } from '../../oci/content.js';
import { createVerifier } from '../../oci/digest.js';
import { fetchManifest, successors } from '../../oci/manifest.js';
import { isManifestType } from '../../oci/media-types.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError } from '../../util/errors.js';
import { linkedSignal } from '../../util/abort-fanout.js';
import { createPool, type Pool } from '../../util/pool.js';

export interface VerifyReport {
  manifests: number;
  blobs: number;
  bytes: number;
  /** Root descriptor of every lock entry, by layoutRef (push starts from these). */
  roots: Map<string, Descriptor>;
  /** Blob bytes were not read again (push-verify-cache hit). */
  cached: boolean;
  /** A differential bundle: per lock entry (layoutRef), what its base carried and it does not. */
  fromBase: Map<string, Descriptor[]>;
}

export class BundleVerifyError extends AirgapError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'ERR_BUNDLE_TAMPERED',
      hint: 'the bundle is damaged or was altered after `helm airgap bundle` made it: copy it again from the source side (and compare its sha256); nothing was pushed',
      cause,
    });
  }
}

export interface VerifyOptions {
  concurrency?: number;
  /** The source hashes what it streams (ArchiveReader): read through it without hashing twice. */
  sourceVerifies?: boolean;
  /** Blobs only checked for presence and size (the file was fully verified before, unchanged since). */
  presenceOnly?: boolean;
  /** The lock digest index.json recorded at bundle time (OpenedBundle.recordedLockDigest). */
  recordedLockDigest?: string;
  /** The bundle's --platform selection (lock.platforms): children of a kept index left out are not expected. */
  platforms?: Platform[];
  ctx?: Ctx;
}

/** A differential bundle's base content: what may be absent from the layout (the target must hold it). */
export function baseContent(lock: BundleLock): ReadonlySet<string> | undefined {
  return lock.base && lock.content ? new Set(lock.content) : undefined;
}

export async function verifyBundle(src: ReadOnlyTarget, lock: BundleLock, where: string, o: VerifyOptions = {}): Promise<VerifyReport> {
  const c = o.ctx;
  const report: VerifyReport = { manifests: 0, blobs: 0, bytes: 0, roots: new Map(), cached: Boolean(o.presenceOnly), fromBase: new Map() };
  const base = baseContent(lock);
  const seen = new Map<string, Promise<void>>();
  const absent = new Map<string, Promise<boolean>>();
  const pool = createPool(o.concurrency ?? 8);
  const entries = [
    ...lock.images.map((i) => ({ label: `image ${i.ref}`, layoutRef: i.layoutRef, digest: i.digest })),
    ...lock.images.flatMap((i) =>
      (i.artifacts ?? []).map((a) => ({ label: `${a.tag ?? 'referrer'} ${a.digest} of ${i.ref}`, layoutRef: a.layoutRef, digest: a.digest })),
    ),
    ...lock.charts.map((ch) => ({ label: `chart ${ch.name}:${ch.version}`, layoutRef: ch.layoutRef, digest: ch.manifestDigest })),
    ...lock.charts.flatMap((ch) =>
      (ch.artifacts ?? []).map((a) => ({
        label: `${a.tag ?? 'referrer'} ${a.digest} of chart ${ch.name}:${ch.version}`,
        layoutRef: a.layoutRef,
        digest: a.digest,
      })),
    ),
  ];
  // Names and the lock's own digest before any byte is hashed: an edited lock is named as such.
  const misnamed = lockNameProblems(lock);
  if (misnamed.length > 0) throw new BundleVerifyError(`${where}: ${misnamed.slice(0, 5).join('; ')}${misnamed.length > 5 ? '; …' : ''}`);
  for (const e of entries) {
    const root = await resolveRoot(src, e.layoutRef, `${where}: ${e.label}`, c);
    if (root.digest !== e.digest) {
      throw new BundleVerifyError(`${where}: ${e.label}: the lock records ${e.digest} but the layout's index.json names ${root.digest}`);
    }
    report.roots.set(e.layoutRef, root);
  }
  const edited = lockDigestProblem(lock, o.recordedLockDigest);
  if (edited) throw new BundleVerifyError(`${where}: ${edited}`);
  await Promise.all(
    entries.map(async (e) => {
      const root = report.roots.get(e.layoutRef)!;
      await walk(src, root, `${where}: ${e.label}`, {
        seen,
        pool,
        report,
        c,
        blobCheck: o.presenceOnly ? 'presence' : o.sourceVerifies ? 'read' : 'hash',
        successors: successorsUnder(o.platforms),
        owner: e.layoutRef,
        ...(base ? { base, absent } : {}),
      });
    }),
  );
  return report;
}

async function resolveRoot(src: ReadOnlyTarget, ref: string, what: string, c?: Ctx): Promise<Descriptor> {
  try {
    return await src.resolve(ref, c);
  } catch (e) {
    throw new BundleVerifyError(`${what}: not in the bundle's index.json (${ref})`, e);
  }
}

interface WalkState {
  seen: Map<string, Promise<void>>;
  pool: Pool;
  report: VerifyReport;
  blobCheck: 'hash' | 'read' | 'presence';
  successors: (m: Manifest, what: string) => Descriptor[];
  c?: Ctx;
  /** The lock entry this walk serves. */
  owner: string;
  base?: ReadonlySet<string>;
  absent?: Map<string, Promise<boolean>>;
}

async function walk(src: ReadOnlyTarget, d: Descriptor, what: string, s: WalkState): Promise<void> {
  if (s.base?.has(d.digest) && s.absent) {
    let gone = s.absent.get(d.digest);
    if (!gone) {
      gone = src.exists(d, s.c).then((x) => !x);
      s.absent.set(d.digest, gone);
    }
    if (await gone) {
      // carried by the base bundle: the target must already hold it (push checks, per repository)
      const list = s.report.fromBase.get(s.owner) ?? [];
      if (!list.some((x) => x.digest === d.digest)) list.push(d);
      s.report.fromBase.set(s.owner, list);
      return;
    }
  }
  const running = s.seen.get(d.digest);
  if (running) return running;
  const p = isManifestType(d.mediaType) ? walkManifest(src, d, what, s) : verifyBlob(src, d, what, s);
  s.seen.set(d.digest, p);
  return p;
}

async function walkManifest(src: ReadOnlyTarget, d: Descriptor, what: string, s: WalkState): Promise<void> {
  const m = await s.pool.run(() => guard(`${what}: manifest ${d.digest}`, () => fetchManifest(src, d, `${what}: manifest ${d.digest}`, s.c)));
  s.report.manifests++;
  s.report.bytes += d.size;
  await Promise.all(s.successors(m, what).map((child) => walk(src, child, what, s)));
}

async function verifyBlob(src: ReadOnlyTarget, d: Descriptor, what: string, s: WalkState): Promise<void> {
  const label = `${what}: blob ${d.digest}`;
  await s.pool.run(() =>
    guard(label, async () => {
      if (s.blobCheck === 'presence') {
        if (!(await src.exists(d, s.c))) throw new BundleVerifyError(`${label}: missing, or not ${d.size} bytes`);
        return;
      }
      // the storage's own check hashes in place: right for 'read' too (its fetch would verify anyway)
      if (src.verify) return await src.verify(d, s.c);
      const body = await src.fetch(d, s.c);
      const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
      const linked = linkedSignal(s.c?.signal);
      try {
        if (s.blobCheck === 'hash') await pipeline(body, createVerifier(d, label), sink, { signal: linked.signal });
        else await pipeline(body, sink, { signal: linked.signal });
      } finally {
        linked.done();
      }
    }),
  );
  s.report.blobs++;
  s.report.bytes += d.size;
}

/** Any failure to read or verify content is a damaged bundle (missing blob, wrong bytes, bad size). */
async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BundleVerifyError || (e instanceof AirgapError && e.code === 'ERR_INTERRUPTED')) throw e;
    throw new BundleVerifyError(`${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}
