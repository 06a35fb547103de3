// What an execution of a template carries from start to end (text/template's state that outlives
// one statement): the options a caller gives, the context functions receive, and the state a
// top-level execution shares with every template it calls.
import { activeBudget, type RenderBudget } from './budget.js';
import type { TemplateSet } from './template-set.js';
import { Tracker, type Observer } from './track.js';

export type GoFunc = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
export type MissingKey = 'zero' | 'default' | 'error';

/** What a context function (TemplateSetOptions.contextFuncs) receives first: the running execution. */
export interface ExecContext {
  /** The set whose template is executing (for Helm's tpl: clone it, parse, then execute in the clone). */
  readonly set: TemplateSet;
  /** Name of the template executing now (the innermost define or file). */
  readonly templateName: string;
  /** Nesting depth of {{template}} and execute() calls in this execution (0 at the top). */
  readonly depth: number;
  /** Per-top-level-execution scratch space (e.g. Helm's include counters). */
  readonly scratch: Map<unknown, unknown>;
  /** Runs template `name` of `set` (default: this set) in this execution: shares the depth bound and provenance hook. */
  execute(name: string, data: unknown, set?: TemplateSet): string;
}

export interface ExecuteOptions {
  /** Called with the path from the data root (['Values','image','tag']) for every scalar a template reads. */
  onValueRead?: (path: readonly string[], value: unknown) => void;
  /** Told everything the template learns of its data (reads, whole uses, emptiness), by path from the data root. */
  observe?: Observer;
  /**
   * The keys under the data root whose containers the hook and the observer follow (all when
   * unset): a chart render asks about .Values (and .Subcharts) only, and following .Chart,
   * .Release and .Capabilities as well cost a lookup and a note per read of theirs.
   */
  follow?: readonly string[];
  /** Maximum nesting of {{template}}/include (default 1000). */
  maxDepth?: number;
  /** Remove every "<no value>" from the result, as Helm does to each rendered file. */
  removeNoValue?: boolean;
}

/** State shared by a top-level execution and every template it calls. */
export class Execution {
  depth = 0;
  readonly scratch = new Map<unknown, unknown>();
  readonly maxDepth: number;
  readonly tracker: Tracker | null;
  /** Where the JavaScript stack ran out (runaway recursion), for the error message. */
  overflow: { template: string; depth: number } | null = null;
  /** The chart render's budget (budget.ts); a template run on its own has none. */
  readonly budget: RenderBudget | null = activeBudget();
  constructor(opts: ExecuteOptions, root: unknown) {
    this.maxDepth = opts.maxDepth ?? 1000;
    this.tracker = opts.onValueRead || opts.observe ? new Tracker(opts.onValueRead ?? null, root, opts.observe ?? null, opts.follow) : null;
  }
}
