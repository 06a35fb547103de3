// Tarballs for the archive fuzzers: packing seed files with the project's own header writer,
// finding each header, and damaging them the ways that matter to a reader: one header field set
// to a hostile or broken value (checksum fixed up most of the time, so the reader looks further),
// bits flipped, bytes lost, the tail cut off.
import { gzipSync } from 'node:zlib';
import { BLOCK, encodeHeader, padding } from '../src/layout/tar-format.js';
import { mutateBytes } from './mutate.js';
import { chance, int, pick, type Rng } from './rng.js';

export interface TarSeedEntry {
  name: string;
  /** Absent for a directory. */
  data?: Uint8Array;
}

const MTIME = 1704067200;

export function packTar(entries: TarSeedEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const size = e.data?.length ?? 0;
    parts.push(encodeHeader({ name: e.name, size, type: e.data ? '0' : '5', mode: e.data ? 0o644 : 0o755, mtime: MTIME }));
    if (e.data) parts.push(Buffer.from(e.data), Buffer.alloc(padding(size)));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** Offsets of the header blocks of a well-formed tar. */
export function headerOffsets(tar: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos + BLOCK <= tar.length;) {
    const block = tar.subarray(pos, pos + BLOCK);
    if (block.every((b) => b === 0)) break;
    out.push(pos);
    const size = parseInt(block.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    pos += BLOCK + size + padding(size);
  }
  return out;
}

const FIELDS: Record<string, [at: number, len: number, values: (string | Buffer)[]]> = {
  name: [
    0,
    100,
    [
      '../../etc/passwd',
      '/etc/passwd',
      'Chart.yaml',
      'c/../../x',
      'C:/x',
      'c\\templates\\x.yaml',
      '',
      '.',
      '..',
      'c/charts/sub.tgz',
      'c/charts/sub/Chart.yaml',
      'c/values.yaml',
      'index.json',
      'oci-layout',
      'blobs/sha256/' + 'a'.repeat(64),
      'x'.repeat(100),
      'a\0b',
    ],
  ],
  mode: [100, 8, ['0000000\0', '7777777\0', 'zzzzzzz\0', '']],
  size: [
    124,
    12,
    [
      '77777777777\0',
      '00000000000\0',
      '00000001000\0',
      '00000000001\0',
      '99999999999\0',
      '-1\0',
      '   \0',
      Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0]),
    ],
  ],
  mtime: [136, 12, ['77777777777\0', 'not-a-time\0', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]],
  checksum: [148, 8, ['0000000\0', '       \0', 'xxxxxxx\0']],
  type: [156, 1, ['0', '1', '2', '3', '4', '5', '6', '7', 'x', 'g', 'L', 'K', 'S', 'Z', '\0']],
  linkname: [157, 100, ['../../../etc/shadow', '/etc/shadow', 'Chart.yaml']],
  magic: [257, 8, ['ustar\x0000', 'ustar  \0', '\0\0\0\0\0\0\0\0']],
  prefix: [345, 155, ['..', '/abs', 'p'.repeat(155), 'c/templates', '']],
};

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum;
}

/** One header field of one entry set to a hostile or broken value. */
function mutateHeader(r: Rng, tar: Buffer): { bytes: Buffer; how: string } {
  const out = Buffer.concat([tar, Buffer.alloc(Math.max(0, BLOCK - tar.length))]);
  const offsets = headerOffsets(tar);
  const at = offsets.length > 0 ? pick(r, offsets) : 0;
  const field = pick(r, Object.keys(FIELDS));
  const [off, len, values] = FIELDS[field]!;
  const v = pick(r, values);
  out.fill(0, at + off, at + off + len);
  (typeof v === 'string' ? Buffer.from(v, 'latin1') : v).copy(out, at + off, 0, len);
  const fix = field !== 'checksum' && chance(r, 0.85);
  if (fix)
    out.write(
      checksum(out.subarray(at, at + BLOCK))
        .toString(8)
        .padStart(6, '0') + '\0 ',
      at + 148,
      'latin1',
    );
  return { bytes: out, how: `header at ${at}: ${field} = ${JSON.stringify(typeof v === 'string' ? v : v.toString('hex'))}${fix ? ' (checksum fixed)' : ''}` };
}

/** A damaged copy of `tar`, gzipped when `gzip` says so (and sometimes damaged after gzip). */
export function mutateTar(r: Rng, tar: Buffer, gzip: boolean): { bytes: Buffer; how: string } {
  let m: { bytes: Buffer; how: string };
  const kind = int(r, 0, 9);
  if (kind < 5) m = mutateHeader(r, tar);
  else if (kind < 8) m = { bytes: mutateBytes(r, tar), how: 'bytes damaged' };
  else {
    const cut = int(r, 0, tar.length);
    m = { bytes: tar.subarray(0, cut), how: `cut at ${cut}` };
  }
  if (chance(r, 0.2)) {
    const again = mutateHeader(r, m.bytes.length === tar.length ? m.bytes : tar);
    m = { bytes: again.bytes, how: `${m.how}; ${again.how}` };
  }
  if (!gzip) return m;
  const z = gzipSync(m.bytes, { level: 1 });
  if (chance(r, 0.15)) return { bytes: mutateBytes(r, z), how: `${m.how}; gzipped, gzip bytes damaged` };
  return { bytes: z, how: `${m.how}; gzipped` };
}
