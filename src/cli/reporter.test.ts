import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { Reporter } from './reporter.js';
import { AirgapError } from '../util/errors.js';

function sink(tty: boolean): Writable & { text: string; isTTY: boolean } {
  const w = new Writable({
    write(c, _e, cb) {
      w.text += String(c);
      cb();
    },
  }) as Writable & { text: string; isTTY: boolean };
  w.text = '';
  w.isTTY = tty;
  return w;
}

describe('progress without a TTY (CI logs)', () => {
  it('prints a plain progress line every 5 s of work (items, bytes of total, rate), not on every event', () => {
    let now = 1_000;
    const err = sink(false);
    const r = new Reporter({ output: 'text', stdout: sink(false), stderr: err, now: () => now });
    r.onProgress({ type: 'start', id: 'a', label: 'image a', total: 100 * 1024 * 1024 });
    r.onProgress({ type: 'start', id: 'b', label: 'image b', total: 100 * 1024 * 1024 });
    now = 3_000;
    r.onProgress({ type: 'advance', id: 'a', bytes: 50 * 1024 * 1024 });
    expect(err.text).toBe('');
    now = 6_500;
    r.onProgress({ type: 'advance', id: 'a', bytes: 50 * 1024 * 1024 });
    // the rate since the first byte (3.5 s), not since the start
    expect(err.text).toBe('progress: 0/2 items, 100.0 MiB of 200.0 MiB, 28.6 MiB/s, ETA 4s, 6s elapsed\n');
    now = 7_000;
    r.onProgress({ type: 'done', id: 'a' });
    expect(err.text.split('\n').filter(Boolean)).toHaveLength(1);
    now = 12_000;
    r.onProgress({ type: 'advance', id: 'b', bytes: 1024 });
    expect(err.text.split('\n').filter(Boolean)[1]).toMatch(/^progress: 1\/2 items, 100\.0 MiB of 200\.0 MiB/);
  });

  it("counts the plan's items from the first line: the total never grows as tags start, and no ETA by bytes while tags wait", () => {
    let now = 0;
    const err = sink(false);
    const r = new Reporter({ output: 'text', stdout: sink(false), stderr: err, now: () => now });
    const lines = () => err.text.split('\n').filter(Boolean);
    r.onProgress({ type: 'plan', items: 56 });
    const totals: number[] = [];
    // 8 tags at a time, each with one 1 MiB blob: at every line the total is the plan's
    for (let tag = 0; tag < 56; tag++) {
      r.onProgress({ type: 'start', id: `tag${tag}`, label: `app:${tag}`, item: true });
      r.onProgress({ type: 'start', id: `blob${tag}`, label: 'blob', total: 1 << 20 });
      now += 1_000;
      r.onProgress({ type: 'advance', id: `blob${tag}`, bytes: 1 << 20 });
      r.onProgress({ type: 'done', id: `blob${tag}` });
      r.onProgress({ type: 'done', id: `tag${tag}` });
      for (const l of lines()) totals.push(Number(/^progress: \d+\/(\d+) items/.exec(l)![1]));
      if (tag === 20) {
        // 21 of 56 done, 35 not started: never "ETA 0s" from the bytes of the started ones alone
        expect(lines().pop()).toMatch(/^progress: 2\d\/56 items, [\d.]+ MiB, [\d.]+ [KM]iB\/s, ETA (\d+m)?\d+s, /);
        expect(lines().pop()).not.toMatch(/ETA 0s/);
      }
    }
    expect(new Set(totals)).toEqual(new Set([56]));
  });

  it('tells no rate and no ETA until bytes have moved for 2 s (a plan that took minutes is not transfer time)', () => {
    let now = 1_000;
    const err = sink(false);
    const r = new Reporter({ output: 'text', stdout: sink(false), stderr: err, now: () => now });
    r.onProgress({ type: 'start', id: 'a', label: 'a', total: 10 * 2 ** 30 });
    now = 601_000;
    r.onProgress({ type: 'advance', id: 'a', bytes: 1024 });
    expect(err.text).toBe('progress: 0/1 items, 1.0 KiB of 10.0 GiB, 10m00s elapsed\n');
    now = 606_000;
    r.onProgress({ type: 'advance', id: 'a', bytes: 5 << 20 });
    expect(err.text.split('\n')[1]).toMatch(/^progress: 0\/1 items, 5\.0 MiB of 10\.0 GiB, [\d.]+ MiB\/s, ETA \d+m\d+s, 10m05s elapsed$/);
  });

  it('--quiet prints no progress', () => {
    let now = 0;
    const err = sink(false);
    const r = new Reporter({ output: 'text', quiet: true, stdout: sink(false), stderr: err, now: () => now });
    r.onProgress({ type: 'start', id: 'a', label: 'a', total: 10 });
    now = 60_000;
    r.onProgress({ type: 'advance', id: 'a', bytes: 5 });
    expect(err.text).toBe('');
  });
});

describe('the bar on a terminal', () => {
  it('says "sizing…" while an item still finds its blobs and no sized work is left; an ETA once there is', () => {
    vi.stubEnv('CI', '');
    try {
      let now = 1_000;
      const err = Object.assign(sink(true), { columns: 200 });
      const r = new Reporter({ output: 'text', stdout: sink(false), stderr: err, now: () => now });
      const lastLine = () => err.text.split('\r\x1b[2K').filter(Boolean).pop() ?? '';
      r.onProgress({ type: 'start', id: 'item:a', label: 'image a' });
      r.onProgress({ type: 'start', id: 'blob:1', label: 'blob 1', total: 1024 });
      now += 1_000;
      r.onProgress({ type: 'advance', id: 'blob:1', bytes: 1024 });
      r.onProgress({ type: 'done', id: 'blob:1' });
      expect(lastLine()).toContain('ETA sizing…');
      now += 1_000;
      r.onProgress({ type: 'start', id: 'blob:2', label: 'blob 2', total: 4096 });
      now += 1_000;
      r.onProgress({ type: 'advance', id: 'blob:2', bytes: 1024 });
      expect(lastLine()).toMatch(/ETA \d+s/);
      r.finish();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('an error with no next step of its own', () => {
  const awsFailure = () =>
    new AirgapError('ecr DescribeRepositories: ServerException: We encountered an internal error', {
      cause: Object.assign(new Error('We encountered an internal error'), {
        name: 'ServerException',
        $metadata: { httpStatusCode: 500, requestId: 'req-7f3a' },
      }),
    });

  it('says --verbose shows each cause, and --verbose does: name, message, HTTP status, request id, before the stack', () => {
    const plain = sink(false);
    new Reporter({ output: 'text', stdout: sink(false), stderr: plain }).error(awsFailure());
    expect(plain.text).toContain('next: re-run with --verbose to see each cause (what each layer and the server said: HTTP status, error code, request id)');
    expect(plain.text).not.toContain('cause:');
    const verbose = sink(false);
    new Reporter({ output: 'text', verbose: true, stdout: sink(false), stderr: verbose }).error(awsFailure());
    const lines = verbose.text.split('\n');
    const cause = lines.indexOf('cause: ServerException: We encountered an internal error (HTTP 500, request id req-7f3a)');
    expect(cause).toBeGreaterThan(0);
    expect(lines.findIndex((l) => l.trim().startsWith('at '))).toBeGreaterThan(cause);
  });
});
