// goutils (behind Sprig's abbrev, wrap, initials, nospace) walks strings byte by byte: a
// "byte string" holds one UTF-8 byte per UTF-16 unit so those algorithms count and cut as Go does.

/** The UTF-8 bytes of s, one per character (U+0000..U+00FF). */
export function asBytes(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

/** The string whose UTF-8 bytes a byte string holds (a cut sequence decodes to U+FFFD). */
export function fromBytes(b: string): string {
  const bytes = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i) & 0xff;
  return new TextDecoder().decode(bytes);
}
