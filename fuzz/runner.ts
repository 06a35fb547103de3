// The shared loop of the crash fuzzers: input `i` of a run comes from caseRng(seed, i) alone, is
// run through the target, and anything it throws that is not the target's own domain error is a
// crash (a broken property throws PropertyViolation, which is never a domain error). The same loop
// runs in-process under vitest and inside the watched worker of `npm run fuzz` (main.ts).
import { AirgapError, findCause, InternalError } from '../src/util/errors.js';
import { caseRng, type Rng } from './rng.js';

export interface FuzzTarget<I = unknown> {
  name: string;
  /** Inputs of a full run. */
  fullCount: number;
  /** Longer than this for one input is a hang (main.ts's watchdog). */
  timeoutMs: number;
  /** A longer limit for an input that is slow in Helm too (RSA key generation). */
  timeoutFor?(input: I): number;
  /** Loads what generate needs (seed files), once per process. */
  setup?(): Promise<void>;
  /** Removes what run left behind (temporary files), at the end of a run. */
  teardown?(): void;
  generate(r: Rng, index: number): I;
  /** Returns (or resolves) for a pass; throws for a failure, which isDomain then judges. */
  run(input: I): unknown;
  /** The error a user may see for a bad input (the module's own type, an AirgapError). */
  isDomain(e: unknown): boolean;
  /** The input, printable, for the crash report and the table test made from it. */
  describe(input: I): string;
}

/**
 * The domain error of most targets: an AirgapError that is not a bug report and has no JavaScript
 * fault on its cause chain, so a wrapper ("error calling X: ...") cannot hide a TypeError. Running
 * out of stack is the one RangeError the template engine turns into a template error on purpose.
 */
export function isCleanAirgapError(e: unknown): boolean {
  if (!(e instanceof AirgapError) || e instanceof InternalError) return false;
  const fault = (x: unknown) =>
    x instanceof TypeError || x instanceof ReferenceError || (x instanceof RangeError && !x.message.includes('Maximum call stack size exceeded'));
  return findCause(e, fault) === undefined;
}

/** A property the target checks broke (round trip, invariant): always a crash. */
export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

export interface Crash {
  index: number;
  error: string;
  stack: string;
  input: string;
}

export interface FuzzRunOptions {
  seed: number;
  /** First input index (a restarted worker resumes past a hang). */
  from?: number;
  count: number;
  /** Called before each input runs, with its index and time limit: the watchdog's heartbeat. */
  onStart?: (index: number, limitMs: number) => void;
  onCrash?: (c: Crash) => void;
  /** Called after each input that ended in the target's domain error. */
  onDomainError?: (index: number) => void;
  /** Untimed runs of each input first (a replay in a fresh worker: modules load, code warms up). */
  warmup?: number;
}

export interface FuzzRunResult {
  inputs: number;
  domainErrors: number;
  crashes: Crash[];
  slowest: { index: number; ms: number };
}

export async function runFuzz<I>(t: FuzzTarget<I>, o: FuzzRunOptions): Promise<FuzzRunResult> {
  const from = o.from ?? 0;
  await t.setup?.();
  const res: FuzzRunResult = { inputs: 0, domainErrors: 0, crashes: [], slowest: { index: -1, ms: 0 } };
  try {
    await runInputs(t, o, from, res);
  } finally {
    t.teardown?.();
  }
  return res;
}

async function runInputs<I>(t: FuzzTarget<I>, o: FuzzRunOptions, from: number, res: FuzzRunResult): Promise<void> {
  for (let i = from; i < from + o.count; i++) {
    const input = t.generate(caseRng(o.seed, i), i);
    for (let w = 0; w < (o.warmup ?? 0); w++) {
      o.onStart?.(i, 10 * (t.timeoutFor?.(input) ?? t.timeoutMs));
      await Promise.resolve()
        .then(() => t.run(input))
        .catch(() => undefined);
    }
    o.onStart?.(i, t.timeoutFor?.(input) ?? t.timeoutMs);
    const started = performance.now();
    try {
      const out = t.run(input);
      if (out instanceof Promise) await out;
    } catch (e) {
      if (t.isDomain(e)) {
        res.domainErrors++;
        o.onDomainError?.(i);
      } else {
        const c = crashOf(i, e, t.describe(input));
        res.crashes.push(c);
        o.onCrash?.(c);
      }
    }
    const ms = performance.now() - started;
    if (ms > res.slowest.ms) res.slowest = { index: i, ms };
    res.inputs++;
  }
}

function crashOf(index: number, e: unknown, input: string): Crash {
  const err = e instanceof Error ? e : new Error(`non-Error thrown: ${String(e)}`);
  return {
    index,
    error: `${err.name}: ${err.message}`.slice(0, 500),
    stack: (err.stack ?? '').split('\n').slice(1, 6).join('\n'),
    input,
  };
}

/** Crashes grouped by cause: the error's name and first stack frame. */
export function distinctCrashes(crashes: Crash[]): Crash[] {
  const seen = new Map<string, Crash>();
  for (const c of crashes) {
    const key = `${c.error.split(':')[0]} ${c.stack.split('\n')[0]?.trim()}`;
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}
