// docs/plans/N-*.md, run as written: each plan page's ```sh blocks are read from the page and run
// by a real bash, `helm` on PATH being a shim that runs this checkout's CLI for `helm airgap ...`
// (real Helm for anything else). Only what cannot exist on a test machine is swapped in the text:
// hosts for local registries and the ECR stand-in, with the flags a real ECR host name implies.
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { realHelm } from '../support/tools.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PLANS = join(ROOT, 'docs/plans');
export const DOC_ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

/** The page of plan `n`: docs/plans/N-NAME.md, titled "# Plan N: ...". */
export async function planPage(n: number): Promise<string> {
  const name = (await readdir(PLANS)).find((f) => f.startsWith(`${n}-`) && f.endsWith('.md'));
  if (!name) throw new Error(`docs/plans has no ${n}-*.md`);
  const text = await readFile(join(PLANS, name), 'utf8');
  if (!text.startsWith(`# Plan ${n}:`)) throw new Error(`docs/plans/${name} does not start with "# Plan ${n}:"`);
  return text;
}

/** The ```sh blocks of plan `n`'s page, in order. */
export async function planBlocks(n: number): Promise<string[]> {
  return [...(await planPage(n)).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A block's commands, continuation lines joined (a heredoc stays one command with its body). */
export function commandsOf(block: string): string[] {
  const out: string[] = [];
  const lines = block.replace(/\\\n\s*/g, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const heredoc = /<<'?(\w+)'?/.exec(line);
    if (!heredoc) {
      out.push(line);
      continue;
    }
    const body = [line];
    while (i + 1 < lines.length && lines[i + 1] !== heredoc[1]) body.push(lines[++i]!);
    body.push(lines[++i]!);
    out.push(body.join('\n'));
  }
  return out;
}

export function swapped(text: string, swaps: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of swaps) out = out.split(from).join(to);
  return out;
}

/** A folder with `helm` (this CLI for `helm airgap`, real Helm 4 otherwise) for PATH. */
export async function helmShim(dir: string): Promise<string> {
  const { helm } = await realHelm(4);
  const bin = join(dir, 'shim-bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'helm'), `#!/bin/sh\nif [ "$1" = airgap ]; then shift; exec "${join(ROOT, 'bin/helm-airgap')}" "$@"; fi\nexec "${helm}" "$@"\n`);
  await chmod(join(bin, 'helm'), 0o755);
  return bin;
}

export interface ScriptRun {
  cwd: string;
  env: Record<string, string>;
}

/** Runs one command (or a whole block) in bash -e; returns the child so a test can kill it. */
export function runScript(script: string, r: ScriptRun): ResultPromise<{ reject: false; all: true }> {
  return execa('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: r.cwd, env: r.env, extendEnv: false, reject: false, all: true });
}

export { writeImageChart } from '../support/image-chart.js';

/** The check each plan ends with: exit 3, and each image the map lacks named as not in it. */
export function unmappedNamed(r: { exitCode?: number; all?: string }, images: readonly string[]): { exitCode?: number; named: string[] } {
  const named = images.filter((i) => new RegExp(`${i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(not in the map`).test(r.all ?? ''));
  return { exitCode: r.exitCode, named };
}

/** The environment of a plan run on local registries only: this CLI as `helm airgap`, nothing of the host's. */
export async function localPlanEnv(work: string): Promise<Record<string, string>> {
  return {
    PATH: `${await helmShim(work)}:${process.env.PATH}`,
    HOME: work,
    HELM_AIRGAP_CACHE: join(work, 'cache'),
    DOCKER_CONFIG: join(work, 'no-docker'),
    CI: 'true',
  };
}

/** Runs a block command by command; the first that fails, with its output, or undefined. */
export async function firstFailure(block: string, r: ScriptRun): Promise<string | undefined> {
  for (const command of commandsOf(block)) {
    const out = await runScript(command, r);
    if (out.exitCode !== 0) return `${command}\nexit ${out.exitCode}\n${out.all}`;
  }
  return undefined;
}
