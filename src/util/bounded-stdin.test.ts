import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStreamBounded } from './bounded-stdin.js';

describe('readStreamBounded', () => {
  it('returns a stream up to the bound whole', async () => {
    const b = await readStreamBounded(Readable.from([Buffer.from('ab'), 'cd']), { maxBytes: 4 });
    expect(b.toString()).toBe('abcd');
  });

  it('refuses the byte past the bound, naming the input, and stops reading an endless stream', async () => {
    const zero = createReadStream('/dev/zero');
    const e = await readStreamBounded(zero, { maxBytes: 1024 * 1024, what: '--manifests /dev/zero', hint: 'give less' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ message: '--manifests /dev/zero: more than 1 MiB; this command reads at most that much', hint: 'give less', exitCode: 2 });
    expect(zero.destroyed).toBe(true);
  });
});
