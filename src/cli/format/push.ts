// The text form of a PushReport (pure): what was created, pushed or already there, and bytes.
import { humanSize } from '../../oci/copy-graph.js';
import type { ItemCounts, PushReport } from '../../app/push/report.js';
import { formatRepositories } from './repositories.js';
import { formatSignatureRecheck } from './signature-recheck.js';

export function formatPushSummary(r: PushReport): string[] {
  const where = `${r.target.registry}${r.target.prefix ? `/${r.target.prefix}` : ''}`;
  const shard = r.shard.count > 1 ? ` (shard ${r.shard.index}/${r.shard.count})` : '';
  const lines = [`${r.dryRun ? 'plan for' : 'pushed to'} ${where} [${r.target.kind}]${shard}`];
  lines.push(
    `bundle verified: ${r.verified.manifests} manifests, ${r.verified.blobs} blobs, ${humanSize(r.verified.bytes)}${r.verified.cached ? ' (file unchanged since its full check: blob sizes only)' : ''}`,
  );
  lines.push(
    r.signature
      ? `bundle signed by ${r.signature.signer} (${r.signature.keyFile})`
      : 'bundle signature not checked: no --key (nor $HELM_AIRGAP_BUNDLE_KEY) given',
  );
  if (r.imageSignatures) lines.push(...formatSignatureRecheck(r.imageSignatures));
  lines.push(...formatRepositories(r.repositories, r.dryRun));
  for (const i of r.items) {
    const mark = { pushed: '↑', present: '=', failed: '✗', planned: '…', kept: '~' }[i.status];
    const moved = i.status === 'failed' || i.status === 'kept' ? `  ${i.error ?? ''}` : i.bytesUploaded ? `  ${humanSize(i.bytesUploaded)}` : '';
    const rewritten = i.rewrittenFrom ? ` (index rewritten to the carried platforms; bundled as ${i.rewrittenFrom})` : '';
    const extra = i.artifacts ? ` +${i.artifacts} signature/SBOM/attestation manifest(s)` : '';
    lines.push(`${mark} ${i.kind} ${i.source} → ${i.target}${rewritten}${extra}${moved}`);
  }
  const t = r.totals;
  const n = (x: ItemCounts) =>
    r.dryRun
      ? `${x.planned ?? 0}`
      : `${x.pushed} pushed, ${x.present} present${x.kept ? `, ${x.kept} kept on other content` : ''}${x.failed ? `, ${x.failed} failed` : ''}`;
  lines.push(`images: ${n(t.images)}; charts: ${n(t.charts)}`);
  if (r.dryRun)
    lines.push(
      `to upload: at most ${humanSize(t.bytesToUpload ?? 0)} (${t.blobsUploaded} blobs counted per repository, ${t.blobsPresent} already there; shared layers may be mounted instead)`,
    );
  else
    lines.push(
      `uploaded ${humanSize(t.bytesUploaded)} in ${t.blobsUploaded} blobs (${t.blobsPresent} present, ${t.blobsMounted} mounted) in ${(r.durationMs / 1000).toFixed(1)} s`,
    );
  if (r.mapFile) lines.push(`wrote ${r.mapFile}: use it with helm airgap values|postrender|verify|kustomize --map ${r.mapFile}`);
  return lines;
}
