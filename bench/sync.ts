// bench/sync: `helm airgap sync` against `skopeo sync` on the same skopeo sync YAML file: 50
// repositories (--repos N) × 3 tags sharing a base layer (and a layer per repository), from one loopback
// docker-registry into a fresh one per run. Goal: wall ratio ours/skopeo <= 0.5 (parallel tags,
// shared layers moved once). Prints medians of wall, CPU and peak RSS over alternating pairs.
// Run: npm run build && npx tsx bench/sync.ts [--pairs 5] [--scale 1] [--repos 50] [--tags 3]
// (a registry of 2,000 repositories: --repos 2000 --tags 1 --scale 0.008, 64 KiB of shared base)
// `--baseline DIR`: another build (a checkout with dist/ built) runs in the same rounds as a third
// side, the order rotating each round, and its line and ratio are printed beside skopeo's.
//
// Figures, 2 cores, load under 2.5:
// - --repos 12 (12 x 3 tags, 41 MiB of unique layers), 9 pairs at 2726e451: ours 1.15 s wall, 0.61 s
//   CPU, 75 MiB peak RSS; skopeo 2.69 s, 0.88 s, 24 MiB: wall 0.43, CPU 0.69 (skopeo's own time
//   ranges from 2.2 to 3.3 s between runs). Without V8's optimizing compilers (--no-maglev
//   --no-turbofan), --baseline, 7 rounds: wall 0.94x, CPU 0.87x, peak RSS 69 against 76 MiB; but
//   on 2,000 repositories (2 rounds) 1.16x the wall and 1.55x the CPU, so they stay on.
//   Each run moves 85 blobs (one upload per repository and digest, the base mounted 11 times) in 508
//   requests, 375 of them to the destination: per tag a HEAD of the tag and of the digest there, the
//   source manifest GET; per blob a mount where another repository of the run holds it, else a HEAD,
//   the source GET, POST and PUT; then the manifest PUT (skopeo: 614 to the destination, 181 to the
//   source). This docker-registry spends 0.9-1.3 ms of CPU on every request, even GET /v2/, so the
//   registries' CPU is most of a run: ours 0.5-0.6 s, the source registry 0.4-0.5 s, the destination
//   0.75-1.0 s; on 2 cores the wall cannot go far below their sum over 2, about 0.9 s.
// - --repos 2000 --tags 1 --scale 0.008, 5 pairs at 2726e451: ours 62.6 s wall, 16.7 s CPU, 157 MiB; skopeo
//   132.3 s, 39.6 s, 27 MiB: wall 0.47, CPU 0.42 (pairs 0.40-0.47). Both drift as the kept
//   destinations grow: ours 49 to 75 s, skopeo 120 to 171 s over the five pairs. At 31551ee4, on a
//   day when both took about twice as long: ours 109.8 s, 33.8 s, 158 MiB; skopeo 261.0 s, 75.0 s,
//   27 MiB: wall 0.42, CPU 0.45 (pairs 0.40-0.45).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry, type RunningRegistry } from '../test/support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { requireTool } from '../test/support/tools.js';
import { formatPair, measure, median, runPairs, type PairResult, type Run, type Side } from './lib/pairs.js';

const MiB = 1024 * 1024;
const BIN = fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const pairs = arg('--pairs', 5);
const scale = arg('--scale', 1);
// ours only: tags copied at once (sync's --concurrency; default as the CLI's)
const concurrency = arg('--concurrency', 0);
const REPOS = arg('--repos', 50);
const TAGS = arg('--tags', 3);
const baselineAt = process.argv.indexOf('--baseline');
const BASELINE = baselineAt > 0 ? join(process.argv[baselineAt + 1]!, 'bin/helm-airgap') : undefined;

