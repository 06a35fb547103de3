// The content model every store speaks (registry repository, OCI layout, archive, memory).
// copyGraph and push see only these interfaces. Modelled on oras-go's content package.
import type { Readable } from 'node:stream';
import type { Ctx } from '../util/ctx.js';

export type { Ctx, ProgressEvent } from '../util/ctx.js';

/** "sha256:<64 hex>" (other algorithms are parsed but only sha256 is produced). */
export type Digest = string;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  urls?: string[];
}

/** Extra fetch controls; a store that cannot honour one ignores it only where stated. */
export interface FetchOptions {
  /**
   * Resume: the stream starts at this byte (HTTP Range `bytes=<offset>-` for registries). A
   * fetcher whose server ignores Range (200 instead of 206) must skip the leading bytes itself,
   * so the stream always starts exactly at `offset`.
   */
  offset?: number;
}

export interface Fetcher {
  /** Streams the content; callers verify digest and size while reading. */
  fetch(d: Descriptor, c?: Ctx, o?: FetchOptions): Promise<Readable>;
}

export interface ReadOnlyStorage extends Fetcher {
  exists(d: Descriptor, c?: Ctx): Promise<boolean>;
  /**
   * Checks the stored content against `d` (size and digest) without handing its bytes out, where
   * the storage can do that cheaper than a fetch read through a verifier; throws as fetch would.
   */
  verify?(d: Descriptor, c?: Ctx): Promise<void>;
}

export interface Storage extends ReadOnlyStorage {
  /** Verifies size and digest before the content becomes visible; already present = success. */
  push(d: Descriptor, body: Readable, c?: Ctx): Promise<void>;
}

export interface TagResolver {
  /** A tag, a digest or a full reference, as the store names things. */
  resolve(ref: string, c?: Ctx): Promise<Descriptor>;
  tag(d: Descriptor, ref: string, c?: Ctx): Promise<void>;
}

/** Optional: stores that keep a partial download expose where it stopped (copyGraph resumes). */
export interface ResumableStorage extends Storage {
  /** Bytes of `d` already stored in a partial file (0 when none). */
  partialSize(d: Descriptor, c?: Ctx): Promise<number>;
  /** Like push, but `body` starts at byte `offset` and continues the partial file. */
  pushFrom(d: Descriptor, body: Readable, offset: number, c?: Ctx): Promise<void>;
  /** Lets go of what partialSize reserved for a write that will not come (its source failed first). */
  releasePartial?(d: Descriptor): Promise<void>;
}

/** Optional: stores that write a manifest under a tag in one step (a registry's PUT by tag). */
export interface TaggedManifestPusher {
  pushManifest(d: Descriptor, bytes: Uint8Array, ref: string, c?: Ctx): Promise<void>;
}

export function canPushTagged(s: object): s is TaggedManifestPusher {
  return typeof (s as Partial<TaggedManifestPusher>).pushManifest === 'function';
}

/** Optional: stores that can list what refers to a subject (OCI 1.1 referrers API or fallback). */
export interface ReferrerLister {
  /** Descriptors of manifests whose `subject` is `d` (empty when none or unsupported). */
  referrers(d: Descriptor, c?: Ctx): Promise<Descriptor[]>;
}

export function isResumable(s: Storage): s is ResumableStorage {
  return typeof (s as Partial<ResumableStorage>).partialSize === 'function' && typeof (s as Partial<ResumableStorage>).pushFrom === 'function';
}

export function canListReferrers(s: object): s is ReferrerLister {
  return typeof (s as Partial<ReferrerLister>).referrers === 'function';
}

export type Target = Storage & TagResolver;
export type ReadOnlyTarget = ReadOnlyStorage & Pick<TagResolver, 'resolve'>;
