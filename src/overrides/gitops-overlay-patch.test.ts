import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeChanges } from './gitops-overlay-patch.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-changes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeChanges', () => {
  it('a new file whose creation a killed run left as a temp: the temp is removed, so the folder is as one run leaves it', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const patch = join(dir, 'helm-airgap.patch.yaml');
    await writeFile(join(dir, `.helm-airgap.patch.yaml.${dead}.6cc9ddd1.tmp`), 'half');
    await writeChanges([{ path: patch, was: undefined, text: 'x: 1\n' }]);
    expect(await readdir(dir)).toEqual(['helm-airgap.patch.yaml']);
  });

  it('writes nothing when a file changed since it was read, and names that file', async () => {
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    await writeFile(a, 'a: 1\n');
    await writeFile(b, 'b: 1\n');
    // someone saves b between this run's read and its write
    await writeFile(b, 'b: 2 # theirs\n');
    await expect(
      writeChanges([
        { path: a, was: 'a: 1\n', text: 'a: 9\n' },
        { path: b, was: 'b: 1\n', text: 'b: 9\n' },
      ]),
    ).rejects.toThrow(/b\.yaml changed since this run read it: not overwritten/);
    expect(await readFile(a, 'utf8')).toBe('a: 1\n');
    expect(await readFile(b, 'utf8')).toBe('b: 2 # theirs\n');
  });

  it('a file this run creates is not written over one that appeared meanwhile', async () => {
    const p = join(dir, 'helm-airgap.patch.yaml');
    await writeFile(p, 'made by someone else\n');
    await expect(writeChanges([{ path: p, was: undefined, text: 'ours\n' }])).rejects.toThrow(/changed since this run read it/);
    expect(await readFile(p, 'utf8')).toBe('made by someone else\n');
  });

  it('writes every change when nothing moved', async () => {
    const a = join(dir, 'a.yaml');
    await writeFile(a, 'a: 1\r\n');
    expect(
      await writeChanges([
        { path: a, was: 'a: 1\r\n', text: 'a: 2\r\n' },
        { path: join(dir, 'new.yaml'), was: undefined, text: 'n: 1\n' },
      ]),
    ).toHaveLength(2);
    expect(await readFile(a, 'utf8')).toBe('a: 2\r\n');
    expect(await readFile(join(dir, 'new.yaml'), 'utf8')).toBe('n: 1\n');
  });
});
