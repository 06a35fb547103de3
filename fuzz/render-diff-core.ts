// The differential fuzzer's core (the render-diff target of fuzz/main.ts runs it): random templates and values
// through our engine and real `helm template`, compared document by document. Cases go 40 to a
// chart (one helm run each); a chart where the two differ is split into single cases, so every
// case gets Helm's own verdict.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { readChart } from '../src/helm/loader/load.js';
import { renderChart } from '../src/helm/engine/render-chart.js';
import { formatManifests } from '../src/helm/release/manifests.js';
import { realHelm } from '../test/support/tools.js';
import type { HelmLine } from '../src/helm/engine/defaults.js';
import { compareRenders } from '../test/support/render-compare.js';
import { randomCase, type FuzzCase } from './template-gen.js';

const BATCH = 40;

async function writeChart(dir: string, cases: FuzzCase[]): Promise<void> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: fuzz\nversion: 0.1.0\n');
  await writeFile(join(dir, 'values.yaml'), cases[0]!.values);
  for (const c of cases) await writeFile(join(dir, 'templates', `c${c.id}.yaml`), c.template);
}

type Verdict = { ok: true; out: string } | { ok: false; error: string };

async function ours(dir: string, line: HelmLine): Promise<Verdict> {
  try {
    return { ok: true, out: formatManifests(renderChart(await readChart(dir), { helmVersion: line }).docs) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

async function helms(helm: string, dir: string): Promise<Verdict> {
  const r = await execa(helm, ['template', 'release-name', dir], { reject: false });
  return r.exitCode === 0 ? { ok: true, out: r.stdout } : { ok: false, error: r.stderr };
}

async function judge(helm: string, line: HelmLine, work: string, cases: FuzzCase[]): Promise<{ agree: number; disagree: Disagreement[] }> {
  const dir = await mkdtemp(join(work, 'c-'));
  await writeChart(dir, cases);
  const [a, b] = [await ours(dir, line), await helms(helm, dir)];
  await rm(dir, { recursive: true, force: true });
  if (a.ok && b.ok) {
    const d = compareRenders(a.out, b.out);
    if (d.length === 0) return { agree: cases.length, disagree: [] };
  }
  if (cases.length > 1) {
    const parts = await Promise.all(cases.map((c) => judge(helm, line, work, [c])));
    return { agree: parts.reduce((n, p) => n + p.agree, 0), disagree: parts.flatMap((p) => p.disagree) };
  }
  if (!a.ok && !b.ok) return { agree: 1, disagree: [] }; // both refuse: agreement on the verdict
  const why =
    a.ok && b.ok
      ? JSON.stringify(compareRenders(a.out, b.out).slice(0, 2))
      : a.ok
        ? `helm refuses: ${(b as { error: string }).error.split('\n')[0]}`
        : `we refuse: ${(a as { error: string }).error.split('\n')[0]}`;
  return { agree: 0, disagree: [{ c: cases[0]!, why }] };
}

export interface Disagreement {
  c: FuzzCase;
  why: string;
}

export interface FuzzResult {
  cases: number;
  agree: number;
  disagree: Disagreement[];
  seconds: number;
}

/** `cases` random templates (seeded) through our engine following `line` and that real Helm. */
export async function fuzzRenderDiff(cases: number, seed: number, line: HelmLine): Promise<FuzzResult> {
  const { helm } = await realHelm(line);
  const work = await mkdtemp(join(tmpdir(), 'fuzz-render-'));
  let agree = 0;
  const disagree: Disagreement[] = [];
  const started = Date.now();
  try {
    for (let first = 0; first < cases; first += BATCH) {
      // one values file per batch: every case of a batch reads the same values
      const batch = Array.from({ length: Math.min(BATCH, cases - first) }, (_, i) => randomCase(seed, first + i, first));
      const r = await judge(helm, line, work, batch);
      agree += r.agree;
      disagree.push(...r.disagree);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { cases, agree, disagree, seconds: (Date.now() - started) / 1000 };
}
