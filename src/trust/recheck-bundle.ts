// The isolated side's check: every image of a bundle against the signature policy its lock
// carries (keys, trusted root), reading the signature manifests the bundle carries. No network:
// the store is the bundle's own content. verify --signatures reports it; push
// --verify-signatures refuses the bundle before any byte moves.
import type { OpenedBundle } from '../bundle/open.js';
import { lockDigestProblem } from '../bundle/lock-binding.js';
import type { LockedArtifact, LockedChart, LockedSignature } from '../bundle/lock.js';
import { AirgapError, ExitCode } from '../util/errors.js';
import { checkChartProvenance, checkSignatures, loadCarriedPolicy, type LoadedPolicy } from './check-signatures.js';

/**
 * What vouched, in this run, for the policy and keys the lock carries (the check below uses them):
 * the bundle's signature by a key given here, the user's explicit trust on first use, or nothing.
 */
export type CarriedKeysTrust = { by: 'bundle-signature'; signer: string; keyFile: string } | { by: 'trusted-on-first-use' } | { by: 'nothing' };

export interface SignatureRecheck {
  bundle: string;
  /** Who vouched for the carried policy and keys. */
  carriedKeys: CarriedKeysTrust;
  /** Where the trusted root checked against was taken (the bundle's, from a TUF repository), when known. */
  trustedRootFrom?: string;
  items: {
    kind: 'image' | 'chart';
    ref: string;
    digest: string;
    status: 'verified' | 'refused' | 'not required';
    signatures?: LockedSignature[];
    reason?: string;
    note?: string;
  }[];
  totals: { verified: number; refused: number; notRequired: number };
}

