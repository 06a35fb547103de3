// The built CLI (./bin/helm-airgap, the launcher a user runs) as a process: for behaviour that
// must hold where a person meets it, exit code, stdout and the files left behind included.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));

export interface BuiltResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runBuilt(
  args: readonly string[],
  o: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {},
): Promise<BuiltResult> {
  const r = await execa(BIN, [...args], {
    env: { ...process.env, ...o.env },
    input: o.input ?? '',
    cwd: o.cwd,
    reject: false,
    extendEnv: false,
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
