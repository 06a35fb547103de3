// A hostile or broken peer never hangs a run. `copy`, `sync`, `bundle`, `verify` and `push` run as whole
// processes (the built CLI) against a misbehaving registry of ours on 127.0.0.1
// (test/support/hostile-registry.ts) and against the ECR stand-in's API misbehaving: a token
// endpoint that never answers, drips, or answers without end; manifest heads and bodies dripped a
// byte every 250 ms; endless and oversized listing and error bodies; error bodies full of terminal
// escapes; blob redirects to another host and in a loop; 10,500 tags. Each faulty run ends within
// the bound its flags give (every small exchange is over within --timeout, tried 1 + --retries
// times), exits non-zero naming the host and what stalled, stays under 256 MiB, and leaves nothing
// under a final name.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startHostileRegistry, TERMINAL_ESCAPES, type HostileFaults, type HostileRegistry } from '../support/hostile-registry.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { requireTool } from '../support/tools.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const IDLE_S = 2;
const TIMEOUT_S = 1;
const RETRIES = 1;
const FLAGS = ['--idle-timeout', String(IDLE_S), '--timeout', String(TIMEOUT_S), '--retries', String(RETRIES)];
/**
 * What the flags allow a faulty run: each stalled exchange is cut at the larger of the two
 * timeouts, tried 1 + RETRIES times (the ECR API: twice --timeout per call), plus backoff, the
 * process's start and the exit grace.
 */
const BOUND_MS = (1 + RETRIES) * 2 * Math.max(IDLE_S, TIMEOUT_S) * 1000 + 4000;
const MAX_RSS_KB = 256 * 1024;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssKb: number;
}

let time: string;
let work: string;

