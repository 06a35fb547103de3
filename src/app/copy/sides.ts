// Opens the stores behind copy endpoints: registries through one RegistryClient, layouts and
// archives once per path however many images use them.
import { toTargetRepository, type NamingMode } from '../../ecr/naming.js';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../util/errors.js';
import type { Ctx } from '../../util/ctx.js';
import type { Descriptor, ReadOnlyTarget, Target } from '../../oci/content.js';
import { formatReference, parseReference, referenceSelector, type Reference } from '../../oci/reference.js';
import { ArchiveReader } from '../../layout/archive-reader.js';
import { LayoutStore } from '../../layout/layout-store.js';
import { CONTAINERD_NAME, REF_NAME } from '../../layout/layout-index.js';
import type { RegistryClient } from '../../registry/client.js';
import type { RemoteRepository } from '../../registry/repository.js';
import type { Endpoint } from './endpoint.js';

export interface OpenedSource {
  store: ReadOnlyTarget;
  root: Descriptor;
  /** The full name the image travels under (normalised reference for registries). */
  name: string;
  ref?: Reference;
}

export interface OpenedDestination {
  store: Target;
  /** Tag (registry) or ref.name (layout) to give the root; none when pushing by digest only. */
  tag?: string;
  /** Annotations for the layout's index.json entry. */
  annotations?: Record<string, string>;
  text: string;
}

export class CopySides {
  private readonly layouts = new Map<string, Promise<LayoutStore>>();
  private readonly archives = new Map<string, Promise<ArchiveReader>>();
  private readonly repositories = new Map<string, Target>();
  /** Registries reached through a client of their own (an ECR destination's, with its login). */
  private readonly hostClients = new Map<string, RegistryClient>();
  /** oci-archive destinations: file → the layout dir being filled for it. */
  readonly archiveLayouts = new Map<string, string>();

  constructor(
    private readonly registry: RegistryClient,
    private readonly ctx?: Ctx,
  ) {}

  async source(e: Endpoint): Promise<OpenedSource> {
    if (e.kind === 'docker') {
      const store = this.repository(e.ref);
      // One GET instead of a HEAD and then a GET by digest: the copy reads the manifest anyway,
      // and the repository keeps the verified bytes for it (one round trip less per image).
      const root = (await store.fetchReference(referenceSelector(e.ref), this.ctx)).descriptor;
      return { store, root, name: formatReference(e.ref, { defaultTag: true }), ref: e.ref };
    }
    const store = e.kind === 'oci' ? await this.layout(e.dir, false) : await this.archive(e.file);
    const root = await store.resolve(e.ref ?? '');
    const name = e.ref ?? root.annotations?.[REF_NAME] ?? root.digest;
    return {
      store,
      root: { mediaType: root.mediaType, digest: root.digest, size: root.size },
      name,
      ref: tryParse(root.annotations?.[CONTAINERD_NAME] ?? name),
    };
  }

  /** `name` is the source's full name; `prefixNaming` makes a registry destination a prefix, each source named below it so. */
  async destination(e: Endpoint, src: OpenedSource, prefixNaming: NamingMode | undefined): Promise<OpenedDestination> {
    const multi = prefixNaming !== undefined;
    if (e.kind === 'docker') {
      const { ref, tag } = registryDestination(e.ref, src, prefixNaming);
      if (ref.digest && ref.digest !== src.root.digest) {
        throw new UsageError(`${e.text}: the destination digest differs from the source's ${src.root.digest}`, {
          hint: 'name the destination by tag; a copy always keeps the source digest',
        });
      }
      return { store: this.repository(ref), tag, text: `docker://${formatReference({ ...ref, tag })}` };
    }
    const tag = layoutDestinationName(e, src, multi);
    const dir = e.kind === 'oci' ? e.dir : this.archiveLayoutFor(e.file);
    const store = await this.layout(dir, true);
    const annotations = src.ref ? { [CONTAINERD_NAME]: formatReference(src.ref, { defaultTag: true }) } : undefined;
    return { store, tag, annotations, text: `${e.kind}:${e.kind === 'oci' ? e.dir : e.file}:${tag}` };
  }

