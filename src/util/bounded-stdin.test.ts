import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStreamBounded, STDIN_LIMIT_DEFAULT, stdinLimit } from './bounded-stdin.js';

describe('readStreamBounded', () => {
  it('reads an input at the limit whole, and stops reading one byte past it', async () => {
    expect((await readStreamBounded(Readable.from([Buffer.from('abcd'), 'ef']), { maxBytes: 6 })).toString()).toBe('abcdef');
    let pulled = 0;
    const endless = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(1024);
        }
      })(),
    );
    await expect(readStreamBounded(endless, { maxBytes: 4096 })).rejects.toMatchObject({
      message: 'standard input is larger than 4096 bytes (0 MiB, HELM_AIRGAP_STDIN_MAX_BYTES)',
      exitCode: 2,
      hint: expect.stringMatching(/HELM_AIRGAP_STDIN_MAX_BYTES=1Mi/),
    });
    expect(pulled).toBeLessThan(8);
    expect(endless.destroyed).toBe(true);
  });

  it('names the input and its own next: step, and stops reading an endless stream', async () => {
    const zero = createReadStream('/dev/zero');
    const e = await readStreamBounded(zero, { maxBytes: 1024 * 1024, what: '--manifests /dev/zero', hint: 'give less' }).catch((x: unknown) => x);
    expect(e).toMatchObject({
      message: '--manifests /dev/zero is larger than 1048576 bytes (1 MiB, HELM_AIRGAP_STDIN_MAX_BYTES)',
      hint: 'give less',
      exitCode: 2,
    });
    expect(zero.destroyed).toBe(true);
  });

  it('takes the limit from HELM_AIRGAP_STDIN_MAX_BYTES, refusing what is not a size', () => {
    expect(stdinLimit({})).toBe(STDIN_LIMIT_DEFAULT);
    expect(stdinLimit({ HELM_AIRGAP_STDIN_MAX_BYTES: '4Mi' })).toBe(4 * 1024 * 1024);
    expect(() => stdinLimit({ HELM_AIRGAP_STDIN_MAX_BYTES: 'lots' })).toThrow(/HELM_AIRGAP_STDIN_MAX_BYTES "lots": not a size/);
  });
});
