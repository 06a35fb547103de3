// An in-memory Target: a real implementation for unit tests and small caches (manifests).
import { Readable } from 'node:stream';
import type { Ctx, Descriptor, FetchOptions, ReferrerLister, Target } from './content.js';
import { verifyBytes } from './digest.js';
import { readAllBounded, parseManifest } from './manifest.js';
import { isManifestType } from './media-types.js';
import { NotFoundError } from './not-found.js';

export class MemoryStore implements Target, ReferrerLister {
  private readonly blobs = new Map<string, Buffer>();
  private readonly tags = new Map<string, Descriptor>();
  private readonly subjects = new Map<string, Descriptor[]>();

  async exists(d: Descriptor): Promise<boolean> {
    return this.blobs.has(d.digest);
  }

  async fetch(d: Descriptor, _c?: Ctx, o?: FetchOptions): Promise<Readable> {
    const b = this.blobs.get(d.digest);
    if (!b) throw new NotFoundError(`memory store: ${d.digest} not found`);
    return Readable.from([b.subarray(o?.offset ?? 0)]);
  }

  async push(d: Descriptor, body: Readable): Promise<void> {
    const bytes = await readAllBounded(body, d.size, `push ${d.digest}`);
    verifyBytes(d, bytes, `push ${d.digest}`);
    this.blobs.set(d.digest, bytes);
    if (isManifestType(d.mediaType)) this.indexSubject(d, bytes);
  }

  async resolve(ref: string): Promise<Descriptor> {
    const d = this.tags.get(ref) ?? [...this.tags.values()].find((t) => t.digest === ref);
    if (!d) throw new NotFoundError(`memory store: ${ref} not found`);
    return d;
  }

  async tag(d: Descriptor, ref: string): Promise<void> {
    if (!this.blobs.has(d.digest)) throw new NotFoundError(`memory store: cannot tag ${ref}: ${d.digest} not found`);
    this.tags.set(ref, d);
  }

  async referrers(d: Descriptor): Promise<Descriptor[]> {
    return this.subjects.get(d.digest) ?? [];
  }

  /** Digests held, for assertions. */
  digests(): string[] {
    return [...this.blobs.keys()];
  }

  private indexSubject(d: Descriptor, bytes: Buffer): void {
    const m = parseManifest(bytes, d.mediaType, d.digest);
    if (!m.subject) return;
    const list = this.subjects.get(m.subject.digest) ?? [];
    if (!list.some((x) => x.digest === d.digest)) {
      list.push({
        mediaType: d.mediaType,
        digest: d.digest,
        size: d.size,
        ...((m.artifactType ?? m.config?.mediaType) ? { artifactType: m.artifactType ?? m.config?.mediaType } : {}),
      });
    }
    this.subjects.set(m.subject.digest, list);
  }
}
