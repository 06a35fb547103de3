// `helm airgap mirrors`: for each image, is its public equivalent (public.ecr.aws, or what a
// rules file proposes) the same content? Decided by manifest digest only, never by name:
//   identical   the candidate serves the source's digest (safe to switch)
//   different   the candidate has the tag on other content (do not switch)
//   absent      the candidate repository or tag does not exist
//   no-rule     no rule proposes a candidate
//   error       one side could not be asked (named)
// A digest-pinned image is identical only when the candidate serves that very digest.
import { writeFileAtomic } from '../../util/atomic-write.js';
import { formatReference, parseReference, type Reference } from '../../oci/reference.js';
import { isNotFound } from '../../oci/not-found.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import { RegistryError } from '../../registry/errors.js';
import type { RateLimit } from '../../registry/rate-limit.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';
import { candidateFor, type MirrorRule } from './rules.js';
import { formatMirrorMap, type MirrorMap } from './map-file.js';

export type MirrorStatus = 'identical' | 'different' | 'absent' | 'no-rule' | 'error';

export interface MirrorImage {
  /** Normalised source reference. */
  ref: string;
  /** The source's digest when already known (a bundle's lock); else it is resolved. */
  digest?: string;
}

export interface MirrorCheck {
  source: string;
  candidate?: string;
  status: MirrorStatus;
  sourceDigest?: string;
  candidateDigest?: string;
  error?: string;
}

export interface MirrorsReport {
  from: string;
  checks: MirrorCheck[];
  totals: Record<MirrorStatus, number>;
  /** Rate limits the registries announced (Docker Hub's ratelimit-remaining), per host. */
  rateLimits: RateLimit[];
  /** The map file written (identical images only), if asked. */
  mapFile?: string;
}

export interface MirrorsOptions {
  from: string;
  images: MirrorImage[];
  rules: MirrorRule[];
  registry?: RegistryClientOptions;
  concurrency?: number;
  /** Write the identical pairs here for `values --mirror-map`. */
  writeMap?: string;
  ctx?: Ctx;
}

export async function checkMirrors(o: MirrorsOptions): Promise<MirrorsReport> {
  const client = new RegistryClient(o.registry);
  const pool = createPool(o.concurrency ?? 8);
  const unique = [...new Map(o.images.map((i) => [i.ref, i])).values()];
  const checks = await Promise.all(unique.map((img) => pool.run(() => checkOne(client, img, o.rules, o.ctx))));
  const totals: Record<MirrorStatus, number> = { identical: 0, different: 0, absent: 0, 'no-rule': 0, error: 0 };
  for (const c of checks) totals[c.status]++;
  const report: MirrorsReport = { from: o.from, checks, totals, rateLimits: client.http.rateLimits() };
  if (o.writeMap) {
    const map: MirrorMap = { from: o.from, images: Object.fromEntries(checks.filter((c) => c.status === 'identical').map((c) => [c.source, c.candidate!])) };
    await writeFileAtomic(o.writeMap, formatMirrorMap(map, new Date()));
    report.mapFile = o.writeMap;
  }
  return report;
}

async function checkOne(client: RegistryClient, img: MirrorImage, rules: MirrorRule[], ctx?: Ctx): Promise<MirrorCheck> {
  const ref = parseReference(img.ref);
  const check: MirrorCheck = { source: img.ref, status: 'error' };
  const cand = candidateFor(ref, rules);
  if (!cand) return { ...check, status: 'no-rule' };
  check.candidate = formatReference(cand);
  try {
    check.sourceDigest = img.digest ?? ref.digest ?? (await resolve(client, ref, ref.tag ?? 'latest', ctx));
    if (check.sourceDigest === undefined) return { ...check, status: 'error', error: `${img.ref}: not found at the source` };
    // a pinned digest is the content the chart asked for: only that digest can be identical
    const selector = ref.digest ?? cand.tag ?? 'latest';
    check.candidateDigest = await resolve(client, cand, selector, ctx);
    if (check.candidateDigest === undefined) return { ...check, status: 'absent' };
    return { ...check, status: check.candidateDigest === check.sourceDigest ? 'identical' : 'different' };
  } catch (e) {
    return { ...check, status: 'error', error: e instanceof Error ? e.message : String(e) };
  }
}

/** The digest a repository serves for a tag or digest; undefined when it does not exist. */
async function resolve(client: RegistryClient, ref: Reference, selector: string, ctx?: Ctx): Promise<string | undefined> {
  try {
    return (await client.repository(ref).resolve(selector, ctx)).digest;
  } catch (e) {
    // public registries answer an unknown repository with 404, or 401/403 to anonymous callers
    if (isNotFound(e) || (e instanceof RegistryError && (e.codes.includes('NAME_UNKNOWN') || e.codes.includes('MANIFEST_UNKNOWN')))) return undefined;
    throw e;
  }
}
