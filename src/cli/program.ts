import { collect } from './flags.js';
import { Command, Option } from 'commander';
import { EXIT_CODES_HELP } from './exit.js';
import type { RuntimeHost } from './runtime.js';
import { VERSION } from './version.js';
import { COMMANDS } from './commands/index.js';

const EXAMPLES = `
Examples:
  # list every image three charts need (pod specs, operator env vars, args, CRs)
  helm airgap images oci://quay.io/jetstack/charts/cert-manager --version v1.17.2
  # internet side: one offline bundle with charts and images
  helm airgap bundle -f airgap.yaml -o bundle.tar
  # isolated side: create ECR repositories and push everything, digests preserved
  helm airgap push bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored
  # install time: values overrides that point every image at the private registry, verified
  helm airgap values bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored -o values/
`;

/**
 * `--version` is handled only as the first argument with no command: commander's .version()
 * would also swallow `images CHART --version 1.2` (a chart version) anywhere on the line.
 */
export function isVersionRequest(args: readonly string[]): boolean {
  const names = new Set(COMMANDS.map((make) => make({ signal: new AbortController().signal, env: {} }).name()));
  return args.includes('--version') && !args.some((a) => names.has(a));
}

export { VERSION };

/** Builds the CLI; `host` carries the signal, env and streams so tests can run it in-process. */
export function createProgram(host: RuntimeHost): Command {
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
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', EXAMPLES + EXIT_CODES_HELP)
    .addHelpText('afterAll', '\nhelm airgap --version prints the version.');
  program.configureOutput({
    writeOut: (s) => (host.stdout ?? process.stdout).write(s),
    writeErr: (s) => (host.stderr ?? process.stderr).write(s),
  });
  for (const make of COMMANDS) {
    const cmd = make(host);
    cmd.exitOverride();
    // each command's --help lists the global -o/-q/-v too (they are given before or after the verb)
    cmd.configureHelp({ showGlobalOptions: true });
    if (!cmd.helpInformation().includes('Exit codes:')) cmd.addHelpText('after', EXIT_CODES_HELP);
    program.addCommand(cmd);
  }
  return program;
}
