// Decompression bombs: a small .tgz that inflates to gigabytes is refused while inflating, with
// memory bounded by the limit (the check used to run after the whole archive was inflated).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseChartArchive } from '../../src/helm/loader/archive.js';

function tarOf(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

describe('chart archive decompression bombs', () => {
  it('one entry inflating past the limit is refused while inflating, with memory bounded by the limit', async () => {
    const limit = 8 * 1024 * 1024;
    // 64 MiB of zeros in ~64 KiB of gzip: the ratio of a real bomb, at a size a test can afford
    const gz = gzipSync(Buffer.concat([tarOf('c/Chart.yaml', 64 * 1024 * 1024), Buffer.alloc(64 * 1024 * 1024)]));
    expect(gz.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    await expect(parseChartArchive(gz, 'bomb.tgz', { maxTotalBytes: limit, maxEntries: 100 })).rejects.toThrow(
      /bomb\.tgz: decompresses to more than 8388608 bytes/,
    );
    // the 64 MiB were never held at once
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it.each([
    ['small', 1],
    ['larger than the limit', 0xffffffff],
    ['zero', 0],
  ])('a gzip trailer whose stated length is %s (it sizes the output chunk) neither changes the files nor lifts the limit', async (_, stated) => {
    const body = Buffer.from('apiVersion: v2\nname: c\nversion: 0.1.0\n');
    const pad = Buffer.alloc(512 - (body.length % 512));
    const lying = (gz: Buffer) => {
      const out = Buffer.from(gz);
      out.writeUInt32LE(stated, out.length - 4);
      return out;
    };
    // Node's gunzip checks the trailer's length only after the output; a lie is refused as corrupt
    // input, as Go's gzip reader refuses it for Helm, and never as a bomb
    const gz = lying(gzipSync(Buffer.concat([tarOf('c/Chart.yaml', body.length), body, pad, Buffer.alloc(1024)])));
    await expect(parseChartArchive(gz, 'lying.tgz')).rejects.toThrow('chart archive lying.tgz: not a valid gzipped tar: incorrect length check');
    const honest = gzipSync(Buffer.concat([tarOf('c/Chart.yaml', body.length), body, pad, Buffer.alloc(1024)]));
    expect((await parseChartArchive(honest, 'honest.tgz')).map((f) => f.name)).toEqual(['Chart.yaml']);
    const bomb = lying(gzipSync(Buffer.concat([tarOf('c/Chart.yaml', 16 * 1024 * 1024), Buffer.alloc(16 * 1024 * 1024)])));
    await expect(parseChartArchive(bomb, 'bomb.tgz', { maxTotalBytes: 1024 * 1024, maxEntries: 100 })).rejects.toThrow(/more than 1048576 bytes/);
  });

  it('an archive under the limit still loads', async () => {
    const body = Buffer.from('apiVersion: v2\nname: c\nversion: 0.1.0\n');
    const pad = Buffer.alloc(512 - (body.length % 512));
    const gz = gzipSync(Buffer.concat([tarOf('c/Chart.yaml', body.length), body, pad, Buffer.alloc(1024)]));
    const files = await parseChartArchive(gz, 'ok.tgz');
    expect(files.map((f) => f.name)).toEqual(['Chart.yaml']);
  });
});
