// A small DER encoder and reader: enough to build X.509 certificates (node:crypto makes keys
// and signatures but not certificates) and to read a CA certificate's subject and key id.

export type Der = Uint8Array;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, ...content: Uint8Array[]): Der {
  const body = concat(content);
  return concat([new Uint8Array([tag, ...lengthBytes(body.length)]), body]);
}

export const seq = (...items: Der[]): Der => tlv(0x30, ...items);
export const set = (...items: Der[]): Der => tlv(0x31, ...items);
export const nul = (): Der => tlv(0x05);
export const bool = (b: boolean): Der => tlv(0x01, new Uint8Array([b ? 0xff : 0]));
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
/** [n] EXPLICIT: a constructed context tag around a complete element. */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** [n] IMPLICIT primitive: the context tag replaces the element's own tag. */
export const implicit = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content);

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const utf8String = (s: string): Der => tlv(0x0c, text(s));
export const printableString = (s: string): Der => tlv(0x13, text(s));
export const ia5String = (s: string): Der => tlv(0x16, text(s));

/** A non-negative INTEGER from a bigint (minimal two's complement). */
export function integer(n: bigint): Der {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return tlv(0x02, bytes[0]! & 0x80 ? concat([new Uint8Array([0]), bytes]) : bytes);
}

export function oid(dotted: string): Der {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out: number[] = [a * 40 + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let x = Math.floor(n / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Der {
  return tlv(0x03, new Uint8Array([unusedBits]), bytes);
}

/** UTCTime for 1950..2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5), to the second. */
export function time(d: Date): Der {
  const iso = d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:T]/g, '');
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050 ? tlv(0x17, text(iso.slice(2))) : tlv(0x18, text(iso));
}

// ---- reading ----------------------------------------------------------------------------------

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the content. */
  body: number;
  /** Offset just past the element. */
  end: number;
}

export function readTlv(b: Uint8Array, at: number): Tlv {
  if (at + 2 > b.length) throw new Error('asn1: truncated element');
  const tag = b[at]!;
  let len = b[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i]!;
    body += n;
  }
  if (body + len > b.length) throw new Error('asn1: truncated element');
  return { tag, start: at, body, end: body + len };
}

/** The direct children of a constructed element. */
export function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end;) {
    const t = readTlv(b, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

export function decodeOid(b: Uint8Array, t: Tlv): string {
  const bytes = b.subarray(t.body, t.end);
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let n = 0;
  for (const x of bytes.subarray(1)) {
    n = n * 128 + (x & 0x7f);
    if (!(x & 0x80)) (parts.push(n), (n = 0));
  }
  return parts.join('.');
}

export { concat };
