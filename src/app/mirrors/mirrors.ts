// `helm airgap mirrors`: for each image, is its public equivalent (public.ecr.aws, or what a
// rules file or an image list proposes) the same content? Decided by manifest digests only, never
// by name:
//   identical           the candidate serves the source's digest (safe to switch)
//   platform-identical  another index, but every platform image of the source is in it with the
//                       same digest (safe to switch for those platforms, which are named; judge.ts)
//   different           the candidate has the tag on other content (do not switch)
//   absent              the candidate repository or tag does not exist
//   no-rule             no rule proposes a candidate
//   error               a side could not be read (named): the run fails, exit 1, or with
//                       --keep-going the others are still checked and the run exits 3
// A digest-pinned image is identical only when the candidate serves that very digest; when it
// does not, the candidate's tag is judged per platform.
import { toMapEntry, type MapEntry, type MapPlatform } from '../../bundle/image-map.js';
import { writeImageMap } from '../../bundle/image-map-file.js';
import { parseManifest } from '../../oci/manifest.js';
import { formatReference, parseReference, type Reference } from '../../oci/reference.js';
import { isNotFound } from '../../oci/not-found.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import { RegistryError } from '../../registry/errors.js';
import type { RateLimit } from '../../registry/rate-limit.js';
import type { RemoteRepository } from '../../registry/repository.js';
import type { Ctx } from '../../util/ctx.js';
import { ExitCode, PartialResultError } from '../../util/errors.js';
import { createPool } from '../../util/pool.js';
import { judgePlatforms, platformImages, type JudgedNode } from './judge.js';
import { candidateFor, type MirrorRule } from './rules.js';

export type MirrorStatus = 'identical' | 'platform-identical' | 'different' | 'absent' | 'no-rule' | 'error';
const STATUSES: readonly MirrorStatus[] = ['identical', 'platform-identical', 'different', 'absent', 'no-rule', 'error'];

export interface MirrorImage {
  /** Normalised source reference. */
  ref: string;
  /** The source's digest when already known (a bundle's lock); else it is resolved. */
  digest?: string;
  /** A candidate named for this image alone (an image list's second column); else the rules decide. */
  candidate?: string;
}

export interface MirrorCheck {
  source: string;
  candidate?: string;
  status: MirrorStatus;
  sourceDigest?: string;
  candidateDigest?: string;
  /** identical and platform-identical: the platform images the candidate serves as the source does. */
  platforms?: MapPlatform[];
  /** different: the source's platforms the candidate's index lacks (or holds other content for). */
  missingPlatforms?: string[];
  error?: string;
}

export interface MirrorsReport {
  from: string;
  checks: MirrorCheck[];
  totals: Record<MirrorStatus, number>;
  /** Rate limits the registries announced (Docker Hub's ratelimit-remaining), per host. */
  rateLimits: RateLimit[];
  /** The image map written (the safe images only), if asked. */
  mapFile?: string;
}

export interface MirrorsOptions {
  from: string;
  images: MirrorImage[];
  rules: MirrorRule[];
  registry?: RegistryClientOptions;
  concurrency?: number;
  /** Write the safe images (identical, platform-identical) here as an image map (bundle/image-map.ts). */
  writeMap?: string;
  /** Check every image although some cannot be read; exit 3 naming them. Else the first stops the run (exit 1). */
  keepGoing?: boolean;
  ctx?: Ctx;
}

export const isSafe = (c: MirrorCheck): boolean => c.status === 'identical' || c.status === 'platform-identical';

export async function checkMirrors(o: MirrorsOptions): Promise<MirrorsReport> {
  const client = new RegistryClient(o.registry);
  const pool = createPool(o.concurrency ?? 8);
  const unique = [...new Map(o.images.map((i) => [i.ref, i])).values()];
  let stopped = false;
  const done = await Promise.all(
    unique.map((img) =>
      pool.run(async () => {
        // without --keep-going an unreadable image ends the run: the rest are not asked
        if (stopped) return undefined;
        const c = await checkOne(client, img, o.rules, o.ctx);
        if (c.status === 'error' && !o.keepGoing) stopped = true;
        return c;
      }),
    ),
  );
  const checks = done.filter((c): c is MirrorCheck => c !== undefined);
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MirrorStatus, number>;
  for (const c of checks) totals[c.status]++;
  const report: MirrorsReport = { from: o.from, checks, totals, rateLimits: client.http.rateLimits() };
  const failed = checks.filter((c) => c.status === 'error');
  // a map is the proof a later `values --map` acts on: not written from a run that stopped short
  if (o.writeMap && (failed.length === 0 || o.keepGoing)) {
    await writeImageMap(o.writeMap, checks.filter(isSafe).map(mapEntryOf), 'mirrors', {
      // an image proven before and unsafe now must not stay switched by an earlier run's entry
      drop: checks.filter((c) => !isSafe(c)).map((c) => c.source),
    });
    report.mapFile = o.writeMap;
  }
  if (failed.length > 0) {
    const lines = failed.slice(0, 10).map((c) => `  ${c.source}: ${c.error}`);
    if (failed.length > 10) lines.push(`  … and ${failed.length - 10} more`);
    const what = o.keepGoing ? `${failed.length} of ${checks.length} image(s) could not be checked` : `stopped: an image could not be checked`;
    throw new PartialResultError(
      `mirrors: ${what}:\n${lines.join('\n')}`,
      failed.map((c) => ({ item: c.source, error: c.error ?? '' })),
      report,
      {
        hint: o.keepGoing
          ? 'fix the references or reach their registries (--mirror, --insecure-registry, docker login), then run again'
          : 'fix the reference or reach its registry (--mirror, --insecure-registry, docker login); --keep-going checks the others and exits 3',
        exitCode: o.keepGoing ? ExitCode.Partial : ExitCode.Failure,
      },
    );
  }
  return report;
}

