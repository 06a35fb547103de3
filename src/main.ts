import { createProgram } from './cli/program.js';
import { toExitCode, ExitCode } from './cli/exit.js';
import { Reporter } from './cli/reporter.js';
import type { RuntimeHost } from './cli/runtime.js';
import { CommanderError } from 'commander';

// The single error boundary: every failure is reported here, in the chosen output format, and
// turned into an exit code. process.exitCode (not process.exit) lets streams flush.
async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    controller.abort();
    if (interrupts > 1) process.exit(ExitCode.Interrupted);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const host: RuntimeHost = { signal: controller.signal, env: process.env };
  try {
    await createProgram(host).parseAsync(argv);
    return ExitCode.Ok;
  } catch (err) {
    const code = controller.signal.aborted ? ExitCode.Interrupted : toExitCode(err);
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help/version) to stderr/stdout
      if (code !== ExitCode.Ok && wantsJson(argv)) {
        process.stdout.write(JSON.stringify({ error: { code: err.code, message: err.message, hint: 'see --help' } }) + '\n');
      }
      return code;
    }
    const reporter = host.reporter ?? new Reporter({ output: wantsJson(argv) ? 'json' : 'text' });
    reporter.error(err);
    return code;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function wantsJson(argv: string[]): boolean {
  return argv.some((a, i) => a === '-ojson' || a === '--output=json' || ((a === '-o' || a === '--output') && argv[i + 1] === 'json'));
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
