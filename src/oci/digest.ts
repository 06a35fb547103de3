// Digests and the streaming verifier every byte passes through: size and sha256 are checked as
// the bytes flow, and the stream fails (instead of ending) when they do not match.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AirgapError, DigestMismatchError } from '../util/errors.js';
import type { Descriptor, Digest } from './content.js';
import type { ChunkCheck } from '../util/batched-file-writer.js';

const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const ENCODED: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

export class InvalidDigestError extends AirgapError {
  constructor(
    readonly digest: string,
    what: string,
  ) {
    super(`${what}: invalid digest ${JSON.stringify(digest)}`, {
      code: 'ERR_INVALID_DIGEST',
      hint: 'digests are written sha256:<64 lower-case hex characters>',
    });
  }
}

export class SizeMismatchError extends AirgapError {
  constructor(
    readonly expected: number,
    readonly actual: number,
    what: string,
  ) {
    super(`${what}: size mismatch: expected ${expected} bytes, got ${actual}${actual > expected ? ' or more' : ''}`, {
      code: 'ERR_SIZE_MISMATCH',
      hint: 'the content is truncated or does not belong to this descriptor; fetch it again from its source',
    });
  }
}

export interface ParsedDigest {
  algorithm: string;
  encoded: string;
}

/** Splits and validates a digest; only sha256 (and sha512) are accepted for content. */
export function parseDigest(d: string, what = 'digest'): ParsedDigest {
  const parsed = digestParts(d);
  if (!parsed) throw new InvalidDigestError(d, what);
  return parsed;
}

/**
 * A test, not a throw and a catch: every tag a sync or a copy names is asked this (is it a tag or a
 * digest?), and an error's stack cost more than the rest of the answer.
 */
export function isDigest(d: string): boolean {
  return digestParts(d) !== undefined;
}

function digestParts(d: string): ParsedDigest | undefined {
  const m = DIGEST_RE.exec(d);
  const check = m ? ENCODED[m[1]] : undefined;
  return m && check?.test(m[2]) ? { algorithm: m[1], encoded: m[2] } : undefined;
}

export function sha256Of(bytes: Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Throws DigestMismatchError / SizeMismatchError unless the bytes match the descriptor. */
export function verifyBytes(d: Pick<Descriptor, 'digest' | 'size'>, bytes: Uint8Array, what: string): void {
  if (bytes.length !== d.size) throw new SizeMismatchError(d.size, bytes.length, what);
  judgeDigest(d, what, createHash(parseDigest(d.digest, what).algorithm).update(bytes).digest('hex'), bytes.length);
}

/** Judges a digest computed over `bytes` bytes against the descriptor: its size, then its digest. */
export function judgeDigest(d: Pick<Descriptor, 'digest' | 'size'>, what: string, hex: string, bytes: number): void {
  if (bytes !== d.size) throw new SizeMismatchError(d.size, bytes, what);
  const actual = `${parseDigest(d.digest, what).algorithm}:${hex}`;
  if (actual !== d.digest) throw new DigestMismatchError(d.digest, actual, what);
}

export interface VerifierOptions {
  /** Bytes already verified-in-progress (resume): the hash must already cover them. */
  offset?: number;
  /** Hash state over the first `offset` bytes. */
  hash?: Hash;
  /**
   * Pass bytes on one chunk late, and the last one only once size and digest are right: a reader
   * that is sent the bytes as they come (serve's clients) never receives a whole wrong blob.
   */
  holdLast?: boolean;
  /** Count the bytes only: their source checked the digest already (see sourceChecked). */
  sizeOnly?: boolean;
}

/** Streams whose source vouches for their bytes, by the digest it vouches for. */
const vouched = new WeakMap<Readable, string>();

/**
 * Marks `stream` as carrying bytes its source has already checked are `d`'s (push's bundle, hashed
 * by the verify pass, then read again from files proven unchanged since): a consumer may count
 * them instead of hashing them a second time.
 */
export function vouchFor<T extends Readable>(stream: T, d: Pick<Descriptor, 'digest'>): T {
  vouched.set(stream, d.digest);
  return stream;
}

/** True when `stream`'s source vouched for its bytes being `d`'s (vouchFor). */
export function sourceChecked(stream: Readable, d: Pick<Descriptor, 'digest'>): boolean {
  return vouched.get(stream) === d.digest;
}

/**
 * The check createVerifier runs, for a writer that hashes in its own write (one stream hop less):
 * update throws SizeMismatchError as soon as more than `size` bytes arrived, end throws when size
 * or digest differ.
 */
export function createDigestCheck(d: Pick<Descriptor, 'digest' | 'size'>, what: string, o: VerifierOptions = {}): ChunkCheck {
  const { algorithm } = parseDigest(d.digest, what);
  const hash = o.sizeOnly ? undefined : (o.hash ?? createHash(algorithm));
  let seen = o.offset ?? 0;
  return {
    update(chunk) {
      seen += chunk.length;
      if (seen > d.size) throw new SizeMismatchError(d.size, seen, what);
      hash?.update(chunk);
    },
    end() {
      if (seen !== d.size) throw new SizeMismatchError(d.size, seen, what);
      if (hash) judgeDigest(d, what, hash.digest('hex'), seen);
    },
  };
}

/**
 * A pass-through Transform that hashes and counts; it fails as soon as more than `size` bytes
 * arrive, and at the end when size or digest differ. `what` names the content in errors.
 */
export function createVerifier(d: Pick<Descriptor, 'digest' | 'size'>, what: string, o: VerifierOptions = {}): Transform {
  const check = createDigestCheck(d, what, o);
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      try {
        check.update(chunk);
      } catch (e) {
        return cb(e as Error);
      }
      if (!o.holdLast) return cb(null, chunk);
      const out = held;
      held = chunk;
      cb(null, out);
    },
    flush(cb: TransformCallback) {
      try {
        check.end();
      } catch (e) {
        return cb(e as Error);
      }
      cb(null, held);
    },
  });
}
