// bench/sync: `helm airgap sync` against `skopeo sync` on the same skopeo sync YAML file: 50
// repositories (--repos N) × 3 tags sharing a base layer (and a layer per repository), from one loopback
// docker-registry into a fresh one per run. Goal: wall ratio ours/skopeo <= 0.5 (parallel tags,
// shared layers moved once). Prints medians of wall, CPU and peak RSS over alternating pairs.
// Run: npm run build && npx tsx bench/sync.ts [--pairs 5] [--scale 1] [--repos 50] [--tags 3]
// (a registry of 2,000 repositories: --repos 2000 --tags 1 --scale 0.008, 64 KiB of shared base)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry, type RunningRegistry } from '../test/support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { requireTool } from '../test/support/tools.js';
import { formatPair, runPairs } from './lib/pairs.js';

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
    const fresh = async () => {
      await dst?.stop();
      dst = await startRegistry();
    };
    const target = () => `${dst!.host}/mirror`;
    const ours = {
      name: 'ours',
      cmd: BIN,
      args: [] as string[],
      before: async () => {
        await fresh();
        ours.args = ['sync', file, `docker://${target()}`, '--naming', 'base', '--quiet', ...(concurrency ? ['--concurrency', String(concurrency)] : [])];
      },
    };
    const theirs = {
      name: 'skopeo',
      cmd: skopeo,
      args: [] as string[],
      before: async () => {
        await fresh();
        theirs.args = ['sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', '--all', '--preserve-digests', file, target()];
      },
    };
    const r = await runPairs(ours, theirs, pairs);
    const unique = (8 + REPOS * 2 + REPOS * TAGS * 0.25) * scale;
    console.log(formatPair(`sync ${REPOS} repositories × ${TAGS} tags (${unique.toFixed(0)} MiB of unique layers, shared base)`, r, 'skopeo', pairs));
    console.log(`  goal: wall ratio <= 0.5 — ${r.ratio.wall <= 0.5 ? 'met' : 'NOT met'}`);
  } finally {
    await dst?.stop();
    await src.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