/**
 * The map entry of a safe image. `digest` is what the destination serves (the image map's rule), so
 * for platform-identical it is the candidate's own index, not the source's: pinning the source's
 * index digest at the candidate would name a manifest the candidate does not have. The platforms
 * are the source's platform images, each served under that index with the same digest: the proof,
 * and what a reader pinning per platform needs. The destination keeps the tag beside the digest.
 */
function mapEntryOf(c: MirrorCheck): MapEntry {
  const cand = parseReference(c.candidate!);
  return toMapEntry(c.source, formatReference({ ...cand, digest: c.candidateDigest }), c.platforms ?? []);
}

async function checkOne(client: RegistryClient, img: MirrorImage, rules: MirrorRule[], ctx?: Ctx): Promise<MirrorCheck> {
  const ref = parseReference(img.ref);
  const cand = img.candidate ? withSelector(parseReference(img.candidate), ref) : candidateFor(ref, rules);
  if (!cand) return { source: img.ref, status: 'no-rule' };
  const check: MirrorCheck = { source: img.ref, candidate: formatReference(cand), status: 'error' };
  const src = client.repository(ref);
  const there = client.repository(cand);
  let side = 'source';
  try {
    check.sourceDigest = img.digest ?? ref.digest ?? (await resolve(src, ref.tag ?? 'latest', ctx));
    if (check.sourceDigest === undefined) return { ...check, error: `not found at the source (${src.name}:${ref.tag ?? 'latest'})` };
    side = 'candidate';
    // a pinned digest is the content the chart asked for: only that digest can be identical, and
    // failing that, the candidate's tag is judged per platform
    let candidateDigest = await resolve(there, ref.digest ?? cand.tag ?? 'latest', ctx);
    if (candidateDigest === undefined && ref.digest && cand.tag) candidateDigest = await resolve(there, cand.tag, ctx);
    if (candidateDigest === undefined) return { ...check, status: 'absent' };
    check.candidateDigest = candidateDigest;
    const theirs = await readNode(there, candidateDigest, ctx);
    if (candidateDigest === check.sourceDigest) {
      const platforms = platformImages(theirs);
      return { ...check, status: 'identical', ...(platforms.length ? { platforms } : {}) };
    }
    side = 'source';
    const ours = await readNode(src, check.sourceDigest, ctx);
    const v = judgePlatforms(ours, theirs);
    if (v.status === 'platform-identical') return { ...check, status: v.status, platforms: v.platforms };
    return { ...check, status: 'different', ...(v.missing.length ? { missingPlatforms: v.missing } : {}) };
  } catch (e) {
    const name = side === 'source' ? `source ${src.name}` : `candidate ${there.name}`;
    return { ...check, status: 'error', error: `${name}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A candidate the list named: its tag and digest, else the source's. */
function withSelector(c: Reference, source: Reference): Reference {
  if (c.tag || c.digest) return c;
  return { ...c, ...(source.tag ? { tag: source.tag } : {}), ...(source.digest ? { digest: source.digest } : {}) };
}

/** The digest a repository serves for a tag or digest; undefined when it does not exist. */
async function resolve(repo: RemoteRepository, selector: string, ctx?: Ctx): Promise<string | undefined> {
  try {
    return (await repo.resolve(selector, ctx)).digest;
  } catch (e) {
    // public registries answer an unknown repository with 404, or 401/403 to anonymous callers
    if (isNotFound(e) || (e instanceof RegistryError && (e.codes.includes('NAME_UNKNOWN') || e.codes.includes('MANIFEST_UNKNOWN')))) return undefined;
    throw e;
  }
}

async function readNode(repo: RemoteRepository, digest: string, ctx?: Ctx): Promise<JudgedNode> {
  const { descriptor, bytes } = await repo.fetchReference(digest, ctx);
  const m = parseManifest(bytes, descriptor.mediaType, `${repo.name}@${digest}`);
  return { digest, kind: m.kind, manifests: m.manifests };
}
