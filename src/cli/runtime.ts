import { pemCertificates, setExtraTrust, type ExtraTrust } from '../registry/extra-trust.js';
import type { Command } from 'commander';
import type { Ctx } from '../util/ctx.js';
import { UsageError } from '../util/errors.js';
import { readStreamBounded, stdinLimit, type BoundedReadOptions } from '../util/bounded-stdin.js';
import { setRenderLimits } from '../template/budget.js';
import { Reporter, type OutputFormat } from './reporter.js';
import { readTrustFile } from '../util/trust-file.js';
import { outputAsPathNotice } from './flags.js';

export interface GlobalOptions {
  output: OutputFormat;
  quiet: boolean;
  verbose: boolean;
  /** --idle-timeout or HELM_AIRGAP_IDLE_TIMEOUT, in ms; undefined for the default. */
  idleTimeoutMs?: number;
  /** --timeout or HELM_AIRGAP_TIMEOUT, in ms: the bound of a small exchange; undefined for the default. */
  exchangeTimeoutMs?: number;
  /** --retries or HELM_AIRGAP_RETRIES; undefined for each client's default. */
  retries?: number;
}

/** What a command's action gets: parsed global flags, the reporter, and a Ctx for libraries. */
export interface Runtime {
  globals: GlobalOptions;
  reporter: Reporter;
  ctx: Ctx;
  signal: AbortSignal;
  /** Environment as the CLI sees it (libraries never read process.env themselves). */
  env: NodeJS.ProcessEnv;
  /** Reads all of stdin (--password-stdin, postrender, `-` lists), up to HELM_AIRGAP_STDIN_MAX_BYTES (util/bounded-stdin.ts). */
  readStdin: (o?: BoundedReadOptions) => Promise<Buffer>;
}

export interface RuntimeHost {
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin?: NodeJS.ReadableStream;
  /** A command that ends on a signal by design (serve) sets the exit code of its clean stop. */
  exitCode?: number;
  /** Set by createProgram so main.ts can report errors in the chosen format. */
  reporter?: Reporter;
}

