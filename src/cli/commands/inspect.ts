import { Command } from 'commander';
import type { InspectReport } from '../../app/inspect/inspect.js';
import { humanSize } from '../../oci/copy-graph.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';

const EXAMPLES = `
Examples:
  helm airgap inspect images.tar          # a layout archive (read in place, not extracted)
  helm airgap inspect ./images -o json    # an OCI layout directory, as JSON
  helm airgap inspect bundle.tar --html report.html   # one self-contained page to review (no network)
  helm airgap inspect bundle.tar --sbom > bundle.cdx.json   # the CycloneDX SBOM a reviewer approves
`;

export function inspectCommand(host: RuntimeHost): Command {
  return new Command('inspect')
    .argument('<path>', 'an oci-archive tarball or an OCI layout directory')
    .option('--sbom', "print the bundle's SBOM (CycloneDX 1.6 JSON), checked against the digest its lock records")
    .option('--html <file>', 'also write a self-contained HTML report (charts, images, sizes, platforms, where each image comes from)')
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, cmd: Command, path: string) => {
        if (cmd.opts<{ sbom?: boolean }>().sbom) return printSbom(rt, path);
        const [{ inspectLayout }, { readBundleLock }, { diffAgainstBase, formatBaseDiff }] = await Promise.all([
          import('../../app/inspect/inspect.js'),
          import('../../bundle/open.js'),
          import('../../app/inspect/base-diff.js'),
        ]);
        const inspected = await inspectLayout(path, rt.ctx);
        // a layout or archive without a lock is still inspected (images only)
        const lock = await readBundleLock(path).catch(() => undefined);
        const diff = lock ? diffAgainstBase(lock) : undefined;
        const withCatalog = lock?.catalog?.length ? { ...inspected, catalog: lock.catalog } : inspected;
        const report = diff ? { ...withCatalog, base: diff } : withCatalog;
        const html = cmd.opts<{ html?: string }>().html;
        if (html) {
          const { renderInspectHtml } = await import('../../app/inspect/html.js');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          await writeFileAtomic(html, renderInspectHtml(report, lock));
          rt.reporter.info(`wrote ${html}`);
        }
        rt.reporter.result(report, (r) => [...formatInspectReport(r), ...(diff ? formatBaseDiff(diff) : [])]);
      }),
    );
}

export function formatInspectReport(r: InspectReport): string[] {
  const lines: string[] = [];
  for (const i of r.images) {
    lines.push(`${i.name ?? '(unnamed)'}  ${i.digest}  ${humanSize(i.size)}`);
    for (const p of i.platforms) {
      const note = p.attestation ? ' (attestation)' : p.present ? '' : ' (not copied)';
      lines.push(`  ${p.platform.padEnd(16)} ${p.digest}${note}`);
    }
    if (i.missing.length) lines.push(`  missing ${i.missing.length} blob(s): ${i.missing.slice(0, 3).join(', ')}${i.missing.length > 3 ? ', …' : ''}`);
    for (const a of i.referrers ?? []) lines.push(`  referrer ${a.what} ${a.digest}`);
  }
  for (const f of r.extraFiles ?? []) lines.push(`file ${f.name} (${humanSize(f.size)})`);
  if (r.catalog?.length)
    lines.push(
      `operator catalog files of the user's that discovery used (besides the built-in catalog):`,
      ...r.catalog.map((c) => `  ${c.file}  ${c.operator}  ${c.digest}`),
    );
  const file = r.totals.fileBytes !== undefined ? `, file ${humanSize(r.totals.fileBytes)}` : '';
  const others = [
    r.totals.charts ? `${r.totals.charts} chart(s)` : '',
    r.totals.artifacts ? `${r.totals.artifacts} signature/SBOM/attestation artifact(s)` : '',
  ].filter(Boolean);
  lines.push(
    `${[`${r.totals.images} image(s)`, ...others].join(', ')}, ${r.totals.blobs} unique blob(s), ${humanSize(r.totals.bytes)}${file} (${r.kind} ${r.path})`,
  );
  return lines;
}

async function printSbom(rt: Runtime, path: string): Promise<void> {
  const [{ readSignedParts }, { sbomProblem }, { ArchiveError }] = await Promise.all([
    import('../../bundle/open.js'),
    import('../../bundle/signature/check.js'),
    import('../../util/errors.js'),
  ]);
  const parts = await readSignedParts(path);
  if (!parts.lock.sbom || !parts.sbom)
    throw new ArchiveError(`bundle ${path}: holds no SBOM`, {
      code: 'ERR_NO_SBOM',
      hint: 'bundles made by this helm-airgap carry one: make it again with helm airgap bundle',
    });
  const problem = sbomProblem(parts);
  if (problem) throw new ArchiveError(`bundle ${path}: ${problem}`, { code: 'ERR_SIGNATURE', exitCode: 3, hint: 'get the bundle again from its builder' });
  rt.reporter.raw(parts.sbom.toString('utf8'));
}
