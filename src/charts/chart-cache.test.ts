import { chmod, lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChartCache, sha256Hex } from './chart-cache.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function cache(): Promise<ChartCache> {
  const d = await mkdtemp(join(tmpdir(), 'airgap-chart-cache-'));
  dirs.push(d);
  return new ChartCache(d);
}

describe('ChartCache (content-addressed, verified on reuse)', () => {
  it('stores under the digest and finds it again', async () => {
    const c = await cache();
    const { path, hex } = await c.put(Buffer.from('chart'), 'x');
    expect(hex).toBe(sha256Hex(Buffer.from('chart')));
    expect(await c.lookup(hex)).toBe(path);
  });
  it('refuses bytes that differ from the expected digest, storing nothing', async () => {
    const c = await cache();
    await expect(c.put(Buffer.from('chart'), 'chart x', 'a'.repeat(64))).rejects.toThrow(/chart x: digest mismatch/);
    expect(await c.lookup('a'.repeat(64))).toBeUndefined();
  });
  it('a damaged cached file is a miss (and is removed), not a wrong chart', async () => {
    const c = await cache();
    const { path, hex } = await c.put(Buffer.from('chart'), 'x');
    await writeFile(path, 'tampered');
    expect(await c.lookup(hex)).toBeUndefined();
    expect(await c.lookup(hex)).toBeUndefined();
  });
  it('a link at a digest name is not followed (a miss, replaced by the real file); a folder others may write is refused', async () => {
    const c = await cache();
    const elsewhere = join(c.dir, 'elsewhere.tgz');
    await writeFile(elsewhere, 'chart');
    const { path, hex } = await c.put(Buffer.from('chart'), 'x');
    await rm(path);
    await symlink(elsewhere, path);
    expect(await c.lookup(hex)).toBeUndefined();
    await c.put(Buffer.from('chart'), 'x');
    expect((await lstat(path)).isFile()).toBe(true);
    expect(await readFile(elsewhere, 'utf8')).toBe('chart');
    await chmod(join(c.dir, 'charts'), 0o777);
    await expect(c.lookup(hex)).rejects.toThrow(`cache folder ${join(c.dir, 'charts')} is writable by other users (mode 0777)`);
    await expect(c.put(Buffer.from('chart'), 'x')).rejects.toThrow(/ERR_CACHE_UNSAFE|writable by other users/);
  });
});