async function main(): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  const work = await mkdtemp(join(tmpdir(), 'airgap-bench-sync-'));
  const src = await startRegistry();
  let dst: RunningRegistry | undefined;
  try {
    const specs: SyntheticImageSpec[] = [];
    for (let r = 0; r < REPOS; r++)
      for (let t = 0; t < TAGS; t++)
        specs.push({
          name: `bench/app-${r}`,
          tag: `v${t}`,
          baseLayers: [
            { seed: 'bench-base', size: Math.round(8 * MiB * scale) },
            { seed: `repo-${r}`, size: Math.round(2 * MiB * scale) },
          ],
          layers: [{ seed: `tag-${r}-${t}`, size: Math.round(256 * 1024 * scale) }],
          mediaTypes: 'docker',
        });
    process.stderr.write(`seeding ${specs.length} images...\n`);
    const images = await writeSyntheticImages(join(work, 'seed'), specs);
    for (const img of images) await pushRaw(src.host, img);
    const file = join(work, 'sync.yaml');
    const repos = [...new Set(specs.map((s) => s.name))].map((n) => `    ${n}: []`).join('\n');
    await writeFile(file, `${src.host}:\n  tls-verify: false\n  images:\n${repos}\n`);
    // Each run's destination keeps its storage until the bench ends: deleting a run's thousands of
    // files makes the next registry's mkdir and create slower on ext4, whose inode allocator steps
    // over inodes freed in the last minutes (recently_deleted), and that was charged to the next
    // run (the destination's CPU rose from 0.87 to 2.06 s over five runs of ours in a row).
    let runs = 0;
    const fresh = async () => {
      await dst?.stop();
      dst = await startRegistry({ rootDir: join(work, `destination-${runs++}`) });
    };
    const target = () => `${dst!.host}/mirror`;
    const airgap = (name: string, cmd: string): Side => {
      const side: Side = {
        name,
        cmd,
        args: [],
        before: async () => {
          await fresh();
          side.args = ['sync', file, `docker://${target()}`, '--naming', 'base', '--quiet', ...(concurrency ? ['--concurrency', String(concurrency)] : [])];
        },
      };
      return side;
    };
    const ours = airgap('ours', BIN);
    const theirs = {
      name: 'skopeo',
      cmd: skopeo,
      args: [] as string[],
      before: async () => {
        await fresh();
        theirs.args = ['sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', '--all', '--preserve-digests', file, target()];
      },
    };
    const unique = (8 + REPOS * 2 + REPOS * TAGS * 0.25) * scale;
    const label = `sync ${REPOS} repositories × ${TAGS} tags (${unique.toFixed(0)} MiB of unique layers, shared base)`;
    let r: PairResult;
    if (BASELINE) {
      const [o, t, b] = await runRounds([ours, theirs, airgap('baseline', BASELINE)], pairs);
      r = pairOf(o!, t!);
      console.log(formatPair(label, r, 'skopeo', pairs));
      const rb = pairOf(o!, b!);
      console.log(
        `  baseline ${describe(rb.theirs)}; ratio ours/baseline: wall ${rb.ratio.wall.toFixed(2)}, CPU ${rb.ratio.cpu.toFixed(2)}, RSS ${rb.ratio.rss.toFixed(2)}`,
      );
      console.log(`  baseline/skopeo: wall ${(rb.theirs.wallS / r.theirs.wallS).toFixed(2)}, CPU ${(rb.theirs.cpuS / r.theirs.cpuS).toFixed(2)}`);
    } else {
      r = await runPairs(ours, theirs, pairs);
      console.log(formatPair(label, r, 'skopeo', pairs));
    }
    console.log(`  goal: wall ratio <= 0.5 — ${r.ratio.wall <= 0.5 ? 'met' : 'NOT met'}`);
  } finally {
    await dst?.stop();
    await src.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** `rounds` rounds of every side, the order rotating by one each round; each side's medians. */
async function runRounds(sides: Side[], rounds: number): Promise<Run[]> {
  const runs: Run[][] = sides.map(() => []);
  for (let i = 0; i < rounds; i++)
    for (let k = 0; k < sides.length; k++) {
      const j = (i + k) % sides.length;
      const side = sides[j]!;
      await side.before?.(i);
      runs[j]!.push(await measure(side.cmd, side.args, side.env, side.ok));
      process.stderr.write(`  ${side.name} run ${i + 1}: ${runs[j]!.at(-1)!.wallS.toFixed(2)} s\n`);
    }
  return runs.map((rs) => ({ wallS: median(rs.map((r) => r.wallS)), cpuS: median(rs.map((r) => r.cpuS)), peakRssMiB: median(rs.map((r) => r.peakRssMiB)) }));
}

function pairOf(ours: Run, theirs: Run): PairResult {
  return { ours, theirs, ratio: { wall: ours.wallS / theirs.wallS, cpu: ours.cpuS / theirs.cpuS, rss: ours.peakRssMiB / theirs.peakRssMiB } };
}

const describe = (x: Run) => `${x.wallS.toFixed(2)} s wall, ${x.cpuS.toFixed(2)} s CPU, ${x.peakRssMiB.toFixed(0)} MiB peak RSS`;

await main();
