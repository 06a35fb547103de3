// The text form of a signature re-check (verify --signatures, push --verify-signatures), pure:
// per image and chart the verdict, the policy entry that required it and the key or identity that
// signed; the totals; and who vouched for the policy and keys the bundle carries, said plainly
// when nothing did.
import type { CarriedKeysTrust, SignatureRecheck } from '../../trust/recheck-bundle.js';

export function formatSignatureRecheck(r: SignatureRecheck): string[] {
  const lines = r.items.map((i) => {
    const who = (i.signatures ?? [])
      .map((s) => `${s.keyFingerprint ?? `${s.identity} (${s.issuer})`} [policy ${JSON.stringify(s.policy)}, ${s.format}]`)
      .join(', ');
    return `${i.status.toUpperCase()}  ${i.kind} ${i.ref}@${i.digest}${who ? `  signed by ${who}` : ''}${i.reason ? `: ${i.reason}` : ''}${i.note ? ` (${i.note})` : ''}`;
  });
  lines.push(`${r.totals.verified} verified, ${r.totals.refused} refused, ${r.totals.notRequired} not required by the policy (offline, in ${r.bundle})`);
  lines.push(carriedKeysLine(r.carriedKeys));
  if (r.trustedRootFrom) lines.push(`trusted root: from ${r.trustedRootFrom} (carried in the bundle)`);
  return lines;
}

function carriedKeysLine(t: CarriedKeysTrust): string {
  if (t.by === 'bundle-signature') return `policy and keys: as the bundle carries them, vouched for by its signature by ${t.signer} (${t.keyFile})`;
  if (t.by === 'trusted-on-first-use')
    return 'policy and keys: as the bundle carries them, TRUSTED ON FIRST USE (--trust-carried-keys): nothing in this run authenticated them';
  return 'policy and keys: as the bundle carries them, NOT AUTHENTICATED: the bundle signature was not checked (no --key, no $HELM_AIRGAP_BUNDLE_KEY)';
}
