// `helm airgap serve` run as users run it: the built CLI in its own process (signals and exit
// codes are real), its URL read from the first line it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/helm-airgap.mjs', import.meta.url));
/** How long a stopped serve may take to exit (it closes every connection at once). */
const STOP_WITHIN_MS = 20_000;

export interface RunningServe {
  url: string;
  /** host:port */
  host: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServe(args: string[]): Promise<RunningServe> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = / at (https?:\/\/\S+) /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening:\n${out}${err}`)));
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    url,
    host: new URL(url).host,
    child,
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      // a serve that does not end on the signal fails the test that stops it, saying so, instead
      // of holding it until the test's own timeout
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_WITHIN_MS)));
      const code = await Promise.race([exited, late]).finally(() => clearTimeout(timer));
      if (code !== 'late') return code;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`serve did not exit within ${STOP_WITHIN_MS / 1000} s of ${signal}; its stderr ends:\n${err.slice(-2000)}`);
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** One request, answered within 60 s (a server that holds it fails the test, not its timeout). */
export async function get(url: string, init: RequestInit = {}): Promise<RawAnswer> {
  const r = await fetch(url, { signal: AbortSignal.timeout(60_000), ...init });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}
