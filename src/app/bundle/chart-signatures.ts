// A chart's signature under the policy, at bundle time. A repository chart's is its .prov; an OCI
// chart's is a cosign signature checked exactly as an image's: over the manifest digest its
// registry served (pinned: resolution already fetched it by digest), from its sha256-<hex>.sig
// tag or a Sigstore bundle referrer, pulled into the cache and carried into the bundle so the
// isolated side checks it again.
import { copyGraph, type CopySession } from '../../oci/copy-graph.js';
import type { LayoutStore } from '../../layout/layout-store.js';
import { parseReference } from '../../oci/reference.js';
import type { RegistryClient } from '../../registry/client.js';
import type { RepoHttpOptions } from '../../charts/http-get.js';
import type { ResolvedChart } from '../../charts/resolved-chart.js';
import { fetchProvenance } from '../../charts/fetch-chart.js';
import type { LockedSignature } from '../../bundle/lock.js';
import { chartPolicyRef, policyEntryFor } from '../../bundle/signature-policy.js';
import { checkChartProvenance, checkSignatures, type LoadedPolicy } from '../../trust/check-signatures.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { carryArtifacts, policyRefusal, type CarriedArtifact } from './images.js';

export interface ChartTrust {
  signatures?: LockedSignature[];
  /** An OCI chart's signature manifests, in the cache, to carry beside it. */
  artifacts?: CarriedArtifact[];
}

export interface ChartTrustOptions {
  policy: LoadedPolicy;
  http: RepoHttpOptions;
  client: RegistryClient;
  /** The cache layout (absent for --dry-run: an OCI chart's signature is then not checked). */
  cache?: LayoutStore;
  session: CopySession;
  now: Date;
}

export async function chartSignatures(chart: ResolvedChart, o: ChartTrustOptions, ctx: Ctx): Promise<ChartTrust | undefined> {
  const ref = chartPolicyRef(chart.source, chart.name);
  const what = `chart ${chart.name} ${chart.version}`;
  if (chart.source.kind === 'oci') return ref ? ociChartSignatures(chart, ref, what, o, ctx) : undefined;
  const entry = ref ? policyEntryFor(o.policy.carried.entries, ref, 'chart') : undefined;
  const { url, repo } = chart.source;
  const prov = chart.source.kind === 'repo' && url && repo && entry && entry.require !== 'none' ? await fetchProvenance(url, repo, o.http, ctx) : undefined;
  const signatures = await checkChartProvenance(
    { what, name: chart.name, source: chart.source, archiveDigest: chart.sourceDigest ?? chart.digest },
    prov,
    o.policy,
  );
  return signatures ? { signatures } : undefined;
}

async function ociChartSignatures(chart: ResolvedChart, ref: string, what: string, o: ChartTrustOptions, ctx: Ctx): Promise<ChartTrust | undefined> {
  const entry = policyEntryFor(o.policy.carried.entries, ref, 'image');
  if (!entry || entry.require === 'none' || !chart.ociArtifact) return undefined;
  if (!o.cache) {
    logTo(ctx, 'warn', `--dry-run: ${what}'s cosign signature is not checked`);
    return undefined;
  }
  const m = chart.ociArtifact.manifest;
  const root = { mediaType: m.mediaType, digest: m.digest, size: m.size };
  const repo = o.client.repository(parseReference(ref));
  const refused = policyRefusal(what, ref, o.policy);
  const copied = await copyGraph(repo, o.cache, root, { session: o.session, withReferrers: true, ctx }).catch(refused);
  const artifacts = await carryArtifacts(repo, o.cache, root, copied.referrers, o.session, ctx).catch(refused);
  const found = await checkSignatures({ what, ref, digest: root.digest, artifacts }, o.cache, o.policy, o.now);
  return found ? { signatures: found.map((s) => ({ ...s, signedDigest: root.digest })), artifacts } : undefined;
}
