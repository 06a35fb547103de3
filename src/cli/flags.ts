// Flag groups several commands share, so each one is declared (and described) once.
import { Option, type Command } from 'commander';
import { UsageError } from '../util/errors.js';

/** Accumulates a repeatable option. */
export const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** --helm-version: which Helm's defaults and rules to render with. */
export const HELM_VERSION_FLAG: [string, string] = [
  '--helm-version <3|4>',
  'render as this Helm major version does (default: the Helm running the plugin, else 4)',
];

/** --sparse-index for push, values and verify: one name, one meaning (see oci/sparse-index.ts). */
export function sparseIndexOption(): Option {
  return new Option('--sparse-index <mode>', 'a --platform bundle: keep its original index (digest) or rewrite it to the carried platforms (a new digest)')
    .choices(['keep', 'rewrite'])
    .default('keep');
}

/** What addValuesFlags parses. */
export interface ValuesFlagValues {
  values: string[];
  set: string[];
  setString: string[];
  setJson: string[];
  setFile: string[];
  setLiteral: string[];
}

/** The chart source and render flags every chart-taking command reads (images, values, template). */
export interface ChartFlagValues extends ValuesFlagValues {
  repo?: string;
  version?: string;
  devel?: boolean;
  namespace?: string;
  kubeVersion?: string;
  apiVersions: string[];
  cache?: string;
  helmVersion?: string;
}

/** Helm's values flags, in the order Helm applies them. */
export function addValuesFlags(cmd: Command, fileNote = ''): Command {
  return cmd
    .option('-f, --values <file>', `values file (repeatable, in order${fileNote})`, collect, [])
    .option('--set <k=v>', 'value, typed as helm does (repeatable)', collect, [])
    .option('--set-string <k=v>', 'string value (repeatable)', collect, [])
    .option('--set-json <k=json>', 'JSON value (repeatable)', collect, [])
    .option('--set-file <k=path>', 'value read from a file (repeatable)', collect, [])
    .option('--set-literal <k=v>', 'literal string value (repeatable)', collect, []);
}

/** Where a chart comes from and what the render sees, as `images` declares them. */
export function addChartRenderFlags(cmd: Command): Command {
  return cmd
    .option('--repo <url>', 'chart repository URL for chart names')
    .option('--version <constraint>', 'chart version or constraint')
    .option('--devel', 'allow prerelease versions')
    .option('--name <release>', 'release name for the render', 'release-name')
    .option('-n, --namespace <ns>', 'namespace for the render (default: $HELM_NAMESPACE, else default)')
    .option('--kube-version <v>', 'Kubernetes version for .Capabilities')
    .option('-a, --api-versions <gv>', 'extra API versions for .Capabilities (repeatable)', collect, []);
}

/**
 * The global -o is the output format; for commands that write a file or folder, a value that is
 * not a format names it instead (`bundle -o bundle.tar`, `values -o dir/`).
 */
export function takeOutputAsPath(cmd: Command, option: string, formats: readonly string[], twiceMessage: string): Command {
  return cmd.hook('preAction', (self) => {
    const parent = self.parent;
    const o = parent?.opts().output as string | undefined;
    if (parent && o && !formats.includes(o)) {
      if (self.opts()[option]) throw new UsageError(twiceMessage);
      self.setOptionValue(option, o);
      parent.setOptionValue('output', 'text');
    }
  });
}
