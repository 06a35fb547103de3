// Builds gzipped tar archives byte by byte, so tests can include entries a well-behaved tar
// writer refuses to produce (`../` paths, absolute paths, symlinks).
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  data?: string | Uint8Array;
  /** '0' file (default), '2' symlink, '1' hard link, '5' directory. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s, off, len, 'utf8');
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(e.name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8);
  put(e.type ?? '0', 156, 1);
  put(e.linkname ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

export function makeTgz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.type && e.type !== '0' ? Buffer.alloc(0) : Buffer.from(e.data ?? '');
    parts.push(header(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

export const CHART_YAML = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';
