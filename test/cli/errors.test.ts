// Errors a user can act on, through the built CLI: each names what is wrong, ends with a next:
// line, and exits with the documented code (2 for what the user typed, 1 for what failed out
// there). Real servers on 127.0.0.1: a web server answering 404 with an HTML page, a TLS server
// whose CA this machine does not trust, and a port nothing listens on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestCa } from '../support/test-ca.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const WEBAPP = fileURLToPath(new URL('../../fixtures/demo/charts/webapp', import.meta.url));
const HTML_404 =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n';

let dir: string;
let web: Server;
let tls: Server;
let refusedPort: number;
const port = (s: Server) => (s.address() as AddressInfo).port;

const listen = (s: Server) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
const close = (s: Server | undefined) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-errors-'));
  web = createHttpServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(HTML_404));
  await listen(web);
  const ca = await makeTestCa(join(dir, 'ca'), 'errors');
  tls = createHttpsServer({ cert: await readFile(ca.certFile), key: await readFile(ca.keyFile) }, (_req, res) => res.end('{}'));
  await listen(tls);
  // a port that was just free: nothing listens there now
  const gone = createHttpServer();
  await listen(gone);
  refusedPort = port(gone);
  await close(gone);
});
afterAll(async () => {
  await close(web);
  await close(tls);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  message: RegExp;
  next: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a host that does not resolve (ENOTFOUND)',
    args: () => ['copy', 'docker://no-such-host.invalid/app:1', `oci:${join(dir, 'out')}`],
    exit: 1,
    message: /no-such-host\.invalid.*ENOTFOUND/,
    next: /the name no-such-host\.invalid does not resolve here/,
  },
  {
    name: 'a port nothing listens on (ECONNREFUSED)',
    args: () => ['copy', `docker://127.0.0.1:${refusedPort}/app:1`, `oci:${join(dir, 'out')}`],
    exit: 1,
    message: /127\.0\.0\.1:\d+.*ECONNREFUSED \(connection refused\)/,
    next: /nothing accepts connections at 127\.0\.0\.1:\d+/,
  },
  {
    name: 'a TLS server whose CA is not trusted',
    args: () => ['images', 'app', '--repo', `https://127.0.0.1:${port(tls)}/`],
    exit: 1,
    message: /chart repository https:\/\/127\.0\.0\.1:\d+\/: cannot read index\.yaml: .*(certificate|CERT)/i,
    next: /--ca-file 127\.0\.0\.1:\d+=ca\.pem/,
  },
  {
    name: "a chart repository's 404 page: named by status and title, not printed",
    args: () => ['images', 'app', '--repo', `http://127.0.0.1:${port(web)}/charts/`],
    exit: 1,
    message:
      /^Error: chart app: chart repository http:\/\/127\.0\.0\.1:\d+\/charts\/: cannot read index\.yaml: GET \S+index\.yaml: 404 \(HTML page: 404 Not Found\)$/m,
    next: /no index\.yaml at http:\/\/127\.0\.0\.1:\d+\/charts\/index\.yaml: give the URL of the folder holding index\.yaml/,
  },
  {
    name: 'a missing local chart (images)',
    args: () => ['images', './no-such-chart'],
    exit: 2,
    message: /^Error: chart \.\/no-such-chart: no such file or folder$/m,
    next: /give a chart folder \(with Chart\.yaml\), a \.tgz/,
  },
  {
    name: 'a missing local chart (template)',
    args: () => ['template', './no-such-chart'],
    exit: 2,
    message: /^Error: chart \.\/no-such-chart: no such file or folder$/m,
    next: /give a chart folder/,
  },
  {
    name: 'a bare chart name without --repo',
    args: () => ['images', 'nginx'],
    exit: 2,
    message: /^Error: chart nginx: no such file or folder$/m,
    next: /add --repo URL \(or write NAME\/nginx for a repository added with helm repo add\)/,
  },
  {
    name: '--repo that is not a URL',
    args: () => ['images', 'app', '--repo', 'local'],
    exit: 2,
    message: /^Error: chart app: repository "local" is not a URL nor the name of a repository added with helm repo add$/m,
    next: /pass the chart repository's URL \(--repo https:\/\/charts\.example\.com\), or the name of a repository from helm repo add/,
  },
  {
    name: 'a missing -f file',
    args: () => ['images', WEBAPP, '-f', 'no-such-values.yaml'],
    exit: 2,
    message: /^Error: -f\/--values no-such-values\.yaml: no such file$/m,
    next: /check the path no-such-values\.yaml \(relative paths start at /,
  },
  {
    name: 'a missing --set-file',
    args: () => ['template', WEBAPP, '--set-file', 'notes=no-such-notes.txt'],
    exit: 2,
    message: /^Error: --set-file no-such-notes\.txt: no such file$/m,
    next: /check the path no-such-notes\.txt/,
  },
  {
    name: 'a missing --from-file list',
    args: () => ['copy', '--from-file', 'no-such-list.txt', `oci:${join(dir, 'out')}`],
    exit: 2,
    message: /^Error: --from-file no-such-list\.txt: no such file$/m,
    next: /check the path no-such-list\.txt/,
  },
  {
    name: "commander's missing required option",
    args: () => ['login'],
    exit: 2,
    message: /^Error: required option '--registry <host>' not specified$/m,
    next: /^next: see helm airgap login --help for the flags and examples$/m,
  },
  {
    name: "commander's unknown option",
    args: () => ['push', 'b.tar', '--registry', 'r.example', '--no-such-flag'],
    exit: 2,
    message: /^Error: unknown option '--no-such-flag'$/m,
    next: /see helm airgap push --help/,
  },
  {
    name: "commander's unknown command, with its suggestion",
    args: () => ['verifi'],
    exit: 2,
    message: /^Error: unknown command 'verifi'$/m,
    next: /^next: did you mean verify\? see helm airgap --help/m,
  },
  {
    name: "commander's invalid choice",
    args: () => ['push', 'b.tar', '--registry', 'r.example', '--sparse-index', 'maybe'],
    exit: 2,
    message: /argument 'maybe' is invalid\. Allowed choices are keep, rewrite/,
    next: /see helm airgap push --help/,
  },
];

describe('errors a user can act on (built CLI)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await execa(BIN, c.args(), {
      reject: false,
      cwd: dir,
      env: { HOME: dir, HELM_REPOSITORY_CONFIG: join(dir, 'no-repositories.yaml'), HELM_AIRGAP_CACHE: join(dir, 'cache'), HELM_AIRGAP_IDLE_TIMEOUT: '10' },
    });
    expect(r.exitCode, r.stderr).toBe(c.exit);
    expect(r.stderr).toMatch(c.message);
    expect(r.stderr).toMatch(/^next: /m);
    expect(r.stderr).toMatch(c.next);
    expect(r.stderr).not.toMatch(/looks like a bug|<html|<!DOCTYPE/i);
    // "chart ./x: chart ./x: ..." once was the shape of a wrapped error
    expect(r.stderr).not.toMatch(/(chart \S+: )\1/);
    // commander's own lowercase "error:" line is not printed beside ours
    expect(r.stderr).not.toMatch(/^error:/m);
  });

  it('-o json: a usage error is one JSON document on stdout, with the next step', async () => {
    const r = await execa(BIN, ['-o', 'json', 'push', 'b.tar'], { reject: false, cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: 'ERR_USAGE',
        message: "required option '--registry <host[/prefix]>' not specified",
        hint: 'see helm airgap push --help for the flags and examples',
      },
    });
  });

  it('--repo NAME of a repository added with helm repo add is taken as its URL', async () => {
    const config = join(dir, 'repositories.yaml');
    await writeFile(config, `apiVersion: ""\nrepositories:\n  - name: web\n    url: http://127.0.0.1:${port(web)}/charts/\n`);
    const r = await execa(BIN, ['images', 'app', '--repo', 'web'], { reject: false, cwd: dir, env: { HOME: dir, HELM_REPOSITORY_CONFIG: config } });
    // it reached the repository behind the name (and its 404)
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/chart repository http:\/\/127\.0\.0\.1:\d+\/charts\/: cannot read index\.yaml: .* 404/);
  });
});
