// What `serve` answers from, decided once at start: each repository of the bundle under the
// name `push --naming MODE` would give it (the push plan computes the names, so the two never
// differ), its tags (the bundle index.json's names), and every manifest and blob reachable from
// them, and the bundle's lock with its signature as one artifact (bundle/served-bundle.ts), which
// `push oci://` reads. Manifests are read and verified here and kept in memory (small, bounded); blobs stay
// in the bundle and are streamed per request. Nothing a client sends becomes a path: a request
// is only ever a lookup in these maps.
import { planPush } from '../push/plan.js';
import type { BundleLock } from '../../bundle/lock.js';
import type { NamingMode } from '../../ecr/naming.js';
import type { Ctx, Descriptor, ReadOnlyTarget } from '../../oci/content.js';
import { fetchManifest, parseManifest, successors, type Manifest } from '../../oci/manifest.js';
import { isManifestType } from '../../oci/media-types.js';
import { buildServedBundle, SERVED_BUNDLE_REPOSITORY, SERVED_BUNDLE_TAG, type ServedBundleInput } from '../../bundle/served-bundle.js';
import { AirgapError } from '../../util/errors.js';

export interface ServedManifest {
  descriptor: Descriptor;
  /** The verified bytes, exactly as stored. */
  raw: Uint8Array;
}

export interface ServedRepository {
  name: string;
  tags: Map<string, Descriptor>;
  manifests: Map<string, ServedManifest>;
  blobs: Map<string, Descriptor>;
  /** Blobs answered from memory (the served-bundle artifact's lock, signature, SBOM, names). */
  inline?: Map<string, ServedManifest>;
  /** Subject digest → manifests in this repository that name it (the referrers API). */
  referrers: Map<string, Descriptor[]>;
}

/** A bundle image where serve answers it: what `serve --write-map` records. */
export interface ServedImage {
  /** The image's own reference, as the lock names it. */
  source: string;
  repository: string;
  tag?: string;
  root: Descriptor;
}

export interface ServedContents {
  repositories: Map<string, ServedRepository>;
  /** layoutRef → the repository it is served in (the served-bundle artifact lists it for push). */
  refs: Map<string, string>;
  images: ServedImage[];
  tagCount: number;
}

/** The plan's host is never contacted: only the repository names and tags are read from it. */
const NAMING_ONLY = { kind: 'oci', host: 'serve.invalid', prefix: '' } as const;

export async function readContents(lock: BundleLock, store: ReadOnlyTarget, naming: NamingMode, ctx: Ctx = {}): Promise<ServedContents> {
  const plan = planPush(lock, NAMING_ONLY, { naming });
  const repositories = new Map<string, ServedRepository>();
  const manifests = new Map<string, ServedManifest>();
  const repoOf = (name: string) => {
    let r = repositories.get(name);
    if (!r) repositories.set(name, (r = { name, tags: new Map(), manifests: new Map(), blobs: new Map(), referrers: new Map() }));
    return r;
  };
  // an OCI chart's signatures are served beside it, as an image's
  const artifactsOf = new Map([...lock.images, ...lock.charts].map((i) => [i.layoutRef, i.artifacts ?? []]));
  const refs = new Map<string, string>();
  const images: ServedImage[] = [];
  let tagCount = 0;
  for (const item of plan.items) {
    const repo = repoOf(item.repository);
    refs.set(item.layoutRef, item.repository);
    const root = await store.resolve(item.layoutRef);
    await walk(store, repo, root, manifests, ctx);
    if (item.kind === 'image') images.push({ source: item.source, repository: item.repository, ...(item.tag ? { tag: item.tag } : {}), root });
    if (item.tag) {
      repo.tags.set(item.tag, root);
      tagCount++;
    }
    for (const a of artifactsOf.get(item.layoutRef) ?? []) {
      const d = await store.resolve(a.layoutRef).catch(() => undefined);
      if (!d) continue;
      refs.set(a.layoutRef, item.repository);
      await walk(store, repo, d, manifests, ctx);
      if (a.tag) {
        repo.tags.set(a.tag, d);
        tagCount++;
      }
    }
  }
  return { repositories, refs, images, tagCount };
}

/** Adds the served-bundle artifact (bundle/served-bundle.ts) under its reserved repository and tag. */
export function addServedBundle(contents: ServedContents, parts: Omit<ServedBundleInput, 'refs'>): void {
  if (contents.repositories.has(SERVED_BUNDLE_REPOSITORY)) {
    throw new AirgapError(`the bundle has a repository named ${SERVED_BUNDLE_REPOSITORY}, which serve keeps for the bundle's lock`, {
      code: 'ERR_SERVED_BUNDLE',
      hint: 'serve with another --naming, so the bundle images are named apart from it',
    });
  }
  const { manifest, blobs } = buildServedBundle({ ...parts, refs: contents.refs });
  contents.repositories.set(SERVED_BUNDLE_REPOSITORY, {
    name: SERVED_BUNDLE_REPOSITORY,
    tags: new Map([[SERVED_BUNDLE_TAG, manifest.descriptor]]),
    manifests: new Map([[manifest.descriptor.digest, manifest]]),
    blobs: new Map(),
    inline: new Map(blobs.map((b) => [b.descriptor.digest, b])),
    referrers: new Map(),
  });
  contents.tagCount++;
}

/** Adds `root`'s graph to `repo`; an index's children the bundle left out (--platform) are skipped. */
async function walk(store: ReadOnlyTarget, repo: ServedRepository, root: Descriptor, known: Map<string, ServedManifest>, ctx: Ctx): Promise<void> {
  const visit = async (d: Descriptor): Promise<void> => {
    if (repo.manifests.has(d.digest) || repo.blobs.has(d.digest)) return;
    if (!isManifestType(d.mediaType)) {
      if (await store.exists(d, ctx)) repo.blobs.set(d.digest, d);
      return;
    }
    let served = known.get(d.digest);
    let m: Manifest | undefined;
    if (!served) {
      if (d !== root && !(await store.exists(d, ctx))) return;
      m = await fetchManifest(store, d, `bundle manifest ${d.digest}`, ctx);
      served = { descriptor: { mediaType: m.mediaType, digest: d.digest, size: d.size }, raw: m.raw };
      known.set(d.digest, served);
    }
    repo.manifests.set(d.digest, served);
    m ??= parseManifest(served.raw, served.descriptor.mediaType, `bundle manifest ${d.digest}`);
    if (m.subject) addReferrer(repo, m.subject.digest, served.descriptor, m);
    for (const c of successors(m)) await visit(c);
  };
  await visit(root);
}

function addReferrer(repo: ServedRepository, subject: string, d: Descriptor, m: Manifest): void {
  const list = repo.referrers.get(subject) ?? [];
  if (list.some((x) => x.digest === d.digest)) return;
  const artifactType = m.artifactType ?? m.config?.mediaType;
  list.push({ ...d, ...(artifactType ? { artifactType } : {}), ...(m.annotations ? { annotations: m.annotations } : {}) });
  repo.referrers.set(subject, list);
}
