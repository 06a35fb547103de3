import { Command } from 'commander';
import { namingHelp } from '../../ecr/naming.js';
import type { VerifyReport } from '../../app/verify/verify.js';
import { PartialResultError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { sparseIndexOption } from '../flags.js';
import { addTargetFlags, toTargetOptions, type TargetFlags } from '../target-flags.js';

const EXAMPLES = `
Examples:
  # after push, before any pod starts: is every image and chart of the bundle in ECR, by digest?
  helm airgap verify bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored
  # the lock alone is enough (no blobs are read)
  helm airgap verify airgap-lock.json --registry harbor.example/airgap --naming drop-host -o json

Exit codes: 0 everything is there; 3 something is missing or different (listed); 1 the check could not run.
`;

export function verifyCommand(host: RuntimeHost): Command {
  return addTargetFlags(new Command('verify'))
    .argument('<bundle-or-lock>', 'bundle (.tar or folder) or its airgap-lock.json')
    .addOption(sparseIndexOption())
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, bundle: string) => {
        const { verifyTarget } = await import('../../app/verify/verify.js');
        const f = cmd.opts<TargetFlags & { sparseIndex: 'keep' | 'rewrite' }>();
        const report = await verifyTarget(bundle, { ...(await toTargetOptions(rt, f)), sparseIndex: f.sparseIndex }, rt.ctx);
        const bad = report.items.filter((i) => i.status !== 'present');
        // -o json: one document, the report itself or the error carrying it
        if (bad.length === 0 || rt.globals.output !== 'json') rt.reporter.result(report, formatVerifyReport);
        if (bad.length > 0) {
          throw new PartialResultError(
            `verify: ${bad.length} of ${report.items.length} not in ${report.target} as the bundle has them`,
            bad.map((i) => ({ item: `${i.kind} ${i.source}`, error: `${i.status}: ${i.detail ?? ''}` })),
            report,
            { hint: 'run `helm airgap push` with the same --registry and --naming again; it sends only what is missing' },
          );
        }
      }),
    );
}

export function formatVerifyReport(r: VerifyReport): string[] {
  const lines = r.items
    .filter((i) => i.status !== 'present')
    .map((i) => `${i.status.toUpperCase()}  ${i.kind} ${i.source} -> ${i.target}${i.detail ? `: ${i.detail}` : ''}`);
  lines.push(`${r.totals.present} present, ${r.totals.missing} missing, ${r.totals.different} different in ${r.target}`);
  return lines;
}
