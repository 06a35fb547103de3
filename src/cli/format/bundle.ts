import { basename } from 'node:path';
// Text form of a bundle report: what went in, sizes, and what was left out and why.
import { humanSize as formatSize } from '../../oci/copy-graph.js';
import type { BundleReport } from '../../app/bundle/bundle.js';
import type { LockedSignature } from '../../bundle/lock.js';

/** "signed by KEY" or "signed by IDENTITY (ISSUER)", from the lock's evidence. */
function signedBy(sigs: LockedSignature[] | undefined): string {
  const s = sigs?.[0];
  return s ? `signed by ${s.identity ? `${s.identity} (${s.issuer})` : s.keyFingerprint}` : '';
}

export function formatBundleReport(r: BundleReport): string[] {
  const lines: string[] = [];
  const imageSigs = new Map((r.lock?.images ?? []).map((i) => [i.ref, i.signatures]));
  const chartSigs = new Map((r.lock?.charts ?? []).map((c) => [`${c.name}@${c.version}`, c.signatures]));
  lines.push(r.dryRun ? 'Plan (dry run: nothing pulled, nothing written)' : `Bundle ${r.output} (${formatSize(r.bytes ?? 0)})`);
  if (r.parts)
    lines.push(
      `  in ${r.parts.length} parts: ${r.parts.map((p) => basename(p)).join(', ')} (+ ${basename(r.output ?? '')}.SHA256SUMS); every command reads ${basename(r.output ?? '')} from them`,
    );
  lines.push(`Charts (${r.charts.length}):`);
  for (const c of r.charts) {
    const who = signedBy(chartSigs.get(`${c.name}@${c.version}`));
    lines.push(
      `  ${c.name} ${c.version}  ${c.digest.slice(0, 19)}  release ${c.releaseName} in ${c.namespace}  from ${c.source.repo ?? c.source.ref ?? c.source.path}${who ? `  ${who}` : ''}`,
    );
  }
  lines.push(`Images (${r.images.length}, ${formatSize(r.imageBytes)} with shared blobs once):`);
  for (const i of r.images) {
    const extra = [i.need !== 'certain' ? i.need : '', i.platforms.join(','), i.pulledFrom ? `via ${i.pulledFrom}` : '', signedBy(imageSigs.get(i.ref))]
      .filter(Boolean)
      .join('  ');
    lines.push(`  ${i.ref}  ${i.digest.slice(0, 19)}  ${formatSize(i.size)}${extra ? '  ' + extra : ''}`);
    if (i.builtin) lines.push(`    builtin: compiled into ${i.builtin.foundIn} (${i.builtin.how})`);
  }
  if (r.transfer) lines.push(`Cache: ${r.transfer.copied} blob(s) fetched (${formatSize(r.transfer.bytes)}), ${r.transfer.skipped} already present`);
  if (r.notBundled.length) lines.push(`Optional, not bundled (add --include-optional): ${r.notBundled.join(', ')}`);
  // an operator's compiled-in image pulled only for an opt-in feature or a second resource kind: what pulls it
  for (const n of r.lock?.notBundled ?? []) {
    const b = n.sites.find((s) => s.builtin?.need === 'optional')?.builtin;
    if (b) lines.push(`  ${n.ref}: compiled into ${b.operator}, pulled only with ${b.pulledWith ?? 'another setting'}`);
  }
  for (const e of r.excluded) lines.push(`Excluded by ${e.glob}: ${e.ref}`);
  for (const s of r.scans ?? [])
    lines.push(
      `Scanned ${s.image}${s.entrypoint ? `:${s.entrypoint}` : ''}: ${s.found.length} compiled-in image(s) confirmed, ${s.seconds} s, ${s.bytes} bytes read${s.unread ? `; ${s.unread}` : ''}`,
    );
  const unverified = r.unverifiedControllers ?? [];
  if (unverified.length) lines.push(`Unverified controllers (${unverified.length}: their compiled-in images are not all accounted for):`);
  for (const u of unverified) lines.push(`  ${u.controller} (${u.template}, running ${u.image}): ${u.reason}`, `    next: ${u.next}`);
  for (const f of r.failures) lines.push(`FAILED ${f.item}: ${f.error}${f.hint ? `\n  next: ${f.hint}` : ''}`);
  return lines;
}
