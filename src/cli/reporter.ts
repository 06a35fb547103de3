import type { ProgressEvent } from '../util/ctx.js';
import { redactUserinfo } from '../util/secret.js';
import { printable, printableJson } from '../util/printable.js';
import { AirgapError, InternalError, PartialResultError, UsageError } from '../util/errors.js';
import { systemFailure, systemHint } from './system-errors.js';
import { formatPlainProgress, formatProgressLine, type ProgressTotals } from './progress-bar.js';
import { stdoutSink, type TextSink } from './stdio.js';

/** How often a plain progress line is printed without a TTY. */
const PLAIN_PROGRESS_MS = 5_000;

export type OutputFormat = 'text' | 'json' | (string & {});

export interface ReporterOptions {
  output: OutputFormat;
  quiet?: boolean;
  verbose?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  now?: () => number;
  /** The command that runs (`push`), so a usage error can point at its --help. */
  command?: string;
}

/**
 * The sole writer of stdout and stderr. With `-o json` exactly one document goes to stdout (the
 * report or an error); progress and logs always go to stderr: a bar on a TTY, plain lines elsewhere.
 */
export class Reporter {
  readonly output: OutputFormat;
  private readonly out: TextSink;
  private isTty?: boolean;
  private readonly now: () => number;
  private units = new Map<string, { label: string; total: number; sized: boolean; bytes: number; done: boolean; item: boolean }>();
  /** Items the run's plan announced (0: none, and every unit counts as one). */
  private planned = 0;
  private itemsStarted = 0;
  private itemsDone = 0;
  private firstByte = 0;
  private started = 0;
  private lastDraw = 0;
  private lastPlain = 0;
  private barShown = false;
  /** The last line logged, for saying where a run stood when it ended without finishing. */
  private lastLog?: string;

  constructor(private readonly opts: ReporterOptions) {
    this.output = opts.output;
    this.out = opts.stdout ?? stdoutSink();
    this.now = opts.now ?? Date.now;
  }

  /** Standard error, read when first written to (src/cli/stdio.ts says why). */
  private get err(): NonNullable<ReporterOptions['stderr']> {
    return this.opts.stderr ?? process.stderr;
  }

  /** Whether progress is drawn as a bar: stderr is a terminal, outside CI, unless --quiet. */
  private get tty(): boolean {
    this.isTty ??= Boolean(this.err.isTTY) && !process.env.CI && !this.opts.quiet;
    return this.isTty;
  }

  /** Bound so it can be handed to libraries as Ctx.onProgress. */
  readonly onProgress = (e: ProgressEvent): void => {
    if (e.type === 'log') return this.log(e.level, e.message);
    if (this.started === 0) this.started = this.now();
    if (e.type === 'plan') {
      this.planned += e.items;
      return;
    }
    if (e.type === 'start') {
      const item = Boolean(e.item);
      if (item && !this.units.get(e.id)?.item) this.itemsStarted++;
      this.units.set(e.id, { label: e.label, total: e.total ?? 0, sized: e.total !== undefined, bytes: 0, done: false, item });
    } else if (e.type === 'advance') {
      const u = this.units.get(e.id);
      if (u) u.bytes += e.bytes;
      if (this.firstByte === 0 && e.bytes > 0) this.firstByte = this.now();
    } else if (e.type === 'done') {
      const u = this.units.get(e.id);
      if (u) {
        if (u.item && !u.done) this.itemsDone++;
        u.done = true;
        if (u.total > u.bytes) u.bytes = u.total;
      }
      if (!this.tty && !this.opts.quiet && this.opts.verbose !== false) {
        const label = e.label ?? u?.label ?? e.id;
        if (this.opts.verbose || e.label) this.line(`${e.skipped ? 'present' : 'done'} ${label}`);
      }
    }
    if (this.tty) this.draw(e.type === 'done');
    else this.plain();
  };

