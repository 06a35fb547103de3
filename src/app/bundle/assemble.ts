// Puts a bundle together: a fresh staging layout whose blobs are hard links into the cache
// layout (no second copy), the charts as Helm OCI artifacts, the lock, then one tar written
// to a temp name and renamed (never a partial bundle under the final name).
import { copyFile, link, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleBaseContent } from '../../bundle/base.js';
import { pushChartArtifact } from '../../charts/chart-artifact.js';
import {
  chartLayoutRef,
  formatLock,
  LOCK_FILE_NAME,
  LOCK_FORMAT_VERSION,
  type BundleLock,
  type LockedArtifact,
  type LockedCatalogFile,
  type LockedChart,
  type LockedImage,
} from '../../bundle/lock.js';
import type { PlannedImage } from '../../bundle/image-plan.js';
import { LOCK_DIGEST_ANNOTATION, lockDigest } from '../../bundle/lock-binding.js';
import { redactValues } from '../../bundle/redact-values.js';
import { writeArchive } from '../../layout/archive-writer.js';
import type { CarriedPolicy } from '../../bundle/signature-policy.js';
import { LayoutStore } from '../../layout/layout-store.js';
import type { Ctx } from '../../util/ctx.js';
import { AirgapError, ChartError, DigestMismatchError } from '../../util/errors.js';
import type { BundledChart } from './charts.js';
import type { CarriedArtifact, FetchedImage } from './images.js';
import { formatName, parseReference } from '../../oci/reference.js';
import { createHash } from 'node:crypto';
import { buildSbom, SBOM_FILE_NAME, SBOM_FORMAT, type PlatformChild } from '../../bundle/sbom.js';
import { signatureEvidence } from '../../bundle/sbom-evidence.js';
import type { SigningKey } from '../../bundle/signature/keys.js';
import { signLock } from '../../bundle/signature/signer.js';
import { SIGNATURE_FILE_NAME } from '../../bundle/signature/sigstore-bundle.js';
import { isManifestType } from '../../oci/media-types.js';
import { formatPlatform } from '../../oci/platform.js';

export interface AssembleInput {
  cache: LayoutStore;
  stageDir: string;
  output: string;
  images: FetchedImage[];
  charts: BundledChart[];
  notBundled: PlannedImage[];
  createdBy: string;
  createdAt: string;
  platforms: string[];
  splitSize?: number;
  /** --since: the previous bundle; blobs it holds are left out (the lock still lists them). */
  since?: BundleBaseContent;
  /** --sign-key: sign the lock (read before anything was fetched, so a bad key fails first). */
  signingKey?: SigningKey;
  /** The signature policy checked, carried in the lock with its keys and trusted root. */
  signaturePolicy?: CarriedPolicy;
  /** The user's operator catalog files that informed discovery. */
  catalog?: LockedCatalogFile[];
}

