// Hostile names: a chart or release name that is a path must never reach the file system, and is
// refused as real Helm refuses it.
import { mkdtemp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';
import { confinedPath } from '../../src/util/atomic-write.js';

async function chartNamed(name: string): Promise<{ dir: string; work: string }> {
  // one level down in a folder of its own, so that `../x` from it (where a name that escapes would
  // write) is a path no other program uses: /tmp/x may exist on a shared machine
  const work = join(await mkdtemp(join(tmpdir(), 'hostile-names-')), 'w');
  const dir = join(work, 'c');
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${JSON.stringify(name)}\nversion: 0.1.0\n`);
  await writeFile(
    join(dir, 'templates', 'd.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: quay.io/a/b:1\n',
  );
  return { dir, work };
}

describe('hostile chart and release names', () => {
  it('a chart named ../../x/PWNED is refused by template, images and values, as by real Helm; nothing written outside', async () => {
    const { dir, work } = await chartNamed('../../x/PWNED');
    const helm = await execa((await realHelm(4)).helm, ['template', dir], { reject: false });
    expect(helm.stderr).toContain('chart.metadata.name "../../x/PWNED" is invalid');
    for (const args of [
      ['template', dir],
      ['images', dir],
      ['values', dir, '--registry', 'r.example/m', '--out-dir', join(work, 'out')],
    ]) {
      const r = await runCli(args);
      expect(r.exitCode).not.toBe(0);
      // refused where it is first read: Chart.yaml, or the archive a local chart is packed into
      expect(r.stderr).toMatch(/chart\.metadata\.name "\.\.\/\.\.\/x\/PWNED" is invalid|\.\.\/\.\.\/x\/PWNED\/Chart\.yaml: path escapes the chart folder/);
    }
    expect(existsSync(join(work, '..', 'x'))).toBe(false);
    expect(await readdir(work)).toEqual(['c']);
  });

  it.each([['../x'], ['Bad_Name'], ['a'.repeat(54)]])('release name %s is refused (exit 2) as Helm refuses it', async (name) => {
    const { dir, work } = await chartNamed('ok');
    const helm = await execa((await realHelm(4)).helm, ['template', name, dir], { reject: false });
    expect(helm.exitCode).not.toBe(0);
    const t = await runCli(['template', name, dir]);
    expect(t.exitCode).toBe(2);
    expect(t.stderr).toContain('invalid release name');
    const v = await runCli(['values', dir, '--name', name, '--registry', 'r.example/m', '--out-dir', join(work, 'out')]);
    expect(v.exitCode).toBe(2);
    expect(existsSync(join(work, 'out'))).toBe(false);
  });

  it('an output name that would leave its folder is refused', () => {
    expect(() => confinedPath('/tmp/out', '../PWNED.values.yaml')).toThrow(/outside \/tmp\/out/);
    expect(() => confinedPath('/tmp/out', '/etc/passwd')).toThrow(/outside/);
    expect(confinedPath('/tmp/out', 'rel.values.yaml')).toBe('/tmp/out/rel.values.yaml');
  });
});
