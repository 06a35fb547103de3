// The text inside encoded data a controller reads: base64 (a Secret's data, a ConfigMap's
// binaryData, a values tree b64enc'd into a field) and gzip under it, each bounded, binary
// content refused.
import { gunzipSync } from 'node:zlib';

/** Decoded data past this many bytes is not read (a bundled binary, not a config). */
const MAX_DECODED = 1 << 20;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A control character other than tab and line ends: binary content, not text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The text a base64 string encodes (a Secret's data, a ConfigMap's binaryData, a values tree
 * b64enc'd into a field), or undefined when it is not base64 of UTF-8 text: binary content (a
 * keystore, a certificate's DER) has nothing discovery reads.
 */
export function base64Text(s: string): string | undefined {
  const b64 = s.replace(/\s+/g, '');
  if (b64.length < 8 || b64.length > (MAX_DECODED / 3) * 4 || !BASE64.test(b64)) return undefined;
  let text: string;
  try {
    text = utf8.decode(Buffer.from(b64, 'base64'));
  } catch {
    return undefined;
  }
  return CONTROL.test(text) ? undefined : text;
}

/** Inflated data past this many bytes is not read (a compressed bundle of manifests is 1-2 MiB). */
const MAX_INFLATED = 8 << 20;

/**
 * The text base64 of gzip-compressed data holds (a ConfigMap's binaryData a controller inflates:
 * Cluster API's operator reads a provider's components so), or undefined when it is not that, is
 * not UTF-8 text, or inflates past MAX_INFLATED (the bound holds while inflating).
 */
export function gzipText(s: string): string | undefined {
  const b64 = s.replace(/\s+/g, '');
  if (!b64.startsWith('H4sI') || b64.length > (MAX_DECODED / 3) * 4 || !BASE64.test(b64)) return undefined;
  try {
    const text = utf8.decode(gunzipSync(Buffer.from(b64, 'base64'), { maxOutputLength: MAX_INFLATED }));
    return CONTROL.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