export function toGlobalOptions(cmd: Command, allowed: readonly string[] = ['text', 'json'], env: NodeJS.ProcessEnv = {}): GlobalOptions {
  const o = cmd.optsWithGlobals() as {
    output?: string;
    quiet?: boolean;
    verbose?: boolean;
    idleTimeout?: string;
    timeout?: string;
    retries?: string;
    renderMaxSteps?: string;
    renderTimeout?: string;
    renderMaxBytes?: string;
  };
  const output = o.output ?? 'text';
  if (!allowed.includes(output)) {
    throw new UsageError(`--output ${output} is not supported by "${cmd.name()}"`, { hint: `use one of: ${allowed.join(', ')}` });
  }
  const idle = secondsMs(o.idleTimeout, '--idle-timeout', env.HELM_AIRGAP_IDLE_TIMEOUT, 'HELM_AIRGAP_IDLE_TIMEOUT');
  const exchange = secondsMs(o.timeout, '--timeout', env.HELM_AIRGAP_TIMEOUT, 'HELM_AIRGAP_TIMEOUT');
  const retries = count(o.retries, '--retries', env.HELM_AIRGAP_RETRIES, 'HELM_AIRGAP_RETRIES');
  const renderMaxSteps = stepCount(o.renderMaxSteps, '--render-max-steps', env.HELM_AIRGAP_RENDER_MAX_STEPS, 'HELM_AIRGAP_RENDER_MAX_STEPS');
  const renderTimeout = secondsMs(o.renderTimeout, '--render-timeout', env.HELM_AIRGAP_RENDER_TIMEOUT, 'HELM_AIRGAP_RENDER_TIMEOUT');
  const renderMaxBytes = byteCount(o.renderMaxBytes, '--render-max-bytes', env.HELM_AIRGAP_RENDER_MAX_BYTES, 'HELM_AIRGAP_RENDER_MAX_BYTES');
  // process-wide, as the renders are: every chart render of this run starts its own budget
  setRenderLimits({
    ...(renderMaxSteps ? { maxSteps: renderMaxSteps } : {}),
    ...(renderTimeout ? { timeoutMs: renderTimeout } : {}),
    ...(renderMaxBytes ? { maxBytes: renderMaxBytes } : {}),
  });
  return {
    output,
    quiet: Boolean(o.quiet),
    verbose: Boolean(o.verbose),
    ...(idle !== undefined ? { idleTimeoutMs: idle } : {}),
    ...(exchange !== undefined ? { exchangeTimeoutMs: exchange } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

function count(flag: string | undefined, flagName: string, env: string | undefined, envName: string): number | undefined {
  const [v, from] = flag !== undefined ? [flag, flagName] : [env, envName];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new UsageError(`${from} ${v}: give a whole number from 0 to 100, e.g. 4`);
  return n;
}

const UNITS: Record<string, number> = { '': 1, k: 1e3, ki: 1024, m: 1e6, mi: 1024 ** 2, g: 1e9, gi: 1024 ** 3 };

function byteCount(flag: string | undefined, flagName: string, env: string | undefined, envName: string): number | undefined {
  const [v, from] = flag !== undefined ? [flag, flagName] : [env, envName];
  if (v === undefined || v === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?)?b?$/i.exec(v.trim());
  const n = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!) : NaN;
  if (!Number.isFinite(n) || n < 1024) throw new UsageError(`${from} ${v}: give a size of at least 1Ki, e.g. 256Mi`);
  return n;
}

/** A number of render steps: plain, or with k, M or G (thousands, millions, billions; Ki, Mi, Gi too). */
function stepCount(flag: string | undefined, flagName: string, env: string | undefined, envName: string): number | undefined {
  const [v, from] = flag !== undefined ? [flag, flagName] : [env, envName];
  if (v === undefined || v === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?)?$/i.exec(v.trim());
  const n = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(n) || n < 1000) throw new UsageError(`${from} ${v}: give a number of steps of at least 1000, e.g. 32M`);
  return n;
}

function secondsMs(flag: string | undefined, flagName: string, env: string | undefined, envName: string): number | undefined {
  const [v, from] = flag !== undefined ? [flag, flagName] : [env, envName];
  if (v === undefined || v === '') return undefined;
  const s = Number(v.replace(/s$/, ''));
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${from} ${v}: give seconds, e.g. 60`);
  return Math.round(s * 1000);
}

/**
 * Wraps a command action: builds the Runtime from global flags, runs the action, and leaves
 * error reporting to main.ts (the single error boundary).
 */
export function action<A extends unknown[]>(
  host: RuntimeHost,
  fn: (rt: Runtime, cmd: Command, ...args: A) => Promise<void>,
  outputs: readonly string[] = ['text', 'json'],
): (...args: unknown[]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const globals = toGlobalOptions(cmd, outputs, host.env);
    const reporter = new Reporter({ ...globals, stdout: host.stdout, stderr: host.stderr, command: cmd.name() });
    host.reporter = reporter;
    const notice = outputAsPathNotice(cmd);
    if (notice) reporter.warn(notice);
    await trustCaFiles((cmd.optsWithGlobals() as { caFile?: string[] }).caFile ?? [], host.env);
    const rt: Runtime = {
      globals,
      reporter,
      signal: host.signal,
      env: host.env,
      ctx: {
        signal: host.signal,
        onProgress: reporter.onProgress,
        ...(globals.idleTimeoutMs ? { idleTimeoutMs: globals.idleTimeoutMs } : {}),
        ...(globals.exchangeTimeoutMs ? { exchangeTimeoutMs: globals.exchangeTimeoutMs } : {}),
        ...(globals.retries !== undefined ? { retries: globals.retries } : {}),
      },
      readStdin: (o) => readStreamBounded(host.stdin ?? process.stdin, { maxBytes: stdinLimit(host.env), ...o }),
    };
    try {
      await fn(rt, cmd, ...(raw.slice(0, -2) as A));
    } finally {
      reporter.finish();
    }
  };
}

/**
 * --ca-file [HOST=]FILE: read once, trusted for the whole run (every registry and chart repository
 * request), beside Node's roots and NODE_EXTRA_CA_CERTS, which bin/helm-airgap may have handed on
 * unread as HELM_AIRGAP_EXTRA_CA_CERTS (see ExtraTrust).
 */
async function trustCaFiles(specs: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const handedOn = env.HELM_AIRGAP_EXTRA_CA_CERTS || undefined;
  if (specs.length === 0 && !handedOn) return;
  const trust: ExtraTrust = { all: [], byHost: new Map(), extraFile: handedOn ?? (env.NODE_EXTRA_CA_CERTS || undefined), nodeLoadedExtra: !handedOn };
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const [host, file] =
      eq > 0
        ? [
            spec
              .slice(0, eq)
              .toLowerCase()
              .replace(/^(https?|oci):\/\//, ''),
            spec.slice(eq + 1),
          ]
        : [undefined, spec];
    const pem = (await readTrustFile(file, 'certificates', '--ca-file')).toString('utf8');
    const certs = pemCertificates(pem);
    if (certs.length === 0)
      throw new UsageError(`--ca-file ${spec}: ${file} holds no PEM certificate`, { hint: 'expected -----BEGIN CERTIFICATE----- blocks' });
    if (host) trust.byHost.set(host, [...(trust.byHost.get(host) ?? []), ...certs]);
    else trust.all.push(...certs);
  }
  setExtraTrust(trust);
}
