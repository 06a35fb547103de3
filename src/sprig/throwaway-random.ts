// Randomness for renders that are read and thrown away (SprigOptions.throwawayKeys): a sequence
// seeded once per process and started over at each such render, so a template that draws the
// same random strings draws the same ones in every render of a chart. Its documents then repeat
// verbatim and their parse and image scan are found by text (the optional search renders a chart
// dozens of times; Bitnami charts make a random password per render). Still random per process.
import { nodeCrypto } from '../util/lazy-builtins.js';

// Seeded at the first throwaway render, not when Sprig loads: Node's crypto modules are 4-5% of the
// instructions of a `template`, which never throws a render away. From node:crypto, not
// globalThis.crypto: images and values have node:crypto loaded already (the code cache's MAC), and
// the Web Crypto modules on top of it cost another 0.8 ms of CPU.
let seed: number | undefined;
let state = 0;

function freshSeed(): number {
  return nodeCrypto().randomFillSync(new Uint32Array(1))[0]!;
}

/** The next render that throws its output away draws the same sequence as the last one. */
export function restartThrowawayRandom(): void {
  seed ??= freshSeed();
  state = seed;
}

/** Uniform in [0, 1): mulberry32, small and fast; these strings guard nothing. */
export function throwawayRandom(): number {
  if (seed === undefined) restartThrowawayRandom();
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A version 4 UUID drawn from the same sequence. */
export function throwawayUuid(): string {
  let hex = '';
  for (let i = 0; i < 32; i++) {
    let d = Math.floor(throwawayRandom() * 16);
    if (i === 12) d = 4;
    if (i === 16) d = 8 | (d & 3);
    hex += d.toString(16);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** For tests: a new process's seed. */
export function reseedThrowawayRandom(): void {
  seed = freshSeed();
  state = seed;
}
