// Whether a text is ASCII only: one UTF-16 unit per character and one UTF-8 byte per unit, so
// code that counts characters or bytes can index the string as it is.
const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAsciiText(s: string): boolean {
  return ASCII_ONLY.test(s);
}
