import { describe, expect, it } from 'vitest';
import { tarHeader } from '../../test/support/tar-builder.js';
import { ArchiveError } from '../util/errors.js';
import { TarHeaderWalk } from './tar-walk.js';

/** A PAX payload of `key=value` records (each prefixed by its own length). */
function pax(records: Record<string, string>): Buffer {
  let out = '';
  for (const [k, v] of Object.entries(records)) {
    const rest = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len = String(len).length + Buffer.byteLength(rest);
    out += `${len}${rest}`;
  }
  return Buffer.from(out);
}

/** Feeds headers (and the payloads of extended ones) in order; the entries that are not extended headers. */
function walkAll(walk: TarHeaderWalk, blocks: { type?: string; name?: string; size?: number; linkname?: string; payload?: Buffer }[]) {
  const out = [];
  let at = 0;
  for (const b of blocks) {
    const h = walk.header(tarHeader({ name: b.name ?? 'PaxHeader', size: b.payload?.length ?? b.size ?? 0, type: b.type, linkname: b.linkname }), at);
    if (h.extended) walk.payload(b.payload ?? Buffer.alloc(0), at);
    else out.push({ name: h.name, linkname: h.linkname, size: h.size, type: h.type });
    at += 512;
  }
  return out;
}

describe('tar header walk (PAX and GNU extended headers, one home for both readers)', () => {
  it('a PAX header overrides the next entry’s path, link and size, and that entry only', () => {
    const entries = walkAll(new TarHeaderWalk(1 << 20), [
      { type: 'x', payload: pax({ path: 'long/' + 'd/'.repeat(80) + 'file', size: '9663676416', linkpath: 'target' }) },
      { name: 'short', size: 3 },
      { name: 'next', size: 4 },
    ]);
    expect(entries).toEqual([
      { name: 'long/' + 'd/'.repeat(80) + 'file', linkname: 'target', size: 9663676416, type: '0' },
      { name: 'next', linkname: '', size: 4, type: '0' },
    ]);
  });

  it('a GNU long name and long link name (L, K) apply to the next entry; a PAX path wins over them', () => {
    const long = 'c/' + 'x'.repeat(200);
    const walk = new TarHeaderWalk(1 << 20);
    expect(
      walkAll(walk, [
        { type: 'L', name: '././@LongLink', payload: Buffer.from(long + '\0') },
        { type: 'K', name: '././@LongLink', payload: Buffer.from('/elsewhere\0\0') },
        { name: long.slice(0, 99), type: '2', linkname: 'cut' },
        { type: 'L', name: '././@LongLink', payload: Buffer.from('gnu-name\0') },
        { type: 'x', payload: pax({ path: 'pax-name' }) },
        { name: 'plain', size: 1 },
      ]),
    ).toEqual([
      { name: long, linkname: '/elsewhere', size: 0, type: '2' },
      { name: 'pax-name', linkname: '', size: 1, type: '0' },
    ]);
  });

  it('a global PAX header changes no entry and keeps what is pending; extended headers keep their own size', () => {
    const walk = new TarHeaderWalk(1 << 20);
    const g = walk.header(tarHeader({ name: 'pax_global_header', size: 1536, type: 'g' }), 0);
    expect(g).toMatchObject({ extended: true, size: 1536 });
    walk.payload(pax({ path: 'global-path' }), 0);
    const x = walk.header(tarHeader({ name: 'PaxHeader', size: 40, type: 'x' }), 2048);
    walk.payload(pax({ path: 'from-x', size: '7' }), 2048);
    // a second extended header is read at its own size, not the pending PAX size
    expect(walk.header(tarHeader({ name: 'pax_global_header', size: 100, type: 'g' }), 2560)).toMatchObject({ extended: true, size: 100, name: 'from-x' });
    expect(x.size).toBe(40);
    expect(walk.header(tarHeader({ name: 'file', size: 0 }), 3072)).toMatchObject({ extended: false, name: 'from-x', size: 7 });
  });

  it('refuses an extended header over the bound before its payload is read', () => {
    const walk = new TarHeaderWalk(1024);
    expect(walk.header(tarHeader({ name: 'PaxHeader', size: 1024, type: 'x' }), 0).extended).toBe(true);
    for (const type of ['x', 'L', 'K']) {
      const over = () => walk.header(tarHeader({ name: 'PaxHeader', size: 1025, type }), 1536);
      expect(over).toThrow(ArchiveError);
      expect(over).toThrow('tar header at byte 1536: extended header of 1025 bytes, over the 1024 byte limit');
    }
    // a global header is not read, so it is not bounded here
    expect(walk.header(tarHeader({ name: 'g', size: 4096, type: 'g' }), 0).extended).toBe(true);
  });

  it('a malformed PAX payload is refused, naming its header', () => {
    const walk = new TarHeaderWalk(1 << 20);
    walk.header(tarHeader({ name: 'PaxHeader', size: 9, type: 'x' }), 512);
    expect(() => walk.payload(Buffer.from('99 path=x'), 512)).toThrow(/tar PAX header at byte 512: malformed record/);
  });
});
