// What opening a bundle gives, whatever its shape (open.ts opens it; open-archive.ts and
// open-served.ts are its shapes), and what a served one is reached with.
import type { ReadOnlyTarget } from '../oci/content.js';
import type { BundleLock } from './lock.js';

export interface OpenedBundle {
  lock: BundleLock;
  /** The bundle's content: images and charts by digest and by name. */
  store: ReadOnlyTarget;
  /** What bulk copies read, after the whole bundle was verified (default: `store`). */
  bulkStore?: ReadOnlyTarget;
  /** The path as the user gave it, for messages. */
  where: string;
  /** The lock digest index.json recorded when the bundle was made (bundles since lock binding). */
  recordedLockDigest?: string;
  /** The store checks digests itself as it streams (the archive reader does). */
  verifiesDigests?: boolean;
  close(): Promise<void>;
}

/** What a bundle signature covers: the lock as stored, its signature and its SBOM, byte for byte. */
export interface SignedParts {
  where: string;
  lock: BundleLock;
  lockBytes: Buffer;
  /** The files' names as messages give them (path, or archive:entry). */
  names: { lock: string; signature: string; sbom?: string };
  signature?: Buffer;
  sbom?: Buffer;
}

/** Reads the lock, its signature and its SBOM from a bundle of any shape (read whole; each is small). */

export interface ServedSourceOptions {
  /** Hosts besides loopback reached over plain HTTP (--insecure-registry). */
  insecureHosts?: string[];
}
