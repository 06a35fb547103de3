import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeQuietly } from './pipe-quietly.js';

const sink = () => {
  const got: Buffer[] = [];
  const w = new Writable({ write: (c: Buffer, _e, cb) => (got.push(c), cb()) });
  return { w, got };
};

describe('pipeQuietly (pipeline without its AbortController)', () => {
  it('moves every byte and ends the destination', async () => {
    const { w, got } = sink();
    await pipeQuietly(Readable.from([Buffer.from('ab'), Buffer.from('c')]), w);
    if (!w.writableFinished) await new Promise((r) => w.once('finish', r));
    expect(Buffer.concat(got).toString()).toBe('abc');
  });

  it("a source's error destroys the destination with it", async () => {
    const from = new PassThrough();
    const { w } = sink();
    const failed = new Promise<Error>((r) => w.once('error', r));
    const done = pipeQuietly(from, w);
    from.destroy(new Error('source broke'));
    await done;
    expect((await failed).message).toBe('source broke');
  });

  it('a source that failed before it was handed over still ends the destination', async () => {
    const from = new PassThrough();
    from.on('error', () => undefined);
    from.destroy(new Error('early'));
    await new Promise((r) => setImmediate(r));
    const { w } = sink();
    const failed = new Promise<Error>((r) => w.once('error', r));
    await pipeQuietly(from, w);
    expect((await failed).message).toBe('early');
  });

  it('a destination that closes first destroys the source (no reader left waiting on it)', async () => {
    const from = new PassThrough();
    const { w } = sink();
    w.on('error', () => undefined);
    const done = pipeQuietly(from, w);
    from.write('x');
    w.destroy(new Error('request reset'));
    await done;
    expect(from.destroyed).toBe(true);
  });
});
