// One file of an image's filesystem, read from its layers without unpacking them: the program
// its configuration starts (Entrypoint, else Cmd; a bare name looked up in its PATH), found in the
// topmost layer that writes it, through symbolic links (resolved inside the image: a link never
// leads out of its root) and never past a whiteout that deletes it. Nothing is run or written;
// the bytes read (compressed and inflated) and the time are bounded per image.
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Descriptor, Fetcher } from '../../oci/content.js';
import { fetchManifest, readAllBounded, type Manifest } from '../../oci/manifest.js';
import { verifyBytes } from '../../oci/digest.js';
import { BLOCK, isZeroBlock } from '../../layout/tar-format.js';
import { TarHeaderWalk } from '../../layout/tar-walk.js';
import { isRecord } from '../../util/is-record.js';

export interface ScanBounds {
  /** Compressed layer bytes read at most per image. */
  maxLayerBytes: number;
  /** Inflated bytes walked at most per image (a gzip bomb stops here). */
  maxInflatedBytes: number;
  /** The largest program read into memory. */
  maxFileBytes: number;
  /** Wall-clock budget per image, in ms. */
  timeMs: number;
}

export const DEFAULT_BOUNDS: ScanBounds = {
  maxLayerBytes: 1024 * 1024 * 1024,
  maxInflatedBytes: 2 * 1024 * 1024 * 1024,
  maxFileBytes: 256 * 1024 * 1024,
  timeMs: 120_000,
};

export interface ImageContent extends Fetcher {
  resolve(ref: string): Promise<Descriptor>;
}

export interface EntrypointFile {
  /** The path in the image the program was read from (after links). */
  path: string;
  bytes: Buffer;
}

export class ScanLimitError extends Error {}