  /** Every repository of `host` (either side) from now on goes through `client`. */
  useClient(host: string, client: RegistryClient): void {
    this.hostClients.set(host, client);
  }

  /** One repository object per name, so copy sessions see one destination per repository. */
  private repository(ref: Reference): RemoteRepository {
    const key = `${ref.registry}/${ref.repository}`;
    let r = this.repositories.get(key) as RemoteRepository | undefined;
    if (!r) {
      r = (this.hostClients.get(ref.registry) ?? this.registry).repository(ref);
      this.repositories.set(key, r);
    }
    return r;
  }

  openLayouts(): Promise<LayoutStore>[] {
    return [...this.layouts.values()];
  }

  private archiveLayoutFor(file: string): string {
    let dir = this.archiveLayouts.get(file);
    if (!dir) {
      dir = join(dirname(file), `.${basename(file)}.airgap-layout`);
      this.archiveLayouts.set(file, dir);
    }
    return dir;
  }

  layout(dir: string, create: boolean): Promise<LayoutStore> {
    let p = this.layouts.get(dir);
    if (!p) {
      p = LayoutStore.open(dir, { create });
      this.layouts.set(dir, p);
      p.catch(() => this.layouts.delete(dir));
    }
    return p;
  }

  private archive(file: string): Promise<ArchiveReader> {
    let p = this.archives.get(file);
    if (!p) {
      p = ArchiveReader.open(file);
      this.archives.set(file, p);
    }
    return p;
  }
}

/** The opened source under the item's own name (copy --from-map), where it has one. */
export function named<T extends Pick<OpenedSource, 'name' | 'ref'>>(src: T, item: { name?: string }): T {
  if (item.name === undefined) return src;
  const ref = parseReference(item.name);
  return { ...src, name: formatReference(ref, { defaultTag: true }), ref };
}

/** The reference and the tag a registry destination gives this source (no tag: pushed by digest). */
export function registryDestination(
  dst: Reference,
  src: Pick<OpenedSource, 'name' | 'ref'>,
  prefixNaming: NamingMode | undefined,
): { ref: Reference; tag?: string } {
  const ref = destinationRef(dst, src, prefixNaming);
  const tag = ref.tag ?? (ref.digest ? undefined : (src.ref?.tag ?? (src.ref?.digest ? undefined : 'latest')));
  return { ref, ...(tag !== undefined ? { tag } : {}) };
}

/** The ref name a layout destination gives this source: DST's :REF, or the source's own name. */
export function layoutDestinationName(e: Exclude<Endpoint, { kind: 'docker' }>, src: Pick<OpenedSource, 'name'>, multi: boolean): string {
  if (multi && e.ref) throw new UsageError(`${e.text}: a :REF names one image; with many sources leave it out (each image keeps its own name)`);
  return e.ref ?? src.name;
}

/** The registry reference a docker destination gives this source (below it when `prefixNaming`). */
export function destinationRef(dst: Reference, src: Pick<OpenedSource, 'name' | 'ref'>, prefixNaming: NamingMode | undefined): Reference {
  return prefixNaming === undefined ? dst : underPrefix(dst, src, prefixNaming);
}

/** docker://HOST/PREFIX + quay.io/jetstack/x:1 → HOST/PREFIX/quay.io/jetstack/x:1 (naming full; ecr/naming.ts has the others). */
function underPrefix(prefix: Reference, src: Pick<OpenedSource, 'name' | 'ref'>, naming: NamingMode): Reference {
  if (!src.ref) throw new UsageError(`cannot name ${src.name} under ${prefix.registry}/${prefix.repository}: it has no repository name`);
  return {
    registry: prefix.registry,
    repository: toTargetRepository(src.ref, prefix.repository, naming),
    ...(src.ref.tag ? { tag: src.ref.tag } : {}),
    ...(src.ref.digest ? { digest: src.ref.digest } : {}),
  };
}

function tryParse(s: string): Reference | undefined {
  try {
    return parseReference(s);
  } catch {
    return undefined;
  }
}
