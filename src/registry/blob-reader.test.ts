import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { openBlobReader } from './blob-reader.js';

const blob = Buffer.from('0123456789abcdefghij');

/** A response whose body delivers `parts`, then (when `cut`) fails with a connection reset. */
function response(status: number, parts: Buffer[], cut = false, headers: Record<string, string> = {}): Response {
  const queue = [...parts];
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      const next = queue.shift();
      if (next) return c.enqueue(new Uint8Array(next));
      if (!cut) return c.close();
      // the reset arrives as a later network event, after the bytes before it were handed on
      await new Promise((ok) => setImmediate(ok));
      c.error(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    },
  });
  return new Response(body, { status, headers });
}

describe('openBlobReader', () => {
  it('a body cut mid-way is asked again from the byte reached, and a server ignoring Range has the delivered bytes skipped (reader: one continuous stream)', async () => {
    const asked: number[] = [];
    const answers = [response(200, [blob.subarray(0, 7)], true), response(200, [blob.subarray(0, 12), blob.subarray(12)])];
    const r = await openBlobReader({ open: async (at) => (asked.push(at), answers.shift()!), size: blob.length, what: 'blob x' });
    expect(await buffer(r)).toEqual(blob);
    expect(asked).toEqual([0, 7]);
  });
  it('a 206 resumes where it says, and a 206 starting elsewhere is refused (reader: ranges checked)', async () => {
    const good = [response(200, [blob.subarray(0, 5)], true), response(206, [blob.subarray(5)], false, { 'content-range': `bytes 5-19/20` })];
    const r = await openBlobReader({ open: async () => good.shift()!, size: blob.length, what: 'blob x' });
    expect(await buffer(r)).toEqual(blob);
    const bad = [response(200, [blob.subarray(0, 5)], true), response(206, [blob.subarray(4)], false, { 'content-range': `bytes 4-19/20` })];
    const r2 = await openBlobReader({ open: async () => bad.shift()!, size: blob.length, what: 'blob x' });
    await expect(buffer(r2)).rejects.toThrow('range response starts at 4, asked for 5');
  });
  it('a body longer than the blob fails without asking again, one that keeps ending early fails after the reconnects (reader: bounded)', async () => {
    let opened = 0;
    const long = await openBlobReader({ open: async () => (opened++, response(200, [blob, Buffer.from('!')])), size: blob.length, what: 'blob x' });
    await expect(buffer(long)).rejects.toThrow('blob x: body is longer than the expected 20 bytes');
    expect(opened).toBe(1);
    opened = 0;
    const short = await openBlobReader({
      open: async (at) => (opened++, response(206, [blob.subarray(at, at + 2)])),
      size: blob.length,
      reconnects: 3,
      what: 'blob x',
    });
    await expect(buffer(short)).rejects.toThrow('blob x: body ended after 8 of 20 bytes');
    expect(opened).toBe(4);
  });
  it('destroying the reader releases the response it reads (reader: no leaked body)', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new Uint8Array(4)),
      cancel: () => void (cancelled = true),
    });
    const r = await openBlobReader({ open: async () => new Response(body, { status: 200 }), size: 1 << 30, what: 'blob x' });
    r.destroy();
    await new Promise((ok) => r.once('close', ok));
    await new Promise((ok) => setImmediate(ok));
    expect(cancelled).toBe(true);
    expect(r).toBeInstanceOf(Readable);
  });
});
