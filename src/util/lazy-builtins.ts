// Node's own modules that only some runs need, loaded at their first use rather than at start:
// node:crypto is about 40 of Node's internal modules, 5% of the instructions of a `template` run
// (valgrind), and a render needs it only when a chart calls a Sprig hash, key or certificate
// function. The type imports stay static; only the module's loading waits.
// node:worker_threads too: only a verify of blobs large enough for a hashing lane starts a worker.
// node:http comes through require here too, though it is needed at once: an ES import of it makes
// Node build the module's ES view by reading every export, and three of them (WebSocket,
// CloseEvent, MessageEvent) are getters that load undici, Node's fetch: 13 MiB more RSS and
// ~25 ms of start for a command that never calls fetch (push's peak RSS 105 -> ~94 MiB).
import { createRequire } from 'node:module';

// any absolute path will do: Node's own modules resolve from everywhere
const load = createRequire('/');
let crypto: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  return (crypto ??= load('node:crypto') as typeof import('node:crypto'));
}

let http: typeof import('node:http') | undefined;

export function nodeHttp(): typeof import('node:http') {
  return (http ??= load('node:http') as typeof import('node:http'));
}

let workerThreads: typeof import('node:worker_threads') | undefined;

export function nodeWorkerThreads(): typeof import('node:worker_threads') {
  return (workerThreads ??= load('node:worker_threads') as typeof import('node:worker_threads'));
}
