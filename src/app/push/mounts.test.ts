import { describe, expect, it } from 'vitest';
import { MountBook } from './mounts.js';

describe('MountBook', () => {
  it('after-blob: the first repository uploads, the next waits for it and mounts from it (DS mount; one upload per registry)', async () => {
    const book = new MountBook('after-blob');
    const a = await book.acquire('sha256:x', 'repo/a');
    expect(a.from).toBeUndefined();
    expect(a.settle).toBeTypeOf('function');
    let bDone = false;
    const b = book.acquire('sha256:x', 'repo/b').then((r) => ((bDone = true), r));
    await Promise.resolve();
    expect(bDone).toBe(false);
    a.settle!(true);
    expect(await b).toEqual({ from: 'repo/a' });
  });

  it('after-blob: a failed upload hands the blob to the next repository that needs it', async () => {
    const book = new MountBook('after-blob');
    const a = await book.acquire('sha256:x', 'repo/a');
    const b = book.acquire('sha256:x', 'repo/b');
    a.settle!(false);
    const got = await b;
    expect(got.from).toBeUndefined();
    expect(got.settle).toBeTypeOf('function');
  });

  it('after-manifest (ECR): nothing in flight is offered; only blobs of finished images', async () => {
    const book = new MountBook('after-manifest');
    expect(await book.acquire('sha256:x', 'repo/a')).toEqual({ settle: undefined });
    expect(await book.acquire('sha256:x', 'repo/b')).toEqual({ settle: undefined });
    book.record(['sha256:x'], 'repo/a');
    expect(await book.acquire('sha256:x', 'repo/b')).toEqual({ from: 'repo/a' });
    expect(await book.acquire('sha256:x', 'repo/a')).toEqual({});
  });

  it('mounts turned off (the registry refused one): no source is offered', async () => {
    const book = new MountBook('after-manifest');
    book.record(['sha256:x'], 'repo/a');
    book.enabled = false;
    expect(await book.acquire('sha256:x', 'repo/b')).toEqual({});
  });
});
