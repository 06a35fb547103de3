import { readSettings } from '../settings.js';
import { Command, Option } from 'commander';
import { namingHelp } from '../../ecr/naming.js';
import { addTargetFlags, toTargetOptions, type TargetFlags } from '../target-flags.js';
import { addRepositoryFlags, toRepositorySettings, type RepositoryFlags } from '../destination-flags.js';
import type { PushOptions, PushReport } from '../../app/push/push.js';
import type { SparseIndexMode } from '../../app/push/items.js';
import { ON_EXISTING_TAG, type OnExistingTag } from '../../app/push/existing-tag.js';
import { parseShard } from '../../app/push/plan.js';
import { PartialResultError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { UsageError } from '../../util/errors.js';
import { sparseIndexOption, trustedRootOption } from '../flags.js';
import { addTrustFlags, toBundleTrust, type TrustFlags } from '../signing-flags.js';

const EXAMPLES = `
Examples:
  # ECR: creates every missing repository (or leaves it to a create-on-push template), then pushes
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored
  # a CI role that may not create repositories: fail first, naming the missing ones
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team --create-repositories never
  # immutable, KMS-encrypted, tagged repositories; see the plan first
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored \\
    --tag-mutability IMMUTABLE --encryption KMS --kms-key alias/ecr --repo-tag team=platform --dry-run
  # through a VPC endpoint with a named profile
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/m --profile prod \\
    --endpoint-url https://vpce-0abc.api.ecr.eu-west-1.vpce.amazonaws.com
  # ECR Public, or any OCI registry (docker login, or --username with --password-stdin)
  helm airgap push bundle.tar --registry public.ecr.aws/a1b2c3d4/mirrored
  echo "$TOKEN" | helm airgap push bundle.tar --registry harbor.example/airgap --username robot --password-stdin
  # prove every image signature the bundle carries again, offline, before pushing (exit 3 if one fails);
  # --key checks the bundle's own signature first, which vouches for the policy keys it carries
  helm airgap push bundle.tar --key builder.pub --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/m --verify-signatures

More examples and the rules in full: docs/guide/push.md.
`;

export function pushCommand(host: RuntimeHost): Command {
  return addTrustFlags(addRepositoryFlags(addTargetFlags(new Command('push'))))
    .argument('<bundle>', 'bundle tarball (or unpacked bundle directory) made by `helm airgap bundle`, or oci://HOST:PORT served by `helm airgap serve`')
    .option('--shard <I/N>', 'push only shard I of N (0-based); charts go with shard 0')
    .option('--dry-run', 'print the plan: repositories to create, bytes to upload')
    .addOption(
      new Option('--on-existing-tag <what>', 'a tag that already holds other content: overwrite (default), skip (keep it, named), fail (before any upload)')
        .choices([...ON_EXISTING_TAG])
        .default('overwrite'),
    )
    .option('--write-map <file>', 'write where each image went (source → destination, digest, platforms) for values/postrender/verify/kustomize --map')
    .addOption(sparseIndexOption())
    .option('--verify-signatures', "re-check every carried image signature against the bundle's signature policy, offline, before anything is pushed (exit 3)")
    .option(
      '--trust-carried-keys',
      'with --verify-signatures and no --key: check images with the policy keys the bundle carries, trusted on first use (nothing authenticates them; the output says so)',
    )
    .addOption(trustedRootOption('replaces the one the bundle carries'))
    .option('--cache <dir>', 'where verified bundles are remembered (default: $HELM_AIRGAP_CACHE or ~/.cache/helm-airgap)')
    .option('--no-verify-cache', 'hash every blob even when this bundle file was fully verified before, unchanged')
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, bundle: string) => {
        // Loaded on use: the AWS SDK is large, and other commands should not pay for it at start.
        const { pushBundle } = await import('../../app/push/push.js');
        const { formatPushSummary } = await import('../format/push.js');
        const report = await pushBundle(bundle, await toPushOptions(rt, cmd.opts()), rt.ctx).catch((e: unknown) => {
          // some items failed (exit 3): in text mode show what did get pushed before the error
          const partial = e instanceof PartialResultError ? (e.report as PushReport) : undefined;
          if (partial && rt.globals.output !== 'json') rt.reporter.result(partial, formatPushSummary);
          throw e;
        });
        rt.reporter.result(report, formatPushSummary);
      }),
    );
}

interface PushFlags extends TargetFlags, RepositoryFlags, TrustFlags {
  shard?: string;
  dryRun?: boolean;
  sparseIndex: SparseIndexMode;
  verifyCache: boolean;
  writeMap?: string;
  onExistingTag: OnExistingTag;
  verifySignatures?: boolean;
  trustCarriedKeys?: boolean;
  trustedRoot?: string;
}

async function toPushOptions(rt: Runtime, f: PushFlags): Promise<PushOptions> {
  if (f.trustedRoot && !f.verifySignatures)
    throw new UsageError('--trusted-root is for --verify-signatures', { hint: 'add --verify-signatures, or leave --trusted-root out' });
  if (f.trustCarriedKeys && !f.verifySignatures)
    throw new UsageError('--trust-carried-keys is for --verify-signatures', { hint: 'add --verify-signatures, or leave --trust-carried-keys out' });
  const settings = readSettings(rt.env, { cache: f.cache });
  return {
    ...(await toTargetOptions(rt, f)),
    bundleTrust: toBundleTrust(f, rt.env),
    shard: f.shard === undefined ? undefined : parseShard(f.shard),
    dryRun: f.dryRun,
    sparseIndex: f.sparseIndex,
    writeMap: f.writeMap,
    onExistingTag: f.onExistingTag,
    repositorySettings: toRepositorySettings(f),
    verifyCacheDir: f.verifyCache ? settings.cacheDir : undefined,
    ...(f.verifySignatures
      ? { verifySignatures: { ...(f.trustedRoot ? { trustedRoot: f.trustedRoot } : {}), ...(f.trustCarriedKeys ? { trustCarriedKeys: true } : {}) } }
      : {}),
  };
}
