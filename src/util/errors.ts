// One error family for the whole tool: a stable `code` for machines, an `exitCode` for the
// shell, and a `hint` that says what to do next. Library code throws these (wrapping causes
// with { cause }); only src/main.ts turns them into output and an exit status.

import { redactUserinfo } from './secret.js';

export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Partial: 3,
  /** 128 + the signal's number, as a shell reports a process a signal ended: SIGINT (Ctrl-C). */
  Interrupted: 130,
  /** SIGTERM (kill, a CI job's or Kubernetes' stop). */
  Terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface AirgapErrorOptions {
  code?: string;
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
}

export class AirgapError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code ?? 'ERR_AIRGAP';
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.Failure;
  }
}

export class UsageError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_USAGE', exitCode: ExitCode.Usage, ...opts });
  }
}

export class InvalidReferenceError extends AirgapError {
  /** The reference as given, any user:password@ in it redacted. */
  readonly reference: string;

  constructor(
    reference: string,
    readonly reason: string,
    opts: AirgapErrorOptions = {},
  ) {
    super(`invalid reference ${JSON.stringify(redactUserinfo(reference))}: ${reason}`, {
      code: 'ERR_INVALID_REFERENCE',
      hint: 'write references as [registry[:port]/]repository[:tag][@sha256:digest], e.g. quay.io/jetstack/cert-manager-controller:v1.17.2',
      ...opts,
    });
    this.reference = redactUserinfo(reference);
  }
}

export class DigestMismatchError extends AirgapError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    what: string,
    opts: AirgapErrorOptions = {},
  ) {
    super(`${what}: digest mismatch: expected ${expected}, got ${actual}`, {
      code: 'ERR_DIGEST_MISMATCH',
      hint: 'the content is corrupt or was tampered with; fetch it again from its source',
      ...opts,
    });
  }
}

export class ArchiveError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_ARCHIVE', ...opts });
  }
}

export class ChartError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_CHART', ...opts });
  }
}

/**
 * A chart's own check (required, fail) refused the render: `says` is its message, as the chart wrote
 * it; `at`, the template and line of the check (what guards it is read from there).
 */
export class ChartCheckError extends ChartError {
  constructor(
    message: string,
    readonly says: string,
    opts: AirgapErrorOptions = {},
    readonly at?: { template: string; line: number },
  ) {
    super(message, opts);
  }
}

export class EcrError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, { code: 'ERR_ECR', ...opts });
  }
}

/** Some items failed (under --keep-going, or hard-coded images found by `values`). */
export class PartialFailureError extends AirgapError {
  constructor(
    message: string,
    readonly failures: { item: string; error: string }[],
    opts: AirgapErrorOptions = {},
  ) {
    super(message, { code: 'ERR_PARTIAL', exitCode: ExitCode.Partial, ...opts });
  }
}

/** A bug in helm-airgap, not in the user's input: printed with its stack and a report link. */
export class InternalError extends AirgapError {
  constructor(message: string, opts: AirgapErrorOptions = {}) {
    super(message, {
      code: 'ERR_INTERNAL',
      hint: 'this is a bug in helm-airgap: please report it with the command you ran and this output',
      ...opts,
    });
  }
}

export class InterruptedError extends AirgapError {
  constructor(opts: AirgapErrorOptions & { message?: string } = {}) {
    super(opts.message ?? 'interrupted', { code: 'ERR_INTERRUPTED', exitCode: ExitCode.Interrupted, ...opts });
  }
}

/** Adds context in front of a message while keeping the original error as `cause`. */
export function wrapError(context: string, err: unknown): AirgapError {
  // an error that already starts with the context ("chart ./x: ...") is not prefixed twice
  if (err instanceof AirgapError && (err.message.startsWith(`${context}:`) || err.message.startsWith(`${context} `))) return err;
  if (err instanceof AirgapError) {
    const wrapped = new AirgapError(`${context}: ${err.message}`, {
      code: err.code,
      hint: err.hint,
      exitCode: err.exitCode,
      cause: err,
    });
    return wrapped;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AirgapError(`${context}: ${message}`, { cause: err });
}

/**
 * The first error on the cause chain (the error itself first) that `match` accepts. Every
 * "is this, or was it caused by, X" question goes through here; the depth bound keeps a
 * self-referencing chain from looping.
 */
export function findCause<T = unknown>(err: unknown, match: (x: unknown) => boolean, depth = 10): T | undefined {
  for (let x: unknown = err, i = 0; x && i < depth; x = (x as { cause?: unknown }).cause, i++) {
    if (match(x)) return x as T;
  }
  return undefined;
}

/** A failure with the partial result of the run that it ended (push, copy under --keep-going). */
export class PartialResultError<R> extends PartialFailureError {
  constructor(
    message: string,
    failures: { item: string; error: string }[],
    readonly report: R,
    opts: AirgapErrorOptions = {},
  ) {
    super(message, failures, opts);
  }
}
