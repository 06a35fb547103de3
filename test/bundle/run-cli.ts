// Runs `helm airgap ...` in-process through createProgram, capturing stdout/stderr and the exit
// code the single error boundary (src/main.ts) would give.
import { Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { createProgram } from '../../src/cli/program.js';
import { toExitCode } from '../../src/cli/exit.js';
import { Reporter } from '../../src/cli/reporter.js';
import type { RuntimeHost } from '../../src/cli/runtime.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

export async function runCli(args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliResult> {
  const stdout = sink();
  const stderr = sink();
  const host: RuntimeHost = {
    signal: new AbortController().signal,
    env: { ...process.env, ...env },
    stdout,
    stderr,
    stdin: stdin === undefined ? undefined : (await import('node:stream')).Readable.from([Buffer.from(stdin)]),
  };
  try {
    await (await createProgram(host)).parseAsync(['node', 'helm-airgap', ...args]);
    return { exitCode: 0, stdout: stdout.text, stderr: stderr.text };
  } catch (err) {
    if (!(err instanceof CommanderError)) (host.reporter ?? new Reporter({ output: 'text', stdout, stderr })).error(err);
    return { exitCode: toExitCode(err), stdout: stdout.text, stderr: stderr.text };
  }
}
