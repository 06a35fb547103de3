// `serve --ready-file`: the line a background script waits on. A plain path gets "URL PID" once
// serve listens; a FIFO whose reader is already waiting gets an empty line when serve cannot start,
// so the script's `read` ends instead of hanging.
import { constants, openSync, closeSync, readSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packFixture } from '../charts/chart-fixtures.js';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { runCli } from '../bundle/run-cli.js';
import { startServe } from './serve-helpers.js';

const CLI = fileURLToPath(new URL('../../bin/helm-airgap.mjs', import.meta.url));

let work = '';
let bundle: FixtureBundle;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-serve-ready-'));
  const chart = await readFile(await packFixture('demo', work, '1.2.1'));
  bundle = await writeFixtureBundle(work, [], [{ name: 'demo', version: '1.2.1', archive: chart }]);
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('serve --ready-file', () => {
  it('writes "URL PID" of the listening serve into a FIFO its reader waits on', async () => {
    const fifo = join(work, 'listening.fifo');
    await execa('mkfifo', [fifo]);
    const line = readFile(fifo, 'utf8'); // opens and blocks until serve writes and closes
    const served = await startServe([bundle.file, '--ready-file', fifo]);
    try {
      const [url, pid] = (await line).trim().split(' ');
      expect(url).toBe(served.url);
      expect(Number(pid)).toBe(served.child.pid);
      expect((await fetch(`${url}/v2/`)).status).toBe(200);
    } finally {
      expect(await served.stop()).toBe(143);
    }
  });

  it('writes the same line to a plain path, whole (temp and rename)', async () => {
    const file = join(work, 'ready.txt');
    const served = await startServe([bundle.file, '--ready-file', file]);
    expect(await served.stop()).toBe(143);
    expect(await readFile(file, 'utf8')).toBe(`${served.url} ${served.child.pid}\n`);
  });

  it('gives a waiting FIFO reader an empty line when serve cannot start', async () => {
    const fifo = join(work, 'ready.fifo');
    await execa('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = await runCli(['serve', join(work, 'missing.tar'), '--ready-file', fifo]);
      expect(r.exitCode).not.toBe(0);
      const buf = Buffer.alloc(64);
      expect(buf.subarray(0, readSync(fd, buf)).toString()).toBe('\n');
    } finally {
      closeSync(fd);
    }
  });

  it('gives a waiting FIFO reader an empty line when the command line itself is refused (exit 2)', async () => {
    const fifo = join(work, 'usage.fifo');
    await execa('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = await execa(process.execPath, [CLI, 'serve', bundle.file, '--ready-file', fifo, '--no-such-flag'], { reject: false });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('--no-such-flag');
      const buf = Buffer.alloc(64);
      expect(buf.subarray(0, readSync(fd, buf)).toString()).toBe('\n');
    } finally {
      closeSync(fd);
    }
  });
});
