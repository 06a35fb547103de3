// Writes synthetic (multi-arch) images into an OCI image layout with nothing but node built-ins,
// so tests can check our library against content it did not produce. Layers are real tar+gzip
// (gzip level 0: valid for umoci and registries, and fast enough for GiB-sized bench images),
// filled with deterministic AES-CTR bytes derived from a seed: the same seed gives the same blob,
// which is how images share base layers.
import { createCipheriv, createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireTool } from './tools.js';
import { tarHeader } from './tar-builder.js';

export interface SyntheticLayer {
  /** Same seed + size = same bytes = same digest (use it for shared base layers). */
  seed: string;
  /** Payload bytes inside the layer's single file (the blob is a little larger). */
  size: number;
}

export interface SyntheticImageSpec {
  /** Repository path, e.g. "library/app" or "jetstack/cert-manager-controller". */
  name: string;
  tag: string;
  /** e.g. ['linux/amd64', 'linux/arm64/v8']; absent = a single manifest, no index. */
  platforms?: string[];
  /** Layers shared by every platform (and by every image that uses the same seeds). */
  baseLayers?: SyntheticLayer[];
  /** Layers made distinct per platform (the platform is mixed into each seed). */
  layers?: SyntheticLayer[];
  mediaTypes?: 'oci' | 'docker';
}

export interface WrittenImage {
  name: string;
  tag: string;
  /** The ref.name this image has in the layout's index.json: "name:tag". */
  refName: string;
  layoutDir: string;
  mediaTypes: 'oci' | 'docker';
  /** Root descriptor (index or manifest). */
  digest: string;
  mediaType: string;
  size: number;
  manifests: { platform?: string; digest: string; size: number }[];
  /** Every blob digest the image references, root included, unique. */
  blobs: string[];
}

const TYPES = {
  oci: {
    index: 'application/vnd.oci.image.index.v1+json',
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

interface Blob {
  digest: string;
  size: number;
  diffId: string;
}

/** Writes the images into `dir` (created if needed) and returns what was written. */
export async function writeSyntheticImages(dir: string, specs: SyntheticImageSpec[]): Promise<WrittenImage[]> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const layerCache = new Map<string, Promise<Blob>>();
  const out: WrittenImage[] = [];
  for (const spec of specs) out.push(await writeImage(dir, spec, layerCache));
  await addToIndex(dir, out);
  return out;
}

async function writeImage(dir: string, spec: SyntheticImageSpec, cache: Map<string, Promise<Blob>>): Promise<WrittenImage> {
  const kind = spec.mediaTypes ?? 'oci';
  const t = TYPES[kind];
  const blobs = new Set<string>();
  const layer = (l: SyntheticLayer) => {
    const key = `${l.seed}\0${l.size}`;
    if (!cache.has(key)) cache.set(key, writeLayer(dir, l));
    return cache.get(key)!;
  };
  const manifests: WrittenImage['manifests'] = [];
  for (const platform of spec.platforms ?? [undefined]) {
    const layers: Blob[] = [];
    for (const l of spec.baseLayers ?? []) layers.push(await layer(l));
    for (const l of spec.layers ?? []) layers.push(await layer({ seed: `${l.seed}|${spec.name}|${platform ?? ''}`, size: l.size }));
    const [os, architecture, variant] = (platform ?? 'linux/amd64').split('/');
    const config = jsonBytes({
      architecture,
      os,
      ...(variant ? { variant } : {}),
      config: { Env: ['PATH=/usr/bin:/bin'], Labels: { 'synthetic.image': `${spec.name}:${spec.tag}` } },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map(() => ({ created_by: 'synthetic-image', created: '2024-01-01T00:00:00Z' })),
    });
    const cfg = await writeBytes(dir, config);
    const manifest = jsonBytes({
      schemaVersion: 2,
      mediaType: t.manifest,
      config: { mediaType: t.config, digest: cfg.digest, size: cfg.size },
      layers: layers.map((l) => ({ mediaType: t.layer, digest: l.digest, size: l.size })),
    });
    const m = await writeBytes(dir, manifest);
    for (const d of [cfg.digest, m.digest, ...layers.map((l) => l.digest)]) blobs.add(d);
    manifests.push({ platform, digest: m.digest, size: m.size });
  }
  let root: { mediaType: string; digest: string; size: number } = { mediaType: t.manifest, digest: manifests[0].digest, size: manifests[0].size };
  if (spec.platforms) {
    const index = jsonBytes({
      schemaVersion: 2,
      mediaType: t.index,
      manifests: manifests.map((m) => ({ mediaType: t.manifest, digest: m.digest, size: m.size, platform: toPlatform(m.platform!) })),
    });
    const ix = await writeBytes(dir, index);
    blobs.add(ix.digest);
    root = { mediaType: t.index, digest: ix.digest, size: ix.size };
  }
  const refName = `${spec.name}:${spec.tag}`;
  return { name: spec.name, tag: spec.tag, refName, layoutDir: dir, mediaTypes: kind, ...root, manifests, blobs: [...blobs] };
}

function toPlatform(p: string): Record<string, string> {
  const [os, architecture, variant] = p.split('/');
  return { architecture, os, ...(variant ? { variant } : {}) };
}

function jsonBytes(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v));
}

