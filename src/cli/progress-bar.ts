// Aggregated progress for a TTY: one redrawn line with bytes, rate and ETA over every unit of
// work in flight. Pure formatting lives here; the reporter owns the stream.

export interface ProgressTotals {
  doneUnits: number;
  totalUnits: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
  current?: string;
  /** Some unit in flight has no size yet: the byte total is still growing, so no ETA can be told. */
  sizing?: boolean;
  /** Since the first byte moved (a plan or a listing before it is not transfer time); elapsedMs if absent. */
  movingMs?: number;
  /** Planned items not started yet: their bytes are in no total, so an ETA goes by items. */
  unstarted?: number;
}

/** How long bytes must have moved before their rate is told, and an ETA from it. */
export const RATE_KNOWN_MS = 2000;

/** Bytes a second since the first byte; undefined until RATE_KNOWN_MS of it. */
export function rateOf(t: ProgressTotals): number | undefined {
  const ms = t.movingMs ?? t.elapsedMs;
  return ms >= RATE_KNOWN_MS && t.bytes > 0 ? (t.bytes * 1000) / ms : undefined;
}

/**
 * The time left, or why none is told: 'sizing' while a unit in flight has no size, undefined
 * before a rate is known. With planned items not started, by items done so far (their bytes are
 * in no total: a byte ETA said 0 s with half the tags left); else by bytes left at the rate.
 */
export function etaOf(t: ProgressTotals): number | 'sizing' | undefined {
  const rate = rateOf(t);
  if (rate === undefined) return undefined;
  if (t.unstarted) {
    if (t.doneUnits === 0) return undefined;
    return ((t.movingMs ?? t.elapsedMs) / t.doneUnits) * (t.totalUnits - t.doneUnits);
  }
  if (t.sizing) return 'sizing';
  return t.totalBytes > t.bytes ? ((t.totalBytes - t.bytes) / rate) * 1000 : undefined;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${UNITS[i]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function formatProgressLine(t: ProgressTotals, width: number): string {
  // while planned items have not started (or one in flight has no size), the byte total covers only
  // part of the work: the bar goes by items then (7 of 57 tags is not a full bar, however many bytes)
  const partial = Boolean(t.unstarted) || Boolean(t.sizing);
  const byItems = t.totalUnits > 0 ? t.doneUnits / t.totalUnits : 0;
  const frac = t.totalBytes > 0 && !partial ? Math.min(1, t.bytes / t.totalBytes) : byItems;
  const barWidth = 24;
  const filled = Math.round(frac * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const rate = rateOf(t) ?? 0;
  const left = etaOf(t);
  const eta = left === 'sizing' || (left === undefined && t.sizing) ? 'sizing…' : left === undefined ? '-' : formatDuration(left);
  const size = t.totalBytes > 0 && !t.unstarted ? `${formatBytes(t.bytes)}/${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
  const counts = `${t.doneUnits}/${t.totalUnits}`;
  // the most telling parts first: on a narrow terminal the label, then the bar, then rate and ETA go
  const forms = [
    [bar, counts, size, `${formatBytes(rate)}/s`, `ETA ${eta}`, t.current],
    [bar, counts, size, `${formatBytes(rate)}/s`, `ETA ${eta}`],
    [counts, size, `${formatBytes(rate)}/s`, `ETA ${eta}`],
    [counts, size],
    [counts],
  ].map((parts) => parts.filter(Boolean).join(' '));
  if (forms[0]!.length <= width) return forms[0]!;
  const room = width - forms[1]!.length - 1;
  if (t.current && room >= 8) return `${forms[1]} ${t.current.slice(0, room - 1)}…`;
  const fits = forms.slice(1).find((f) => f.length <= width);
  if (fits !== undefined) return fits;
  // not even the counts fit (an unknown or zero width): the counts, never a lone ellipsis
  return counts;
}

/** The line printed every few seconds where no bar can be drawn (CI logs, pipes). */
export function formatPlainProgress(t: ProgressTotals): string {
  const rate = rateOf(t);
  const left = etaOf(t);
  // with items not started, their bytes are in no total: "of N" would read as the whole
  const size = t.totalBytes > 0 && !t.unstarted ? `${formatBytes(t.bytes)} of ${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
  const speed = rate === undefined ? '' : `, ${formatBytes(rate)}/s`;
  const eta = typeof left === 'number' ? `, ETA ${formatDuration(left)}` : '';
  return `progress: ${t.doneUnits}/${t.totalUnits} items, ${size}${speed}${eta}, ${formatDuration(t.elapsedMs)} elapsed`;
}
