// The render budget: what one chart's render may spend, beyond anything Helm bounds. Helm renders
// whatever a chart asks; a tool that renders charts from the internet in CI must end a chart that
// doubles an include forty times, loops over a million keys or builds a gigabyte string, with an
// error that names the chart, the template and the limit, not JavaScript's "Invalid string length"
// or an out-of-memory abort. Renders are synchronous, so the budget of the render under way is a
// module-level slot (set by the engine around each chart render, read by the executor and by the
// few Sprig functions that can allocate much in one call).
//
// The budget counts work, never time: the optional search treats a render over budget as one that
// does not render, so a limit that depended on the clock made `images --optional` list different
// images on a loaded machine. Steps (nodes run, calls made, weighted by the bytes a call reads and
// makes, and by a fixed cost for the few slow calls) and bytes give the same verdict on any machine
// at any load. The wall clock stays only as a hang guard far above what the step limit allows; its
// trip is an error of the chart, never a render quietly left out (hangTrip).

import { TemplateError } from './errors.js';

export interface RenderLimits {
  /** Work of one chart's render, in steps (RenderBudget.tick). */
  maxSteps: number;
  /** Wall time of one chart's render: a hang guard only, far above what maxSteps allows. */
  timeoutMs: number;
  /** Bytes of template output written in one render (includes counted each time), and of any one string. */
  maxBytes: number;
}

/**
 * 2^25 steps: over 300 charts of the corpus the largest render takes 0.6M steps in
 * discovery (throwaway keys) and 6.3M in `template` (three RSA-4096 keys: etcd, apisix). A loop of
 * bare steps runs 2-4 million a second on the bench machine, so the limit ends a runaway render in
 * 8-17 s; the 300 s hang guard is further off than any load slows that.
 */
export const DEFAULT_RENDER_LIMITS: RenderLimits = { maxSteps: 2 ** 25, timeoutMs: 300_000, maxBytes: 256 * 1024 * 1024 };

/** Bytes of strings a call reads and makes that weigh as one step (a regexp over 2 MiB is 32,768). */
export const BYTES_PER_STEP = 64;

/** Nesting of if/range/with/block and parentheses the parser accepts (Go: 10000 parentheses, no bound on blocks). */
export const MAX_PARSE_NESTING = 500;

let limits: RenderLimits = DEFAULT_RENDER_LIMITS;

/** The process-wide limits (the CLI's --render-max-steps, --render-timeout and --render-max-bytes). */
export function setRenderLimits(l: Partial<RenderLimits>): void {
  limits = { ...DEFAULT_RENDER_LIMITS, ...l };
}

export function renderLimits(): RenderLimits {
  return limits;
}

/** A limit of the budget was reached; `limit` names the flag that raises it. */
export class RenderBudgetError extends TemplateError {
  /** The template whose work ran over (set by the executor). */
  where?: string;
  constructor(
    message: string,
    readonly limit: '--render-max-steps' | '--render-timeout' | '--render-max-bytes',
  ) {
    super(message, undefined, undefined, undefined, {
      code: limit === '--render-timeout' ? 'ERR_RENDER_TIMEOUT' : 'ERR_RENDER_BUDGET',
      hint: `a chart you trust may take more: raise ${limit} (a global flag; env HELM_AIRGAP_${limit.slice(2).toUpperCase().replaceAll('-', '_')}); one you do not is refusing to end`,
    });
  }
}

/**
 * What one generated document costs the budget, in bytes: its text is small, but a render's
 * documents are split, parsed and held as objects afterwards (300,000 ConfigMaps of 55 bytes took
 * 590 MB and 3,000,000 took 4.2 GB). 4 KiB allows 65,536 documents at the default 256Mi.
 */
export const DOCUMENT_BYTES = 4096;

/**
 * What one new key of a map a template builds (set) holds beside its key's text: V8 keeps a
 * dictionary entry, the key string's header and table slack, about 170 bytes measured for a
 * million keys; 128 plus the key ends a 10-million-key dict near 2 million keys, under 512 MiB.
 */
export const ENTRY_BYTES = 128;

