import { commandOf, createProgram, isVersionRequest } from './cli/program.js';
import { COMMANDS } from './cli/commands/index.js';
import { toExitCode, ExitCode, usageErrorOf } from './cli/exit.js';
import { Reporter } from './cli/reporter.js';
import type { RuntimeHost } from './cli/runtime.js';
import { CommanderError } from 'commander';
import { AirgapError, InterruptedError } from './util/errors.js';
import { keepPostrenderFailure, runsAsHelm4PostRenderer } from './cli/postrender-log.js';
import { onStdioError } from './cli/stdio.js';

/** After a failure, how long what is still in flight may take to wind down before the process exits. */
const EXIT_GRACE_MS = 2000;

// The single error boundary: every failure is reported here, in the chosen output format, and
// turned into an exit code. process.exitCode (not process.exit) lets streams flush.
async function main(argv: string[], onHost: (h: RuntimeHost) => void): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  /** The exit code of the signal that stopped the run: 128 + its number, as a shell reports it. */
  let signalCode: number = ExitCode.Interrupted;
  const onSigint = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) signalCode = signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
    controller.abort();
    if (interrupts > 1) process.exit(signalCode);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const host: RuntimeHost = { signal: controller.signal, env: process.env };
  onHost(host);
  const args = versionAsCommand(argv);
  try {
    await (await createProgram(host, args.slice(2))).parseAsync(args);
    // a command that ended its work early on the signal and reported it still exits as interrupted
    return controller.signal.aborted ? signalCode : (host.exitCode ?? ExitCode.Ok);
  } catch (err) {
    const code = controller.signal.aborted ? signalCode : toExitCode(err);
    // help and the like were printed by commander; its errors are reported here like any other
    if (err instanceof CommanderError && code === ExitCode.Ok) return code;
    const named = commandOf(args.slice(2));
    const command = COMMANDS.some((c) => c.name === named) ? named : undefined;
    const reporter = host.reporter ?? new Reporter({ output: wantsJson(argv) ? 'json' : 'text', command });
    // what the signal cut short failed as "aborted" somewhere inside: the run was interrupted, not N items broken
    const reported =
      err instanceof CommanderError
        ? usageErrorOf(err, command)
        : controller.signal.aborted && !(err instanceof InterruptedError)
          ? interrupted(err, signalCode)
          : err;
    reporter.error(reported);
    if (err instanceof CommanderError) await COMMANDS.find((c) => c.name === command)?.onUsageError?.(args.slice(2));
    if (runsAsHelm4PostRenderer(host.env)) await keepPostrenderFailure(host.env, reported);
    // work the failure left behind (transfers and API calls in flight) is cancelled, and the
    // process ends even when a peer holds a socket open
    controller.abort();
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
    return code;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function interrupted(err: unknown, code: number): InterruptedError {
  return new InterruptedError({
    message: `interrupted (${code === ExitCode.Terminated ? 'SIGTERM' : 'SIGINT'})`,
    hint: 're-run the same command: what was done is kept and the rest resumes',
    cause: err,
  });
}

/** The top-level `--version` is the `version` command (so `-o json --version` works too). */
function versionAsCommand(argv: string[]): string[] {
  const args = argv.slice(2);
  if (!isVersionRequest(args)) return argv;
  const at = args.indexOf('--version');
  return [...argv.slice(0, 2), ...args.slice(0, at), 'version', ...args.slice(at + 1)];
}

function wantsJson(argv: string[]): boolean {
  return argv.some((a, i) => a === '-ojson' || a === '--output=json' || ((a === '-o' || a === '--output') && argv[i + 1] === 'json'));
}

onStdioError();
// The AWS SDK warns on stderr about Node 20's support window; our output contract keeps stderr
// for our own progress and errors.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The last-resort guard: a run whose promise never settles (something awaiting itself, a stream
// that neither ends nor errors, with no timer or socket left) empties the event loop, and Node
// then exits 0 as if the command had done its work. A run exits 0 only from main's own answer.
let finished = false;
let runHost: RuntimeHost | undefined;
process.once('beforeExit', () => {
  if (finished) return;
  const command = commandOf(process.argv.slice(2));
  const step = runHost?.reporter?.step();
  const reporter = runHost?.reporter ?? new Reporter({ output: wantsJson(process.argv) ? 'json' : 'text', command });
  const where = [command, step && `at ${step}`].filter(Boolean).join(', ');
  reporter.error(
    new AirgapError(`internal error: the command ended without finishing${where ? ` (${where})` : ''}`, {
      code: 'ERR_UNFINISHED',
      hint: 'nothing it promised can be taken as done: this is a bug in helm-airgap; re-run with --verbose and report the command and this output',
    }),
  );
  process.exitCode = ExitCode.Failure;
});

main(process.argv, (h) => (runHost = h)).then((code) => {
  finished = true;
  process.exitCode = code;
});
