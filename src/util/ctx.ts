// What every library call receives: a signal to stop and a sink for progress. Libraries never
// print; the CLI's reporter turns these events into bars (TTY), plain lines (CI) or nothing.

export type ProgressEvent =
  /**
   * A unit of work (a blob, an image, a chart) begins; `total` is in bytes when known; `item`: one
   * of the planned items the counts are of (a tag of a sync), not a part found inside one (a blob).
   */
  | { type: 'start'; id: string; label: string; total?: number; item?: boolean }
  /** The run's plan: how many items (`start` with `item`) it will do, known before the first starts. */
  | { type: 'plan'; items: number }
  /** Bytes moved for a unit already started. */
  | { type: 'advance'; id: string; bytes: number }
  /** A unit finished; `skipped` when it was already present (nothing moved). */
  | { type: 'done'; id: string; label?: string; skipped?: boolean }
  /** A human message; `debug` shows only under --verbose. */
  | { type: 'log'; level: 'info' | 'warn' | 'debug'; message: string };

export interface Ctx {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Network requests fail (as transient) after this long without a byte either way. */
  idleTimeoutMs?: number;
  /** A small exchange (token, manifest, tag page, HEAD, ECR API call) fails (as transient) when not over within this long. */
  exchangeTimeoutMs?: number;
  /** Extra attempts after a transient failure, for a registry request or an ECR or KMS API call (--retries). */
  retries?: number;
}

export function logTo(ctx: Ctx | undefined, level: 'info' | 'warn' | 'debug', message: string): void {
  ctx?.onProgress?.({ type: 'log', level, message });
}