export class RenderBudget {
  // steps, clockAt, written and maxBytes are read and counted by the executor itself on its
  // hottest paths (a call of tick or write per node cost 2-4% of a small render's instructions):
  // `if (++b.steps >= b.clockAt) b.tick(0)` and `if ((b.written += n) > b.maxBytes) b.write(0)`
  // do what tick(1) and write(n) do.
  steps = 0;
  clockAt = 256;
  written = 0;
  readonly maxBytes: number;
  private documentCount = 0;
  private built = 0;
  private readonly deadline: number;
  constructor(readonly limits: RenderLimits = renderLimits()) {
    this.deadline = Date.now() + limits.timeoutMs;
    this.maxBytes = limits.maxBytes;
  }

  /** `n` steps of work (one node or call, more for what a call reads and makes); the hang guard's clock is read every 256. */
  tick(n = 1): void {
    this.steps += n;
    if (this.steps < this.clockAt) return;
    if (this.steps > this.limits.maxSteps) {
      throw new RenderBudgetError(`the render took more than ${this.limits.maxSteps} steps (the render budget)`, '--render-max-steps');
    }
    this.clockAt = this.steps + 256;
    if (Date.now() > this.deadline) {
      hung = new RenderBudgetError(
        `the render ran for more than ${this.limits.timeoutMs / 1000} s after ${this.steps} steps (the render budget's hang guard; a render within --render-max-steps ends well before it)`,
        '--render-timeout',
      );
      throw hung;
    }
  }

  /** `n` more bytes of output. */
  write(n: number): void {
    this.written += n;
    if (this.written > this.limits.maxBytes) {
      throw new RenderBudgetError(`the render wrote more than ${this.limits.maxBytes} bytes (the render budget)`, '--render-max-bytes');
    }
  }

  /**
   * `n` more documents in the render's output: the `---` lines of the template text written (an
   * include's as it runs; a value printed, bounded by its own size, is not looked into).
   */
  documents(n: number): void {
    this.documentCount += n;
    const most = Math.floor(this.limits.maxBytes / DOCUMENT_BYTES);
    if (this.documentCount > most) {
      throw new RenderBudgetError(
        `the render made more than ${most} documents (the render budget: one for each ${DOCUMENT_BYTES} bytes of ${this.limits.maxBytes})`,
        '--render-max-bytes',
      );
    }
  }

  /** A new entry of `keyBytes` in a map the render builds; entries add up over the whole render. */
  entry(keyBytes: number): void {
    this.built += ENTRY_BYTES + keyBytes;
    if (this.built > this.limits.maxBytes) {
      throw new RenderBudgetError(`the maps the render built hold more than ${this.limits.maxBytes} bytes (the render budget)`, '--render-max-bytes');
    }
  }

  /** A string (or byte string) of `n` bytes is about to be made or was made. */
  string(n: number): void {
    if (n > this.limits.maxBytes) {
      throw new RenderBudgetError(`a value of ${n} bytes is larger than the render budget's ${this.limits.maxBytes}`, '--render-max-bytes');
    }
  }
}

let active: RenderBudget | null = null;

/** Runs `f` as one chart render under its own budget. */
export function withRenderBudget<T>(f: () => T, budget: RenderBudget = new RenderBudget()): T {
  const outer = active;
  active = budget;
  try {
    return f();
  } finally {
    active = outer;
  }
}

/** The budget of the render under way (a fresh one outside any render: a template run on its own). */
export function activeBudget(): RenderBudget | null {
  return active;
}

/** For functions that allocate `n` bytes at once (repeat, b64enc): refused before allocating. */
export function chargeString(n: number): void {
  active?.string(n);
}

/** For functions slow in one call (key generation, bcrypt): `steps` is about as long as the call takes. */
export function chargeSlowCall(steps: number): void {
  active?.tick(steps);
}

let hung: RenderBudgetError | null = null;

/**
 * The hang guard's last trip, taken (cleared). A search that tries renders and keeps those that
 * render (the optional search, probes) may absorb the error; whoever reports a chart asks here
 * after its renders, so a trip ends the chart with an error instead of leaving its output short.
 */
export function takeHangTrip(): RenderBudgetError | null {
  const h = hung;
  hung = null;
  return h;
}

/** For functions that add an entry to a map (set): counted against the render's bytes. */
export function chargeEntry(keyBytes: number): void {
  active?.entry(keyBytes);
}

/** Documents (YAML `---` separators at a line's start) in `text`, as Helm's split finds them. */
export function countDocuments(text: string): number {
  let n = text.startsWith('---') ? 1 : 0;
  for (let at = text.indexOf('\n---'); at >= 0; at = text.indexOf('\n---', at + 4)) n++;
  return n;
}
