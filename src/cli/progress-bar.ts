// Aggregated progress for a TTY: one redrawn line with bytes, rate and ETA over every unit of
// work in flight. Pure formatting lives here; the reporter owns the stream.

export interface ProgressTotals {
  doneUnits: number;
  totalUnits: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
  current?: string;
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
  const frac = t.totalBytes > 0 ? Math.min(1, t.bytes / t.totalBytes) : t.totalUnits > 0 ? t.doneUnits / t.totalUnits : 0;
  const barWidth = 24;
  const filled = Math.round(frac * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const rate = t.elapsedMs > 0 ? (t.bytes * 1000) / t.elapsedMs : 0;
  const eta = rate > 0 && t.totalBytes > t.bytes ? formatDuration(((t.totalBytes - t.bytes) / rate) * 1000) : '-';
  const size = t.totalBytes > 0 ? `${formatBytes(t.bytes)}/${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
  let line = `${bar} ${t.doneUnits}/${t.totalUnits} ${size} ${formatBytes(rate)}/s ETA ${eta}`;
  if (t.current) line += ` ${t.current}`;
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) + '…' : line;
}

/** The line printed every few seconds where no bar can be drawn (CI logs, pipes). */
export function formatPlainProgress(t: ProgressTotals): string {
  const rate = t.elapsedMs > 0 ? (t.bytes * 1000) / t.elapsedMs : 0;
  const size = t.totalBytes > 0 ? `${formatBytes(t.bytes)} of ${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
  return `progress: ${t.doneUnits}/${t.totalUnits} items, ${size}, ${formatBytes(rate)}/s, ${formatDuration(t.elapsedMs)} elapsed`;
}