  /** Without a TTY (CI), a plain progress line every few seconds while work goes on. */
  private plain(): void {
    if (this.opts.quiet || this.units.size === 0) return;
    const t = this.now();
    if (this.lastPlain === 0) this.lastPlain = this.started;
    if (t - this.lastPlain < PLAIN_PROGRESS_MS) return;
    this.lastPlain = t;
    this.line(formatPlainProgress(this.totals(t)));
  }

  private totals(t: number): ProgressTotals {
    let doneUnits = 0;
    let bytes = 0;
    let totalBytes = 0;
    let current: string | undefined;
    // An item without a size (an image whose blobs are still being found) keeps the total growing:
    // with no sized work left to measure by, an ETA would say 0 s, so the bar says "sizing…".
    let open = false;
    let sizedPending = false;
    for (const u of this.units.values()) {
      if (u.done) doneUnits++;
      else {
        current = u.label;
        if (!u.sized) open = true;
        else if (u.bytes < u.total) sizedPending = true;
      }
      bytes += u.bytes;
      totalBytes += Math.max(u.total, u.bytes);
    }
    // planned: the counts are of the plan's items, a total known from the start that never grows
    const counts =
      this.planned > 0 ? { doneUnits: this.itemsDone, totalUnits: Math.max(this.planned, this.itemsStarted) } : { doneUnits, totalUnits: this.units.size };
    return {
      ...counts,
      bytes,
      totalBytes,
      elapsedMs: t - this.started,
      current,
      sizing: open && !sizedPending,
      movingMs: this.firstByte === 0 ? 0 : t - this.firstByte,
      unstarted: this.planned > 0 ? Math.max(0, this.planned - this.itemsStarted) : 0,
    };
  }

  /**
   * Where the run stands: the units started and not done (an image, a chart, a blob), else the
   * last line logged; undefined before anything began.
   */
  step(): string | undefined {
    const open = [...this.units.values()].filter((u) => !u.done).map((u) => u.label);
    if (open.length > 0) return open.slice(0, 3).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
    return this.lastLog;
  }

  log(level: 'info' | 'warn' | 'debug', message: string): void {
    this.lastLog = message;
    if (level === 'debug' && !this.opts.verbose) return;
    if (level === 'info' && this.opts.quiet) return;
    const prefix = level === 'warn' ? 'warning: ' : '';
    this.line(prefix + message);
  }

  info(message: string): void {
    this.log('info', message);
  }

  warn(message: string): void {
    this.log('warn', message);
  }

  /** Prints the command's report: JSON as-is, or the lines `formatText` makes of it. */
  result<T>(report: T, formatText: (r: T) => string | string[]): void {
    this.clearBar();
    if (this.output === 'json') {
      this.out.write(printableJson(redactUserinfo(JSON.stringify(report, null, 2))) + '\n');
      return;
    }
    const text = formatText(report);
    const lines = printable(redactUserinfo(Array.isArray(text) ? text.join('\n') : text));
    if (lines.length > 0) this.out.write(lines.endsWith('\n') ? lines : lines + '\n');
  }

  /** Writes raw text to stdout (rendered manifests, generated files printed with -o -). */
  raw(text: string): void {
    this.clearBar();
    this.out.write(text);
  }

  error(err: unknown): void {
    this.clearBar();
    const reported = toReportedError(err, this.opts.command);
    // an error's text may carry what a server sent: nothing of it reaches the terminal raw
    const e = { ...reported, message: printable(redactUserinfo(reported.message)), hint: reported.hint && printable(redactUserinfo(reported.hint)) };
    // the JSON document goes to stdout; when stdout itself is what failed (a full disk), the error
    // is said on stderr as text instead
    let said = false;
    if (this.output === 'json') {
      // one JSON document: the error, with the partial report when the run ended partial
      const partial = err instanceof PartialResultError ? { report: err.report, failures: err.failures } : {};
      try {
        this.out.write(
          printableJson(redactUserinfo(JSON.stringify({ error: { code: e.code, message: e.message, hint: e.hint }, ...partial }, null, 2))) + '\n',
        );
        said = true;
      } catch {
        // said on stderr below
      }
    }
    let text = `Error: ${e.message}\n`;
    if (e.hint) text += `next: ${e.hint}\n`;
    // what --verbose promises: each cause with what the far side said, before the stack
    if (this.opts.verbose)
      text += causeLines(err)
        .map((l) => `${printable(redactUserinfo(l))}\n`)
        .join('');
    if (e.stack && (this.opts.verbose || e.internal)) text += e.stack + '\n';
    if (!said || this.opts.verbose) this.err.write(text);
  }

