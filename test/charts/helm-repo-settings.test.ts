// Repositories added with real `helm repo add` (Helm 4, in a temporary Helm home) serve every
// chart command by name: one behind Basic auth (an htpasswd in front of a chart folder), one
// behind a private CA, one asking for a client certificate. The password is never printed,
// logged or written. Helm's flags (--username, --password-stdin, --pass-credentials,
// --insecure-skip-tls-verify) work the same on every chart command.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { makeTestCa, type TestCa } from '../support/test-ca.js';
import { realHelm } from '../support/tools.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli, type CliResult } from '../bundle/run-cli.js';

const SECRET = 'Pa55-w0rd-not-to-leak';
let w: BundleWorld;
let home: string;
let ca: TestCa;
let authRepo: RunningChartRepo;
let tlsRepo: RunningChartRepo;
let mtlsRepo: RunningChartRepo;
const servers: RunningChartRepo[] = [];
let env: Record<string, string>;
/** Every CLI result of this file: none may hold the password. */
const results: CliResult[] = [];

async function helm(args: string[], input?: string): Promise<void> {
  const { helm: bin } = await realHelm(4);
  const r = await execa(bin, args, { env, input, reject: false });
  if (r.exitCode !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
}

async function cli(args: string[], extraEnv: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  const r = await runCli(args, { ...env, ...extraEnv }, stdin);
  results.push(r);
  return r;
}

async function serve(o: Parameters<typeof startChartRepo>[0]): Promise<RunningChartRepo> {
  const s = await startChartRepo(o);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  w = await startBundleWorld();
  home = await mkdtemp(join(tmpdir(), 'airgap-helm-home-'));
  env = {
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REPOSITORY_CONFIG: join(home, 'config', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(home, 'cache', 'repository'),
    HELM_AIRGAP_CACHE: join(home, 'airgap-cache'),
    DOCKER_CONFIG: join(home, 'no-docker'),
    CI: 'true',
  };
  ca = await makeTestCa(join(home, 'ca'), 'charts');
  authRepo = await serve({ dir: w.repoDir, auth: { username: 'robot', password: SECRET } });
  tlsRepo = await serve({ dir: w.repoDir, tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
  mtlsRepo = await serve({ dir: w.repoDir, tls: { certFile: ca.certFile, keyFile: ca.keyFile, clientCaFile: ca.caFile } });
  await helm(['repo', 'add', 'private', authRepo.url, '--username', 'robot', '--password-stdin'], SECRET);
  await helm(['repo', 'add', 'internal', tlsRepo.url, '--ca-file', ca.caFile]);
  // the server's own certificate doubles as a client certificate the CA signed
  await helm(['repo', 'add', 'mutual', mtlsRepo.url, '--ca-file', ca.caFile, '--cert-file', ca.certFile, '--key-file', ca.keyFile]);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await w?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Every file below `dir` (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe.each([
  ['private', 'Basic auth (helm repo add --username --password-stdin)'],
  ['internal', 'a private CA (helm repo add --ca-file)'],
  ['mutual', 'a client certificate (helm repo add --cert-file --key-file)'],
])('a repository added as %s, behind %s, serves every chart command by name', (name) => {
  const chart = `${name}/demo`;
  const out = () => join(home, 'out', name);

  it('images', async () => {
    const r = await cli(['images', chart, '--plain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('registry.example.com/acme/app:1.0.0');
  });

  it('template', async () => {
    const r = await cli(['template', chart, '--version', '1.2.0']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/image: "?registry\.example\.com\/acme\/app:1\.0\.0/);
  });

  it('values', async () => {
    const r = await cli(['values', chart, '--registry', 'mirror.example/m', '--allow-hardcoded', '-o', join(out(), 'values')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(join(out(), 'values', 'demo.values.yaml'), 'utf8')).toContain('mirror.example/m');
  });

  it('bundle', async () => {
    await mkdir(out(), { recursive: true });
    const r = await cli(['bundle', chart, ...w.mirrors, '--out', join(out(), 'demo.tar')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await stat(join(out(), 'demo.tar'))).size).toBeGreaterThan(0);
  });

  it('mirrors', async () => {
    const r = await cli(['mirrors', chart, ...w.mirrors, '--candidate', w.registry.host, '--write-map', join(out(), 'mirrors.yaml')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ABSENT +docker\.io\/library\/busybox:1\.36/);
  });
});

describe('Helm flags on every chart command', () => {
  it('a 401 names --username, which the command takes', async () => {
    // not added with helm repo add: a repository that was is reached with its entry's login, by URL too
    const other = await serve({ dir: w.repoDir, auth: { username: 'robot', password: SECRET } });
    const denied = await cli(['images', 'demo', '--repo', other.url]);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toMatch(/401/);
    expect(denied.stderr).toMatch(/next: .*--username U --password-stdin/);
    const r = await cli(['images', 'demo', '--repo', other.url, '--username', 'robot', '--password-stdin', '--plain'], {}, `${SECRET}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('a plain-HTTP repository off loopback: refused, with a hint naming --plain-http, which lets it through', async () => {
    const refused = await cli(['images', 'demo', '--repo', 'http://charts.example.invalid/']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/plain HTTP refused/);
    expect(refused.stderr).toMatch(/next: .*--plain-http/);
    const tried = await cli(['images', 'demo', '--repo', 'http://charts.example.invalid/', '--plain-http']);
    expect(tried.stderr).not.toMatch(/plain HTTP refused/);
    expect(tried.stderr).toMatch(/ENOTFOUND/);
  });

  it('--password needs --username; --password with --password-stdin is refused; --cert-file needs --key-file', async () => {
    expect((await cli(['template', 'private/demo', '--password', 'x'])).stderr).toMatch(/--password needs --username/);
    const both = await cli(['images', 'private/demo', '--username', 'u', '--password', 'x', '--password-stdin'], {}, 'y');
    expect(both.exitCode).toBe(2);
    const halfCert = await cli(['images', 'internal/demo', '--repo', tlsRepo.url, '--cert-file', ca.certFile]);
    expect(halfCert.exitCode).toBe(2);
    expect(halfCert.stderr).toMatch(/--cert-file\/--key-file: a client certificate needs both/);
  });

  it("credentials go to the repository's host only; --pass-credentials sends them to the archive's host too", async () => {
    // the index lists archives on another server (a CDN, GitHub releases): Helm sends no login there
    const split = join(home, 'split-repo');
    await cp(w.repoDir, split, { recursive: true });
    const archives = await serve({ dir: split });
    await writeRepoIndex(split, archives.url);
    const index = await serve({ dir: split, auth: { username: 'robot', password: SECRET } });
    await helm(['repo', 'add', 'split', index.url, '--username', 'robot', '--password-stdin'], SECRET);
    const cache = { HELM_AIRGAP_CACHE: join(home, 'split-cache') };
    const r = await cli(['images', 'split/demo', '--version', '1.1.0', '--plain'], cache);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(index.authorizations.every((a) => a?.startsWith('Basic '))).toBe(true);
    expect(archives.requests).toContain('/demo-1.1.0.tgz');
    expect(archives.authorizations.filter(Boolean)).toEqual([]);
    const passed = await cli(['images', 'split/demo', '--version', '1.2.0', '--plain', '--pass-credentials'], cache);
    expect(passed.exitCode, passed.stderr).toBe(0);
    expect(archives.authorizations.filter(Boolean)).toHaveLength(1);
  });

  it('a private CA not trusted is refused with a hint; --insecure-skip-tls-verify skips the check as Helm does', async () => {
    const other = await serve({ dir: w.repoDir, tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
    const refused = await cli(['template', 'demo', '--repo', other.url]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/--ca-file/);
    const r = await cli(['template', 'demo', '--repo', other.url, '--insecure-skip-tls-verify']);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('a repository added with --insecure-skip-tls-verify is reached without verification, as Helm does', async () => {
    const lax = await serve({ dir: w.repoDir, tls: { certFile: ca.certFile, keyFile: ca.keyFile } });
    await helm(['repo', 'add', 'lax', lax.url, '--insecure-skip-tls-verify']);
    const r = await cli(['images', 'lax/demo', '--plain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(lax.requests).toContain('/index.yaml');
  });

  it('a client certificate from the flags, with the CA from the global --ca-file', async () => {
    const other = await serve({ dir: w.repoDir, tls: { certFile: ca.certFile, keyFile: ca.keyFile, clientCaFile: ca.caFile } });
    const r = await cli(['images', 'demo', '--repo', other.url, '--ca-file', ca.caFile, '--cert-file', ca.certFile, '--key-file', ca.keyFile, '--plain']);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});

describe('the password', () => {
  it('is in no output and no file the commands wrote', async () => {
    expect(results.length).toBeGreaterThan(15);
    for (const r of results) expect(r.stdout + r.stderr).not.toContain(SECRET);
    const written = [...(await filesUnder(join(home, 'out'))), ...(await filesUnder(env.HELM_AIRGAP_CACHE!)), ...(await filesUnder(join(home, 'split-cache')))];
    expect(written.length).toBeGreaterThan(5);
    for (const f of written) expect((await readFile(f)).includes(Buffer.from(SECRET)), f).toBe(false);
  });
});
