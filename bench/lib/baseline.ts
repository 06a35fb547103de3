// Whole processes of this build against another build's (`--baseline DIR`: a checkout with its
// dist/ built, such as the commit an issue's speed goal was set at), alternating, per chart: how
// issue 49's goal (discovery and values within 10% of 9c1e65a per chart) is measured. Each side
// keeps its own cache folder (its code cache) and runs twice untimed first, so both are warm.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { corpusValues } from './corpus.js';
import { builtOursBin, formatPair, measure, runPairs, type Side } from './pairs.js';

/** The folder after `--baseline`, if given. */
export function baselineArg(): string | undefined {
  const i = process.argv.indexOf('--baseline');
  return i > 0 ? resolve(process.argv[i + 1]!) : undefined;
}

/**
 * `args(chart, outDir)` for each chart: the command line both builds run (`ok`: its exit codes that
 * mean done). Prints each chart's
 * medians, ratios (this build over the baseline) and whether CPU is within `goal`.
 */
export async function againstBaseline(
  label: string,
  charts: readonly string[],
  baseline: string,
  args: (chart: string, out: string) => string[],
  pairs: number,
  ok: readonly number[] = [0],
  goal = 1.1,
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-baseline-'));
  try {
    const ours = builtOursBin();
    const theirs = join(baseline, 'bin/helm-airgap');
    for (const chart of charts) {
      const values = corpusValues(chart)?.valueFiles.flatMap((f) => ['-f', f]) ?? [];
      const side = (name: string, cmd: string): Side => {
        const out = join(work, name, 'out');
        return { name, cmd, args: [...args(chart, out), ...values], env: { HELM_AIRGAP_CACHE: join(work, name, 'cache') }, ok };
      };
      const a = side('ours', ours);
      const b = side('baseline', theirs);
      for (const s of [a, a, b, b]) await measure(s.cmd, s.args, s.env, ok);
      const r = await runPairs(a, b, pairs);
      console.log(formatPair(`${label} ${basename(chart)}`, r, 'baseline', pairs));
      console.log(`  goal: CPU within ${Math.round((goal - 1) * 100)}% of the baseline: ${r.ratio.cpu <= goal ? 'met' : 'not met'}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
