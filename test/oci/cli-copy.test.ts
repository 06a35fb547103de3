// The copy and inspect commands end to end through the built CLI (npm run build first).
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { startTokenServer } from '../support/token-server.js';
import { seedRegistry, writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let reg: RunningRegistry;
let work: string;
let images: WrittenImage[];

beforeAll(async () => {
  reg = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-cli-copy-'));
  const base = [{ seed: 'cli-base', size: 100_000 }];
  images = await writeSyntheticImages(join(work, 'seed'), [
    { name: 'a/one', tag: '1', platforms: ['linux/amd64', 'linux/arm64'], baseLayers: base, layers: [{ seed: '1', size: 1000 }] },
    { name: 'b/two', tag: '2', platforms: ['linux/amd64', 'linux/arm64'], baseLayers: base, layers: [{ seed: '2', size: 1000 }] },
  ]);
  await seedRegistry(reg.host, images);
});

afterAll(async () => {
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('helm airgap copy / inspect (CLI)', () => {
  it('--from-file into an archive, then inspect lists both images with the base once', async () => {
    const list = join(work, 'images.txt');
    await writeFile(list, `# two images\n${reg.host}/a/one:1\ndocker://${reg.host}/b/two:2\n`);
    const file = join(work, 'images.tar');
    const c = await execa(BIN, ['copy', '-o', 'json', '--from-file', list, `oci-archive:${file}`], { reject: false });
    expect(c.exitCode, c.stderr).toBe(0);
    const report = JSON.parse(c.stdout);
    expect(report.items.map((i: { digest: string }) => i.digest)).toEqual(images.map((i) => i.digest));
    const r = await execa(BIN, ['inspect', '-o', 'json', file], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const inspected = JSON.parse(r.stdout);
    expect(inspected.images.map((i: { name: string }) => i.name)).toEqual([`${reg.host}/a/one:1`, `${reg.host}/b/two:2`]);
    const perImage = inspected.images.reduce((n: number, i: { blobs: number }) => n + i.blobs, 0);
    expect(inspected.totals.blobs).toBeLessThan(perImage);
  });

  it('many large layers at once into a layout: every blob file on disk hashes to its name (read buffers are recycled)', async () => {
    const [big] = await writeSyntheticImages(join(work, 'seed-big'), [
      { name: 'c/big', tag: '1', layers: Array.from({ length: 8 }, (_, i) => ({ seed: `big-${i}`, size: 3 * 1024 * 1024 + i * 1000 })) },
    ]);
    await seedRegistry(reg.host, [big!]);
    // the one-file entry (copy first) and the module entry (an option first)
    for (const [options, dir] of [
      [[], join(work, 'big-layout-a')],
      [['-q'], join(work, 'big-layout-b')],
    ] as const) {
      const c = await execa(BIN, [...options, 'copy', `docker://${reg.host}/c/big:1`, `oci:${dir}`], { reject: false });
      expect(c.exitCode, c.stderr).toBe(0);
      const blobs = join(dir, 'blobs/sha256');
      const names = await readdir(blobs);
      expect(names.length).toBe(10);
      for (const name of names)
        expect(
          createHash('sha256')
            .update(await readFile(join(blobs, name)))
            .digest('hex'),
          name,
        ).toBe(name);
    }
  });

  it('--platform into a layout: inspect shows the left-out platform as not copied', async () => {
    const dir = join(work, 'layout');
    const c = await execa(BIN, ['copy', '--platform', 'linux/arm64', `docker://${reg.host}/a/one:1`, `oci:${dir}`], { reject: false });
    expect(c.exitCode, c.stderr).toBe(0);
    const r = await execa(BIN, ['inspect', dir]);
    expect(r.stdout).toMatch(/linux\/amd64 .*\(not copied\)/);
    expect(r.stdout).not.toMatch(/linux\/arm64 .*\(not copied\)/);
  });

  it.each([
    [['copy', 'docker://x/y:1'], /expected SRC DST/],
    [['copy', '--platform', 'linux', 'docker://x/y:1', 'oci:d'], /invalid platform/],
    [['copy', 'docker://x/Y:1', 'oci:d'], /lowercase/],
    [['copy', 'dir:/x', 'oci:d'], /unsupported location/],
  ])('usage errors exit 2 (%j)', async (args, msg) => {
    const r = await execa(BIN, args, { reject: false, cwd: work });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  it('--username with --password-stdin logs in to an htpasswd registry (digests kept both ways)', async () => {
    const secured = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('mirror', 's3cret') } });
    try {
      const to = await execa(
        BIN,
        ['copy', '-o', 'json', '--username', 'mirror', '--password-stdin', `docker://${reg.host}/a/one:1`, `docker://${secured.host}/a/one:1`],
        { input: 's3cret\n', reject: false },
      );
      expect(to.exitCode, to.stderr).toBe(0);
      expect(to.stdout).not.toContain('s3cret');
      const back = join(work, 'from-secured');
      const r = await execa(BIN, ['copy', '-o', 'json', '--username', 'mirror', '--password-stdin', `docker://${secured.host}/a/one:1`, `oci:${back}`], {
        input: 's3cret\n',
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).items[0].digest).toBe(images[0].digest);
      const denied = await execa(BIN, ['copy', `docker://${secured.host}/a/one:1`, `oci:${join(work, 'denied')}`], { reject: false });
      expect(denied.exitCode).toBe(1);
      expect(denied.stderr).toMatch(/401|UNAUTHORIZED|unauthorized/i);
    } finally {
      await secured.stop();
    }
  });

  it('a list with a missing image copies the rest and exits 3 naming the failed line (partial failure)', async () => {
    const list = join(work, 'partial.txt');
    await writeFile(list, `${reg.host}/a/one:1\n${reg.host}/no/such:1\n`);
    const r = await execa(BIN, ['copy', '--from-file', list, `oci:${join(work, 'partial')}`], { reject: false });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`${list}:2`);
    expect(r.stderr).toMatch(/copied 1 of 2/);
  });

  it('Bearer token auth: a multi-arch image with shared layers goes in and out with its digest', async () => {
    const ts = await startTokenServer({ users: { ci: 'tok3n' } });
    const secured = await startRegistry({ auth: ts.registryAuth() });
    try {
      const list = join(work, 'token-list.txt');
      await writeFile(list, `${reg.host}/a/one:1\n${reg.host}/b/two:2\n`);
      const to = await execa(
        BIN,
        ['copy', '--username', 'ci', '--password-stdin', '--from-file', list, `docker://${secured.host}/mirror`, '--naming', 'drop-host'],
        {
          input: 'tok3n',
          reject: false,
        },
      );
      expect(to.exitCode, to.stderr).toBe(0);
      const out = join(work, 'from-token.tar');
      const back = await execa(
        BIN,
        ['copy', '-o', 'json', '--username', 'ci', '--password-stdin', `docker://${secured.host}/mirror/b/two:2`, `oci-archive:${out}`],
        { input: 'tok3n', reject: false },
      );
      expect(back.exitCode, back.stderr).toBe(0);
      expect(JSON.parse(back.stdout).items[0].digest).toBe(images[1].digest);
      expect(ts.log.some((e) => e.user === 'ci')).toBe(true);
    } finally {
      await secured.stop();
      await ts.stop();
    }
  });
});
