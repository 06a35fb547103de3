// The last-resort guard of src/main.ts: a command whose work never settles (a promise waiting on
// itself, nothing left in the event loop) must not end as Node ends an empty loop, exit 0, but
// non-zero, saying it did not finish and where it stood. The wait is made from outside the
// product: a preload (NODE_OPTIONS=--import) makes the one filesystem call the test names await
// itself, as a graph walk awaiting its own node did. Through the sh launcher and the built CLI.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const REPO = 'acme.example/team/app';

/** Makes fs.promises[CALL] of a path holding $SELF_WAIT_PATH return a promise that awaits itself. */
const HOOK = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const part = process.env.SELF_WAIT_PATH;
const call = process.env.SELF_WAIT_CALL;
const real = fs.promises[call];
fs.promises[call] = function (path, ...rest) {
  if (!String(path).includes(part)) return real.call(this, path, ...rest);
  let self;
  self = (async () => { await null; return await self; })();
  return self;
};
syncBuiltinESMExports();
`;

let work: string;
let hook: string;
let src: SeededSource;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-unfinished-'));
  hook = join(work, 'self-wait.mjs');
  await writeFile(hook, HOOK);
  src = await startSeededSource([{ name: REPO, tag: '1.0', layers: [{ seed: 'app', size: 50_000 }] }]);
});
afterAll(async () => {
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function run(args: string[], call: string, path: string, cache: string) {
  return execa(BIN, args, {
    reject: false,
    timeout: 60_000,
    env: {
      NODE_OPTIONS: `--import ${hook}`,
      SELF_WAIT_CALL: call,
      SELF_WAIT_PATH: path,
      HELM_AIRGAP_CACHE: cache,
      DOCKER_CONFIG: join(work, 'no-docker'),
      CI: 'true',
    },
  });
}

describe('a command that waits on itself', () => {
  it('bundle ends non-zero, naming the command and the image it was pulling, and writes no bundle', async () => {
    const cache = join(work, 'cache-pull');
    const out = join(work, 'out');
    await mkdir(out, { recursive: true });
    // the cache's partial blob files are opened with fs.promises.open as the layer arrives
    const r = await run(
      ['bundle', '--image', `${REPO}:1.0`, '--mirror', `acme.example=${src.registry.host}/acme.example`, '-o', join(out, 'b.tar')],
      'open',
      '.airgap-partial',
      cache,
    );
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Error: internal error: the command ended without finishing (bundle, at `);
    expect(r.stderr).toContain(`${REPO}:1.0`);
    expect(r.stderr).toMatch(/^next: .*report/m);
    expect(await readdir(out)).toEqual([]);
  });

  it('with -o json the one document on stdout is the error', async () => {
    const dir = join(work, 'chart');
    await mkdir(join(dir, 'templates'), { recursive: true });
    await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    await writeFile(join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    await writeFile(join(work, 'values.yaml'), 'a: 1\n');
    const r = await run(['bundle', dir, '-f', join(work, 'values.yaml'), '--dry-run', '-o', 'json'], 'readFile', 'values.yaml', join(work, 'cache-json'));
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'ERR_UNFINISHED',
      message: expect.stringContaining('internal error: the command ended without finishing (bundle'),
    });
  });
});
