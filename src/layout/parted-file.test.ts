import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { borrow, giveBack, LENT_BUFFER_SIZE, retire } from '../util/lent-buffers.js';
import { PartedInput } from './parted-file.js';

describe('PartedInput.stream', () => {
  it('streams a range across parts in lent read buffers, read into again once given back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parted-'));
    const whole = randomBytes(3 * LENT_BUFFER_SIZE + 1000);
    const cut = LENT_BUFFER_SIZE + 12_345;
    await writeFile(join(dir, 'b.tar.000'), whole.subarray(0, cut));
    await writeFile(join(dir, 'b.tar.001'), whole.subarray(cut));
    const input = await PartedInput.open(join(dir, 'b.tar'));
    try {
      const chunks: Buffer[] = [];
      for await (const c of input.stream(100, whole.length - 1)) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(whole.subarray(100))).toBe(true);
      expect(chunks.every((c) => c.length <= LENT_BUFFER_SIZE)).toBe(true);
      // the bytes are copied out above: every chunk can go back, and its buffer is read into again
      const buffers = new Set(chunks.map((c) => c.buffer));
      for (const c of chunks) giveBack(c);
      const next = borrow(LENT_BUFFER_SIZE);
      retire(next);
      expect(buffers.has(next.buffer)).toBe(true);
      // the end of the files ends a range early (the reader's size check names it)
      const past: Buffer[] = [];
      for await (const c of input.stream(whole.length - 10, whole.length + 99)) past.push(c as Buffer);
      expect(Buffer.concat(past).equals(whole.subarray(whole.length - 10))).toBe(true);
    } finally {
      await input.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails a range whose file was written or replaced since it was opened, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parted-'));
    const file = join(dir, 'b.tar');
    const whole = randomBytes(2 * LENT_BUFFER_SIZE);
    await writeFile(file, whole);
    const read = async (input: PartedInput) => {
      const chunks: Buffer[] = [];
      for await (const c of input.stream(0, whole.length - 1)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    try {
      const unchanged = await PartedInput.open(file);
      expect((await read(unchanged)).equals(whole)).toBe(true);
      // a byte changed in place, the size kept (its modification time set apart from the clock's
      // tick, which a write within the same tick would not move)
      const written = await PartedInput.open(file);
      const tampered = Buffer.from(whole);
      tampered[LENT_BUFFER_SIZE] ^= 1;
      await writeFile(file, tampered);
      await utimes(file, 1000, 1000);
      await expect(read(written)).rejects.toThrow(`archive ${file}: the file changed while it was read`);
      // another file renamed over it: another inode
      const replaced = await PartedInput.open(file);
      await writeFile(join(dir, 'other'), whole);
      await rename(join(dir, 'other'), file);
      await expect(read(replaced)).rejects.toThrow(/the file changed while it was read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
