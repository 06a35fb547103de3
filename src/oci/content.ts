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

export interface Fetcher {
  /** Streams the content; callers verify digest and size while reading. */
  fetch(d: Descriptor, c?: Ctx): Promise<Readable>;
}

export interface ReadOnlyStorage extends Fetcher {
  exists(d: Descriptor, c?: Ctx): Promise<boolean>;
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

export type Target = Storage & TagResolver;
export type ReadOnlyTarget = ReadOnlyStorage & Pick<TagResolver, 'resolve'>;
