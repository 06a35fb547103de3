import { collect } from './flags.js';
import { Command, Option } from 'commander';
import { EXIT_CODES_HELP, EXIT_CODES_SHORT } from './exit.js';
import type { RuntimeHost } from './runtime.js';
import { COMMANDS } from './commands/index.js';

const EXAMPLES = `
Examples:
  # list every image three charts need (pod specs, operator env vars, args, CRs)
  helm airgap images oci://quay.io/jetstack/charts/cert-manager --version v1.17.2
  # internet side: one offline bundle with charts and images
  helm airgap bundle --spec airgap.yaml --out bundle.tar
  # isolated side: create ECR repositories and push everything, digests preserved
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored
  # install time: values overrides that point every image at the private registry, verified
  helm airgap values bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored --out-dir values/
`;

/**
 * Help is laid out for 80 columns whatever the terminal, as Helm's own help is: the same text on a
 * TTY and in a pipe, so scripts/build.mjs can write every help once (dist/answers/) and the
 * bin/helm-airgap launcher prints it without starting Node.
 */
const HELP_WIDTH = 80;

/** Global options that take a value, so that the value is not taken for a command name. */
const GLOBAL_WITH_VALUE = new Set([
  '-o',
  '--output',
  '--ca-file',
  '--idle-timeout',
  '--timeout',
  '--retries',
  '--render-max-steps',
  '--render-timeout',
  '--render-max-bytes',
]);

/**
 * Where a command line's command is, as commander will find it: the first argument that is
 * neither an option nor a global option's value (-1 when there is none: top-level help).
 */
function commandIndex(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

/** The command a command line runs, or undefined for none. */
export function commandOf(args: readonly string[]): string | undefined {
  const i = commandIndex(args);
  return i < 0 ? undefined : args[i];
}

/**
 * `--version` before any command prints the version, as `helm airgap version` does. In a command
 * it is the chart version (`images CHART --version 1.2`), as in Helm: commander's .version()
 * would take it anywhere on the line, so it is recognised here, by position only.
 */
export function isVersionRequest(args: readonly string[]): boolean {
  const at = args.indexOf('--version');
  const command = commandIndex(args);
  return at >= 0 && (command < 0 || at < command) && !args.slice(0, at).includes('--');
}

/**
 * Builds the CLI; `host` carries the signal, env and streams so tests can run it in-process.
 * Given the arguments, only the command they run (or whose help they ask) is loaded and declared:
 * the others are a name and a description for the top-level help, which is most of why
 * `--help` and `version` start fast. Without arguments every command is declared (tests).
 */
/** The global flags as each command's help names them (described in `helm airgap --help`). */
const GLOBAL_OPTIONS_SHORT = `
Global Options: before or after the command (helm airgap --help describes each)
  -o, --output <format>  -q, --quiet  -v, --verbose  --ca-file <[host=]file>
  --idle-timeout  --timeout  --retries  --render-max-steps  --render-timeout  --render-max-bytes
`;

export async function createProgram(host: RuntimeHost, args?: readonly string[]): Promise<Command> {
  const program = new Command('helm airgap')
    .description('Carry Helm charts and every image they need into air-gapped registries')
    .addOption(new Option('-o, --output <format>', 'output format: text or json (some commands add more)').default('text'))
    .option('-q, --quiet', 'print only results and errors', false)
    .option('-v, --verbose', 'print debug logs and error stacks', false)
    .option(
      '--ca-file <[host=]file>',
      'also trust this PEM CA, for every registry or for HOST[:PORT] only (repeatable; HOST= also means it speaks TLS)',
      collect,
      [],
    )
    .option('--idle-timeout <seconds>', 'fail a network request (then retry it) after this long without a byte (default 60, env HELM_AIRGAP_IDLE_TIMEOUT)')
    .option(
      '--timeout <seconds>',
      'fail a small exchange (then retry it once) not over in this long, however slowly bytes drip: a token, manifest, tag page, HEAD, error body, ECR or KMS API call attempt, TUF document, or the head of a blob (default 30, env HELM_AIRGAP_TIMEOUT)',
    )
    .option(
      '--retries <n>',
      'extra attempts after a transient failure (reset, 429, 5xx) of a registry request or an ECR or KMS API call, with backoff (default 4 for registries and KMS, 6 for the ECR API; a stall: at most 1; env HELM_AIRGAP_RETRIES)',
    )
    .option(
      '--render-max-steps <n>',
      "end one chart's render (each render of the optional search too) that does more work: steps are template nodes and calls, one more per 64 bytes a call reads and makes; counted, so the verdict is the same on any machine at any load (default 33554432, env HELM_AIRGAP_RENDER_MAX_STEPS)",
    )
    .option(
      '--render-timeout <seconds>',
      'a hang guard: fail the chart whose one render runs longer, with an error naming the chart and template; far above what --render-max-steps allows (default 300, env HELM_AIRGAP_RENDER_TIMEOUT)',
    )
    .option(
      '--render-max-bytes <n>',
      'end a render that writes more template output than this, or makes one larger value; 64Mi, 1Gi and plain bytes (default 256Mi, env HELM_AIRGAP_RENDER_MAX_BYTES)',
    )
    .exitOverride()
    .configureHelp({ helpWidth: HELP_WIDTH })
    .addHelpText('after', EXAMPLES + EXIT_CODES_HELP)
    .addHelpText('after', '\nhelm airgap version (or --version before any command) prints the version.');
  // commander's own errors (unknown option, missing argument) are thrown, not printed: main.ts
  // reports them like every other error, with a next: line and exit 2
  const output = {
    writeOut: (s: string) => (host.stdout ?? process.stdout).write(s),
    writeErr: (s: string) => (host.stderr ?? process.stderr).write(s),
    outputError: () => {},
  };
  program.configureOutput(output);
  const wanted = args === undefined ? undefined : wantedCommand(args);
  for (const entry of COMMANDS) {
    if (args !== undefined && entry.name !== wanted) {
      // listed by --help, never run: commander dispatches to `wanted`, the one declared in full
      program.addCommand(new Command(entry.name).description(entry.description).exitOverride().configureOutput(output));
      continue;
    }
    const cmd = (await entry.load())(host).description(entry.description);
    cmd.exitOverride();
    cmd.configureOutput(output);
    // each command's --help names the global flags (given before or after the verb); the top-level
    // help describes each, so a command's help stays its own flags and examples
    cmd.configureHelp({ helpWidth: HELP_WIDTH });
    cmd.addHelpText('after', GLOBAL_OPTIONS_SHORT + EXIT_CODES_SHORT);
    program.addCommand(cmd);
  }
  return program;
}

/** The command to declare in full: the one the arguments run, or the X of `help X`. */
function wantedCommand(args: readonly string[]): string | undefined {
  const i = commandIndex(args);
  if (i < 0) return undefined;
  if (args[i] === 'help') return args.slice(i + 1).find((a) => !a.startsWith('-'));
  return args[i];
}
