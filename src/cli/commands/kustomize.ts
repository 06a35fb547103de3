import { Command } from 'commander';
import { createReadStream } from 'node:fs';
import type { KustomizeReport } from '../../app/kustomize/kustomize.js';
import { DEFAULT_NAMING, namingHelp, parseNaming } from '../../ecr/naming.js';
import { readStreamBounded, stdinLimit } from '../../util/bounded-stdin.js';
import { UsageError } from '../../util/errors.js';
import { unreadableInput } from '../../util/input-file.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';

const EXAMPLES = `
Examples:
  # point an overlay at the registry the images were copied to (naming as push/copy default: full)
  helm airgap kustomize overlays/prod --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror
  kubectl kustomize overlays/prod        # every containers[].image now at the target
  # from the map a transfer wrote, with each image's digest pinned beside its tag
  helm airgap copy --from-file images.txt docker://mirror.local:5000/m --write-map map.yaml
  helm airgap kustomize overlays/prod --map map.yaml --pin-digests
  # show the change without writing it (or -o json for the entries and the new file)
  helm airgap kustomize overlays/staging --registry mirror.local:5000/m --dry-run
  # overlays with remote bases or Helm charts: build them first, read the images from the output
  kubectl kustomize overlays/prod | helm airgap kustomize overlays/prod --manifests - --registry mirror.local:5000/m
  # images kustomize cannot rewrite (args, env, ConfigMaps, custom resources) are named, exit 3:
  # rewrite them at apply time, then accept them here
  kubectl kustomize overlays/prod | helm airgap postrender --registry mirror.local:5000/m | kubectl apply -f -
  helm airgap kustomize overlays/prod --registry mirror.local:5000/m --allow-hardcoded

More examples and the rules in full: docs/guide/kustomize.md.
`;

interface Flags {
  registry?: string;
  map?: string;
  naming?: string;
  pinDigests?: boolean;
  manifests?: string;
  dryRun?: boolean;
  allowHardcoded?: boolean;
  allowUnmapped?: boolean;
}

export function kustomizeCommand(host: RuntimeHost): Command {
  return new Command('kustomize')
    .argument('<dir>', 'the overlay folder (what kubectl kustomize DIR takes)')
    .option('--registry <target>', 'TARGET[/PREFIX] the images were copied or pushed to')
    .option('--map <file>', 'instead of --registry: the image map push, copy or sync wrote (--write-map)')
    .option('--naming <mode>', `repository naming the transfer used, with --registry (table below; default ${DEFAULT_NAMING.list})`)
    .option('--pin-digests', 'with --map: write each image digest from the map (NAME:TAG@DIGEST); exit 3 naming any the map has no digest for')
    .option('--manifests <file>', 'read the images from the output of kubectl kustomize DIR (- for stdin) instead of the overlay files')
    .option('--dry-run', 'print the change, write nothing')
    .option('--allow-hardcoded', 'exit 0 when some images are out of kustomize reach (args, env, ConfigMaps, custom resources)')
    .option('--allow-unmapped', 'with --map: exit 0 when the map lacks some images the overlay deploys (each is named; they stay where they are)')
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, c: Command, dir: string) => {
        const f = c.opts<Flags>();
        if (f.naming !== undefined && f.map) throw new UsageError('--naming goes with --registry: a map names each destination itself');
        const manifests = f.manifests === undefined ? undefined : await readManifests(rt, f.manifests);
        const [{ kustomizeOverlay }, { formatKustomizeReport, kustomizeFailure }] = await Promise.all([
          import('../../app/kustomize/kustomize.js'),
          import('../../app/kustomize/report.js'),
        ]);
        const report = await kustomizeOverlay({
          dir,
          registry: f.registry,
          map: f.map,
          naming: parseNaming(f.naming, DEFAULT_NAMING.list),
          pinDigests: f.pinDigests,
          manifests,
          dryRun: f.dryRun,
        });
        const failure = kustomizeFailure(report, { hardcoded: f.allowHardcoded, unmapped: f.allowUnmapped });
        if (!(failure && rt.globals.output === 'json')) rt.reporter.result(report, formatKustomizeReport);
        if (failure) throw failure;
      }),
    );
}

// bounded (util/bounded-stdin.ts, HELM_AIRGAP_STDIN_MAX_BYTES) on stdin and from a file alike: --manifests
// <(kubectl kustomize DIR) is a pipe too, and /dev/zero would otherwise be read until memory ends
async function readManifests(rt: Runtime, file: string): Promise<{ text: string; name: string }> {
  const hint = 'build a part of the overlay at a time (kubectl kustomize on a smaller folder), or filter the output to the pod-spec kinds first';
  if (file === '-') return { text: (await rt.readStdin({ what: '--manifests - (stdin)', hint })).toString('utf8'), name: 'stdin' };
  const stream = createReadStream(file);
  const text = await readStreamBounded(stream, { what: `--manifests ${file}`, hint, maxBytes: stdinLimit(rt.env) }).catch((e: unknown) => {
    stream.destroy();
    if ((e as NodeJS.ErrnoException).code && !(e instanceof UsageError)) throw unreadableInput('--manifests', file, e);
    throw e;
  });
  return { text: text.toString('utf8'), name: file };
}

export type { KustomizeReport };
