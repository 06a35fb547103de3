// Node's own modules that only some runs need, loaded at their first use rather than at start:
// node:crypto is about 40 of Node's internal modules, 5% of the instructions of a `template` run
// (valgrind), and a render needs it only when a chart calls a Sprig hash, key or certificate
// function. The type imports stay static; only the module's loading waits.
import { createRequire } from 'node:module';

// any absolute path will do: Node's own modules resolve from everywhere
const load = createRequire('/');
let crypto: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  return (crypto ??= load('node:crypto') as typeof import('node:crypto'));
}
