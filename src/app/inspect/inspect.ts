// `helm airgap inspect FILE|DIR`: what an OCI layout or layout archive holds: names, digests,
// platforms (present or left out by a --platform copy), sizes and totals with shared blobs
// counted once. inspectStore() is the reusable part (the bundle code adds its lock on top).
import { stat } from 'node:fs/promises';
import type { Ctx } from '../../util/ctx.js';
import type { Descriptor, ReadOnlyStorage } from '../../oci/content.js';
import { fetchManifest, successors } from '../../oci/manifest.js';
import { isManifestType, MediaType } from '../../oci/media-types.js';
import { formatPlatform } from '../../oci/platform.js';
import { isAttestation } from '../../oci/platform-filter.js';
import { ArchiveReader } from '../../layout/archive-reader.js';
import { LayoutStore } from '../../layout/layout-store.js';
import { CONTAINERD_NAME, REF_NAME } from '../../layout/layout-index.js';
import type { LockedCatalogFile } from '../../bundle/lock.js';

export interface InspectedPlatform {
  platform: string;
  digest: string;
  size: number;
  /** False when a --platform copy left this child out (sparse index). */
  present: boolean;
  attestation?: boolean;
}

export interface InspectedImage {
  /** A Helm chart (its config is Helm's), an artifact about an image (a subject or an artifact type), or an image. */
  kind: 'image' | 'chart' | 'artifact';
  name?: string;
  containerdName?: string;
  digest: string;
  mediaType: string;
  platforms: InspectedPlatform[];
  /** Bytes of every present blob under this image (manifests included). */
  size: number;
  blobs: number;
  /** Referenced blobs the store lacks (other than left-out platforms). */
  missing: string[];
  /** An artifact: the image it is about (its OCI subject, or the digest a cosign tag names). */
  subject?: string;
  /** An artifact: its type (a signature, an SBOM, an attestation). */
  artifactType?: string;
  /** An image: the signatures, SBOMs and attestations about it this store holds. */
  referrers?: { digest: string; what: string }[];
}

export interface InspectReport {
  path: string;
  kind: 'layout' | 'archive';
  images: InspectedImage[];
  totals: { images: number; charts: number; artifacts: number; blobs: number; bytes: number; fileBytes?: number };
  /** Archive entries beside the layout (a bundle lock, charts...): name and size. */
  extraFiles?: { name: string; size: number }[];
  /** A bundle: the user's operator catalog files its discovery used (its lock's `catalog`). */
  catalog?: LockedCatalogFile[];
}

/** Opens a directory as an OCI layout or a file as a layout archive. */
export async function openLayoutOrArchive(path: string): Promise<{ kind: 'layout' | 'archive'; store: ReadOnlyStorage; entries: Descriptor[] }> {
  // no such file may still be a split bundle (NAME.000…): the archive reader finds its parts
  if ((await stat(path).catch(() => undefined))?.isDirectory()) {
    const store = await LayoutStore.open(path);
    return { kind: 'layout', store, entries: store.entries() };
  }
  const store = await ArchiveReader.open(path);
  return { kind: 'archive', store, entries: store.index.manifests };
}

/** cosign's legacy tags: sha256-<hex>.sig, .att, .sbom (the name ends with the tag). */
const COSIGN_TAG = /sha256-([0-9a-f]{64})\.(sig|att|sbom)$/;

export async function inspectLayout(path: string, ctx?: Ctx): Promise<InspectReport> {
  const { kind, store, entries } = await openLayoutOrArchive(path);
  const report = await inspectStore(store, entries, ctx);
  if (!(store instanceof ArchiveReader)) return { path, kind, images: report.images, totals: report.totals };
  const extraFiles = store
    .entries()
    .filter((e) => e.type === 'file' && !isLayoutEntry(e.name))
    .map((e) => ({ name: e.name, size: e.size }));
  return { path, kind, images: report.images, totals: { ...report.totals, fileBytes: store.input.size }, ...(extraFiles.length ? { extraFiles } : {}) };
}

function isLayoutEntry(name: string): boolean {
  return name === 'oci-layout' || name === 'index.json' || name.startsWith('blobs/');
}

/** Walks every index.json entry of a store; blobs shared by images count once in the totals. */
export async function inspectStore(store: ReadOnlyStorage, entries: Descriptor[], ctx?: Ctx): Promise<Pick<InspectReport, 'images' | 'totals'>> {
  const all = new Map<string, number>();
  const images: InspectedImage[] = [];
  for (const e of entries) {
    const seen = new Map<string, number>();
    const image: InspectedImage = {
      kind: 'image',
      name: e.annotations?.[REF_NAME],
      containerdName: e.annotations?.[CONTAINERD_NAME],
      digest: e.digest,
      mediaType: e.mediaType,
      platforms: [],
      size: 0,
      blobs: 0,
      missing: [],
    };
    await walk(store, e, image, seen, true, ctx);
    for (const [d, n] of seen) all.set(d, n);
    image.blobs = seen.size;
    image.size = [...seen.values()].reduce((a, b) => a + b, 0);
    images.push(image);
  }
  // each artifact under the image it is about, so a reader sees per image what is signed
  const byDigest = new Map(images.filter((i) => i.kind === 'image').map((i) => [i.digest, i]));
  for (const a of images) {
    const about = a.subject ? byDigest.get(a.subject) : undefined;
    if (!about) continue;
    (about.referrers ??= []).push({ digest: a.digest, what: a.artifactType ?? a.name?.match(COSIGN_TAG)?.[2] ?? 'referrer' });
  }
  const bytes = [...all.values()].reduce((a, b) => a + b, 0);
  const count = (k: InspectedImage['kind']) => images.filter((i) => i.kind === k).length;
  return { images, totals: { images: count('image'), charts: count('chart'), artifacts: count('artifact'), blobs: all.size, bytes } };
}

async function walk(store: ReadOnlyStorage, d: Descriptor, image: InspectedImage, seen: Map<string, number>, isRoot: boolean, ctx?: Ctx): Promise<void> {
  if (seen.has(d.digest)) return;
  if (!(await store.exists(d, ctx))) {
    if (!isRoot && d.platform) return;
    image.missing.push(d.digest);
    return;
  }
  seen.set(d.digest, d.size);
  if (!isManifestType(d.mediaType)) return;
  const m = await fetchManifest(store, d, `${image.name ?? d.digest}: manifest ${d.digest}`, ctx);
  if (isRoot) {
    const cosign = image.name?.match(COSIGN_TAG);
    image.kind = m.config?.mediaType === MediaType.helmConfig ? 'chart' : m.subject || m.artifactType || d.artifactType || cosign ? 'artifact' : 'image';
    const subject = m.subject?.digest ?? (cosign ? `sha256:${cosign[1]}` : undefined);
    if (subject) image.subject = subject;
    const type = m.artifactType ?? d.artifactType ?? m.config?.mediaType;
    if (image.kind === 'artifact' && type) image.artifactType = type;
  }
  for (const c of successors(m)) {
    if (m.kind === 'index') {
      const present = await store.exists(c, ctx);
      image.platforms.push({
        platform: formatPlatform(c.platform),
        digest: c.digest,
        size: c.size,
        present,
        ...(isAttestation(c) ? { attestation: true } : {}),
      });
    }
    await walk(store, c, image, seen, false, ctx);
  }
}
