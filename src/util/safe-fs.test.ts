import { execFileSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchedFileWriter } from './batched-file-writer.js';
import { writeFileAtomic } from './atomic-write.js';
import { createExclusive, openRegular, ownFolder, readRegular, readRegularSync } from './safe-fs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safe-fs-'));
  await writeFile(join(dir, 'victim'), 'precious');
  await symlink(join(dir, 'victim'), join(dir, 'link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('opening files safely', () => {
  it('refuses a link unless told to follow it, and reads through it when told', async () => {
    await expect(readRegular(join(dir, 'link'))).rejects.toMatchObject({ code: 'ERR_NOT_REGULAR_FILE', message: expect.stringContaining('symbolic link') });
    expect(() => readRegularSync(join(dir, 'link'))).toThrow(/link.*symbolic link/);
    expect(await readRegular(join(dir, 'link'), { followLinks: true, encoding: 'utf8' })).toBe('precious');
  });

  it('refuses a FIFO at once (no writer ever comes), followed or not, naming it', async () => {
    for (const followLinks of [false, true]) {
      await expect(readRegular(join(dir, 'fifo'), { followLinks })).rejects.toThrow(`${join(dir, 'fifo')}: a FIFO (named pipe), not a regular file`);
    }
    expect(() => readRegularSync('/dev/zero', { followLinks: true })).toThrow(/a device/);
    await expect(openRegular(join(dir, 'fifo'), { write: true })).rejects.toThrow(/FIFO/);
  });

  it('creates exclusively: a planted link is not written through, the file it names is unchanged', async () => {
    await expect(createExclusive(join(dir, 'link'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(pipeline(Readable.from([Buffer.from('registry bytes')]), createBatchedFileWriter(join(dir, 'link')))).rejects.toMatchObject({
      code: 'EEXIST',
    });
    await expect(
      pipeline(Readable.from([Buffer.from('registry bytes')]), createBatchedFileWriter(join(dir, 'link'), { append: true, position: 8 })),
    ).rejects.toThrow(/symbolic link/);
    expect(await readFile(join(dir, 'victim'), 'utf8')).toBe('precious');
    const fh = await createExclusive(join(dir, 'new'));
    await fh.close();
    expect((await stat(join(dir, 'new'))).mode & 0o777).toBe(0o600);
  });

  it('writeFileAtomic replaces a link at the name (never writes through it) and keeps the usual mode', async () => {
    await symlink(join(dir, 'victim'), join(dir, 'out'));
    await writeFileAtomic(join(dir, 'out'), 'new');
    expect((await lstat(join(dir, 'out'))).isFile()).toBe(true);
    expect((await stat(join(dir, 'out'))).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(await readFile(join(dir, 'victim'), 'utf8')).toBe('precious');
  });
});

describe('ownFolder (a cache or work folder)', () => {
  it('makes missing levels private (0700) and returns the path', async () => {
    const got = ownFolder(join(dir, 'c1', 'deep'), 'oci', 'blobs');
    expect(got).toBe(join(dir, 'c1', 'deep', 'oci', 'blobs'));
    for (const p of ['c1', 'c1/deep', 'c1/deep/oci', 'c1/deep/oci/blobs']) expect((await stat(join(dir, p))).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder others may write, one of another user, and a link under it, naming the folder with a next step', async () => {
    const open = join(dir, 'c2');
    await mkdir(open);
    await chmod(open, 0o775);
    expect(() => ownFolder(open, 'oci')).toThrow(
      expect.objectContaining({
        code: 'ERR_CACHE_UNSAFE',
        message: expect.stringContaining(`${open} is writable by other users (mode 0775)`),
        hint: expect.stringContaining(`chmod go-w ${open}`),
      }),
    );
    await chmod(open, 0o755);
    await mkdir(join(open, 'oci'));
    await chmod(join(open, 'oci'), 0o777);
    expect(() => ownFolder(open, 'oci')).toThrow(`${join(open, 'oci')} is writable by other users`);
    await rm(join(open, 'oci'), { recursive: true });
    await symlink(dir, join(open, 'oci'));
    expect(() => ownFolder(open, 'oci')).toThrow(`${join(open, 'oci')} is a symbolic link`);
    if (process.getuid?.() === 0) {
      const theirs = join(dir, 'c3');
      await mkdir(theirs);
      await chown(theirs, 65534, 65534);
      expect(() => ownFolder(theirs)).toThrow(
        expect.objectContaining({
          message: expect.stringContaining('is owned by another user (uid 65534'),
          hint: expect.stringContaining(`chown -R 0 ${theirs}`),
        }),
      );
    }
  });
});
