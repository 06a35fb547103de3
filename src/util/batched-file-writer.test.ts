import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createBatchedFileWriter } from './batched-file-writer.js';
import { borrow, lend, LENT_BUFFER_SIZE, retire } from './lent-buffers.js';

describe('createBatchedFileWriter', () => {
  it('writes every byte in order across buffer boundaries (writer: batching is invisible)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bfw-'));
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000 + i, i));
    await pipeline(Readable.from(chunks), createBatchedFileWriter(join(dir, 'f'), { bufferSize: 4096 }));
    expect(await readFile(join(dir, 'f'))).toEqual(Buffer.concat(chunks));
    await rm(dir, { recursive: true });
  });
  it('continues a file at a position (writer: resume appends)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bfw-'));
    await writeFile(join(dir, 'f'), 'hello ');
    await pipeline(Readable.from([Buffer.from('world')]), createBatchedFileWriter(join(dir, 'f'), { append: true, position: 6 }));
    expect(await readFile(join(dir, 'f'), 'utf8')).toBe('hello world');
    await rm(dir, { recursive: true });
  });
  it('keeps the bytes received before a failure, as a prefix (writer: partial stays resumable)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bfw-'));
    async function* broken() {
      yield Buffer.from('abc');
      yield Buffer.from('def');
      throw new Error('connection reset');
    }
    const w = createBatchedFileWriter(join(dir, 'f'));
    await expect(pipeline(Readable.from(broken()), w)).rejects.toThrow('connection reset');
    if (!w.closed) await new Promise((r) => w.once('close', r));
    expect('abcdef'.startsWith(await readFile(join(dir, 'f'), 'utf8'))).toBe(true);
    await rm(dir, { recursive: true });
  });
  it('runs its check on every chunk in order and at the end; a refused chunk is not written (writer: verifies in place)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bfw-'));
    const seen: string[] = [];
    const check = {
      update: (c: Buffer) => {
        if (c.toString() === 'bad') throw new Error('refused chunk');
        seen.push(c.toString());
      },
      end: () => seen.push('end'),
    };
    await pipeline(Readable.from(['a', 'b', 'c'].map((x) => Buffer.from(x))), createBatchedFileWriter(join(dir, 'ok'), { bufferSize: 2, check }));
    expect(seen).toEqual(['a', 'b', 'c', 'end']);
    expect(await readFile(join(dir, 'ok'), 'utf8')).toBe('abc');
    const w = createBatchedFileWriter(join(dir, 'bad'), { bufferSize: 2, check });
    await expect(pipeline(Readable.from(['x', 'y', 'bad', 'z'].map((x) => Buffer.from(x))), w)).rejects.toThrow('refused chunk');
    if (!w.closed) await new Promise((r) => w.once('close', r));
    expect(await readFile(join(dir, 'bad'), 'utf8')).toBe('xy');
    const failing = {
      update: () => undefined,
      end: () => {
        throw new Error('digest mismatch');
      },
    };
    await expect(pipeline(Readable.from([Buffer.from('q')]), createBatchedFileWriter(join(dir, 'end'), { check: failing }))).rejects.toThrow('digest mismatch');
    await rm(dir, { recursive: true });
  });
  it('gives lent chunks back once written, only when told (writer: read buffers recycled)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bfw-'));
    for (const givesBack of [true, false]) {
      const buf = borrow(LENT_BUFFER_SIZE).fill(7);
      const half = LENT_BUFFER_SIZE / 2;
      const chunks = [buf.subarray(0, half), buf.subarray(half)];
      chunks.forEach(lend);
      retire(buf);
      await pipeline(Readable.from(chunks), createBatchedFileWriter(join(dir, `f${givesBack}`), { givesBack, bufferSize: half / 2 }));
      const next = borrow(LENT_BUFFER_SIZE);
      retire(next);
      expect(next === buf, `givesBack: ${givesBack}`).toBe(givesBack);
      expect((await readFile(join(dir, `f${givesBack}`))).equals(Buffer.alloc(LENT_BUFFER_SIZE, 7))).toBe(true);
    }
    await rm(dir, { recursive: true });
  });
});
