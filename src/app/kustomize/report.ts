// How `kustomize` reports: the entries written, and the error the command ends with (exit 3 for
// images still pulled from outside the target unless allowed: --allow-hardcoded, --allow-unmapped; and for images --pin-digests could not pin).
import { AirgapError, PartialResultError } from '../../util/errors.js';
import type { KustomizeReport } from './kustomize.js';
import { accountingFailure, accountingLines, type Allowed } from '../../overrides/image-accounting.js';

export function formatKustomizeReport(r: KustomizeReport): string[] {
  const naming = r.naming ? ` (naming ${r.naming})` : '';
  const out = [`overlay ${r.dir}: target ${r.target}${naming}, images read from ${r.from}`];
  for (const c of r.changes) {
    const to = [c.after.newName, c.after.newTag && `tag ${c.after.newTag}`, c.after.digest].filter(Boolean).join(' ');
    out.push(`  ${c.action.padEnd(9)} ${c.name} → ${to}`);
  }
  out.push(`${r.images.length} pod-spec image(s) deploy from the target with these entries (kustomize rewrites containers[].image and initContainers[].image)`);
  out.push(...accountingLines(r.accounting));
  if (r.unpinned.length > 0) out.push(`NOT pinned (the map has no digest for them): ${r.unpinned.join(', ')}`);
  if (r.text === undefined) out.push(`${r.file} already holds these entries: nothing to write`);
  else if (r.written) out.push(`wrote ${r.file}`);
  else out.push(`dry run: ${r.file} not written; it would read:`, r.text.replace(/\n$/, ''));
  return out;
}

/** The error the command ends with, if any; -o json carries the report in it. */
export function kustomizeFailure(r: KustomizeReport, allowed: Allowed): AirgapError | undefined {
  if (r.unpinned.length > 0)
    return new PartialResultError(
      `kustomize: ${r.unpinned.length} image(s) have no digest in the map to pin: ${r.unpinned.join(', ')}`,
      r.unpinned.map((item) => ({ item, error: 'no digest in the map' })),
      r,
      { code: 'ERR_KUSTOMIZE_UNPINNED', hint: 'write the map again with push, copy or sync --write-map (they record digests), or leave out --pin-digests' },
    );
  const target = r.naming ? `--registry ${r.target}${r.naming === 'full' ? '' : ` --naming ${r.naming}`}` : `--map ${r.target.replace(/^map /, '')}`;
  return accountingFailure(r.accounting, allowed, r, {
    command: 'kustomize',
    unmappedHint:
      'transfer them too and give the map that transfer wrote (copy, push or sync --write-map), or pass --allow-unmapped to deploy them from where they are',
    hardcodedHint: `rewrite them at apply time: kubectl kustomize ${r.dir} | helm airgap postrender ${target} | kubectl apply -f -; then --allow-hardcoded accepts them here`,
    hardcodedCode: 'ERR_KUSTOMIZE_UNREACHABLE',
  });
}
