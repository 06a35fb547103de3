// Credentials in a repository URL (http://user:pass@host/, which Helm accepts): taken as Basic
// auth, never sent as part of a URL, never printed (text, -o json, errors).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startChartRepo, type RunningChartRepo } from '../support/chart-repo-server.js';
import { realHelm } from '../support/tools.js';

const CHART = new URL('../../fixtures/postrender/chart', import.meta.url).pathname;
let work: string;
let repo: RunningChartRepo;
let name: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'url-creds-'));
  const { helm } = await realHelm(4);
  const pkg = await execa(helm, ['package', CHART, '-d', work]);
  name = /([^/]+)-[^-/]+\.tgz$/.exec(pkg.stdout.trim())![1]!;
  await execa(helm, ['repo', 'index', work]);
  repo = await startChartRepo({ dir: work, auth: { username: 'bob', password: 's3cr3t-PASS' } });
});
afterAll(async () => {
  await repo.stop();
  await rm(work, { recursive: true, force: true });
});

const withCreds = (pass: string) => repo.url.replace('http://', `http://bob:${pass}@`);

describe('credentials in a repository URL', () => {
  it('are used as Basic auth (as Helm does) and appear in no output', async () => {
    const r = await runCli(['-o', 'json', 'images', name, '--repo', withCreds('s3cr3t-PASS'), '--cache', join(work, 'cache')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).images.length).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-PASS');
  });

  it.each([['text'], ['json']])('a refused password is a clear error that does not print it (-o %s)', async (output) => {
    const r = await runCli(['-o', output, 'images', name, '--repo', withCreds('wrong-PASS'), '--cache', join(work, 'cache2')]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/401|unauthori[sz]ed|credentials/i);
    expect(r.stdout + r.stderr).not.toContain('wrong-PASS');
  });
});

describe('a login written into an image reference (user:pass@host/repo)', () => {
  const PASS = 'Hunter2-in-ref';
  const ref = `bob:${PASS}@127.0.0.1:5999/a/b:1`;
  const mapWith = (source: string, destination: string) =>
    ['apiVersion: helm-airgap/v1', 'kind: ImageMap', 'images:', `  - { source: "${source}", destination: "${destination}" }`, ''].join('\n');

  it.each([
    ['a copy argument', async () => ['copy', `docker://${ref}`, `oci:${join(work, 'ui-out')}`]],
    ['a copy list line', async () => ['copy', '--from-file', await file('ui-list.txt', `${ref}\n`), `oci:${join(work, 'ui-out')}`]],
    ['a verify list line', async () => ['verify', await file('ui-verify.txt', `${ref}\n`), '--registry', '127.0.0.1:5999']],
    ['a sync list line', async () => ['sync', await file('ui-sync.txt', `${ref}\n`), 'docker://127.0.0.1:5999/m']],
    ["a map's source", async () => ['verify', '--map', await file('ui-src.map.yaml', mapWith(`bob:${PASS}@quay.io/a/b:1`, '127.0.0.1:5999/a/b:1'))]],
    ["a map's destination", async () => ['verify', '--map', await file('ui-dst.map.yaml', mapWith('quay.io/a/b:1', ref))]],
  ])('in %s is refused (exit 2), the password printed nowhere, in text or JSON', async (_where, args) => {
    for (const output of ['text', 'json']) {
      const r = await runCli(['-o', output, ...(await args())]);
      expect(r.exitCode).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/\[redacted\]@/);
      expect(r.stdout + r.stderr).toMatch(/does not belong in a reference/);
      expect(r.stdout + r.stderr).not.toContain(PASS);
    }
  });

  async function file(name: string, text: string): Promise<string> {
    await writeFile(join(work, name), text);
    return join(work, name);
  }
});