  finish(): void {
    this.clearBar();
  }

  private line(text: string): void {
    this.clearBar();
    this.err.write(printable(redactUserinfo(text)) + '\n');
    if (this.tty) this.draw(true);
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    if (this.units.size === 0) return;
    const width = this.err.columns ?? 100;
    const line = formatProgressLine(this.totals(t), width);
    this.err.write('\r\x1b[2K' + line);
    this.barShown = true;
  }

  private clearBar(): void {
    if (this.barShown) {
      this.err.write('\r\x1b[2K');
      this.barShown = false;
    }
  }
}

/**
 * The cause chain below an error, one line each: the name, the message, and what a server said
 * (HTTP status, error code, the request id AWS support asks for).
 */
export function causeLines(err: unknown): string[] {
  const out: string[] = [];
  let x = (err as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; x && depth < 10; depth++, x = (x as { cause?: unknown }).cause) {
    const c = x as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; statusCode?: number };
    const facts = [
      (c.$metadata?.httpStatusCode ?? c.statusCode) ? `HTTP ${c.$metadata?.httpStatusCode ?? c.statusCode}` : '',
      c.code && c.code !== c.name ? `code ${c.code}` : '',
      c.$metadata?.requestId ? `request id ${c.$metadata.requestId}` : '',
    ].filter(Boolean);
    const message = x instanceof Error ? (c.message ?? '') : String(x);
    out.push(`cause: ${c.name && x instanceof Error ? `${c.name}: ` : ''}${message.split('\n')[0]}${facts.length ? ` (${facts.join(', ')})` : ''}`);
  }
  return out;
}

interface ReportedError {
  code: string;
  message: string;
  hint?: string;
  stack?: string;
  internal: boolean;
}

function toReportedError(err: unknown, command?: string): ReportedError {
  const system = systemFailure(err);
  if (system && !(err instanceof InternalError)) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof AirgapError ? err.code : ((err as { code?: string }).code ?? 'ERR_SYSTEM');
    return { code, message: `${message}: ${system.why}`, hint: system.next, stack: (err as Error).stack, internal: false };
  }
  if (err instanceof InternalError) return { code: err.code, message: err.message, hint: err.hint, stack: err.stack, internal: true };
  // every error ends with a next: line; the closest one wins (the error's own, then its cause's kind)
  const help = `see helm airgap ${command ? `${command} ` : ''}--help for the flags and examples`;
  if (err instanceof AirgapError) {
    const hint =
      err.hint ??
      systemHint(err) ??
      (err instanceof UsageError || err.exitCode === 2
        ? help
        : err.exitCode === 3
          ? 'fix what is named above and re-run; what succeeded is kept'
          : 're-run with --verbose to see each cause (what each layer and the server said: HTTP status, error code, request id)');
    return { code: err.code, message: err.message, hint, stack: err.stack, internal: false };
  }
  if (err instanceof Error) {
    const hint = systemHint(err);
    return {
      code: (err as { code?: string }).code ?? 'ERR_UNEXPECTED',
      message: err.message,
      hint: hint ?? 'this looks like a bug in helm-airgap: re-run with --verbose and report the output',
      stack: err.stack,
      internal: false,
    };
  }
  return {
    code: 'ERR_UNEXPECTED',
    message: String(err),
    hint: 'this looks like a bug in helm-airgap: re-run with --verbose and report the output',
    internal: false,
  };
}
