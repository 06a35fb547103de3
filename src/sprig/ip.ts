// net.ParseIP as x509 encodes it: IPv4 (and IPv4-mapped IPv6) as 4 bytes, IPv6 as 16.

function ipv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function ipv6(s: string): Uint8Array | undefined {
  let tail: number[] = [];
  let head = s;
  const v4 = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = ipv4(v4[1]!);
    if (!b) return undefined;
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    head = s.slice(0, s.length - v4[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const group = (x: string): number[] | undefined => {
    if (x === '') return [];
    const g = x.split(':');
    return g.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p)) ? g.map((p) => parseInt(p, 16)) : undefined;
  };
  const left = group(halves[0]!);
  const right = halves.length === 2 ? group(halves[1]!) : [];
  if (!left || !right) return undefined;
  const fill = 8 - left.length - right.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const words = [...left, ...Array<number>(fill).fill(0), ...right, ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => ((out[2 * i] = w >> 8), (out[2 * i + 1] = w & 255)));
  return out;
}

export function parseIp(s: string): Uint8Array | undefined {
  if (s.includes(':')) {
    const b = ipv6(s);
    const mapped = b && b.subarray(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;
    return mapped ? b.slice(12) : b;
  }
  return ipv4(s);
}
