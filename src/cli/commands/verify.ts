import { Command } from 'commander';
import { namingHelp } from '../../ecr/naming.js';
import type { VerifyReport } from '../../app/verify/verify.js';
import { PartialResultError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { collect, sparseIndexOption, trustedRootOption } from '../flags.js';
import { parsePairs } from '../settings.js';
import { addTrustFlags, toBundleTrust, type TrustFlags } from '../signing-flags.js';
import { formatSignatureRecheck } from '../format/signature-recheck.js';
import type { BundleTrust } from '../../bundle/signature/check.js';
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
  # an image list, named below the target as the transfer named it (or by the map's destinations);
  # each tag's digest is asked of its source (through the transfer's --mirror) and compared
  helm airgap verify images.txt --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored --mirror docker.io=mirror.internal/hub

More examples and the rules in full: docs/guide/verify.md.
`;

export function verifyCommand(host: RuntimeHost): Command {
  return addTrustFlags(addTargetFlags(new Command('verify'), { registryOptional: ' (not needed with --map alone)' }))
    .argument('[input]', 'bundle (.tar or folder), its airgap-lock.json, or an image list (- for stdin)')
    .option(
      '--map <file>',
      'where a transfer put each image (push, copy, sync or mirrors --write-map): checks those, or gives a list its destinations and digests',
    )
    .option('--mirror <registry=location>', "a list: ask REGISTRY's images for their digests at LOCATION (HOST[/PATH]), names kept (repeatable)", collect, [])
    .option('--no-source', 'a list: ask no source for digests; check presence only (said in the output)')
    .addOption(sparseIndexOption())
    .option('--signatures', 're-check every image and chart signature the bundle carries against its signature policy, offline (no --registry needed)')
    .addOption(trustedRootOption('replaces the one the bundle carries'))
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, input: string | undefined) => {
        const { verifyTarget } = await import('../../app/verify/verify.js');
        const f = cmd.opts<
          TargetFlags &
            TrustFlags & { sparseIndex: 'keep' | 'rewrite'; map?: string; mirror: string[]; source: boolean; signatures?: boolean; trustedRoot?: string }
        >();
        if (f.mirror.length && !input) throw new UsageError('--mirror goes with an image list: the sources a list names are asked for their digests');
        if (f.trustedRoot && !f.signatures)
          throw new UsageError('--trusted-root is for --signatures', { hint: 'helm airgap verify --signatures bundle.tar --trusted-root trusted_root.json' });
        if (f.signatures) {
          if (input === undefined) throw new UsageError('verify --signatures needs a bundle', { hint: 'helm airgap verify --signatures bundle.tar' });
          await verifySignatures(rt, input, f.trustedRoot, toBundleTrust(f, rt.env));
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
          {
            ...(await toTargetOptions(rt, f)),
            bundleTrust: list || map ? undefined : toBundleTrust(f, rt.env),
            sparseIndex: f.sparseIndex,
            ...(list ? { list, askSources: f.source, sourceMirrors: parsePairs(f.mirror, '--mirror', 'docker.io=mirror.internal/hub') } : {}),
            ...(map ? { map } : {}),
          },
          rt.ctx,
        );
        const bad = report.items.filter((i) => i.status !== 'present');
        // -o json: one document, the report itself or the error carrying it
        if (bad.length === 0 || rt.globals.output !== 'json') rt.reporter.result(report, formatVerifyReport);
        if (bad.length > 0) {
          const { basis, hint } = nextAfterVerify({ list: list !== undefined, input, map: f.map, registry: f.registry, naming: f.naming });
          throw new PartialResultError(
            `verify: ${bad.length} of ${report.items.length} not in ${report.target} ${basis}`,
            bad.map((i) => ({ item: `${i.kind} ${i.source}`, error: `${i.status}: ${i.detail ?? ''}` })),
            report,
            { hint },
          );
        }
      }),
    );
}

/** What was checked against, and the transfer that sends what is missing: push for a bundle, copy or sync for a list, the map's writer for a map. */
function nextAfterVerify(o: { list: boolean; input?: string; map?: string; registry?: string; naming?: string }): { basis: string; hint: string } {
  const naming = o.naming ? ` --naming ${o.naming}` : '';
  if (o.list && o.registry) {
    const from = o.input === '-' ? 'LIST' : o.input;
    return {
      basis: 'as the list names them',
      hint: `copy what is missing: helm airgap copy --from-file ${from} docker://${o.registry}${naming} (or helm airgap sync ${from} docker://${o.registry}${naming}); present images are skipped; a skopeo file with --mirror put images under the mirror's name: verify ${from} --map MAP with the map written beside it`,
    };
  }
  if (o.map)
    return {
      basis: `as the map ${o.map} records them`,
      hint: 'run again the transfer that wrote the map (copy, sync or push with --write-map): it sends only what is missing; a different digest means the tag was overwritten since',
    };
  return { basis: 'as the bundle has them', hint: 'run `helm airgap push` with the same --registry and --naming again; it sends only what is missing' };
}

async function verifySignatures(rt: Runtime, input: string, trustedRoot: string | undefined, trust: BundleTrust | undefined): Promise<void> {
  const [{ openBundle }, { recheckSignatures }, { checkBundleSignature }] = await Promise.all([
    import('../../bundle/open.js'),
    import('../../trust/recheck-bundle.js'),
    import('../../bundle/signature/check.js'),
  ]);
  // --key: the bundle's signature first, which then vouches for the policy and keys its lock carries
  const signature = await checkBundleSignature(input, trust);
  const bundle = await openBundle(input);
  const report = await recheckSignatures(bundle, {
    ...(trustedRoot ? { trustedRoot } : {}),
    carriedKeys: signature ? { by: 'bundle-signature', signer: signature.signer, keyFile: signature.keyFile } : { by: 'nothing' },
  }).finally(() => bundle.close());
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

export function formatVerifyReport(r: VerifyReport): string[] {
  const lines = r.items
    .filter((i) => i.status !== 'present')
    .map((i) => `${i.status.toUpperCase()}  ${i.kind} ${i.source} -> ${i.target}${i.detail ? `: ${i.detail}` : ''}`);
  lines.push(`${r.totals.present} present, ${r.totals.missing} missing, ${r.totals.different} different in ${r.target}`);
  const presence = r.items.filter((i) => i.checked === 'presence');
  if (presence.length) {
    lines.push(`${presence.length} of ${r.items.length} checked for presence only, content not compared:`);
    for (const i of presence.slice(0, 10)) lines.push(`  PRESENCE-ONLY  ${i.kind} ${i.source}: ${i.presenceOnly ?? 'no digest recorded'}`);
    if (presence.length > 10) lines.push(`  … and ${presence.length - 10} more`);
    lines.push('  to compare content: verify --map MAP (the map the transfer wrote), or a bundle or its lock; or give the --mirror the sources are reached by');
  }
  return lines;
}
