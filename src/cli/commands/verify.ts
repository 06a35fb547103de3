import { Command } from 'commander';
import { namingHelp } from '../../ecr/naming.js';
import type { VerifyReport } from '../../app/verify/verify.js';
import { PartialResultError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { sparseIndexOption, trustedRootOption } from '../flags.js';
import type { SignatureRecheck } from '../../trust/recheck-bundle.js';
import { readListInput } from '../list-input.js';
import { readImageMap } from '../../bundle/image-map-file.js';
import { UsageError } from '../../util/errors.js';
import { addTargetFlags, toTargetOptions, type TargetFlags } from '../target-flags.js';

const EXAMPLES = `
Examples:
  # after push, before any pod starts: is every image and chart of the bundle in ECR, by digest?
  helm airgap verify bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored
  # the lock alone is enough (no blobs are read)
  helm airgap verify airgap-lock.json --registry harbor.example/airgap --naming drop-host -o json
  # after sync or copy: every image where the map says it went, by digest and platform
  helm airgap verify --map sync.map.yaml
  # isolated side, no network: every image and chart signature the bundle carries, checked again
  helm airgap verify --signatures bundle.tar
  # an image list, named below the target as the transfer named it (or by the map's destinations)
  helm airgap verify images.txt --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored

Exit codes: 0 everything is there; 3 something is missing or different, or a signature is refused (listed); 1 the check could not run.
`;

export function verifyCommand(host: RuntimeHost): Command {
  return addTargetFlags(new Command('verify'), { registryOptional: ' (not needed with --map alone)' })
    .argument('[input]', 'bundle (.tar or folder), its airgap-lock.json, or an image list (- for stdin)')
    .option(
      '--map <file>',
      'where a transfer put each image (push, copy, sync or mirrors --write-map): checks those, or gives a list its destinations and digests',
    )
    .addOption(sparseIndexOption())
    .option('--signatures', 're-check every image and chart signature the bundle carries against its signature policy, offline (no --registry needed)')
    .addOption(trustedRootOption('replaces the one the bundle carries'))
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, input: string | undefined) => {
        const { verifyTarget } = await import('../../app/verify/verify.js');
        const f = cmd.opts<TargetFlags & { sparseIndex: 'keep' | 'rewrite'; map?: string; signatures?: boolean; trustedRoot?: string }>();
        if (f.trustedRoot && !f.signatures)
          throw new UsageError('--trusted-root is for --signatures', { hint: 'helm airgap verify --signatures bundle.tar --trusted-root trusted_root.json' });
        if (f.signatures) {
          if (input === undefined) throw new UsageError('verify --signatures needs a bundle', { hint: 'helm airgap verify --signatures bundle.tar' });
          await verifySignatures(rt, input, f.trustedRoot);
          if (!f.registry && !f.map) return;
        }
        if (input === undefined && !f.map)
          throw new UsageError('verify needs a bundle, a lock, an image list or --map FILE', {
            hint: 'helm airgap verify bundle.tar --registry TARGET[/PREFIX]',
          });
        const list = input === undefined ? undefined : await readListInput(rt, input);
        const map = f.map ? await readImageMap(f.map) : undefined;
        const report = await verifyTarget(
          input ?? '',
          { ...(await toTargetOptions(rt, f)), sparseIndex: f.sparseIndex, ...(list ? { list } : {}), ...(map ? { map } : {}) },
          rt.ctx,
        );
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

async function verifySignatures(rt: Runtime, input: string, trustedRoot: string | undefined): Promise<void> {
  const [{ openBundle }, { recheckSignatures }] = await Promise.all([import('../../bundle/open.js'), import('../../trust/recheck-bundle.js')]);
  const bundle = await openBundle(input);
  const report = await recheckSignatures(bundle, trustedRoot ? { trustedRoot } : {}).finally(() => bundle.close());
  const bad = report.items.filter((i) => i.status === 'refused');
  if (bad.length === 0 || rt.globals.output !== 'json') rt.reporter.result(report, formatSignatureRecheck);
  if (bad.length > 0)
    throw new PartialResultError(
      `verify --signatures: ${bad.length} of ${report.items.length} item(s) fail the carried signature policy`,
      bad.map((i) => ({ item: `${i.kind} ${i.ref}`, error: i.reason ?? '' })),
      report,
      { hint: 'do not push this bundle: take it again from its source' },
    );
}

export function formatSignatureRecheck(r: SignatureRecheck): string[] {
  const lines = r.items.map((i) => {
    const who = (i.signatures ?? []).map((s) => s.keyFingerprint ?? `${s.identity} (${s.issuer})`).join(', ');
    return `${i.status.toUpperCase()}  ${i.kind} ${i.ref}@${i.digest}${who ? `  signed by ${who}` : ''}${i.reason ? `: ${i.reason}` : ''}${i.note ? ` (${i.note})` : ''}`;
  });
  lines.push(`${r.totals.verified} verified, ${r.totals.refused} refused, ${r.totals.notRequired} not required by the policy (offline, in ${r.bundle})`);
  return lines;
}

export function formatVerifyReport(r: VerifyReport): string[] {
  const lines = r.items
    .filter((i) => i.status !== 'present')
    .map((i) => `${i.status.toUpperCase()}  ${i.kind} ${i.source} -> ${i.target}${i.detail ? `: ${i.detail}` : ''}`);
  lines.push(`${r.totals.present} present, ${r.totals.missing} missing, ${r.totals.different} different in ${r.target}`);
  return lines;
}
