// Starts a real distribution registry (Debian's docker-registry) on 127.0.0.1 for tests and
// the demo: no auth, htpasswd Basic auth, or Bearer token auth (token server is separate).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './tools.js';

export interface RegistryAuthBasic {
  kind: 'basic';
  /** htpasswd file contents (bcrypt entries), see htpasswdEntry(). */
  htpasswd: string;
}

export interface RegistryAuthToken {
  kind: 'token';
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate bundle whose key signs the tokens. */
  rootCertPem: string;
}

export interface RegistryOptions {
  auth?: RegistryAuthBasic | RegistryAuthToken;
  /** Storage directory to reuse (e.g. to restart the same registry); default: a fresh temp dir. */
  rootDir?: string;
  /** Answer with relative Location headers (distribution http.relativeurls) instead of absolute ones. */
  relativeUrls?: boolean;
  /** Serve HTTPS with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

export interface RunningRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  url: string;
  rootDir: string;
  /** The registry process (benches read its CPU time from /proc). */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry> {
  const bin = await requireTool('docker-registry', 'docker-registry');
  const work = await mkdtemp(join(tmpdir(), 'airgap-registry-'));
  const rootDir = opts.rootDir ?? join(work, 'data');
  // freePort's port is free when asked, not when docker-registry binds it: another process of the
  // suite can take it in between, and the registry then exits with "address already in use".
  // Another port is tried then, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), rootDir, work, opts, bin);
    } catch (e) {
      if (attempt >= 5 || !(e instanceof Error && e.message.includes('address already in use'))) throw e;
    }
  }
}

async function startOn(port: number, rootDir: string, work: string, opts: RegistryOptions, bin: string): Promise<RunningRegistry> {
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${rootDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${host}`,
    ...(opts.relativeUrls ? ['  relativeurls: true'] : []),
    ...(opts.tls ? ['  tls:', `    certificate: ${opts.tls.certFile}`, `    key: ${opts.tls.keyFile}`] : []),
    '  secret: airgap-test-secret',
    ...(await authConfig(opts.auth, work)),
  ].join('\n');
  const configPath = join(work, 'config.yml');
  await writeFile(configPath, config + '\n');
  const child = spawn(bin, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  await waitForReady(`http://${host}/v2/`, child, () => stderr);
  return {
    host,
    url: `${opts.tls ? 'https' : 'http'}://${host}`,
    rootDir,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: async () => {
      await stopChild(child);
      await rm(work, { recursive: true, force: true });
    },
  };
}

async function authConfig(auth: RegistryOptions['auth'], work: string): Promise<string[]> {
  if (!auth) return [];
  if (auth.kind === 'basic') {
    const path = join(work, 'htpasswd');
    await writeFile(path, auth.htpasswd);
    return ['auth:', '  htpasswd:', '    realm: airgap-test', `    path: ${path}`];
  }
  const certPath = join(work, 'token-root.pem');
  await writeFile(certPath, auth.rootCertPem);
  return ['auth:', '  token:', `    realm: ${auth.realm}`, `    service: ${auth.service}`, `    issuer: ${auth.issuer}`, `    rootcertbundle: ${certPath}`];
}

/** Polls the API root until the registry answers (any HTTP status), or fails with its stderr. */
async function waitForReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`docker-registry exited during start: ${stderr()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not answer at ${url} within 15 s: ${stderr()}`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** An htpasswd line with a bcrypt hash, as docker-registry requires (uses Debian's htpasswd). */
export async function htpasswdEntry(user: string, password: string): Promise<string> {
  const bin = await requireTool('htpasswd', 'apache2-utils');
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(bin, ['-nbB', user, password], (err, stdout) => (err ? reject(err) : resolve(stdout.trim() + '\n')));
  });
}
