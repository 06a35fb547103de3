import { describe, expect, it } from 'vitest';
import { formatProgressLine, type ProgressTotals } from './progress-bar.js';

const t: ProgressTotals = {
  doneUnits: 3,
  totalUnits: 10,
  bytes: 50 * 1024 * 1024,
  totalBytes: 100 * 1024 * 1024,
  elapsedMs: 10_000,
  current: 'docker.io/library/nginx:1.27',
};

describe('formatProgressLine', () => {
  it('shows the ETA once every size is known, and "sizing…" while a unit in flight has none', () => {
    expect(formatProgressLine(t, 200)).toMatch(/3\/10 50\.0 MiB\/100\.0 MiB 5\.0 MiB\/s ETA 10s docker\.io\/library\/nginx:1\.27$/);
    expect(formatProgressLine({ ...t, sizing: true }, 200)).toContain('ETA sizing…');
    expect(formatProgressLine({ ...t, sizing: true }, 200)).not.toMatch(/ETA \d/);
  });

  it('with planned items not started, the bar goes by items and the bytes have no total: 7 of 57 is not full', () => {
    const line = formatProgressLine({ ...t, doneUnits: 7, totalUnits: 57, bytes: 80 * 1024 * 1024, totalBytes: 80 * 1024 * 1024, unstarted: 48 }, 200);
    expect(line).toMatch(/^█{3}░{21} 7\/57 80\.0 MiB /);
    expect(line).not.toContain('80.0 MiB/80.0 MiB');
  });

  it('no ETA (and no rate) before bytes have moved for 2 s: never a first ETA of 2248m', () => {
    const early = { ...t, bytes: 4096, movingMs: 1_500, elapsedMs: 90_000 };
    expect(formatProgressLine(early, 200)).toMatch(/0 B\/s ETA - /);
    expect(formatProgressLine({ ...early, movingMs: 2_000 }, 200)).toMatch(/ETA \d+m\d+s/);
  });

  it('narrow terminals drop the label (or cut it), then the bar, then rate and ETA: never a lone "…"', () => {
    const cases: [number, RegExp][] = [
      [200, /^█+░+ 3\/10 .* docker\.io\/library\/nginx:1\.27$/],
      [85, /^█+░+ 3\/10 .* ETA 10s docker\.io\/l.*…$/],
      [70, /^█+░+ 3\/10 50\.0 MiB\/100\.0 MiB 5\.0 MiB\/s ETA 10s$/],
      [45, /^3\/10 50\.0 MiB\/100\.0 MiB 5\.0 MiB\/s ETA 10s$/],
      [25, /^3\/10 50\.0 MiB\/100\.0 MiB$/],
      [10, /^3\/10$/],
      [0, /^3\/10$/],
    ];
    for (const [width, want] of cases) {
      const line = formatProgressLine(t, width);
      expect(line, `width ${width}`).toMatch(want);
      if (width >= 4) expect(line.length, `width ${width}`).toBeLessThanOrEqual(width);
    }
  });
});
