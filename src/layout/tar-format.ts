// The slice of the tar format the archive writer and reader need: ustar headers, PAX records
// for long names and sizes past 8 GiB, and header checksums. Kept here so the two agree.
import { ArchiveError } from '../util/errors.js';

export const BLOCK = 512;
const USTAR_MAX_SIZE = 0o77777777777;

export interface TarHeader {
  name: string;
  size: number;
  /** '0' file, '5' directory, 'x' PAX, 'g' global PAX, 'L' GNU long name, others refused. */
  type: string;
  mode: number;
  mtime: number;
}

/** One ustar header block (plus a PAX block before it when the name or size need one). */
export function encodeHeader(h: TarHeader): Buffer {
  const pax: string[] = [];
  if (Buffer.byteLength(h.name) > 100) pax.push(paxRecord('path', h.name));
  if (h.size > USTAR_MAX_SIZE) pax.push(paxRecord('size', String(h.size)));
  const main = ustar({ ...h, name: truncateName(h.name), size: h.size > USTAR_MAX_SIZE ? 0 : h.size });
  if (pax.length === 0) return main;
  const body = Buffer.from(pax.join(''));
  const paxHeader = ustar({ name: 'PaxHeader', size: body.length, type: 'x', mode: 0o644, mtime: h.mtime });
  return Buffer.concat([paxHeader, body, Buffer.alloc(padding(body.length)), main]);
}

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function truncateName(name: string): string {
  return Buffer.from(name).subarray(0, 100).toString('latin1');
}

function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(rest) + 1;
  while (String(len).length + Buffer.byteLength(rest) !== len) len = String(len).length + Buffer.byteLength(rest);
  return `${len}${rest}`;
}

function ustar(h: TarHeader): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, 'latin1');
  b.write(octal(h.mode, 8), 100);
  b.write(octal(0, 8), 108);
  b.write(octal(0, 8), 116);
  b.write(octal(h.size, 12), 124);
  b.write(octal(h.mtime, 12), 136);
  b.write('        ', 148);
  b.write(h.type, 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  b.write(octal(0, 8), 329);
  b.write(octal(0, 8), 337);
  b.write(octal(checksum(b), 7), 148);
  return b;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[i];
  return sum;
}

export function isZeroBlock(b: Buffer): boolean {
  for (const x of b) if (x !== 0) return false;
  return true;
}

/** Decodes one header block; `at` is its offset (named in errors). */
export function decodeHeader(b: Buffer, at: number): TarHeader {
  const stored = parseNumber(b.subarray(148, 156), at, 'checksum');
  if (stored !== checksum(b)) throw new ArchiveError(`tar header at byte ${at}: checksum mismatch (the archive is corrupt or was modified)`);
  const name = cString(b.subarray(0, 100));
  // ustar and PAX carry a name prefix; the GNU format (magic "ustar ") keeps other fields there
  const prefix = b.subarray(257, 263).toString('latin1') === 'ustar\0' ? cString(b.subarray(345, 500)) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: parseNumber(b.subarray(124, 136), at, 'size'),
    type: String.fromCharCode(b[156] || 48),
    mode: parseNumber(b.subarray(100, 108), at, 'mode'),
    mtime: parseNumber(b.subarray(136, 148), at, 'mtime'),
  };
}

export function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

function parseNumber(b: Buffer, at: number, field: string): number {
  if (b[0] & 0x80) {
    // base-256 (GNU): big-endian with the top bit set
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i];
    return n;
  }
  const s = cString(b).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new ArchiveError(`tar header at byte ${at}: ${field} is not octal`);
  return parseInt(s, 8);
}

/** PAX records as a map (path, size are the ones that matter here). */
export function parsePax(body: Buffer, at: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    const len = Number(body.subarray(i, sp).toString('latin1'));
    if (sp < 0 || !Number.isInteger(len) || len <= 0 || i + len > body.length) throw new ArchiveError(`tar PAX header at byte ${at}: malformed record`);
    const rec = body.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}
