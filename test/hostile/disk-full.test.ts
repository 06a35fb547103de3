// Disk full, for real: a 1 MiB tmpfs (mounted by the test; it runs as root, as the test command
// does) as the destination of a copy. The error names the file, the free space and what to do;
// no file under a final name is partial; a re-run into room finishes the job.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

let src: SeededSource;
let work: string;
let tiny: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-enospc-'));
  tiny = join(work, 'tiny');
  await mkdir(tiny);
  const m = await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tiny], { reject: false });
  if (m.exitCode !== 0)
    throw new Error(`disk-full test: cannot mount a 1 MiB tmpfs at ${tiny} (${m.stderr.trim()}): run the tests as root, as ./scripts/test.sh does in CI`);
  src = await startSeededSource([{ name: 'team/big', tag: '1', layers: [{ seed: 'big', size: 3 * 1024 * 1024 }] }]);
  return async () => {
    await src.stop();
    await execa('umount', [tiny], { reject: false });
    await rm(work, { recursive: true, force: true });
  };
});

describe('disk full', () => {
  it('names the file and the free space, says what to do, leaves no partial file under a final name', async () => {
    const out = join(tiny, 'layout');
    const r = await runCli(['copy', `docker://${src.registry.host}/team/big:1`, `oci:${out}`], { CI: 'true' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`the disk is full writing ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S* \\((under 1|\\d+) MiB free there\\)`));
    expect(r.stderr).toContain('next: free space there, or write elsewhere');
    expect(r.stderr).not.toContain('looks like a bug');
    for (const name of await readdir(join(out, 'blobs', 'sha256')).catch(() => [])) {
      const bytes = await readFile(join(out, 'blobs', 'sha256', name));
      expect(createHash('sha256').update(bytes).digest('hex'), `blobs/sha256/${name} is whole`).toBe(name);
    }
  });

  it('a re-run with room finishes the copy', async () => {
    const out = join(work, 'roomy');
    const r = await runCli(['copy', `docker://${src.registry.host}/team/big:1`, `oci:${out}`, '-o', 'json'], { CI: 'true' });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(src.images[0]!.digest);
  });

  it('bundle: a tarball that outgrows the disk names it; so does its cache', async () => {
    const list = join(work, 'images.txt');
    await writeFile(list, `${src.registry.host}/team/big:1\n`);
    const out = join(tiny, 'bundle.tar');
    const r = await runCli(['bundle', list, '-o', out, '--insecure-registry', src.registry.host], { CI: 'true', HELM_AIRGAP_CACHE: join(tiny, 'cache') });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`the disk is full writing ${tiny.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+`));
    expect(r.stderr).toContain('next: free space there, or write elsewhere');
    expect(r.stderr).not.toContain('looks like a bug');
    await rm(join(tiny, 'cache'), { recursive: true, force: true });
  });

  it('values: a values file written onto a full disk names it', async () => {
    const chart = join(work, 'chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), 'image: quay.io/acme/app:1.0\n');
    await writeFile(
      join(chart, 'templates/p.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "{{ .Values.image }}"}]\n',
    );
    const filler = join(tiny, 'filler');
    await execa('sh', ['-c', `head -c 2000000 /dev/zero > ${filler}`], { reject: false });
    try {
      const out = join(tiny, 'values');
      const r = await runCli(['values', chart, '--registry', 'mirror.example/m', '--out-dir', out], { CI: 'true' });
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/the disk is full writing \S+/);
      expect(r.stderr).toContain(tiny);
      expect(r.stderr).not.toContain('looks like a bug');
    } finally {
      await rm(filler, { force: true });
    }
  });
});
