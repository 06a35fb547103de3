// `helm airgap doctor` run as the built CLI (dist/, started by process.execPath) against real
// Helm 3.17.2 and 4.1.4 on a PATH the test makes: with and without node on it, with a docker
// config holding a secret, with chart repositories that answer and one that does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realHelm } from '../support/tools.js';
import { startChartRepo, type RunningChartRepo } from '../support/chart-repo-server.js';
import { INSTALL } from '../../bin/node-floor.cjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'helm-airgap.mjs');
const SECRET = 'n0t-f0r-print1ng';
const REPO_PASSWORD = 'repo-pa55-w0rd';

let work = '';
let helmOnly = '';
let withNode = '';
let open: RunningChartRepo;
let locked: RunningChartRepo;
let h4 = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-doctor-'));
  const h3 = (await realHelm(3)).helm;
  h4 = (await realHelm(4)).helm;
  // PATH with the two Helms under the names users give them, and no node
  helmOnly = join(work, 'bin-helm');
  await mkdir(helmOnly);
  await symlink(h3, join(helmOnly, 'helm3'));
  await symlink(h4, join(helmOnly, 'helm'));
  withNode = join(work, 'bin-node');
  await mkdir(withNode);
  await symlink(process.execPath, join(withNode, 'node'));
  const charts = join(work, 'charts');
  await mkdir(charts);
  await writeFile(join(charts, 'index.yaml'), 'apiVersion: v1\nentries: {}\n');
  open = await startChartRepo({ dir: charts });
  locked = await startChartRepo({ dir: charts, auth: { username: 'reader', password: REPO_PASSWORD } });
});

