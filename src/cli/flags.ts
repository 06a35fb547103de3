// Flag groups several commands share, so each one is declared (and described) once.
import { Option, type Command } from 'commander';
import { UsageError } from '../util/errors.js';
import { parsePairs } from './settings.js';

/** Accumulates a repeatable option. */
export const collect = (v: string, acc: string[]): string[] => [...acc, v];

/** --helm-version: which Helm's defaults and rules to render with. */
export const HELM_VERSION_FLAG: [string, string] = [
  '--helm-version <version>',
  'render as this Helm does: 3.17, 4.1 or 4.2 (a major alone is its newest; default: the Helm running the plugin, else 4.2)',
];

/** --sparse-index for push, values and verify: one name, one meaning (see oci/sparse-index.ts). */
export function sparseIndexOption(): Option {
  return new Option('--sparse-index <mode>', 'a --platform bundle: keep its original index (digest) or rewrite it to the carried platforms (a new digest)')
    .choices(['keep', 'rewrite'])
    .default('keep');
}

/** --trusted-root for bundle, verify and push: the Sigstore trusted_root.json signatures are checked against. */
export function trustedRootOption(what: string): Option {
  return new Option('--trusted-root <file>', `Sigstore trusted_root.json for keyless signatures and log proofs (${what})`);
}

/** --mirror REGISTRY=LOCATION for the commands that fetch images (bundle, copy, sync): the
 * registry client fetches REGISTRY's repositories from LOCATION while every name, naming rule
 * and map still speaks of REGISTRY (registry/client.ts endpointFor). */
export function mirrorOption(): Option {
  return new Option('--mirror <registry=location>', 'fetch REGISTRY from LOCATION (HOST[/PATH]), keeping names (repeatable)').argParser(collect).default([]);
}

export function toMirrors(list: readonly string[]): Record<string, string> {
  return parsePairs(list, '--mirror', 'quay.io=127.0.0.1:5000/quay.io');
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

/** Helm's flags for reaching a chart's repository or registry, and its schema switch (addChartAccessFlags). */
export interface ChartAccessFlagValues {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
  plainHttp?: boolean;
  passCredentials?: boolean;
  skipSchemaValidation?: boolean;
}

/**
 * Helm's chart flags with Helm's names, for every command that fetches or renders charts (images,
 * template, values, bundle, mirrors). A repository added with `helm repo add` needs none of
 * them: its login and TLS come from repositories.yaml. --ca-file is the global one.
 */
export function addChartAccessFlags(cmd: Command): Command {
  return cmd
    .option('--username <user>', "chart repository username (default: the repository's from helm repo add)")
    .option('--password <password>', 'chart repository password (prefer --password-stdin: arguments are visible to other users)')
    .option('--password-stdin', 'read the chart repository password from stdin')
    .option('--pass-credentials', "send the repository's credentials to every host, not only the repository's (as Helm)")
    .option('--cert-file <file>', "identify to the chart's repository or registry with this client certificate (PEM)")
    .option('--key-file <file>', 'the key of --cert-file (PEM)')
    .option('--insecure-skip-tls-verify', "do not verify the certificate of the chart's repository or registry")
    .option('--plain-http', "reach the chart's repository or OCI registry over plain HTTP")
    .option('--skip-schema-validation', "do not check values against the charts' values.schema.json (as Helm)");
}

/** The chart source and render flags every chart-taking command reads (images, values, template). */
export interface ChartFlagValues extends ValuesFlagValues, ChartAccessFlagValues {
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
 * not a format names it instead (`bundle -o bundle.tar`, `values -o dir/`), with a notice naming the
 * flag: one meaning of -o (the format) in every command.
 */
export function takeOutputAsPath(cmd: Command, option: string, formats: readonly string[], twiceMessage: string): Command {
  return cmd.hook('preAction', (self) => {
    const parent = self.parent;
    const o = parent?.opts().output as string | undefined;
    if (parent && o && !formats.includes(o)) {
      if (self.opts()[option]) throw new UsageError(twiceMessage);
      self.setOptionValueWithSource(option, o, OUTPUT_AS_PATH);
      parent.setOptionValue('output', 'text');
    }
  });
}

/** The value source of an option takeOutputAsPath filled from -o: runtime.ts says so once. */
export const OUTPUT_AS_PATH = 'output-as-path';

/** The notice for a path given as -o PATH (still read; -o is the output format). */
export function outputAsPathNotice(cmd: Command): string | undefined {
  for (const opt of cmd.options) {
    const name = opt.attributeName();
    if (cmd.getOptionValueSource(name) !== OUTPUT_AS_PATH) continue;
    const value = String(cmd.getOptionValue(name));
    return `-o ${value} is read as ${opt.long} ${value}; -o is the output format (text or json): write ${opt.long} ${value}`;
  }
  return undefined;
}

/**
 * --node-os: the OS of the cluster's nodes, for image tags an operator completes from the node's
 * (discover/operators/index.ts nodeOsTags); images and bundle.
 */
export const CATALOG_FLAG = [
  '--catalog <dir>',
  'a folder of operator catalog files (*.yaml, one operator each, as docs/concepts/discovery.md describes) matched beside the built-in catalog (repeatable)',
] as const;

export const NODE_OS_FLAG = [
  '--node-os <os>',
  "your nodes' OS (ID and VERSION_ID of /etc/os-release: ubuntu24.04, rhel9.4), for tags an operator appends it to, such as the NVIDIA GPU operator's driver (repeatable)",
] as const;