export async function assembleBundle(i: AssembleInput, ctx: Ctx = {}): Promise<{ lock: BundleLock; bytes: number; parts?: string[] }> {
  await rm(i.stageDir, { recursive: true, force: true });
  const stage = await LayoutStore.open(i.stageDir, { create: true, owned: true });
  try {
    for (const img of i.images) {
      for (const d of img.nodes) await linkBlob(i.cache.blobPath(d.digest), stage.blobPath(d.digest));
      await stage.tag(img.root, img.ref);
      await stageArtifacts(i.cache, stage, img.ref, img.artifacts);
    }
    const charts: LockedChart[] = [];
    for (const c of i.charts) {
      const ref = c.chart.source.ref?.replace(/^oci:\/\//, '');
      if (ref) await stageArtifacts(i.cache, stage, ref, c.artifacts);
      charts.push(await stageChart(stage, c, ctx));
    }
    refuseChartClashes(charts);
    const lock: BundleLock = {
      formatVersion: LOCK_FORMAT_VERSION,
      createdBy: i.createdBy,
      createdAt: i.createdAt,
      platforms: i.platforms,
      charts,
      images: i.images.map(toLockedImage),
      notBundled: i.notBundled.map((p) => ({ source: p.source, ref: p.ref, sites: p.sites })),
      ...(i.signaturePolicy ? { signaturePolicy: i.signaturePolicy } : {}),
      ...(i.catalog?.length ? { catalog: i.catalog } : {}),
    };
    const staged = (await readdir(join(i.stageDir, 'blobs', 'sha256'))).map((n) => `sha256:${n}`);
    lock.content = staged.sort();
    if (i.since) {
      lock.base = i.since.base;
      for (const d of staged) if (i.since.digests.has(d)) await rm(join(i.stageDir, 'blobs', 'sha256', d.slice(7)));
    }
    // the SBOM comes from the lock, and the lock records its digest: signing the lock covers both
    const sbom = Buffer.from(buildSbom({ lock, children: platformChildren(i.images), extraProperties: signatureEvidence(lock) }));
    lock.sbom = { file: SBOM_FILE_NAME, digest: `sha256:${createHash('sha256').update(sbom).digest('hex')}`, format: SBOM_FORMAT };
    await stage.annotate(LOCK_DIGEST_ANNOTATION, lockDigest(lock));
    await mkdir(dirname(i.output), { recursive: true });
    const lockBytes = Buffer.from(formatLock(lock));
    const signature = i.signingKey ? [{ name: SIGNATURE_FILE_NAME, bytes: Buffer.from(await signLock(lockBytes, i.signingKey)) }] : [];
    const report = await writeArchive(i.stageDir, i.output, {
      extra: [{ name: LOCK_FILE_NAME, bytes: lockBytes }, { name: SBOM_FILE_NAME, bytes: sbom }, ...signature],
      ctx,
      splitSize: i.splitSize,
    }).catch(async (e: unknown) => {
      throw await corruptCacheBlob(e, i.cache);
    });
    return { lock, bytes: report.bytes, ...(report.parts ? { parts: report.parts } : {}) };
  } finally {
    await rm(i.stageDir, { recursive: true, force: true });
  }
}

/** The platform manifests each image index carries (the SBOM's sub-components). */
function platformChildren(images: FetchedImage[]): Map<string, PlatformChild[]> {
  const out = new Map<string, PlatformChild[]>();
  for (const img of images) {
    const kids = img.nodes
      .filter((n) => n.platform && n.digest !== img.root.digest && isManifestType(n.mediaType))
      .map((n) => ({ platform: formatPlatform(n.platform!), digest: n.digest }));
    if (kids.length) out.set(img.root.digest, kids);
  }
  return out;
}

/**
 * A staged blob is a link to the cache's: one whose bytes are not its name (a disk error, a hand
 * edit) is the cache's to lose. It is removed, and the error names the cache file, so the next run
 * fetches it again instead of failing the same way forever.
 */
async function corruptCacheBlob(e: unknown, cache: LayoutStore): Promise<unknown> {
  if (!(e instanceof DigestMismatchError)) return e;
  const digest = /blobs\/sha256\/([0-9a-f]{64})/.exec(e.message)?.[1];
  if (!digest) return e;
  const path = cache.blobPath(`sha256:${digest}`);
  await rm(path, { force: true });
  return new AirgapError(`the cache's blob ${path} holds other bytes than its digest names: removed`, {
    code: 'ERR_CACHE_CORRUPT',
    hint: 'run the same bundle again: it fetches that blob anew',
    cause: e,
  });
}

/** Signature manifests beside an image (or an OCI chart, `ref` its repository): their blobs linked from the cache, tagged in index.json. */
async function stageArtifacts(cache: LayoutStore, stage: LayoutStore, ref: string, artifacts: CarriedArtifact[] | undefined): Promise<void> {
  for (const a of artifacts ?? []) {
    for (const d of a.nodes) await linkBlob(cache.blobPath(d.digest), stage.blobPath(d.digest));
    await stage.tag(a.root, artifactLayoutRef(ref, a));
  }
}

async function stageChart(stage: LayoutStore, c: BundledChart, ctx: Ctx): Promise<LockedChart> {
  const ref = chartLayoutRef(c.chart.name, c.chart.version);
  const size = (await stat(c.chart.archivePath)).size;
  const manifest = await pushChartArtifact(stage, c.chart, size, ref, ctx);
  return {
    name: c.chart.name,
    version: c.chart.version,
    ...(c.chart.appVersion ? { appVersion: c.chart.appVersion } : {}),
    digest: c.chart.digest,
    source: c.chart.source,
    releaseName: c.releaseName,
    namespace: c.namespace,
    ...(c.spec.kubeVersion ? { kubeVersion: c.spec.kubeVersion } : {}),
    values: redactValues(c.values) as Record<string, unknown>,
    layoutRef: ref,
    manifestDigest: manifest.digest,
    ...(c.signatures ? { signatures: c.signatures } : {}),
    ...(c.artifacts?.length ? { artifacts: lockedArtifacts(c.chart.source.ref!.replace(/^oci:\/\//, ''), c.artifacts) } : {}),
  };
}

export function toLockedImage(img: FetchedImage): LockedImage {
  return {
    source: img.source,
    ref: img.ref,
    digest: img.root.digest,
    mediaType: img.root.mediaType,
    platforms: img.platforms,
    size: img.size,
    need: img.need === 'doubtful' ? 'optional' : img.need,
    sites: img.sites,
    layoutRef: img.ref,
    ...(img.pulledFrom ? { pulledFrom: img.pulledFrom } : {}),
    ...(img.signatures ? { signatures: img.signatures } : {}),
    ...(img.artifacts?.length ? { artifacts: lockedArtifacts(img.ref, img.artifacts) } : {}),
  };
}

function lockedArtifacts(ref: string, artifacts: CarriedArtifact[]): LockedArtifact[] {
  return artifacts.map((a) => ({
    digest: a.root.digest,
    mediaType: a.root.mediaType,
    size: a.root.size,
    ...(a.root.artifactType ? { artifactType: a.root.artifactType } : {}),
    ...(a.tag ? { tag: a.tag } : {}),
    layoutRef: artifactLayoutRef(ref, a),
  }));
}

/** index.json name of an artifact: its cosign tag, or referrer-<hex> in the image's repository. */
function artifactLayoutRef(ref: string, a: CarriedArtifact): string {
  return `${formatName(parseReference(ref))}:${a.tag ?? `referrer-${a.root.digest.slice(7, 39)}`}`;
}

/** Two different archives under one charts/NAME:VERSION would leave one unreachable: refuse. */
function refuseChartClashes(charts: LockedChart[]): void {
  const seen = new Map<string, LockedChart>();
  for (const c of charts) {
    const prev = seen.get(c.layoutRef);
    if (prev && prev.digest !== c.digest) {
      throw new ChartError(
        `two different charts are named ${c.name} ${c.version} (${prev.digest} from ${formatSource(prev)}, ${c.digest} from ${formatSource(c)})`,
        {
          hint: 'bundle one of them, or give one another version',
        },
      );
    }
    seen.set(c.layoutRef, c);
  }
}

function formatSource(c: LockedChart): string {
  return c.source.repo ?? c.source.ref ?? c.source.path ?? c.source.kind;
}

async function linkBlob(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'EXDEV' || code === 'EPERM') await copyFile(from, to);
    else throw e;
  }
}
