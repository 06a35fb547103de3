// Signatures, SBOMs and attestations a bundle carries beside an image, pushed after it into the
// same repository so `cosign verify` (and any OCI 1.1 client) finds them on the isolated side:
// cosign's tags (sha256-<hex>.sig/.att/.sbom) are set as tags; an OCI referrer is pushed by digest
// and, where the registry has no referrers API (docker-registry 2.8), added to the referrers tag
// schema index (sha256-<hex>) as the distribution spec asks a client to do.
import { copyGraph, type CopySession } from '../../oci/copy-graph.js';
import type { Descriptor, ReadOnlyTarget } from '../../oci/content.js';
import { fetchManifest } from '../../oci/manifest.js';
import { isNotFound } from '../../oci/not-found.js';
import { MediaType } from '../../oci/media-types.js';
import { createHash } from 'node:crypto';
import type { LockedArtifact } from '../../bundle/lock.js';
import { referrersTag } from '../../registry/listing.js';
import type { RemoteRepository } from '../../registry/repository.js';
import { RegistryError } from '../../registry/errors.js';
import type { Ctx } from '../../util/ctx.js';

export interface ArtifactPushDeps {
  session: CopySession;
  retries?: number;
  ctx?: Ctx;
}

/** Pushes each artifact; returns how many were written (present ones count as pushed too). */
export async function pushArtifacts(
  src: ReadOnlyTarget,
  repo: RemoteRepository,
  list: readonly LockedArtifact[],
  roots: ReadonlyMap<string, Descriptor>,
  d: ArtifactPushDeps,
): Promise<number> {
  for (const a of list) {
    const root = roots.get(a.layoutRef);
    if (!root) continue;
    const r = await copyGraph(src, repo, root, { session: d.session, retries: d.retries, ctx: d.ctx, ...(a.tag ? { rootTag: a.tag } : {}) });
    // a re-run finds the tag already on this digest: nothing to write
    if (a.tag && !r.tagged && !(await tagHolds(repo, a.tag, root, d.ctx))) {
      const m = await fetchManifest(src, root, `${a.tag}`, d.ctx);
      await repo.pushManifest(root, m.raw, a.tag, d.ctx);
    }
    if (!a.tag) await indexReferrer(src, repo, root, d.ctx);
  }
  return list.length;
}

async function tagHolds(repo: RemoteRepository, tag: string, root: Descriptor, c?: Ctx): Promise<boolean> {
  try {
    return (await repo.resolve(tag, c)).digest === root.digest;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Makes a pushed referrer findable from its subject: already listed (API), or added to the tag index. */
async function indexReferrer(src: ReadOnlyTarget, repo: RemoteRepository, root: Descriptor, c?: Ctx): Promise<void> {
  const m = await fetchManifest(src, root, `referrer ${root.digest}`, c);
  if (!m.subject) return;
  const listed = await repo.referrers(m.subject, c);
  if (listed.some((x) => x.digest === root.digest)) return;
  const tag = referrersTag(m.subject.digest);
  const index = await existingIndex(repo, tag, c);
  const entry: Descriptor = {
    mediaType: root.mediaType,
    digest: root.digest,
    size: root.size,
    ...((m.artifactType ?? m.config?.mediaType) ? { artifactType: m.artifactType ?? m.config!.mediaType } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
  };
  index.manifests = [...index.manifests.filter((x) => x.digest !== root.digest), entry];
  const bytes = Buffer.from(JSON.stringify(index));
  const d: Descriptor = { mediaType: MediaType.ociIndex, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length };
  await repo.pushManifest(d, bytes, tag, c);
}

async function existingIndex(repo: RemoteRepository, tag: string, c?: Ctx): Promise<{ schemaVersion: 2; mediaType: string; manifests: Descriptor[] }> {
  try {
    const got = await repo.fetchReference(tag, c);
    const json = JSON.parse(Buffer.from(got.bytes).toString('utf8')) as { manifests?: Descriptor[] };
    return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: json.manifests ?? [] };
  } catch (e) {
    if (e instanceof RegistryError && e.status === 404) return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
    throw e;
  }
}