/** Counts what a scan read, and stops it at its bounds. */
export class ScanMeter {
  compressed = 0;
  inflated = 0;
  readonly #deadline: number;
  constructor(readonly bounds: ScanBounds) {
    this.#deadline = Date.now() + bounds.timeMs;
  }
  check(): void {
    if (this.compressed > this.bounds.maxLayerBytes) throw new ScanLimitError(`read more than ${this.bounds.maxLayerBytes} compressed layer bytes`);
    if (this.inflated > this.bounds.maxInflatedBytes) throw new ScanLimitError(`inflated more than ${this.bounds.maxInflatedBytes} bytes`);
    if (Date.now() > this.#deadline) throw new ScanLimitError(`took longer than ${this.bounds.timeMs / 1000} s`);
  }
}

const WRAPPERS = /(^|\/)(tini|dumb-init|catatonit|tini-static)$/;
const SHELLS = /(^|\/)(sh|bash|ash|dash)$/;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PREFERRED = ['linux/amd64', 'linux/arm64'];
const MAX_LINKS = 16;

/** The image manifest for one platform (amd64 first: the platform whose code the string reading understands best). */
export async function platformManifest(src: ImageContent, root: Descriptor, what: string): Promise<Manifest> {
  const m = await fetchManifest(src, root, what);
  if (m.kind !== 'index') return m;
  const pick =
    PREFERRED.map((p) => m.manifests.find((d) => `${d.platform?.os}/${d.platform?.architecture}` === p)).find(Boolean) ??
    m.manifests.find((d) => d.platform?.os === 'linux');
  if (!pick) throw new ScanLimitError('the image index lists no Linux image');
  return platformManifest(src, pick, what);
}

/** The program an image's configuration starts, as a path to look up in its filesystem (undefined: a shell script or nothing). */
export function entrypointOf(config: unknown): { candidates: string[]; reason?: string } {
  const c = isRecord(config) && isRecord(config.config) ? config.config : {};
  const words = [...strings(c.Entrypoint), ...strings(c.Cmd)];
  while (words.length && (WRAPPERS.test(words[0]!) || words[0] === '--')) words.shift();
  const first = words[0];
  if (!first) return { candidates: [], reason: 'its configuration names no entrypoint or command' };
  if (SHELLS.test(first)) return { candidates: [], reason: `its entrypoint is a shell (${words.slice(0, 3).join(' ')}): the program it starts is not named` };
  if (first.includes('/')) return { candidates: [posix.normalize(posix.join('/', first))] };
  const pathVar =
    strings(c.Env)
      .find((e) => e.startsWith('PATH='))
      ?.slice(5) ?? DEFAULT_PATH;
  return {
    candidates: pathVar
      .split(':')
      .filter((d) => d.startsWith('/'))
      .map((d) => posix.join(d, first)),
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads the image's entrypoint program; undefined with the reason when it has none this can read. */
export async function readEntrypoint(
  src: ImageContent,
  manifest: Manifest,
  meter: ScanMeter,
  what: string,
): Promise<{ file?: EntrypointFile; reason?: string }> {
  if (!manifest.config || manifest.config.size > 4 * 1024 * 1024) return { reason: 'its manifest has no readable configuration' };
  const bytes = await readAllBounded(await src.fetch(manifest.config), manifest.config.size, `${what} config`);
  verifyBytes(manifest.config, bytes, `${what} config`);
  const config = JSON.parse(bytes.toString('utf8')) as unknown;
  const entry = entrypointOf(config);
  if (entry.candidates.length === 0) return { reason: entry.reason };
  for (const path of entry.candidates) {
    const file = await readImageFile(src, manifest.layers, path, meter);
    if (file) return { file };
  }
  return { reason: `its entrypoint ${entry.candidates.join(' or ')} is in none of its layers` };
}

type LayerHit = { kind: 'file'; bytes: Buffer } | { kind: 'link'; target: string } | { kind: 'deleted' };

/** A file of the image by path, through links, topmost layer first. */
export async function readImageFile(src: Fetcher, layers: readonly Descriptor[], path: string, meter: ScanMeter): Promise<EntrypointFile | undefined> {
  let want = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let hit: LayerHit | undefined;
    for (let i = layers.length - 1; i >= 0 && !hit; i--) hit = await findInLayer(src, layers[i]!, want, meter);
    if (!hit || hit.kind === 'deleted') return undefined;
    if (hit.kind === 'file') return { path: want, bytes: hit.bytes };
    // a link's target inside the image's root: `..` past the root stays at the root
    want = posix.normalize(hit.target);
  }
  throw new ScanLimitError(`more than ${MAX_LINKS} links from ${path}`);
}

/** A symbolic link's target as an absolute path in the image (relative to the link's folder). */
const linkTarget = (name: string, target: string) => posix.join('/', target.startsWith('/') ? target : posix.join(posix.dirname(name), target));

const clean = (name: string) => posix.normalize(`/${name}`).replace(/\/$/, '') || '/';

/** Walks one layer's tar for `path` (a file, a link, or a whiteout of it or a folder above it). */
async function findInLayer(src: Fetcher, layer: Descriptor, path: string, meter: ScanMeter): Promise<LayerHit | undefined> {
  const raw: Readable = await src.fetch(layer);
  const gzip = /gzip/.test(layer.mediaType) || !/tar$/.test(layer.mediaType);
  const body: AsyncIterable<Buffer> = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('data', (c: Buffer) => (meter.compressed += c.length));
  const walk = new TarHeaderWalk(1024 * 1024);
  const ancestors = new Set<string>();
  for (let p = posix.dirname(path); p !== '/'; p = posix.dirname(p)) ancestors.add(p);
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0;
  let skip = 0;
  let take: { size: number; parts: Buffer[]; got: number } | undefined;
  let extended: { size: number; parts: Buffer[]; got: number } | undefined;
  try {
    for await (const chunk of body) {
      meter.inflated += chunk.length;
      meter.check();
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (at < pending.length) {
        if (skip > 0) {
          const n = Math.min(skip, pending.length - at);
          skip -= n;
          at += n;
          continue;
        }
        const body2 = take ?? extended;
        if (body2) {
          const n = Math.min(body2.size - body2.got, pending.length - at);
          body2.parts.push(pending.subarray(at, at + n));
          body2.got += n;
          at += n;
          if (body2.got < body2.size) continue;
          skip = (BLOCK - (body2.size % BLOCK)) % BLOCK;
          if (take) return { kind: 'file', bytes: Buffer.concat(take.parts) };
          walk.payload(Buffer.concat(extended!.parts), offset);
          extended = undefined;
          continue;
        }
        if (pending.length - at < BLOCK) break;
        const block = pending.subarray(at, at + BLOCK);
        offset += BLOCK;
        at += BLOCK;
        if (isZeroBlock(block)) return undefined;
        const h = walk.header(block, offset - BLOCK);
        const padded = h.size + ((BLOCK - (h.size % BLOCK)) % BLOCK);
        if (h.extended) {
          extended = { size: h.size, parts: [], got: 0 };
          continue;
        }
        const name = clean(h.name);
        const base = posix.basename(name);
        if (base.startsWith('.wh.')) {
          const dir = posix.dirname(name);
          if (base === '.wh..wh..opq' ? ancestors.has(dir) : posix.join(dir, base.slice(4)) === path || ancestors.has(posix.join(dir, base.slice(4))))
            return { kind: 'deleted' };
        } else if (h.type === '2' && ancestors.has(name)) {
          // a folder on the way is a link (merged /usr: /bin -> usr/bin)
          return { kind: 'link', target: posix.join(linkTarget(name, h.linkname), path.slice(name.length)) };
        } else if (name === path) {
          if (h.type === '2') return { kind: 'link', target: linkTarget(name, h.linkname) };
          if (h.type === '1') return { kind: 'link', target: `/${h.linkname}` };
          if (h.type === '0' || h.type === '7') {
            if (h.size > meter.bounds.maxFileBytes) throw new ScanLimitError(`${path} is ${h.size} bytes, over the ${meter.bounds.maxFileBytes} byte limit`);
            take = { size: h.size, parts: [], got: 0 };
            if (h.size === 0) return { kind: 'file', bytes: Buffer.alloc(0) };
            continue;
          }
          return undefined;
        }
        skip = padded;
      }
      pending = pending.subarray(at);
    }
  } finally {
    raw.destroy();
  }
  return undefined;
}
