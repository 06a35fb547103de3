import { CommanderError } from 'commander';
import { AirgapError, ExitCode, UsageError, type ExitCodeValue } from '../util/errors.js';

export { ExitCode };

/** The only place errors become exit codes; documented in `--help` and docs/concepts/exit-codes.md. */
export function toExitCode(err: unknown): ExitCodeValue {
  if (err instanceof AirgapError) return err.exitCode;
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.Ok;
    }
    return ExitCode.Usage;
  }
  if (isAbort(err)) return ExitCode.Interrupted;
  return ExitCode.Failure;
}

/**
 * commander's own errors ("error: unknown option '--x'\n(Did you mean --y?)") as our usage
 * error: the message without its "error: " prefix, the suggestion and the command's --help as next.
 */
export function usageErrorOf(err: CommanderError, command?: string): UsageError {
  const [first = '', ...rest] = err.message.replace(/^error:\s*/i, '').split('\n');
  const suggestion = rest
    .join(' ')
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const help = `helm airgap ${command ? `${command} ` : ''}--help`;
  const hint = suggestion ? `${suggestion.replace(/^Did/, 'did')} see ${help} for the flags and examples` : `see ${help} for the flags and examples`;
  return new UsageError(first, { code: `ERR_USAGE`, hint, cause: err });
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
}

/** Each command's help: the codes in one line, the table in `helm airgap --help` and docs/concepts/exit-codes.md. */
export const EXIT_CODES_SHORT = `
Exit codes: 0 success; 1 failure; 2 usage error; 3 partial, or a check that found something;
130/143 interrupted or terminated (helm airgap --help, docs/concepts/exit-codes.md).`;

export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    failure
  2    usage error (bad flags or arguments; a file or local chart named on the command line that is not there)
  3    partial success, or a check that found something (some items failed under --keep-going;
       an image values, kustomize or postrender leaves pulling from outside the target: not in
       the --map or --lock (--allow-unmapped accepts it), hard-coded or out of kustomize's reach
       (--allow-hardcoded); images values --pin-digests could not pin; a digest that differs or
       an image missing in the registry (values --check-registry, verify); charts held back by
       push; drift found by images --check; doctor findings; a bundle whose signature does
       not verify with --key, or that is not signed)
  130  interrupted (Ctrl-C, SIGINT); temporary files are removed and a re-run resumes
  143  terminated (SIGTERM: kill, a CI job or pod stopped); the same as 130 otherwise (serve: a clean stop)`;
