import { Command } from 'commander';
import type { InspectReport } from '../../app/inspect/inspect.js';
import { humanSize } from '../../oci/copy-graph.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';

const EXAMPLES = `
Examples:
  helm airgap inspect images.tar          # a layout archive (read in place, not extracted)
  helm airgap inspect ./images -o json    # an OCI layout directory, as JSON
`;

export function inspectCommand(host: RuntimeHost): Command {
  return new Command('inspect')
    .description('list what an OCI layout or layout archive holds: names, digests, platforms, sizes')
    .argument('<path>', 'an oci-archive tarball or an OCI layout directory')
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, _cmd: Command, path: string) => {
        const { inspectLayout } = await import('../../app/inspect/inspect.js');
        rt.reporter.result(await inspectLayout(path, rt.ctx), formatInspectReport);
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
  }
  for (const f of r.extraFiles ?? []) lines.push(`file ${f.name} (${humanSize(f.size)})`);
  const file = r.totals.fileBytes !== undefined ? `, file ${humanSize(r.totals.fileBytes)}` : '';
  lines.push(`${r.totals.images} image(s), ${r.totals.blobs} unique blob(s), ${humanSize(r.totals.bytes)}${file} (${r.kind} ${r.path})`);
  return lines;
}