/** The CLI as a process under /usr/bin/time (peak RSS); killed at twice the bound so a hang fails the test, not the suite. */
async function cli(args: string[], env: Record<string, string> = {}, input = '', flags = FLAGS): Promise<Run> {
  const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const child = spawn(time, ['-f', '%M', '-o', rssFile, BIN, ...flags, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: work, CI: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  child.stdin.end(input);
  const started = Date.now();
  const killer = setTimeout(() => child.kill('SIGKILL'), 2 * BOUND_MS);
  await once(child, 'exit');
  clearTimeout(killer);
  const ms = Date.now() - started;
  const rssKb = Number((await readFile(rssFile, 'utf8').catch(() => '0')).trim().split('\n').pop());
  return { code: child.exitCode, stdout, stderr, ms, rssKb };
}

/** Ended in time, non-zero, under the memory bound, naming `host` and `stall` on stderr. */
function endedNaming(r: Run, host: string, stall: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code, r.stderr).not.toBeNull();
  expect(r.ms, `ended after ${r.ms} ms, bound ${BOUND_MS} ms`).toBeLessThan(BOUND_MS);
  expect(r.rssKb).toBeLessThan(MAX_RSS_KB);
  expect(r.stderr).toContain(host);
  expect(r.stderr).toMatch(stall);
  expect(r.stderr).toMatch(/^next: /m);
}

/** Nothing under a final name: every blob of the layout hashes to its name, and no tag was recorded. */
async function nothingFinal(layout: string): Promise<void> {
  const blobs = join(layout, 'blobs', 'sha256');
  if (existsSync(blobs)) {
    for (const name of await readdir(blobs)) {
      const hex = createHash('sha256')
        .update(await readFile(join(blobs, name)))
        .digest('hex');
      expect(hex, `${name} is partial under its final name`).toBe(name);
    }
  }
  const index = join(layout, 'index.json');
  if (existsSync(index)) expect(JSON.parse(await readFile(index, 'utf8')).manifests ?? []).toEqual([]);
}

const HEAD_STALL = new RegExp(`no response head from .* within ${TIMEOUT_S} s \\(--timeout\\)`);
const BODY_STALL = new RegExp(`the response body not complete from .* within ${TIMEOUT_S} s \\(--timeout\\)`);

beforeAll(async () => {
  time = await requireTool('time', 'time');
  work = await mkdtemp(join(tmpdir(), 'hostile-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a registry whose token endpoint misbehaves (Bearer realm)', () => {
  let h: HostileRegistry;
  beforeAll(async () => {
    h = await startHostileRegistry({ auth: 'bearer' });
  });
  afterAll(() => h?.stop());

  const copy = async (faults: HostileFaults) => {
    h.faults = faults;
    const out = await mkdtemp(join(work, 'copy-'));
    const r = await cli(['copy', `docker://${h.host}/app:1`, `oci:${out}:app`]);
    await nothingFinal(out);
    return r;
  };

  it('copy: a realm that accepts and never answers ends at --timeout, with a warning line per retry', async () => {
    const r = await copy({ token: 'silent' });
    endedNaming(r, h.host, HEAD_STALL);
    expect(r.stderr).toMatch(new RegExp(`warning: retry 1 of ${RETRIES} in \\d+ ms after: GET http://${h.host}/token`));
  });

  it('copy: a realm that drips its answer a byte every 250 ms (never idle) ends at --timeout', async () => {
    endedNaming(await copy({ token: 'drip' }), h.host, BODY_STALL);
  });

  it('copy: endless and 100 MB token answers are refused after 1 MiB, not retried', async () => {
    for (const token of ['endless', 'huge'] as const) {
      const r = await copy({ token });
      endedNaming(r, h.host, /token from .*: the answer is larger than 1048576 bytes/);
      expect(r.ms).toBeLessThan(BOUND_MS / 2);
    }
  });

  it('verify: a manifest HEAD whose head drips a byte every 250 ms ends at --timeout', async () => {
    h.faults = { manifest: 'drip-head' };
    const list = join(work, 'verify.list');
    await writeFile(list, `example.com/app:1@${h.image.digest}\n`);
    endedNaming(await cli(['verify', list, '--registry', h.host, '--naming', 'base']), h.host, HEAD_STALL);
  });

  it('bundle: a realm that never answers, then a manifest body dripped, end the bundle at --timeout; no bundle is written', async () => {
    const list = join(work, 'bundle.list');
    await writeFile(list, `${h.host}/app:1\n`);
    for (const [faults, stall] of [
      [{ token: 'silent' }, HEAD_STALL],
      [{ manifest: 'drip' }, BODY_STALL],
    ] as const) {
      h.faults = faults;
      const dir = await mkdtemp(join(work, 'bundle-out-'));
      const out = join(dir, 'b.tar');
      endedNaming(await cli(['bundle', list, '-o', out, '--cache', join(dir, 'cache')]), h.host, stall);
      expect(await readdir(dir)).not.toContain('b.tar');
    }
  });

  it('push: a realm that never answers ends the push at --timeout; nothing is pushed', async () => {
    h.faults = { token: 'silent' };
    const bundle = await writeFixtureBundle(await mkdtemp(join(work, 'bundle-')), [
      { name: 'quay.io/org/app', tag: '1.0', layers: [{ seed: 'p', size: 2000 }] },
    ]);
    h.seen.length = 0;
    endedNaming(await cli(['push', bundle.file, '--registry', `${h.host}/m`]), h.host, HEAD_STALL);
    expect(h.seen.filter((s) => s.method === 'PUT' || s.method === 'POST')).toEqual([]);
  });
});

describe('a registry whose manifests, errors and listings misbehave', () => {
  let h: HostileRegistry;
  let target: RunningRegistry;
  beforeAll(async () => {
    [h, target] = await Promise.all([startHostileRegistry(), startRegistry()]);
    h.tags = Array.from({ length: 10_500 }, (_, i) => `t${String(i).padStart(5, '0')}`);
  });
  afterAll(async () => {
    await h?.stop();
    await target?.stop();
  });

  const copy = async (faults: HostileFaults) => {
    h.faults = faults;
    const out = await mkdtemp(join(work, 'copy-'));
    const r = await cli(['copy', `docker://${h.host}/app:t00001`, `oci:${out}:app`]);
    await nothingFinal(out);
    return r;
  };

  it('copy: a manifest whose head or body drips a byte every 250 ms ends at --timeout', async () => {
    endedNaming(await copy({ manifest: 'drip-head' }), h.host, HEAD_STALL);
    endedNaming(await copy({ manifest: 'drip' }), h.host, BODY_STALL);
  });

  it('copy: a blob body dripped a byte every 250 ms (never idle) fails below the minimum rate, resumed once', async () => {
    h.seen.length = 0;
    const r = await copy({ blob: 'drip' });
    endedNaming(r, h.host, /sent \d+ bytes in 2 s, below the minimum 1024 bytes\/s/);
    expect(h.seen.filter((s) => s.path.includes('/blobs/')).length).toBeLessThanOrEqual(4);
  });

  it("copy: a Content-Length longer than the whole blob's body completes the blob; nothing is asked past its end (416)", async () => {
    h.seen.length = 0;
    const out = await mkdtemp(join(work, 'copy-'));
    h.faults = { blob: 'long-length' };
    const r = await cli(['copy', `docker://${h.host}/app:t00001`, `oci:${out}:app`]);
    expect(r.code, r.stderr).toBe(0);
    // every byte arrived before the close: nothing is asked past the end
    expect(h.seen.filter((s) => s.path.includes('/blobs/') && s.method === 'GET').length).toBe(2);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests.map((m) => m.digest)).toEqual([h.image.digest]);
  });

  it('copy: a blob body longer than its descriptor ends each of 5 copies with the source named, never an unhandled error event', async () => {
    h.faults = { blob: 'oversize' };
    for (let i = 0; i < 5; i++) {
      const out = await mkdtemp(join(work, 'copy-'));
      const dest = i % 2 === 0 ? `oci:${out}:app` : `docker://${target.host}/oversize${i}:1`;
      const r = await cli(['copy', `docker://${h.host}/app:t00001`, dest]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/Unhandled 'error' event|node:events/);
      expect(r.stderr).toMatch(/source: blob sha256:[0-9a-f]{64}: .*body is longer than the expected \d+ bytes/);
      expect(r.stderr).toMatch(/^next: the registry serves a blob that disagrees with the size its manifest gives/m);
      await nothingFinal(out);
    }
  });

  it('copy: an error body with ESC, BEL, NUL and C1 reaches the terminal escaped, text and JSON alike', async () => {
    const r = await copy({ manifest: 'escapes' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('403 DENIED: no\\x1b]0;owned\\x07\\x1b[2J');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr + r.stdout).not.toMatch(/[\x00\x07\x1b\x9b]/);
    h.faults = { manifest: 'escapes' };
    const json = await cli(['-o', 'json', 'copy', `docker://${h.host}/app:t00001`, `oci:${join(work, 'json-out')}:app`]);
    expect(JSON.parse(json.stdout).error.message).not.toContain(TERMINAL_ESCAPES);
    // eslint-disable-next-line no-control-regex
    expect(json.stdout + json.stderr).not.toMatch(/[\x00\x07\x1b\x9b]/);
  });

  it('copy: a 100 MB error body is read no further than 64 KiB, its text cut short', async () => {
    const r = await copy({ manifest: 'huge-error' });
    endedNaming(r, h.host, /500 a{200}$/m);
    expect(r.stderr.length).toBeLessThan(4096);
  });

  it('sync: an endless chunked tag listing is refused as copy refuses one; a dripped one ends at --timeout', async () => {
    h.faults = { listing: 'endless' };
    const endless = await cli(['sync', `docker://${h.host}/app`, `docker://${target.host}/m`]);
    endedNaming(endless, h.host, /sent more than 16777216 bytes/);
    h.faults = { listing: 'drip' };
    endedNaming(await cli(['sync', `docker://${h.host}/app`, `docker://${target.host}/m`]), h.host, BODY_STALL);
  });

  it('sync: 10,500 tags are listed page by page with progress, and the chosen ones arrive', async () => {
    h.faults = {};
    const r = await cli(['sync', `docker://${h.host}/app`, `docker://${target.host}/m`, '--include', 'app:t0000[0-2]$']);
    expect(r.code, r.stderr).toBe(0);
    for (let page = 1; page <= 10; page++) expect(r.stderr).toContain(`listing: ${page * 1000} tags of ${h.host}/app so far (page ${page})`);
    expect(r.stdout + r.stderr).toMatch(/10497 tag\(s\) filtered out/);
    const tags = (await (await fetch(`http://${target.host}/v2/m/app/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags.sort()).toEqual(['t00000', 't00001', 't00002']);
    const listed = h.seen.filter((s) => s.path === '/v2/app/tags/list').length;
    expect(listed).toBe(11);
  });

  it('sync: a registry of 1,200 repositories is walked page by page with progress, each one planned', async () => {
    h.faults = {};
    const [tags, repos] = [h.tags, h.repositories];
    h.tags = ['1'];
    const catalogPages = () => h.seen.filter((s) => s.path === '/v2/_catalog').length;
    const before = catalogPages();
    h.repositories = Array.from({ length: 1200 }, (_, i) => `team/r${String(i).padStart(4, '0')}`);
    try {
      const r = await cli(['sync', `docker://${h.host}`, `docker://${target.host}/m`, '--dry-run', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`listing: 1000 repositories of ${h.host} so far (page 1)`);
      expect(catalogPages() - before).toBe(2);
      const planned = JSON.stringify(JSON.parse(r.stdout));
      for (const i of [0, 999, 1000, 1199]) expect(planned).toContain(`team/r${String(i).padStart(4, '0')}`);
    } finally {
      [h.tags, h.repositories] = [tags, repos];
    }
  });

  it('sync: the first failing tag cancels the transfers in flight; the run ends at once with the partial report', async () => {
    const tags = h.tags;
    h.tags = ['1', '2', '3'];
    h.faults = { blob: 'drip', goneTag: '2' };
    try {
      // generous bounds: only the cancellation can end the dripping transfers in time
      const r = await cli(['sync', `docker://${h.host}/app`, `docker://${target.host}/stop`], {}, '', ['--idle-timeout', '60', '--timeout', '60']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.ms, `ended after ${r.ms} ms`).toBeLessThan(8000);
      expect(r.stderr).toMatch(/1 of 3 tag\(s\) failed \(stopped at the first failure; 2 in flight cancelled\)/);
      expect(r.stderr).toContain(`${h.host}/app:2`);
      expect(r.stdout + r.stderr).toMatch(/CANCELLED .*app:1/);
      // nothing arrived under a tag
      expect((await fetch(`http://${target.host}/v2/stop/app/tags/list`)).status).toBe(404);
    } finally {
      h.tags = tags;
    }
  });

  it('sync: --max-tags ends the listing of 10,500 tags once past it, naming the repository and the flag', async () => {
    h.faults = {};
    const before = h.seen.filter((s) => s.path === '/v2/app/tags/list').length;
    const r = await cli(['sync', `docker://${h.host}/app`, `docker://${target.host}/m`, '--max-tags', '2500']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${h.host}/app lists more than 2500 tags`);
    expect(r.stderr).toMatch(/next: .*--max-tags N/);
    expect(h.seen.filter((s) => s.path === '/v2/app/tags/list').length - before).toBe(3);
  });
});

describe('blob redirects', () => {
  for (const auth of ['basic', 'bearer'] as const) {
    it(`${auth}: a blob redirected to another host is fetched there without the registry's Authorization`, async () => {
      const h = await startHostileRegistry({ auth });
      try {
        h.faults = { blob: 'redirect-far' };
        const out = await mkdtemp(join(work, 'redirect-'));
        const creds = auth === 'basic' ? ['--username', 'u', '--password-stdin'] : [];
        const r = await cli(['copy', `docker://${h.host}/app:1`, `oci:${out}:app`, ...creds], {}, 'p\n');
        expect(r.code, r.stderr).toBe(0);
        const far = h.seen.filter((s) => s.host === 'far');
        expect(far.length).toBe(h.image.blobs.length);
        expect(far.map((s) => s.authorization)).toEqual(far.map(() => undefined));
        // the registry itself did get the credentials (so there was something to leak)
        expect(h.seen.some((s) => s.host === 'registry' && s.path.includes('/blobs/') && s.authorization)).toBe(true);
      } finally {
        await h.stop();
      }
    });
  }

  it('a blob redirected to itself without end stops after a bounded number of hops', async () => {
    const h = await startHostileRegistry();
    try {
      h.faults = { blob: 'loop' };
      const out = await mkdtemp(join(work, 'loop-'));
      const r = await cli(['copy', `docker://${h.host}/app:1`, `oci:${out}:app`]);
      endedNaming(r, h.host, /more than 5 redirects/);
      await nothingFinal(out);
      expect(h.seen.filter((s) => s.path.includes('/blobs/')).length).toBeLessThan(40);
    } finally {
      await h.stop();
    }
  });
});

describe('the ECR API misbehaving (the stand-in, through the real AWS SDK)', () => {
  let ecr: EcrStandin;
  let bundle: FixtureBundle;
  beforeAll(async () => {
    ecr = await startEcrStandin();
    const images = Array.from({ length: 6 }, (_, i) => ({ name: `quay.io/org/app${i}`, tag: '1.0', layers: [{ seed: `e${i}`, size: 1000 }] }));
    bundle = await writeFixtureBundle(await mkdtemp(join(work, 'ecr-')), images, [{ name: 'app', version: '1.0.0' }]);
  });
  afterAll(() => ecr?.stop());

  const push = (prefix: string) =>
    cli(
      ['push', bundle.file, '--registry', `${ecr.registryHost}/${prefix}`, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint],
      standinEnv(ecr, work),
    );
  const apiHost = () => new URL(ecr.apiEndpoint).host;

  it('an API answer whose head never comes ends the push at --timeout, naming the API host', async () => {
    ecr.state.apiFaults.push({ kind: 'stall', operation: 'GetAuthorizationToken', times: 100 });
    try {
      const r = await push('stalled');
      endedNaming(r, apiHost(), new RegExp(`GetAuthorizationToken: no answer from ${apiHost()} within ${TIMEOUT_S} s`));
    } finally {
      ecr.state.apiFaults.length = 0;
    }
  });

  it('STS through the default chain (web identity) that never answers ends the call at --timeout too', async () => {
    const sts = createServer(() => undefined);
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
    const token = join(work, 'web-identity-token');
    await writeFile(token, 'a-token');
    try {
      const env = {
        HOME: work,
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci',
        AWS_WEB_IDENTITY_TOKEN_FILE: token,
        AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as { port: number }).port}`,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const r = await cli(['login', '--registry', ecr.registryHost, '--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint], env);
      endedNaming(r, apiHost(), new RegExp(`GetAuthorizationToken: no answer from ${apiHost()} within ${TIMEOUT_S} s`));
    } finally {
      sts.close();
    }
  });

  it('copy and sync into ECR: an API answer whose head never comes ends each at --timeout, nothing uploaded', async () => {
    const source = await startHostileRegistry();
    const ecrFlags = ['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];
    ecr.state.apiFaults.push({ kind: 'stall', operation: 'DescribeRepositories', times: 100 });
    try {
      for (const args of [
        ['copy', `docker://${source.host}/app:1`, `docker://${ecr.registryHost}/copy-stalled/app:1`, ...ecrFlags],
        ['sync', `docker://${source.host}/app`, `docker://${ecr.registryHost}/sync-stalled`, ...ecrFlags],
      ]) {
        const r = await cli(args, standinEnv(ecr, work));
        endedNaming(r, apiHost(), new RegExp(`DescribeRepositories: no answer from ${apiHost()} within ${TIMEOUT_S} s`));
      }
      expect(ecr.state.frontRequests.filter((q) => /-stalled\//.test(q.path) && q.method !== 'GET' && q.method !== 'HEAD')).toEqual([]);
    } finally {
      ecr.state.apiFaults.length = 0;
      await source.stop();
    }
  });

  it('one CreateRepository that fails ends the run: the calls queued behind it never start, nothing is pushed', async () => {
    // the calls started beside the failing one never answer, so no slot frees before the failure
    // is read: on any load, the calls queued behind it can only start if the run goes on
    ecr.state.apiFaults.push({ kind: 'denied', operation: 'CreateRepository', times: 1 }, { kind: 'stall', operation: 'CreateRepository', times: 3 });
    try {
      const before = ecr.state.apiCalls.length;
      const r = await push('one-fails');
      expect(r.code, r.stderr).toBe(1);
      expect(r.ms).toBeLessThan(BOUND_MS);
      expect(r.stderr).toMatch(/Error: ecr CreateRepository one-fails\/\S+: AccessDeniedException/);
      const creates = ecr.state.apiCalls.slice(before).filter((c) => c.operation === 'CreateRepository');
      // 7 repositories (6 images and the chart), 4 at a time: those queued behind the failure never start
      expect(creates.length).toBeLessThan(7);
      expect(r.stderr.split('Error:')[1]).not.toMatch(/created repository/);
      expect(ecr.state.frontRequests.filter((q) => q.path.includes('/one-fails/') && q.method !== 'GET' && q.method !== 'HEAD')).toEqual([]);
    } finally {
      ecr.state.apiFaults.length = 0;
    }
  });

  it('5xx, an error without a type (UnknownError) and a proxy HTML page end the push with a clear error', async () => {
    const said = { 'server-error': /ServerException/, 'unknown-error': /UnknownError/, 'html-error': /HTTP 502 .*not AWS JSON/ };
    for (const kind of ['server-error', 'unknown-error', 'html-error'] as const) {
      ecr.state.apiFaults.push({ kind, operation: 'DescribeRepositories', times: 1000 });
      try {
        const r = await push(`api-${kind}`);
        expect(r.code, r.stderr).toBe(1);
        expect(r.ms).toBeLessThan(BOUND_MS);
        expect(r.stderr).toMatch(new RegExp(`Error: ecr DescribeRepositories: .*${said[kind].source}`));
        expect(r.stderr).toMatch(/^next: (?!re-run with --verbose)/m);
      } finally {
        ecr.state.apiFaults.length = 0;
      }
    }
  });
});
