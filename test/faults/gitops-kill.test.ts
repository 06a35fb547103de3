// kill -9 during `values --format gitops`: the CLI as a process over a copy of a GitOps repository
// (a Flux cluster whose overlay gets a patch file, an Argo CD folder and a helmfile rewritten in
// place), killed at the k-th change its writes make in the checkout (seen through fs.watch, so
// the kill lands between and inside the writes, not at a time guessed). After each kill every
// file is as it was or as an uninterrupted run writes it, never half written, never moved twice;
// the re-run then leaves every file exactly as one run writes it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { argoRepo, fluxRepo, helmfileRepo } from '../gitops/layouts.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
let w: BundleWorld;
let env: Record<string, string>;
let pristine: string;
let bundle: string;
let target: string;
let golden: Map<string, string>;

const inputs = (root: string) => [
  '--gitops',
  join(root, 'clusters/staging'),
  '--gitops',
  join(root, 'argocd'),
  '--gitops',
  join(root, 'helmfile/helmfile.yaml'),
];
const values = (root: string) => ['values', bundle, ...inputs(root), '--registry', target, '--format', 'gitops'];

async function files(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true }))
    if (e.isFile()) out.set(relative(root, join(e.parentPath, e.name)), await readFile(join(e.parentPath, e.name), 'utf8'));
  return out;
}

beforeAll(async () => {
  w = await startBundleWorld();
  env = worldEnv(w);
  pristine = join(w.work, 'pristine');
  const url = w.repo.url.replace(/\/$/, '');
  await writeFiles(pristine, { ...fluxRepo(url), ...argoRepo(url), ...helmfileRepo(url) });
  bundle = join(w.work, 'all.tar');
  target = `${w.registry.host}/k`;
  const b = await runCli(['bundle', ...inputs(pristine), ...w.mirrors, '--out', bundle], env);
  expect(b.exitCode, b.stderr).toBe(0);
  const p = await runCli(['push', bundle, '--registry', target], env);
  expect(p.exitCode, p.stderr).toBe(0);
  const copy = join(w.work, 'golden');
  await cp(pristine, copy, { recursive: true });
  const v = await runCli(values(copy), env);
  expect(v.exitCode, v.stderr).toBe(0);
  golden = await files(copy);
}, 240_000);

afterAll(async () => {
  await w?.stop();
});

/** The CLI as a process, killed at the k-th file system change under `root`. */
async function killedAt(k: number, root: string): Promise<number | null> {
  const child = spawn(BIN, values(root), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = 0;
  const watcher = watch(root, { recursive: true }, () => {
    if (++seen >= k && child.exitCode === null) child.kill('SIGKILL');
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  watcher.close();
  return code;
}

describe('values --format gitops killed with SIGKILL, then run again', () => {
  it('every file as it was or as one run writes it, after the kill and after the re-run', async () => {
    const before = await files(pristine);
    const changed = [...golden.keys()].filter((f) => golden.get(f) !== before.get(f));
    expect(changed.sort()).toEqual([
      'apps/staging/helm-airgap.patch.yaml',
      'apps/staging/kustomization.yaml',
      'argocd/apps/chart.yaml',
      'argocd/appset.yaml',
      'helmfile/helmfile.yaml',
    ]);
    let interrupted = 0;
    let midway = 0;
    for (const k of [1, 2, 3, 4, 6, 8, 11, 15]) {
      const root = join(w.work, `kill-${k}`);
      await cp(pristine, root, { recursive: true });
      if ((await killedAt(k, root)) === null) interrupted++;
      const after = await files(root);
      for (const f of changed) expect([before.get(f), golden.get(f)], `kill at change ${k}: ${f}`).toContain(after.get(f));
      const written = changed.filter((f) => after.get(f) === golden.get(f)).length;
      if (written > 0 && written < changed.length) midway++;
      const again = await runCli(values(root), env);
      expect(again.exitCode, `re-run after kill at change ${k}: ${again.stderr}`).toBe(0);
      const done = await files(root);
      for (const f of new Set([...golden.keys(), ...done.keys()])) expect(done.get(f), `re-run after kill at change ${k}: ${f}`).toBe(golden.get(f));
    }
    // the kills landed inside runs, some between one file's write and the next
    expect(interrupted).toBeGreaterThan(0);
    expect(midway).toBeGreaterThan(0);
  }, 600_000);
});
