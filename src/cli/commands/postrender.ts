import { Command } from 'commander';
import type { PostrenderReport } from '../../app/postrender/postrender.js';
import { namingHelp } from '../../ecr/naming.js';
import { POSTRENDER_LOG_HELP } from '../postrender-log.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';

const EXAMPLES = `
Examples:
  # Helm 3: a post-renderer executable (a path, or a name on PATH): the plugin's launcher
  helm install cm ./cert-manager.tgz --post-renderer "$(helm env HELM_PLUGINS)/airgap/bin/helm-airgap" \\
    --post-renderer-args postrender --post-renderer-args --registry=123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror
  # Helm 4: the airgap-postrender plugin (its own release tarball; see the failure log below)
  helm install cm ./cert-manager.tgz --post-renderer airgap-postrender \\
    --post-renderer-args --registry=123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror
  # only the images a bundle carries; any other image the manifests pull fails the run (exit 3,
  # nothing on stdout) naming it, unless --allow-unmapped leaves it as it is
  helm template cm ./chart | helm airgap postrender --registry r.example/mirror --lock bundle.tar
  # where a transfer put each image, whatever its naming: the map push, copy, sync or mirrors wrote
  # (an image the map does not name: exit 3 naming it, unless --allow-unmapped)
  helm install cm ./chart --post-renderer airgap-postrender --post-renderer-args --map=/abs/path/moved.yaml
  kubectl kustomize overlay/ | helm airgap postrender --map moved.yaml
  # -o json: the manifests and every image, moved (to where, by what) or not (why)
  helm template cm ./chart | helm airgap postrender --map moved.yaml -o json
`;

interface Flags {
  registry?: string;
  map?: string;
  naming?: string;
  lock?: string;
  pinDigests?: boolean;
  allowUnmapped?: boolean;
  allowHardcoded?: boolean;
}

export function postrenderCommand(host: RuntimeHost): Command {
  return new Command('postrender')
    .option('--registry <target>', 'target registry host[:port][/prefix], as given to push (or --map)')
    .option('--map <file>', 'instead of --registry: the image map push, copy, sync or mirrors --write-map wrote; only its images move')
    .option('--naming <mode>', 'repository naming the transfer used (table below; default full)')
    .option('--lock <bundle>', 'rewrite only the images of this bundle (.tar, folder or airgap-lock.json)')
    .option('--allow-unmapped', 'leave images the map (or --lock bundle) does not name as they are, exit 0 (each is named on stderr)')
    .option(
      '--allow-hardcoded',
      'leave images no text edit reaches (not a single string field, or data fields no setting joins into the target) as they are, exit 0',
    )
    .option('--pin-digests', "also pin each image to its digest (TARGET:TAG@sha256:...): the map's, the chart's own, or the --lock bundle's")
    .addHelpText('after', `${EXAMPLES}\n${POSTRENDER_LOG_HELP}\n\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, c: Command) => {
        const f = c.opts<Flags>();
        const input = (await rt.readStdin()).toString('utf8');
        const { postrender } = await import('../../app/postrender/postrender.js');
        const report = await postrender({ input, registry: f.registry, map: f.map, naming: f.naming, lock: f.lock, pinDigests: f.pinDigests }, rt.ctx);
        for (const w of report.warnings) rt.reporter.warn(w);
        const { accountingFailure } = await import('../../overrides/image-accounting.js');
        // a stream that still pulls from outside is not handed on: Helm (or kubectl apply) gets nothing to install
        const failure = accountingFailure(report.accounting, { unmapped: f.allowUnmapped, hardcoded: f.allowHardcoded }, report, {
          command: 'postrender',
          unmappedHint:
            'transfer them too and give the map that transfer wrote (copy, push or sync --write-map), or pass --allow-unmapped to install them from where they are',
          hardcodedHint:
            'set them through values (helm airgap values) where a value reaches them, or send them where the fields they are joined from can compose (each reason says what stops it); --allow-hardcoded installs them from where they are',
        });
        if (failure) throw failure;
        if (rt.globals.output === 'json') rt.reporter.result(report, () => '');
        else rt.reporter.raw(report.manifest);
      }),
    );
}

export type { PostrenderReport };
