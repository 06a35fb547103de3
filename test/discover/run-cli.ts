// Runs the CLI in-process (the same program main.ts builds) and captures what it prints and the
// exit code main.ts would set, so tests need no build step.
import { PassThrough } from 'node:stream';
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

export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const host: RuntimeHost = { signal: new AbortController().signal, env, stdout: out, stderr: err };
  let exitCode = 0;
  try {
    await (await createProgram(host)).parseAsync(['node', 'helm-airgap', ...args]);
  } catch (e) {
    exitCode = toExitCode(e);
    if (!(e instanceof CommanderError)) {
      const json = args.some((a, i) => (a === '-o' || a === '--output') && args[i + 1] === 'json');
      (host.reporter ?? new Reporter({ output: json ? 'json' : 'text', stdout: out, stderr: err })).error(e);
    }
  }
  return { exitCode, stdout, stderr };
}
