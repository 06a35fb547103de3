// Builds tar archives byte by byte, independently of src/layout/tar-format.ts, so tests can
// craft entries a well-behaved writer refuses to produce (`../` paths, absolute paths, links)
// and check our reader against an honest second implementation.
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data?: string | Uint8Array;
  /** '0' file (default), '1' hard link, '2' symlink, '5' directory; anything else as given. */
  type?: string;
  linkname?: string;
}

export interface TarHeaderFields {
  name: string;
  size: number;
  type?: string;
  linkname?: string;
  /** Seconds since the epoch (default 0). */
  mtime?: number;
}

/** One ustar header block with its checksum. */
export function tarHeader(f: TarHeaderFields): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s, off, len, 'utf8');
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(f.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(f.size, 12), 124, 12);
  put(octal(f.mtime ?? 0, 12), 136, 12);
  put('        ', 148, 8);
  put(f.type ?? '0', 156, 1);
  put(f.linkname ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** A whole uncompressed tar: link and directory entries carry no data. */
export function makeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const isData = (e.type ?? '0') === '0';
    const data = isData ? Buffer.from(e.data ?? '') : Buffer.alloc(0);
    parts.push(tarHeader({ name: e.name, size: data.length, type: e.type, linkname: e.linkname }), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function makeTgz(entries: TarEntry[]): Buffer {
  return gzipSync(makeTar(entries));
}