async function writeBytes(dir: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const hex = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

/** One-file tar (ustar) of `size` seeded bytes, gzip level 0; hashed before and after gzip. */
async function writeLayer(dir: string, l: SyntheticLayer): Promise<Blob> {
  const tmp = join(dir, 'blobs', 'sha256', `.synthetic-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  let size = 0;
  await pipeline(
    Readable.from(tarOf(l)),
    tap(diff),
    createGzip({ level: 0 }),
    tap(blob, (n) => (size += n)),
    createWriteStream(tmp),
  );
  const hex = blob.digest('hex');
  await rename(tmp, join(dir, 'blobs', 'sha256', hex));
  return { digest: `sha256:${hex}`, size, diffId: `sha256:${diff.digest('hex')}` };
}

function tap(h: Hash, count?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      count?.(chunk.length);
      cb(null, chunk);
    },
  });
}

async function* tarOf(l: SyntheticLayer): AsyncGenerator<Buffer> {
  const name = `data/${createHash('sha256').update(l.seed).digest('hex').slice(0, 16)}.bin`;
  yield tarHeader({ name, size: l.size, mtime: 1704067200 });
  const key = createHash('sha256').update(l.seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = l.size; left > 0; left -= zeros.length) {
    yield cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
  }
  const pad = (512 - (l.size % 512)) % 512;
  yield Buffer.alloc(pad + 1024);
}

/** Adds the images to index.json under ref.name "name:tag" (replacing an entry with that name). */
async function addToIndex(dir: string, images: WrittenImage[]): Promise<void> {
  const path = join(dir, 'index.json');
  let index: { schemaVersion: number; manifests: { annotations?: Record<string, string> }[] } = { schemaVersion: 2, manifests: [] };
  try {
    index = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    // new layout
  }
  const names = new Set(images.map((i) => i.refName));
  index.manifests = index.manifests.filter((m) => !names.has(m.annotations?.['org.opencontainers.image.ref.name'] ?? ''));
  for (const i of images) {
    index.manifests.push({ mediaType: i.mediaType, digest: i.digest, size: i.size, annotations: { 'org.opencontainers.image.ref.name': i.refName } } as never);
  }
  await writeFile(path + '.tmp', JSON.stringify({ schemaVersion: 2, mediaType: TYPES.oci.index, manifests: index.manifests }));
  await rename(path + '.tmp', path);
}

/**
 * Pushes written images to a plain-HTTP registry at `host` as HOST/name:tag, digests preserved.
 * OCI images go through `skopeo copy --all` (an independent client). skopeo 1.9 cannot read
 * Docker media types from an `oci:` layout (it refuses or rewrites them, which changes digests),
 * so Docker-typed images are pushed byte for byte over the distribution API by pushRaw below.
 */
export async function seedRegistry(host: string, images: WrittenImage[]): Promise<void> {
  for (const img of images) {
    if (img.mediaTypes === 'oci') await skopeoPush(host, img);
    else await pushRaw(host, img);
  }
}

async function skopeoPush(host: string, img: WrittenImage): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  await promisify(execFile)(
    skopeo,
    [
      'copy',
      '--all',
      '--preserve-digests',
      '--dest-tls-verify=false',
      '--quiet',
      `oci:${img.layoutDir}:${img.refName}`,
      `docker://${host}/${img.name}:${img.tag}`,
    ],
    { maxBuffer: 16 << 20 },
  );
}

/** Monolithic POST+PUT of every blob, children before parents, then the root by tag. */
export async function pushRaw(host: string, img: WrittenImage): Promise<void> {
  const blobPath = (d: string) => join(img.layoutDir, 'blobs', 'sha256', d.slice('sha256:'.length));
  const manifestDigests = new Set([img.digest, ...img.manifests.map((m) => m.digest)]);
  for (const d of img.blobs) {
    if (manifestDigests.has(d)) continue;
    const loc = await http(host, 'POST', `/v2/${img.name}/blobs/uploads/`, undefined, {}, 202);
    const url = new URL(loc.location!, `http://${host}`);
    url.searchParams.set('digest', d);
    const size = (await stat(blobPath(d))).size;
    await http(
      host,
      'PUT',
      url.pathname + url.search,
      createReadStream(blobPath(d)),
      { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      201,
    );
  }
  const t = TYPES[img.mediaTypes];
  for (const m of img.manifests) {
    if (m.digest === img.digest) continue;
    const body = await readFile(blobPath(m.digest));
    await http(
      host,
      'PUT',
      `/v2/${img.name}/manifests/${m.digest}`,
      Readable.from([body]),
      { 'content-type': t.manifest, 'content-length': String(body.length) },
      201,
    );
  }
  const body = await readFile(blobPath(img.digest));
  await http(
    host,
    'PUT',
    `/v2/${img.name}/manifests/${img.tag}`,
    Readable.from([body]),
    { 'content-type': img.mediaType, 'content-length': String(body.length) },
    201,
  );
}

function http(
  host: string,
  method: string,
  path: string,
  body: Readable | undefined,
  headers: Record<string, string>,
  want: number,
): Promise<{ location?: string }> {
  const [hostname, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode !== want) reject(new Error(`seed ${method} ${path}: ${res.statusCode} ${text}`));
        else resolve({ location: res.headers.location });
      });
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

/** Removes a layout dir written by writeSyntheticImages. */
export async function removeLayout(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
