// Hashing large byte ranges of open files on worker threads as well as the main thread. Verifying a
// bundle before push sends a byte is SHA-256 of every byte, bound by one core (OpenSSL here: ~1.7
// GB/s) while the others idle: a 486 MiB bundle's check took ~0.3 s of hashing on one core. Each
// range takes the first free lane, the main thread's or a worker's (started once enough bytes wait
// to repay its start), and waits for one when all are busy: the main thread then hashes one blob at
// a time instead of all it was handed side by side, so lanes free up as blobs finish, and a worker
// is never left idle waiting for a batch the main thread is still interleaving. A worker reads with
// its own buffer through the file descriptors it is given (they are the process's, not the
// thread's): the bytes never cross between threads, only the digest does.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from './lazy-builtins.js';

/** Bytes [pos, pos + length) of the open file `fd`. */
export interface FdRange {
  fd: number;
  pos: number;
  length: number;
}

export interface RangeDigest {
  /** The hash of the bytes read, lowercase hex. */
  hex: string;
  /** How many bytes were read: fewer than asked when a file ended early. */
  bytes: number;
}

/** Ranges smaller than this are hashed at once where they are asked for: a worker's round trip would cost more. */
export const LANE_MIN_BYTES = 1 << 20;
/**
 * Ranges the main thread hashes at a time. One: each then runs at full speed and frees its lane
 * early; with two side by side, the main thread took twice a worker's share of the blobs at half
 * the speed each (bench/push's bundle: 204 ms of hashing there against the worker's 109).
 */
const HERE_SLOTS = 1;
/** Lanes beside the main thread: one per further core, at most this many. */
const MAX_LANES = 3;
/**
 * Bytes waiting for a lane that start a worker: a worker costs ~40 ms and ~50 ms of CPU to start
 * (a Node environment of its own; `new Worker` of an empty script against none, here), what the
 * main thread hashes ~70 MiB in. A bundle of a few small layers never starts one.
 */
const START_BYTES = 64 << 20;
let startBytes = START_BYTES;
/** A lane idle this long is ended, so that a run's later phases do not carry its memory. */
const IDLE_MS = 250;

