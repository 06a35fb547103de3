// Archives are untrusted: crafted and damaged tarballs are refused with an ArchiveError that
// names the entry, and blob bytes are checked against their digest as they stream.
import { open, mkdtemp, readFile, rm, writeFile, copyFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImages } from '../../src/app/copy/copy.js';
import { ArchiveReader } from '../../src/layout/archive-reader.js';
import { writeArchive } from '../../src/layout/archive-writer.js';
import { ArchiveError } from '../../src/util/errors.js';
import { writeSyntheticImages, type WrittenImage } from '../support/synthetic-image.js';
import { makeTar } from '../support/tar-builder.js';

let work: string;
let good: string;
let img: WrittenImage;

function tarOf(entries: { name: string; body?: string; type?: string; link?: string }[]): Buffer {
  return makeTar(entries.map((e) => ({ name: e.name, data: e.body, type: e.type, linkname: e.link })));
}

const layoutEntries = [
  { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
  { name: 'index.json', body: '{"schemaVersion":2,"manifests":[]}' },
];

async function crafted(name: string, entries: Parameters<typeof tarOf>[0]): Promise<string> {
  const file = join(work, name);
  await writeFile(file, tarOf(entries));
  return file;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-guards-'));
  [img] = await writeSyntheticImages(join(work, 'seed'), [{ name: 'x/app', tag: '1', layers: [{ seed: 'l', size: 200_000 }] }]);
  good = join(work, 'good.tar');
  await writeArchive(join(work, 'seed'), good);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('archive reader guards (issue 2: untrusted archives)', () => {
  it('reads a good archive in place and serves the image', async () => {
    const a = await ArchiveReader.open(good);
    expect((await a.resolve('x/app:1')).digest).toBe(img.digest);
  });

  it.each([
    ['../evil', /escapes the archive/],
    ['blobs/../../evil', /escapes the archive/],
    ['/etc/passwd', /absolute/],
    ['C:/windows', /absolute/],
  ])('refuses entry %s (archive: no path escapes)', async (name, msg) => {
    const file = await crafted('bad-path.tar', [...layoutEntries, { name, body: 'x' }]);
    await expect(ArchiveReader.open(file)).rejects.toThrow(msg);
    await expect(ArchiveReader.open(file)).rejects.toBeInstanceOf(ArchiveError);
  });

  it.each([
    ['2', 'symbolic link'],
    ['1', 'hard link'],
    ['3', 'character device'],
  ])('refuses type %s entries (archive: no links out)', async (type, what) => {
    const file = await crafted('link.tar', [...layoutEntries, { name: 'blobs/sha256/x', type, link: '/etc/shadow' }]);
    await expect(ArchiveReader.open(file)).rejects.toThrow(new RegExp(`blobs/sha256/x is a ${what}`));
  });

  it('refuses duplicate entries (archive: no ambiguity)', async () => {
    const file = await crafted('dup.tar', [...layoutEntries, { name: 'index.json', body: '{}' }]);
    await expect(ArchiveReader.open(file)).rejects.toThrow(/index.json appears twice/);
  });

  it('refuses entries over the size bound (archive: bounded sizes)', async () => {
    await expect(ArchiveReader.open(good, { maxEntrySize: 1000 })).rejects.toThrow(/over the 1000 byte limit/);
  });

  it('refuses a tarball without an OCI layout', async () => {
    const file = await crafted('notlayout.tar', [{ name: 'hello.txt', body: 'hi' }]);
    await expect(ArchiveReader.open(file)).rejects.toThrow(/no oci-layout entry/);
  });

  it('refuses a truncated archive naming the cut entry (archive: truncation)', async () => {
    const file = join(work, 'cut.tar');
    await copyFile(good, file);
    const a = await ArchiveReader.open(good);
    const biggest = a.entries().sort((x, y) => y.size - x.size)[0];
    await truncate(file, biggest.offset + 1000);
    await expect(ArchiveReader.open(file)).rejects.toThrow(new RegExp(`entry ${biggest.name} is truncated`));
  });

  it('refuses an archive cut at an entry boundary (archive: end-of-archive marker required)', async () => {
    const file = join(work, 'cut2.tar');
    const bytes = await readFile(good);
    await writeFile(file, bytes.subarray(0, bytes.length - 1024));
    await expect(ArchiveReader.open(file)).rejects.toThrow(/no end-of-archive marker/);
  });

  it('refuses a tampered header (archive: header checksum), naming the file and the entry before it', async () => {
    const file = join(work, 'hdr.tar');
    const bytes = await readFile(good);
    bytes[1024 + 5] ^= 0x01; // the name field of the second header (index.json)
    await writeFile(file, bytes);
    await expect(ArchiveReader.open(file)).rejects.toThrow(`archive ${file}: the entry after oci-layout: tar header at byte 1024: checksum mismatch`);
  });

  it('refuses tampered blob bytes when they are read, naming the entry (archive: digests verified)', async () => {
    const file = join(work, 'tampered.tar');
    await copyFile(good, file);
    const a = await ArchiveReader.open(good);
    const biggest = a.entries().sort((x, y) => y.size - x.size)[0];
    const fh = await open(file, 'r+');
    await fh.write(Buffer.from('X'), 0, 1, biggest.offset + 5000);
    await fh.close();
    const err = copyImages({ items: [{ src: `oci-archive:${file}:x/app:1` }], destination: `oci:${join(work, 'out')}` });
    await expect(err).rejects.toThrow(new RegExp(`${biggest.name}.*digest mismatch`));
  });

  it('verifies a blob in place (push’s verify pass): the untouched one passes, tampered bytes name the entry', async () => {
    const file = join(work, 'tampered-verify.tar');
    await copyFile(good, file);
    const a = await ArchiveReader.open(good);
    const blobs = a.entries().filter((e) => e.name.startsWith('blobs/sha256/'));
    const biggest = blobs.sort((x, y) => y.size - x.size)[0]!;
    const desc = (e: typeof biggest) => ({ mediaType: 'application/octet-stream', digest: `sha256:${e.name.split('/').pop()}`, size: e.size });
    for (const e of blobs) await a.verify(desc(e));
    await a.close();
    const fh = await open(file, 'r+');
    await fh.write(Buffer.from('X'), 0, 1, biggest.offset + biggest.size - 1);
    await fh.close();
    const bad = await ArchiveReader.open(file);
    await expect(bad.verify(desc(biggest))).rejects.toThrow(new RegExp(`${biggest.name}.*digest mismatch`));
    await expect(bad.verify({ ...desc(biggest), size: biggest.size + 1 })).rejects.toThrow(/holds \d+ bytes, its descriptor says/);
    await bad.close();
  });

  it('reads back long names written with PAX records, and tar(1) agrees (archive: portable)', async () => {
    const file = join(work, 'long.tar');
    const long = 'charts/' + 'very-long-directory-name/'.repeat(6) + 'chart-1.0.0.tgz';
    await writeArchive(join(work, 'seed'), file, { extra: [{ name: long, bytes: Buffer.from('chart') }] });
    const a = await ArchiveReader.open(file);
    expect(await a.readEntry(long)).toEqual(Buffer.from('chart'));
    const { execFile } = await import('node:child_process');
    const listed = await new Promise<string>((resolve, reject) => execFile('tar', ['tf', file], (e, out) => (e ? reject(e) : resolve(out))));
    expect(listed.split('\n')).toContain(long);
  });
});
