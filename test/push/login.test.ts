// `helm airgap login` against the ECR stand-in (real AWS SDK, GetAuthorizationToken): the login
// lands in docker's config.json and Helm's registry config, and real skopeo and real Helm use it
// to reach the registry; the token is printed only with --print.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBundle } from '../../src/app/push/push.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { realHelm, requireTool } from '../support/tools.js';
import { writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const BIN = new URL('../../bin/helm-airgap', import.meta.url).pathname;

describe('helm airgap login (ECR stand-in)', () => {
  let ecr: EcrStandin;
  let work: string;
  let bundle: FixtureBundle;
  let env: Record<string, string>;
  const run = (args: string[]) => execa(BIN, args, { reject: false, env, extendEnv: false });
  const flags = () => ['--registry', ecr.registryHost, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];

  beforeAll(async () => {
    ecr = await startEcrStandin();
    work = await mkdtemp(join(tmpdir(), 'login-'));
    bundle = await writeFixtureBundle(
      work,
      [{ name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'a', size: 20_000 }] }],
      [{ name: 'app', version: '1.0.0' }],
    );
    await pushBundle(bundle.file, {
      registry: `${ecr.registryHost}/m`,
      targetKind: 'ecr',
      aws: { region: ecr.region, endpoint: ecr.apiEndpoint, credentials: ecr.credentials },
      retryBaseMs: 5,
    });
    env = standinEnv(ecr, work, { DOCKER_CONFIG: join(work, 'docker'), HELM_REGISTRY_CONFIG: join(work, 'helm', 'registry', 'config.json') });
  });
  afterAll(async () => {
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("writes docker's and Helm's configs (owner-only), shows the lifetime, prints no token", async () => {
    const r = await run(['-o', 'json', 'login', ...flags()]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ host: ecr.registryHost, username: 'AWS', files: [join(work, 'docker', 'config.json'), env.HELM_REGISTRY_CONFIG] });
    expect(report.validForMinutes).toBeGreaterThan(0);
    for (const f of report.files as string[]) {
      const cfg = JSON.parse(await readFile(f, 'utf8'));
      const auth = Buffer.from(cfg.auths[ecr.registryHost].auth, 'base64').toString();
      expect(auth.startsWith('AWS:')).toBe(true);
      expect(r.stdout + r.stderr).not.toContain(auth.slice(4));
      expect((await stat(f)).mode & 0o077).toBe(0);
    }
  });

  it('skopeo (docker config) and real Helm (its registry config) reach the registry with that login', async () => {
    const skopeo = await requireTool('skopeo', 'skopeo');
    const s = await execa(
      skopeo,
      ['inspect', '--raw', '--tls-verify=false', '--authfile', join(work, 'docker', 'config.json'), `docker://${ecr.registryHost}/m/quay.io/org/app:1.0`],
      { reject: false },
    );
    expect(s.exitCode, s.stderr).toBe(0);
    const { helm } = await realHelm(4);
    const pulled = await execa(helm, ['pull', `oci://${ecr.registryHost}/m/charts/app`, '--version', '1.0.0', '--plain-http', '-d', work], {
      reject: false,
      env: {
        HOME: work,
        PATH: process.env.PATH ?? '',
        HELM_REGISTRY_CONFIG: env.HELM_REGISTRY_CONFIG,
        HELM_CACHE_HOME: join(work, 'hc'),
        HELM_CONFIG_HOME: join(work, 'hcfg'),
      },
      extendEnv: false,
    });
    expect(pulled.exitCode, pulled.stderr).toBe(0);
    expect((await stat(join(work, 'app-1.0.0.tgz'))).size).toBeGreaterThan(0);
  });

  it('--print writes nothing and prints only the password; a non-ECR host is a usage error', async () => {
    const p = await run(['login', ...flags(), '--print']);
    expect(p.exitCode, p.stderr).toBe(0);
    expect(p.stdout.trim().length).toBeGreaterThan(10);
    expect(p.stdout.trim().split('\n')).toHaveLength(1);
    // -o json: one JSON document, the same password with whom and until when, still no file
    const json = await run(['login', ...flags(), '--print', '-o', 'json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { host: string; username: string; password: string; expiresAt: string; files: string[] };
    expect(doc).toMatchObject({ host: ecr.registryHost, username: 'AWS', files: [] });
    expect(doc.password.length).toBeGreaterThan(10);
    expect(Date.parse(doc.expiresAt)).toBeGreaterThan(Date.now());
    const bad = await run(['login', '--registry', 'harbor.example/x']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('not an ECR or ECR Public host');
  });
});