export async function recheckSignatures(
  bundle: OpenedBundle,
  o: { trustedRoot?: string; now?: Date; carriedKeys?: CarriedKeysTrust } = {},
): Promise<SignatureRecheck> {
  const carried = bundle.lock.signaturePolicy;
  if (!carried)
    throw new AirgapError(`${bundle.where}: the bundle carries no signature policy: it was made without signature verification`, {
      code: 'ERR_NO_POLICY',
      exitCode: ExitCode.Partial,
      hint: 'bundle it again with a signatures: policy in airgap.yaml (or --verify-key / --certificate-identity)',
    });
  // a lock edited alone (a policy weakened, a key swapped) is caught by its binding to index.json;
  // one edited together with index.json is what the signatures below (and the bundle's own
  // signature) catch
  const edited = lockDigestProblem(bundle.lock, bundle.recordedLockDigest);
  if (edited)
    throw new AirgapError(`${bundle.where}: ${edited}`, {
      code: 'ERR_LOCK_EDITED',
      exitCode: ExitCode.Partial,
      hint: 'do not push this bundle: take it again from its source',
    });
  const policy = await loadCarriedPolicy(carried, o.trustedRoot);
  const items: SignatureRecheck['items'] = [];
  const now = o.now ?? new Date();
  for (const img of bundle.lock.images)
    items.push(await recheckCosign({ kind: 'image', what: `image ${img.ref}`, ref: img.ref, digest: img.digest }, img, bundle, policy, now));
  for (const chart of bundle.lock.charts) {
    const ociRef = chart.source.kind === 'oci' ? chart.source.ref?.replace(/^oci:\/\//, '') : undefined;
    // an OCI chart's signature is over the manifest its registry served, as an image's
    const signed = chart.signatures?.find((s) => s.signedDigest)?.signedDigest ?? chart.manifestDigest;
    items.push(
      ociRef
        ? {
            ...(await recheckCosign({ kind: 'chart', what: `chart ${chart.name} ${chart.version}`, ref: ociRef, digest: signed }, chart, bundle, policy, now)),
            ref: `${chart.name}:${chart.version}`,
            digest: chart.digest,
          }
        : await recheckChart(chart, policy),
    );
  }
  const count = (s: string) => items.filter((i) => i.status === s).length;
  const source = policy.carried.trustedRootSource;
  const from = source ? `the TUF repository ${source.tufMirror}, taken ${source.takenAt}` : undefined;
  return {
    bundle: bundle.where,
    carriedKeys: o.carriedKeys ?? { by: 'nothing' },
    ...(from ? { trustedRootFrom: from } : {}),
    items,
    totals: { verified: count('verified'), refused: count('refused'), notRequired: count('not required') },
  };
}

/** An image's (or OCI chart's) cosign signatures, from the manifests the bundle carries beside it. */
async function recheckCosign(
  s: { kind: 'image' | 'chart'; what: string; ref: string; digest: string },
  item: { artifacts?: LockedArtifact[]; signatures?: LockedSignature[] },
  bundle: OpenedBundle,
  policy: LoadedPolicy,
  now: Date,
): Promise<SignatureRecheck['items'][number]> {
  const artifacts = (item.artifacts ?? []).map((a) => ({
    root: { mediaType: a.mediaType, digest: a.digest, size: a.size, ...(a.artifactType ? { artifactType: a.artifactType } : {}) },
    ...(a.tag ? { tag: a.tag } : {}),
  }));
  const head = { kind: s.kind, ref: s.ref, digest: s.digest };
  try {
    const signatures = await checkSignatures({ what: s.what, ref: s.ref, digest: s.digest, artifacts }, bundle.store, policy, now);
    const lost = (item.signatures ?? []).filter((x) => !signatures?.some((y) => y.digest === x.digest));
    if (lost.length > 0) return { ...head, status: 'refused', reason: `the lock's signature ${lost.map((x) => x.digest).join(', ')} does not verify again` };
    return { ...head, status: signatures ? 'verified' : 'not required', ...(signatures ? { signatures } : {}) };
  } catch (e) {
    return { ...head, status: 'refused', reason: (e as Error).message };
  }
}

/**
 * A chart's .prov as the lock carries it, against the carried keyring. The .prov signs the archive
 * the repository served; a chart whose dependencies were vendored into it at bundle time is
 * another archive, and the note says so.
 */
async function recheckChart(chart: LockedChart, policy: LoadedPolicy): Promise<SignatureRecheck['items'][number]> {
  const ref = `${chart.name}:${chart.version}`;
  const prov = chart.signatures?.find((s) => s.format === 'helm-prov');
  try {
    const signatures = await checkChartProvenance(
      { what: `chart ${chart.name} ${chart.version}`, name: chart.name, source: chart.source, archiveDigest: prov?.fileDigest ?? chart.digest },
      prov?.provenance,
      policy,
    );
    if (!signatures) return { kind: 'chart', ref, digest: chart.digest, status: 'not required' };
    const note =
      prov?.fileDigest !== chart.digest
        ? `the .prov signs the archive the repository served (${prov?.fileDigest}); the bundle's has its dependencies vendored`
        : undefined;
    return { kind: 'chart', ref, digest: chart.digest, status: 'verified', signatures, ...(note ? { note } : {}) };
  } catch (e) {
    return { kind: 'chart', ref, digest: chart.digest, status: 'refused', reason: (e as Error).message };
  }
}

/** push --verify-signatures: the bundle is refused as a whole when one image is. */
export function refuseUnverified(r: SignatureRecheck): void {
  const bad = r.items.filter((i) => i.status === 'refused');
  if (bad.length === 0) return;
  throw new AirgapError(`${r.bundle}: ${bad.length} item(s) fail the carried signature policy: ${bad.map((b) => b.reason).join('; ')}`, {
    code: 'ERR_SIGNATURE',
    exitCode: ExitCode.Partial,
    hint: 'nothing was pushed; take the bundle again from its source (helm airgap verify --signatures BUNDLE names each image)',
  });
}

/**
 * push --verify-signatures checks images with the keys the lock carries: only once something given
 * in this run vouches for them (the bundle's signature by --key), or the user says, by name, that
 * they are trusted on first use. Otherwise a bundle whose lock and signatures were swapped together
 * would pass with exit 0.
 */
export function carriedKeysTrust(bundle: string, signature: { signer: string; keyFile: string } | undefined, trustCarriedKeys: boolean): CarriedKeysTrust {
  if (signature) return { by: 'bundle-signature', signer: signature.signer, keyFile: signature.keyFile };
  if (trustCarriedKeys) return { by: 'trusted-on-first-use' };
  throw new AirgapError(
    `${bundle}: --verify-signatures would check the images with the policy keys the bundle carries, and nothing given in this run vouches for them (no --key, no $HELM_AIRGAP_BUNDLE_KEY): nothing was pushed`,
    {
      code: 'ERR_NO_TRUST_ANCHOR',
      exitCode: ExitCode.Partial,
      hint: "give --key builder.pub (the bundle signer's public key: the bundle's signature then vouches for the keys it carries), or add --trust-carried-keys to trust them on first use",
    },
  );
}
