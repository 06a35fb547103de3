// bundle --split-size: a bundle in parts for a transfer with a size cap. The parts joined are the
// unsplit bundle byte for byte; SHA256SUMS checks with sha256sum; push, verify, values and inspect
// read the parts in place; a missing part and a corrupt one are named.
import { execa } from 'execa';
import { copyFile, mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { runCli } from './run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from './bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const SPLIT = 48 * 1024;
let w: BundleWorld;
let dst: RunningRegistry;
let env: Record<string, string>;
let dir: string;
let parts: string[];

beforeAll(async () => {
  w = await startBundleWorld();
  dst = await startRegistry();
  env = worldEnv(w, { SOURCE_DATE_EPOCH: '1700000000' });
  dir = join(w.work, 'transfer');
  await mkdir(dir, { recursive: true });
  const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '--split-size', '48KiB', '-o', join(dir, 'b.tar')], env);
  expect(r.exitCode, r.stderr).toBe(0);
  parts = (await readdir(dir)).filter((n) => /^b\.tar\.\d{3}$/.test(n)).sort();
});

afterAll(async () => {
  await dst?.stop();
  await w?.stop();
});

describe('bundle --split-size', () => {
  it('writes parts no larger than the size, a SHA256SUMS that sha256sum accepts, and no unsplit file', async () => {
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect((await stat(join(dir, p))).size).toBeLessThanOrEqual(SPLIT);
    expect((await readdir(dir)).sort()).toEqual([...parts, 'b.tar.SHA256SUMS'].sort());
    const check = await execa('sha256sum', ['-c', 'b.tar.SHA256SUMS'], { cwd: dir });
    expect(check.stdout.split('\n').filter((l) => l.endsWith(': OK'))).toHaveLength(parts.length);
  });

  it('the parts joined are the unsplit bundle, byte for byte', async () => {
    const whole = join(w.work, 'whole.tar');
    const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, ...w.mirrors, '-o', whole], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const joined = Buffer.concat(await Promise.all(parts.map((p) => readFile(join(dir, p)))));
    expect(joined.equals(await readFile(whole))).toBe(true);
  });

  it('inspect, values, push and verify read the parts in place', async () => {
    const bundle = join(dir, 'b.tar');
    const inspect = await runCli(['inspect', bundle, '-o', 'json'], env);
    expect(inspect.exitCode, `inspect: ${inspect.stderr}`).toBe(0);
    expect((JSON.parse(inspect.stdout) as { images: unknown[] }).images.length).toBeGreaterThanOrEqual(3);
    const values = await runCli(['values', bundle, '--registry', `${dst.host}/split`, '-o', join(w.work, 'values')], env);
    expect(values.exitCode, `values: ${values.stderr}`).toBe(0);
    const push = await runCli(['push', bundle, '--registry', `${dst.host}/split`], env);
    expect(push.exitCode, `push: ${push.stderr}`).toBe(0);
    const verify = await runCli(['verify', join(dir, 'b.tar.000'), '--registry', `${dst.host}/split`], env);
    expect(verify.exitCode, verify.stderr + verify.stdout).toBe(0);
  });

  it('a missing part is named', async () => {
    const copy = join(w.work, 'missing');
    await mkdir(copy, { recursive: true });
    for (const n of [...parts, 'b.tar.SHA256SUMS']) await copyFile(join(dir, n), join(copy, n));
    await rename(join(copy, parts[1]!), join(w.work, 'elsewhere'));
    const r = await runCli(['push', join(copy, 'b.tar'), '--registry', `${dst.host}/missing`], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`part ${parts[1]} is missing (${parts.length} parts, as b.tar.SHA256SUMS lists)`);
  });

  it('a corrupt part is named', async () => {
    const copy = join(w.work, 'corrupt');
    await mkdir(copy, { recursive: true });
    for (const n of [...parts, 'b.tar.SHA256SUMS']) await copyFile(join(copy, '..', 'transfer', n), join(copy, n));
    // a byte in the middle of the largest blob, wherever the cut put it
    const reader = await ArchiveReader.open(join(copy, 'b.tar'));
    const blob = reader
      .entries()
      .filter((e) => e.name.startsWith('blobs/'))
      .sort((a, b) => b.size - a.size)[0]!;
    await reader.close();
    const at = blob.offset + Math.floor(blob.size / 2);
    const part = Math.floor(at / SPLIT);
    const fh = await open(join(copy, parts[part]!), 'r+');
    const one = Buffer.alloc(1);
    await fh.read(one, 0, 1, at % SPLIT);
    one[0] = one[0]! ^ 0xff;
    await fh.write(one, 0, 1, at % SPLIT);
    await fh.close();
    const r = await runCli(['push', join(copy, 'b.tar'), '--registry', `${dst.host}/corrupt`, '--no-verify-cache'], env);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`(corrupt part ${parts[part]})`);
  });
});
