// Docker credential helpers (`docker-credential-<name> get`, the server URL on stdin, JSON out),
// as a config file names them. The name comes from a file that may be someone else's (a CI
// image's, a shared home's): it must be a plain name, the program is found in PATH's absolute
// folders only (never the working directory, which an empty or relative PATH entry means to
// execvp), and the run is bounded in time (--timeout; the helper's whole process group is killed)
// and in output, so a helper that never answers or floods cannot hang or swell a command.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Ctx } from '../util/ctx.js';
import { AirgapError } from '../util/errors.js';
import { printable } from '../util/printable.js';
import { boundedSecret, type Credential } from './credentials.js';

const HELPER_NAME = /^[A-Za-z0-9._-]+$/;
/** Without --timeout: the bound of a small registry exchange (registry/http.ts, not imported: it brings TLS). */
const DEFAULT_TIMEOUT_MS = 30_000;
/** A helper prints a small JSON object; more than this is refused, not read on. */
export const MAX_HELPER_OUTPUT = 1024 * 1024;
const NOT_FOUND = /credentials not found/i;

export class CredentialHelperError extends AirgapError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, {
      code: 'ERR_CREDENTIALS',
      hint: hint ?? 'fix the credential helper or the config file naming it, or log in with docker login / helm registry login',
      cause,
    });
  }
}

/** A helper name a config may give: letters, digits, '.', '_' and '-' (no path). */
export function isHelperName(name: unknown): name is string {
  return typeof name === 'string' && HELPER_NAME.test(name);
}

/** `docker-credential-<name>` in the first absolute PATH folder that has it as an executable file. */
export async function findCredentialHelper(name: string, path: string | undefined): Promise<string | undefined> {
  if (!isHelperName(name)) return undefined;
  for (const dir of (path ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const file = join(dir, `docker-credential-${name}`);
    const st = await stat(file).catch(() => undefined);
    if (
      st?.isFile() &&
      (await access(file, constants.X_OK).then(
        () => true,
        () => false,
      ))
    )
      return file;
  }
  return undefined;
}

/** The login a helper holds for `serverUrl`; undefined when it has none ("credentials not found"). */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: Record<string, string | undefined> | undefined,
  from: string,
  c?: Ctx,
): Promise<Credential | undefined> {
  const bin = `docker-credential-${name}`;
  if (!isHelperName(name))
    throw new CredentialHelperError(
      `${from}: credential helper name ${JSON.stringify(printable(String(name).slice(0, 64)))} is not a plain name ([A-Za-z0-9._-]+)`,
      `a helper is found on PATH by its name alone: write the name only (e.g. "ecr-login"), or remove it from ${from}`,
    );
  const environment = env ?? process.env;
  const file = await findCredentialHelper(name, environment.PATH);
  if (!file)
    throw new CredentialHelperError(`${from}: credential helper ${bin} is not on PATH`, `install ${bin} in a folder on PATH, or remove "${name}" from ${from}`);
  const timeoutMs = c?.exchangeTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const res = await run(file, serverUrl, environment, timeoutMs, c?.signal);
  const what = `credential helper ${bin} get ${serverUrl}`;
  if (res.outcome === 'timeout')
    throw new CredentialHelperError(
      `${what}: no answer within ${timeoutMs / 1000} s (stopped)`,
      `check that ${bin} works on its own (echo ${serverUrl} | ${bin} get); a slow helper may need a longer --timeout`,
    );
  if (res.outcome === 'overflow') throw new CredentialHelperError(`${what}: printed more than ${MAX_HELPER_OUTPUT} bytes (stopped)`);
  if (res.outcome === 'aborted') throw new CredentialHelperError(`${what}: interrupted`);
  if (res.code !== 0) {
    if (NOT_FOUND.test(res.stdout)) return undefined;
    throw new CredentialHelperError(`${what}: exit ${res.code ?? res.signal}: ${printable(res.stderr.trim().slice(0, 200))}`);
  }
  return parseHelperOutput(res.stdout, what);
}

function parseHelperOutput(stdout: string, what: string): Credential | undefined {
  let out: { Username?: unknown; Secret?: unknown };
  try {
    out = JSON.parse(stdout) as typeof out;
  } catch {
    throw new CredentialHelperError(`${what}: output is not JSON`);
  }
  if (typeof out !== 'object' || out === null || !out.Secret) return undefined;
  if (typeof out.Secret !== 'string' || (out.Username !== undefined && typeof out.Username !== 'string'))
    throw new CredentialHelperError(`${what}: Username and Secret are not strings`);
  const secret = boundedSecret(out.Secret, what, 'the helper holds something else than a registry login: check it on its own');
  if (out.Username === '<token>') return { refreshToken: secret };
  return { username: (out.Username as string | undefined) ?? '', password: secret };
}

interface HelperRun {
  outcome: 'exit' | 'timeout' | 'overflow' | 'aborted';
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the helper in a process group of its own, so its children die with it when it is stopped. */
function run(file: string, input: string, env: Record<string, string | undefined>, timeoutMs: number, signal?: AbortSignal): Promise<HelperRun> {
  return new Promise((resolve) => {
    const child = spawn(file, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let outcome: HelperRun['outcome'] = 'exit';
    const stop = (why: HelperRun['outcome']) => {
      if (outcome === 'exit') outcome = why;
      killGroup(child.pid);
      // a grandchild that left the group may hold the pipes: their bytes no longer matter
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const collect = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size > MAX_HELPER_OUTPUT) stop('overflow');
      else into.push(b);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    // a helper that exits without reading its stdin: the write fails with EPIPE, the exit says why
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    let exit: { code: number | null; sig: NodeJS.Signals | null } | undefined;
    child.on('exit', (code, sig) => {
      exit = { code, sig };
      // what the helper left running in its group would hold the pipes open: the exit is the end
      killGroup(child.pid);
    });
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({
        outcome,
        code: exit?.code ?? 127,
        signal: exit?.sig ?? null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    };
    child.on('close', finish);
    // not started (EACCES, a vanished file): no exit follows
    child.on('error', (e) => {
      err.push(Buffer.from((e as Error).message));
      finish();
    });
  });
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}