afterAll(async () => {
  await open?.stop();
  await locked?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A fresh host: its own HOME, Helm homes, docker config and cache; PATH as given. */
async function host(name: string, path: string[]): Promise<Record<string, string>> {
  const home = join(work, name);
  await mkdir(home, { recursive: true });
  return {
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'helm-config'),
    HELM_DATA_HOME: join(home, 'helm-data'),
    HELM_CACHE_HOME: join(home, 'helm-cache'),
    DOCKER_CONFIG: join(home, 'docker'),
    HELM_AIRGAP_CACHE: join(home, 'airgap-cache'),
    PATH: path.join(':'),
  };
}

function doctor(env: Record<string, string>, args: string[] = []) {
  return execa(process.execPath, [CLI, 'doctor', ...args], { env, extendEnv: false, reject: false, timeout: 60_000 });
}

interface Finding {
  area: string;
  subject: string;
  status: string;
  detail: string;
  next?: string;
}

describe('helm airgap doctor', () => {
  it('without node on PATH: both Helms found with their plugin folder, the launcher named as what fails (exit 3)', async () => {
    const env = await host('no-node', [helmOnly]);
    const r = await doctor(env, ['-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(3);
    const { report } = JSON.parse(r.stdout).error ? JSON.parse(r.stdout) : { report: JSON.parse(r.stdout) };
    const versions = (report.helm as { version: string; pluginFolders: string[] }[]).map((h) => h.version).sort();
    expect(versions).toEqual(['v3.17.2', 'v4.1.4']);
    for (const h of report.helm) expect(h.pluginFolders).toEqual([join(env.HELM_DATA_HOME, 'plugins')]);
    const launcher = (report.findings as Finding[]).find((f) => f.subject === 'launcher')!;
    expect(launcher.status).toBe('fail');
    expect(launcher.detail).toContain('no node on PATH');
    expect(launcher.next).toContain(`install ${INSTALL} on PATH`);
    expect(report.runtime.nodeOnPath).toBeUndefined();
    // the text form says the same, with the fix on a next: line
    const text = await doctor(env);
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toMatch(/FAIL {2}launcher: no node on PATH/);
    expect(text.stdout).toMatch(/^ {8}next: install Node\.js/m);
    expect(text.stderr).toContain('next: ');
  });

  it('with node on PATH and credentials: each host listed with its kind, no secret in any output', async () => {
    const env = await host('creds', [withNode, helmOnly]);
    await mkdir(env.DOCKER_CONFIG!, { recursive: true });
    const auth = Buffer.from(`robot:${SECRET}`).toString('base64');
    await writeFile(
      join(env.DOCKER_CONFIG!, 'config.json'),
      JSON.stringify({ auths: { 'registry.example.com:5000': { auth }, 'https://index.docker.io/v1/': { identitytoken: SECRET } } }),
    );
    // a repository added by real Helm with a password: it answers 401, and the stored credentials make that fine
    const add = await execa(h4, ['repo', 'add', 'private', locked.url, '--username', 'reader', '--password-stdin'], {
      env,
      extendEnv: false,
      input: REPO_PASSWORD,
      reject: false,
    });
    expect(add.exitCode, add.stderr).toBe(0);
    const json = await doctor(env, ['-o', 'json']);
    const text = await doctor(env);
    expect(json.exitCode, json.stdout).toBe(0);
    expect(text.exitCode).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.runtime.nodeOnPath).toBe(join(withNode, 'node'));
    const found = (report.credentials as { registry: string; kind: string }[]).map((c) => `${c.registry} ${c.kind}`).sort();
    expect(found).toEqual([`index.docker.io identity token`, `private (${locked.host}) username/password`, `registry.example.com:5000 username/password`]);
    expect(text.stdout).toContain('registry.example.com:5000: username/password (docker config');
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) {
      for (const secret of [SECRET, auth, REPO_PASSWORD, Buffer.from(REPO_PASSWORD).toString('base64')]) expect(out).not.toContain(secret);
    }
    expect(locked.requests).toContain('/index.yaml');
  });

  it('a repository that answers and one that does not: exit 3 naming the second, with the fix', async () => {
    const env = await host('repos', [withNode, helmOnly]);
    const dead = await closedPort();
    await mkdir(env.HELM_CONFIG_HOME!, { recursive: true });
    await writeFile(
      join(env.HELM_CONFIG_HOME!, 'repositories.yaml'),
      `apiVersion: ""\nrepositories:\n- name: up\n  url: ${open.url}\n- name: gone\n  url: http://127.0.0.1:${dead}/charts\n`,
    );
    const r = await doctor(env, ['--timeout', '3']);
    expect(r.exitCode, r.stdout).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`ok {4}up: up ${open.url.replace(/[.]/g, '\\.')}: answers \\(HTTP 200`));
    expect(r.stdout).toContain(`FAIL  gone: gone http://127.0.0.1:${dead}/charts: no answer (ECONNREFUSED)`);
    expect(r.stdout).toContain('next: check the network path to');
    expect(r.stdout).toMatch(/FAIL {2}because of gone: images, template, values, bundle, mirrors/);
    expect(r.stderr).toContain('doctor: 1 thing to fix (gone)');
  });

  it('a Helm 4 plugin in the folder Helm 3 reads is named, with the way out', async () => {
    const env = await host('shared', [withNode, helmOnly]);
    const plugin = join(env.HELM_DATA_HOME!, 'plugins', 'airgap-postrender');
    await mkdir(plugin, { recursive: true });
    await writeFile(join(plugin, 'plugin.yaml'), 'apiVersion: v1\ntype: postrenderer/v1\nname: airgap-postrender\nversion: 0.1.0\nruntime: subprocess\n');
    const r = await doctor(env, ['-o', 'json']);
    expect(r.exitCode).toBe(3);
    const { report } = JSON.parse(r.stdout);
    const conflict = (report.findings as Finding[]).filter((f) => f.area === 'helm' && f.status === 'fail');
    expect(conflict).toHaveLength(1);
    expect(conflict[0]!.subject).toContain('helm3');
    expect(conflict[0]!.detail).toContain(`${plugin} is a Helm 4 plugin`);
    expect(conflict[0]!.next).toContain(`mv "${plugin}"`);
  });

  it("run by Helm 4 with the alias's HELM_PLUGINS: each Helm asked with its own settings, no conflict, no --verify=false", async () => {
    const env = await host('alias', [withNode, helmOnly]);
    const shared = join(env.HELM_DATA_HOME!, 'plugins');
    const own = join(env.HOME!, '.local', 'share', 'helm4-plugins');
    await mkdir(join(shared, 'airgap'), { recursive: true });
    await writeFile(join(shared, 'airgap', 'plugin.yaml'), 'name: airgap\nversion: 0.1.0\ncommand: "$HELM_PLUGIN_DIR/bin/helm-airgap"\n');
    await mkdir(join(own, 'airgap-postrender'), { recursive: true });
    await writeFile(
      join(own, 'airgap-postrender', 'plugin.yaml'),
      'apiVersion: v1\ntype: postrenderer/v1\nname: airgap-postrender\nversion: 0.1.0\nruntime: subprocess\n',
    );
    // what Helm 4 hands its plugin: its own settings, the alias's HELM_PLUGINS among them
    const asPlugin = { ...env, HELM_BIN: 'helm', HELM_PLUGINS: `${shared}:${own}`, HELM_PLUGIN_NAME: 'airgap', HELM_PLUGIN_DIR: join(shared, 'airgap') };
    const r = await doctor(asPlugin, ['-o', 'json']);
    const doc = JSON.parse(r.stdout);
    const report = doc.report ?? doc;
    const helms = report.helm as { version: string; via: string; pluginFolders: string[] }[];
    expect(helms.find((h) => h.version === 'v4.1.4')).toMatchObject({ via: 'HELM_BIN', pluginFolders: [shared, own] });
    expect(helms.find((h) => h.version === 'v3.17.2')!.pluginFolders).toEqual([shared]);
    const findings = report.findings as Finding[];
    expect(findings.filter((f) => f.area === 'helm' && f.status !== 'ok')).toEqual([]);
    expect(findings.map((f) => f.next ?? '').filter((n) => n.includes('--verify=false'))).toEqual([]);
  });

  it('a Helm 4 without airgap-postrender is told the verified install, never --verify=false', async () => {
    const env = await host('no-postrender', [withNode, helmOnly]);
    const shared = join(env.HELM_DATA_HOME!, 'plugins');
    await mkdir(join(shared, 'airgap'), { recursive: true });
    await writeFile(join(shared, 'airgap', 'plugin.yaml'), 'name: airgap\nversion: 0.1.0\ncommand: "$HELM_PLUGIN_DIR/bin/helm-airgap"\n');
    const r = await doctor(env, ['-o', 'json']);
    const doc = JSON.parse(r.stdout);
    const warn = ((doc.report ?? doc).findings as Finding[]).find((f) => f.detail.startsWith('no airgap-postrender plugin'))!;
    expect(warn.next).toContain('helm plugin install --keyring KEYRING.gpg airgap-postrender-VERSION.tgz');
    expect(warn.next).not.toContain('--verify=false');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
