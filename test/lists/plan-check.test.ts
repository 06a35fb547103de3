// The plan check and the bounds on lists and maps, as the issue 48 campaign found them: copy
// --from-file with two sources for one destination (a second column, --naming base or flat folding
// two names into one) wrote both and exited 0; a CR-only list read its second image as the first
// one's destination; 100,000 repeated lines copied each again; a 200,000-line list ended in
// "Maximum call stack size exceeded"; a 77 MB map took 2.4 GB; a map whose digest disagrees with
// the bundle's lock was pinned; a map with two sources for one tag was believed. Real
// docker-registry on both sides; the built CLI where memory is measured.
import { execa } from 'execa';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLock, type LockedImage } from '../../src/bundle/lock.js';
import { readImageLists } from '../../src/cli/list-input.js';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { catalogOf, servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

let src: SeededSource;
let dst: RunningRegistry;
let work: string;
const at = (name: string, tag = '1') => `${src.registry.host}/${name}:${tag}`;
const seg = () => src.registry.host.replace(':', '-');

beforeAll(async () => {
  const layer = (seed: string) => [{ seed, size: 1024 }];
  src = await startSeededSource([
    { name: 'a/x', tag: '1', layers: layer('a/x') },
    { name: 'b/x', tag: '1', layers: layer('b/x') },
    { name: 'a/x-y', tag: '1', layers: layer('a/x-y') },
    { name: 'a-x/y', tag: '1', layers: layer('a-x/y') },
    { name: 'c/y', tag: '2', layers: layer('c/y') },
  ]);
  dst = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-plan-check-'));
}, 60_000);

afterAll(async () => {
  await src?.stop();
  await dst?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function list(name: string, text: string): Promise<string> {
  const file = join(work, name);
  await writeFile(file, text);
  return file;
}

describe('copy --from-file: the whole plan is checked before anything is written', () => {
  it.each([
    ['a second column', () => `${at('a/x')} ${dst.host}/m/x:1\n# another\n${at('b/x')}   ${dst.host}/m/x:1\n`, [], [1, 3], 'm/x:1'],
    ['--naming base folding a/x and b/x', () => `${at('a/x')}\n${at('b/x')}\n`, ['--naming', 'base'], [1, 2], 'm/x:1'],
    ['--naming flat folding a/x-y and a-x/y', () => `${at('a/x-y')}\n${at('a-x/y')}\n`, ['--naming', 'flat'], [1, 2], 'm/a-x-y:1'],
  ] as const)('two sources for one destination (%s): refused naming both lines, the target registry untouched', async (what, text, flags, lines, dest) => {
    const file = await list(`two-${what.length}.txt`, text());
    const r = await runCli(['copy', '--from-file', file, `docker://${dst.host}/m`, ...flags]);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`copy plan (nothing was copied): 1 conflicting move(s):`);
    expect(r.stderr).toContain(`${file}:${lines[0]} (docker://`);
    expect(r.stderr).toContain(`and ${file}:${lines[1]} (docker://`);
    expect(r.stderr).toContain(`both go to docker://${dst.host}/${dest}`);
    expect(r.stderr).toMatch(/^next: give each destination one source/m);
    expect(await catalogOf(dst.host)).toEqual([]);
  });

  it('a CR-only list is two images, each at its own destination (not the second as the first one destination)', async () => {
    const file = await list('cr.txt', `${at('a/x')}\r${at('c/y', '2')}\r`);
    const r = await runCli(['copy', '--from-file', file, `docker://${dst.host}/cr`, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await servedDigest(dst.host, `cr/${seg()}/a/x`, '1')).toBe(src.images[0]!.digest);
    expect(await servedDigest(dst.host, `cr/${seg()}/c/y`, '2')).toBe(src.images[4]!.digest);
  });

  it('a line repeated 20,000 times is copied once', async () => {
    const file = await list('repeated.txt', `${at('c/y', '2')}\n`.repeat(20_000));
    const r = await runCli(['copy', '--from-file', file, `docker://${dst.host}/rep`, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { items: unknown[] }).items).toHaveLength(1);
    expect(await servedDigest(dst.host, `rep/${seg()}/c/y`, '2')).toBe(src.images[4]!.digest);
  });
});

describe('verify LIST runs the same check', () => {
  it('two lines at one destination: refused before any request, naming both lines', async () => {
    const file = await list('verify-two.txt', `${at('a/x')} ${dst.host}/v/x:1\n${at('b/x')} ${dst.host}/v/x:1\n`);
    const r = await runCli(['verify', file, '--registry', `${dst.host}/v`]);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file}:1 (${at('a/x')}) and ${file}:2 (${at('b/x')}) both go to ${dst.host}/v/x:1`);
  });
});

describe('lists and maps within bounds', () => {
  it('a 200,000-line list is read without overflowing the stack (mirrors read lists this way)', async () => {
    const file = await list('long.txt', Array.from({ length: 200_000 }, (_, i) => `r.example/app${i % 100}:1`).join('\n'));
    const entries = await readImageLists([file], async () => Buffer.alloc(0));
    expect(entries).toHaveLength(200_000);
    expect(entries[199_999]!.where).toBe(`${file}:200000`);
  });

  it('a FIFO named as a list or a map is refused, not waited on', async () => {
    const fifo = join(work, 'fifo');
    await execa('mkfifo', [fifo]);
    for (const args of [
      ['mirrors', fifo],
      ['copy', '--from-file', fifo, `docker://${dst.host}/f`],
      ['verify', '--map', fifo],
    ]) {
      const r = await runCli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${fifo}: not a regular file`);
    }
  });

  it('a 77 MB map is refused by its size before it is read: exit 2, the limit named, little memory', async () => {
    const file = join(work, 'huge.map.yaml');
    const out = createWriteStream(file);
    out.write('apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n');
    const entry = (i: number) => `  - source: docker.io/org/app${i}:1.0\n    destination: r.example/m/app${i}:1.0\n    digest: ${D1}\n`;
    const chunk = Array.from({ length: 1000 }, (_, i) => entry(i)).join('');
    for (let written = 0; written < 77_000_000; written += chunk.length) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
    const r = await execa('/usr/bin/time', ['-f', 'maxrss_kb=%M', BIN, 'verify', '--map', file], { reject: false });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Error: ${file}: an image map of 7\\d{7} bytes is over the 33554432 byte limit`));
    expect(r.stderr).toMatch(/^next: split the transfer into several runs/m);
    const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)![1]);
    expect(rss).toBeLessThan(200_000);
  });

  it('a map with one source at two places, or two sources at one tag, is refused naming both entries', async () => {
    const map = join(work, 'two.map.yaml');
    await writeFile(
      map,
      `images:\n  - source: ${at('a/x')}\n    destination: ${dst.host}/m/x:1\n    digest: ${D1}\n  - source: ${at('b/x')}\n    destination: ${dst.host}/m/x:1\n    digest: ${D2}\n`,
    );
    const r = await runCli(['verify', '--map', map]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${map}: images[0] (${at('a/x')}) and ${map}: images[1] (${at('b/x')}) both go to ${dst.host}/m/x:1`);
    expect(r.stderr).toMatch(/^next: keep one entry per source and per destination/m);
  });
});

describe('a map digest the bundle lock contradicts is an error, not a pin', () => {
  const ref = 'docker.io/acme/app:1.0';
  let bundle: string;
  let map: string;

  beforeAll(async () => {
    bundle = join(work, 'bundle');
    await mkdir(bundle, { recursive: true });
    const image: LockedImage = {
      source: ref,
      ref,
      digest: D1,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: [],
      size: 1,
      need: 'certain',
      sites: [],
      layoutRef: ref,
    };
    await writeFile(
      join(bundle, 'airgap-lock.json'),
      formatLock({ formatVersion: 1, createdBy: 'test', createdAt: '2026-01-01T00:00:00Z', charts: [], images: [image], platforms: [], notBundled: [] }),
    );
    map = join(work, 'lying.map.yaml');
    await writeFile(map, `images:\n  - source: ${ref}\n    destination: r.example/m/acme/app:1.0\n    digest: ${D2}\n`);
  });

  const expectClash = (r: { exitCode: number; stderr: string }) => {
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${map}: 1 image(s) with another digest than the bundle's lock:\n  ${ref}: the map says ${D2}, the lock ${D1}`);
    expect(r.stderr).toMatch(/^next: give the map written by the push of this bundle/m);
  };

  it.each([['values'], ['kustomize']])('values BUNDLE --map --format %s', async (format) => {
    expectClash(await runCli(['values', bundle, '--map', map, '--pin-digests', '--format', format, '-o', join(work, `${format}-out`)]));
  });

  it('postrender --lock --map', async () => {
    const manifest = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${ref}\n`;
    expectClash(await runCli(['postrender', '--lock', bundle, '--map', map, '--pin-digests'], {}, manifest));
  });
});
