// Small synthetic content built in memory for registry tests: blobs, an image manifest over
// them and an index. Bytes are exact, so digests are known before anything is pushed.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Descriptor } from '../../src/oci/content.js';

export interface Blob {
  desc: Descriptor;
  bytes: Buffer;
}

export function blob(bytes: Buffer | string, mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip'): Blob {
  const b = Buffer.from(bytes);
  return { bytes: b, desc: { mediaType, digest: `sha256:${createHash('sha256').update(b).digest('hex')}`, size: b.length } };
}

export function randomBlob(size: number): Blob {
  return blob(randomBytes(size));
}

export interface Image {
  config: Blob;
  layers: Blob[];
  manifest: Blob;
}

export function image(layers: Blob[], opts: { docker?: boolean; subject?: Descriptor; artifactType?: string } = {}): Image {
  const config = blob(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    opts.docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json',
  );
  const mediaType = opts.docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json';
  const body: Record<string, unknown> = { schemaVersion: 2, mediaType, config: config.desc, layers: layers.map((l) => l.desc) };
  if (opts.subject) body.subject = opts.subject;
  if (opts.artifactType) body.artifactType = opts.artifactType;
  return { config, layers, manifest: blob(JSON.stringify(body, null, 3), mediaType) };
}

export function stream(b: Blob | Buffer): Readable {
  return Readable.from([Buffer.isBuffer(b) ? b : b.bytes]);
}

export async function readStream(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

/** Byte equality without vitest's element-by-element deep compare (slow on large buffers). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
