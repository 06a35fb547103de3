import { lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomicIfChanged } from './atomic-write.js';

describe('writeFileAtomicIfChanged', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a new file, leaves one that holds the same bytes, replaces one that differs', async () => {
    const p = join(dir, 'values.yaml');
    expect(await writeFileAtomicIfChanged(p, 'a: 1\n')).toBe(true);
    const first = await stat(p);
    expect(await writeFileAtomicIfChanged(p, 'a: 1\n')).toBe(false);
    expect((await stat(p)).ino).toBe(first.ino);
    expect(await writeFileAtomicIfChanged(p, Buffer.from('a: 1\n'))).toBe(false);
    expect(await writeFileAtomicIfChanged(p, 'a: 2\n')).toBe(true);
    expect((await stat(p)).ino).not.toBe(first.ino); // renamed into place, as every atomic write
    expect(await readFile(p, 'utf8')).toBe('a: 2\n');
    expect(await writeFileAtomicIfChanged(p, 'a: 22\n')).toBe(true);
    expect(await readFile(p, 'utf8')).toBe('a: 22\n');
  });

  it('replaces a link to a file of the same bytes with the file, as the atomic write does', async () => {
    const target = join(dir, 'elsewhere.yaml');
    const p = join(dir, 'linked.yaml');
    await writeFile(target, 'x\n');
    await symlink(target, p);
    expect(await writeFileAtomicIfChanged(p, 'x\n')).toBe(true);
    expect((await lstat(p)).isSymbolicLink()).toBe(false);
  });
});