// Runs in the worker: CommonJS evaluated from this text, so that the one-file executables need no
// file beside them. Reads are synchronous: the worker has nothing else to do while it hashes.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafeSlow(1 << 20);
parentPort.on('message', ({ algorithm, ranges }) => {
  try {
    const hash = createHash(algorithm);
    let bytes = 0;
    outer: for (const r of ranges) {
      for (let at = 0; at < r.length; ) {
        const n = readSync(r.fd, buf, 0, Math.min(buf.length, r.length - at), r.pos + at);
        if (n === 0) break outer;
        hash.update(n === buf.length ? buf : buf.subarray(0, n));
        at += n;
        bytes += n;
      }
    }
    parentPort.postMessage({ hex: hash.digest('hex'), bytes });
  } catch (e) {
    parentPort.postMessage({ error: { message: String(e && e.message || e), code: e && e.code, syscall: e && e.syscall } });
  }
});
`;

interface Lane {
  worker: Worker;
  busy: boolean;
  idle?: NodeJS.Timeout;
}

const lanes: Lane[] = [];
let laneCount: number | undefined;
/** Set once a worker failed as a worker (it could not start, or died): the main thread hashes all from then on. */
let unavailable = false;
let hereBusy = 0;
/** Ranges waiting for a lane, first come first served, and their bytes. */
const waiting: (() => void)[] = [];
let waitingBytes = 0;

function maxLanes(): number {
  laneCount ??= Math.max(0, Math.min(MAX_LANES, availableParallelism() - 1));
  return laneCount;
}

/**
 * Worker lanes beside the main thread from now on (default: one per further core, at most 3; 0:
 * the main thread alone), and the bytes waiting that start one (default START_BYTES).
 */
export function setLaneLimit(n: number, o: { startBytes?: number } = {}): void {
  laneCount = n;
  startBytes = o.startBytes ?? START_BYTES;
  for (const lane of lanes.filter((l) => !l.busy)) end(lane);
}

/** Workers running now (idle ones end IDLE_MS after their last range). */
export function lanesRunning(): number {
  return lanes.length;
}

/**
 * A worker lane free now, or one started for `waiting` bytes if there is room for one more and they
 * repay its start; else undefined.
 */
function freeLane(waiting: number): Lane | undefined {
  if (unavailable) return undefined;
  const idle = lanes.find((l) => !l.busy);
  if (idle && lanes.length <= maxLanes()) return idle;
  if (lanes.length >= maxLanes() || waiting < startBytes) return undefined;
  try {
    const lane: Lane = { worker: new (nodeWorkerThreads().Worker)(WORKER_SOURCE, { eval: true }), busy: false };
    lane.worker.unref();
    // a worker that dies outside a job takes the lanes out of use (in a job, the job does)
    lane.worker.on('error', () => {
      if (!lane.busy) broken(lane);
    });
    lanes.push(lane);
    return lane;
  } catch {
    unavailable = true;
    return undefined;
  }
}

function broken(lane: Lane): void {
  unavailable = true;
  drop(lane);
  void lane.worker.terminate().catch(() => undefined);
}

function drop(lane: Lane): void {
  const i = lanes.indexOf(lane);
  if (i >= 0) lanes.splice(i, 1);
  clearTimeout(lane.idle);
}

function end(lane: Lane): void {
  if (lane.busy) return;
  drop(lane);
  void lane.worker.terminate().catch(() => undefined);
}

/** The next waiting range may take the lane just freed. */
function wakeNext(): void {
  waiting.shift()?.();
}

/**
 * Hashes `ranges` (in order, with `algorithm`: sha256, sha512) on the first free lane: the main
 * thread's, where `here` runs (it hashes and judges the bytes itself) and undefined is returned, or
 * a worker's, whose digest is returned. Small ranges run `here` at once. A worker's read error rejects
 * with the error's message and code; a worker that fails as a worker hands its range to `here`.
 * The descriptors must stay open until the promise settles; on `signal` a worker is ended before
 * the promise rejects, so nothing reads them after.
 */
export async function digestRanges(ranges: FdRange[], algorithm: string, here: () => Promise<void>, signal?: AbortSignal): Promise<RangeDigest | undefined> {
  const total = ranges.reduce((n, r) => n + r.length, 0);
  if (total < LANE_MIN_BYTES) return void (await here());
  for (;;) {
    if (signal?.aborted) {
      // a lane freed for this range goes to the next one instead
      wakeNext();
      signal.throwIfAborted();
    }
    if (hereBusy < HERE_SLOTS) {
      hereBusy++;
      try {
        return void (await here());
      } finally {
        hereBusy--;
        wakeNext();
      }
    }
    const lane = freeLane(waitingBytes + total);
    if (lane) {
      const got = await onWorker(lane, ranges, algorithm, signal).finally(wakeNext);
      if (got) return got;
      return void (await here());
    }
    waitingBytes += total;
    await new Promise<void>((resolve) => waiting.push(resolve));
    waitingBytes -= total;
  }
}

/** The worker's digest of `ranges`; undefined when it failed as a worker. */
function onWorker(lane: Lane, ranges: FdRange[], algorithm: string, signal?: AbortSignal): Promise<RangeDigest | undefined> {
  lane.busy = true;
  clearTimeout(lane.idle);
  lane.worker.ref();
  return new Promise<RangeDigest | undefined>((resolve, reject) => {
    const done = () => {
      lane.worker.off('message', onMessage);
      lane.worker.off('error', onFailure);
      lane.worker.off('exit', onFailure);
      signal?.removeEventListener('abort', onAbort);
    };
    const onMessage = (m: { hex?: string; bytes?: number; error?: { message: string; code?: string; syscall?: string } }) => {
      done();
      lane.busy = false;
      lane.worker.unref();
      lane.idle = setTimeout(() => end(lane), IDLE_MS).unref();
      if (m.error)
        return reject(
          Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}, m.error.syscall ? { syscall: m.error.syscall } : {}),
        );
      resolve({ hex: m.hex!, bytes: m.bytes! });
    };
    const onFailure = () => {
      done();
      broken(lane);
      resolve(undefined);
    };
    const onAbort = () => {
      done();
      drop(lane);
      // ended before the rejection: nothing reads the descriptors once the caller goes on to close them
      void lane.worker.terminate().then(
        () => reject(signal!.reason),
        () => reject(signal!.reason),
      );
    };
    lane.worker.on('message', onMessage);
    lane.worker.on('error', onFailure);
    lane.worker.on('exit', onFailure);
    signal?.addEventListener('abort', onAbort, { once: true });
    lane.worker.postMessage({ algorithm, ranges });
  });
}
