import { describe, expect, it } from 'vitest';
import { MountBook } from './mount-book.js';

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
    expect((await b).from).toBe('repo/a');
  });

  it('one repository, two images sharing a layer: the second waits for the first and sends nothing (distribution refuses a manifest while a link is rewritten)', async () => {
    for (const mode of ['after-blob', 'after-manifest'] as const) {
      const book = new MountBook(mode);
      const a = await book.acquire('sha256:x', 'repo/a');
      expect(a.present).toBeUndefined();
      let bDone = false;
      const b = book.acquire('sha256:x', 'repo/a').then((r) => ((bDone = true), r));
      await Promise.resolve();
      expect(bDone).toBe(false);
      a.settle!(true);
      expect(await b).toEqual({ present: true });
      expect(await book.acquire('sha256:x', 'repo/a')).toEqual({ present: true });
    }
  });

  it('one repository: when the first upload fails, the next image uploads it', async () => {
    const book = new MountBook('after-manifest');
    const a = await book.acquire('sha256:x', 'repo/a');
    const b = book.acquire('sha256:x', 'repo/a');
    a.settle!(false);
    const got = await b;
    expect(got.present).toBeUndefined();
    expect(got.settle).toBeTypeOf('function');
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
    const a = await book.acquire('sha256:x', 'repo/a');
    expect(a.from).toBeUndefined();
    expect((await book.acquire('sha256:x', 'repo/b')).from).toBeUndefined();
    a.settle!(true);
    book.record(['sha256:x'], 'repo/a');
    expect((await book.acquire('sha256:x', 'repo/c')).from).toBe('repo/a');
  });

  it('mounts turned off (the registry refused one): no source is offered', async () => {
    const book = new MountBook('after-manifest');
    book.record(['sha256:x'], 'repo/a');
    book.enabled = false;
    const got = await book.acquire('sha256:x', 'repo/b');
    expect(got.from).toBeUndefined();
    expect(got.present).toBeUndefined();
  });
});
