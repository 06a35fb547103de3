// A file read through one reused buffer: every byte once, in order, up to `end`; the hash over
// them equals the hash of the bytes, across buffer boundaries and for an empty range.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachChunk, hashFile } from './hash-stream.js';

let dir: string;
const bytes = randomBytes(2.5 * 1024 * 1024 + 7);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hash-stream-'));
  await writeFile(join(dir, 'f'), bytes);
  await writeFile(join(dir, 'empty'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('reading a file through one buffer', () => {
  it.each([undefined, 0, 1, 1024 * 1024, 1024 * 1024 + 1, bytes.length])('hashes bytes [0, %s)', async (end) => {
    expect((await hashFile(join(dir, 'f'), 'sha256', end)).digest('hex')).toBe(sha(bytes.subarray(0, end ?? bytes.length)));
  });

  it('hands every byte once, in order (copied out: each view is valid only during the call)', async () => {
    const seen: Buffer[] = [];
    await forEachChunk(join(dir, 'f'), (c) => seen.push(Buffer.from(c)));
    expect(Buffer.concat(seen).equals(bytes)).toBe(true);
    expect(seen.length).toBe(3);
    const none: Buffer[] = [];
    await forEachChunk(join(dir, 'empty'), (c) => none.push(c));
    expect(none).toEqual([]);
  });

  it('stops at an abort', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(forEachChunk(join(dir, 'f'), () => undefined, { signal: ac.signal })).rejects.toThrow('stop');
  });
});
