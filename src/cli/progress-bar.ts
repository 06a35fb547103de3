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
  const eta = t.sizing ? 'sizing…' : rate > 0 && t.totalBytes > t.bytes ? formatDuration(((t.totalBytes - t.bytes) / rate) * 1000) : '-';
  const size = t.totalBytes > 0 ? `${formatBytes(t.bytes)}/${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
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
  const rate = t.elapsedMs > 0 ? (t.bytes * 1000) / t.elapsedMs : 0;
  const size = t.totalBytes > 0 ? `${formatBytes(t.bytes)} of ${formatBytes(t.totalBytes)}` : formatBytes(t.bytes);
  return `progress: ${t.doneUnits}/${t.totalUnits} items, ${size}, ${formatBytes(rate)}/s, ${formatDuration(t.elapsedMs)} elapsed`;
}
