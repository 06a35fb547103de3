// Go strings are bytes: `.Files.Get` of a binary file (fsm's components/scripts.tar.gz) is the
// file's bytes as they are, and `b64enc` (or `sha256sum`) of it encodes those bytes. A JS string
// holds text: a file that is not UTF-8 decodes with U+FFFD in place of its invalid bytes, which
// would encode as other bytes. Such a text is kept here with the bytes it was read from, so the
// functions that take a Go string as bytes (sprig's cast.ts utf8) give back the file's own.

const decoder = new TextDecoder();
const strict = new TextDecoder('utf-8', { fatal: true });

/** The texts read from bytes that are not UTF-8, with those bytes; the oldest go first past the bound (a chart's binary files). */
const RAW = new Map<string, Uint8Array>();
const KEPT = 256;

/** Bytes as text: UTF-8 decoded; bytes that are not UTF-8 keep their bytes for bytesOf. */
export function goBytesText(data: Uint8Array): string {
  try {
    const text = strict.decode(data);
    // the same text read from other bytes before (b64dec of 0xE2 0x82, then of U+FFFD's own bytes): these are its bytes now
    if (RAW.size > 0) RAW.delete(text);
    return text;
  } catch {
    const text = decoder.decode(data);
    RAW.delete(text);
    RAW.set(text, data);
    if (RAW.size > KEPT) RAW.delete(RAW.keys().next().value!);
    return text;
  }
}

/** The bytes a text was read from when they were not UTF-8 (goBytesText); undefined for any other text. */
export function rawBytesOf(text: string): Uint8Array | undefined {
  return RAW.size === 0 ? undefined : RAW.get(text);
}
