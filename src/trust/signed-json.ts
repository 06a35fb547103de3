// Reading what a signature is made of (a signature manifest, a payload, a Sigstore bundle) from a
// store: bounded before a byte is read, its digest checked, then parsed.
import { createHash } from 'node:crypto';
import type { Descriptor, Fetcher } from '../oci/content.js';
import { readAllBounded } from '../oci/manifest.js';

export interface ManifestJson {
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: (Descriptor & { annotations?: Record<string, string> })[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export async function readJsonBlob<T>(store: Fetcher, d: Descriptor, limit: number, what: string): Promise<{ json: T; bytes: Buffer }> {
  if (d.size > limit) throw new Error(`${what} is ${d.size} bytes, more than the ${limit} allowed`);
  const bytes = await readAllBounded(await store.fetch(d), limit, what);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (digest !== d.digest) throw new Error(`${what}: its bytes are ${digest}, not ${d.digest}`);
  try {
    return { json: JSON.parse(bytes.toString('utf8')) as T, bytes };
  } catch (e) {
    throw new Error(`${what}: not JSON: ${(e as Error).message}`);
  }
}
