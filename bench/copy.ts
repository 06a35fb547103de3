// bench/copy: `helm airgap copy` against `skopeo copy --all`, whole processes from the same
// loopback docker-registry into a fresh OCI layout folder each run, alternating ours/skopeo over
// at least 5 pairs; medians of wall time, CPU seconds (user + system) and peak RSS, and the ratios.
// Before every run of every case the last run's folder is removed and the page cache written out
// (sync, untimed): otherwise the run after skopeo's pays for skopeo's writeback, and ours, whose
// first flush commits the journal, for discarding the blocks of its own previous run.
//   A: one 256 MiB image (4 layers)            goal: <= 0.5x wall and CPU
//   B: one 1 GiB image (8 layers)              goal: <= 0.8x wall
//   C: 20 images of 50 MiB sharing a 30 MiB base (ours: one --from-file run; skopeo: one copy per
//      image, as a script around it does)      goal: <= 0.4x wall
//   D: what durable writes cost: A as built against A with every fsync made a no-op (a preloaded
//      bench/lib/no-fsync.mjs); at least 15 pairs, the difference being a few percent
//                                              goal: <= 1.05x wall and CPU
// A's floor on the 2-core bench machine, the same blobs from the same registry: curl of the four
// to /dev/null in parallel 0.14 s wall, 0.11 s CPU (the registry serves them from its page cache);
// curl of the four to files, each then fdatasync'd (sync -d), 0.42-0.48 s wall, 0.40-0.42 s CPU;
// the same without the sync 0.27-0.37 s wall; sha256 of 256 MiB in Node 0.16 s. Ours (0.49 s wall,
// 0.56 s CPU, quiet) is that write-and-sync plus the hash: skopeo's 0.63 s x 0.5 = 0.32 s is below
// what writing the bytes durably costs here. Writing into the page cache is the largest single
// cost of A and C (copy_folio_from_iter_atomic: 26% of C's CPU, on the thread pool; the hash 18%
// on the main thread). At 1649b1d9, load 7-8 (wall not comparable): A 0.57 s CPU against
// skopeo's 0.96 (0.59); C 1.36 against 2.41 (0.56).
// What a second hashing thread could take off A: the same build with the digest check made a
// no-op (a probe, never a mode of ours) copied in 0.78 s wall and 0.68 s CPU against 0.89 and 0.94
// (9 alternating runs, a day when skopeo took 1.5 s), before the thread's start (~40 ms, 50 ms of
// CPU) and a message per batch. During the transfer the main thread hashed ~30% of the time, ran
// JavaScript ~30% and waited ~30% (a CPU profile in 50 ms steps), while the other core ran the
// registry and the thread pool's writes: the cores are about three-quarters busy, so the wall
// follows the CPU. One old-generation collection falls mid-copy (~30 ms of incremental marking):
// V8 lowers the old generation's first limit after each young collection that little survives
// (274 MB to 17 MB over six), and the start-up's 8 MB then cross its threshold. Turning off
// incremental marking at run time saved it in A (CPU 1.01 -> 0.97 s, 11 pairs) but made C's one
// collection a 32 ms pause, and a GC flag changed after start is what bin/v8-flags.cjs warns of;
// --initial-old-space-size, which would keep the limit, costs every start on Node's command line
// (bin/helm-airgap says why). File batches of 1 and 2 MiB instead of 512 KiB: the same CPU (0.84 s,
// 11 pairs each), peak RSS 73 and 88 MiB against 70.
// Each case also prints the registry's own CPU while it served ours and skopeo: it shares the 2
// cores, so (ours' CPU + the registry's) / 2 is a wall no schedule of ours goes under.
// Run: npm run build && npx tsx bench/copy.ts [--pairs 5] [--scale 1] [--only A,B,C,D] [--bin PATH]
// (--bin: another install's bin/helm-airgap, e.g. a per-platform tarball unpacked)
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry } from '../test/support/registry.js';
import { seedRegistry, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { requireTool } from '../test/support/tools.js';
import { cpuSecondsOf, formatPair, median, oursBin, runPairs, type Side } from './lib/pairs.js';

const MiB = 1024 * 1024;
type Goal = { wall?: number; cpu?: number };
const BIN = oursBin();
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const pairs = Math.max(5, Number(arg('--pairs', '5')));
const scale = Number(arg('--scale', '1'));
const only = arg('--only', 'A,B,C,D').split(',');
const NO_FSYNC = fileURLToPath(new URL('./lib/no-fsync.mjs', import.meta.url));

async function main(): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  const work = await mkdtemp(join(tmpdir(), 'airgap-bench-copy-'));
  const reg = await startRegistry();
  try {
    const size = (n: number) => Math.round(n * MiB * scale);
    const a: SyntheticImageSpec = { name: 'bench/mid', tag: '1', layers: Array.from({ length: 4 }, (_, i) => ({ seed: `mid-${i}`, size: size(64) })) };
    const b: SyntheticImageSpec = { name: 'bench/big', tag: '1', layers: Array.from({ length: 8 }, (_, i) => ({ seed: `big-${i}`, size: size(128) })) };
    const c: SyntheticImageSpec[] = Array.from({ length: 20 }, (_, i) => ({
      name: `bench/app${i}`,
      tag: '1',
      baseLayers: [{ seed: 'shared-base', size: size(30) }],
      layers: [{ seed: `own-${i}`, size: size(20) }],
    }));
    process.stderr.write('bench/copy: writing and seeding synthetic images...\n');
    await seedRegistry(reg.host, await writeSyntheticImages(join(work, 'seed'), [a, b, ...c]));
    const dest = (who: string) => join(work, `dest-${who}`);
    const skopeoOne = (ref: string) => `'${skopeo}' copy --all --quiet --src-tls-verify=false docker://${reg.host}/${ref} oci:${dest('skopeo')}:${ref}`;
    const list = join(work, 'list.txt');
    await writeFile(list, c.map((s) => `${reg.host}/${s.name}:${s.tag}`).join('\n') + '\n');

    // the registry's CPU from one run's start to the next's: what it spent serving that run
    let registryCpu: Record<string, number[]> = {};
    let mark: { who: string; cpu: number } | undefined;
    const markRegistry = async (who?: string) => {
      const cpu = await cpuSecondsOf(reg.pid);
      if (mark) (registryCpu[mark.who] ??= []).push(cpu - mark.cpu);
      mark = who ? { who, cpu } : undefined;
    };
    // rm, then sync(1): the previous run's dirty pages and freed blocks are settled before the clock starts
    const fresh = (who: string) => async () => {
      await rm(dest(who), { recursive: true, force: true });
      await promisify(execFile)('sync');
      await markRegistry(who);
    };
    // case A's copy, which D also prices
    const oursMid: Side = {
      name: 'ours',
      cmd: BIN,
      args: ['copy', '--quiet', `docker://${reg.host}/bench/mid:1`, `oci:${dest('ours')}`],
      before: fresh('ours'),
    };
    // [id, label, ours, theirs, goal as the largest ratios ours/theirs, least pairs]
    const cases: [string, string, Side, Side, Goal, number?][] = [
      [
        'A',
        `A: one 256 MiB image, 4 layers (scale ${scale})`,
        oursMid,
        { name: 'skopeo', cmd: 'sh', args: ['-c', skopeoOne('bench/mid:1')], before: fresh('skopeo') },
        { wall: 0.5, cpu: 0.5 },
      ],
      [
        'B',
        `B: one 1 GiB image, 8 layers (scale ${scale})`,
        { name: 'ours', cmd: BIN, args: ['copy', '--quiet', `docker://${reg.host}/bench/big:1`, `oci:${dest('ours')}`], before: fresh('ours') },
        { name: 'skopeo', cmd: 'sh', args: ['-c', skopeoOne('bench/big:1')], before: fresh('skopeo') },
        { wall: 0.8 },
      ],
      [
        'C',
        `C: 20 images x 50 MiB on a shared 30 MiB base (scale ${scale})`,
        { name: 'ours', cmd: BIN, args: ['copy', '--quiet', '--from-file', list, `oci:${dest('ours')}`], before: fresh('ours') },
        { name: 'skopeo', cmd: 'sh', args: ['-c', c.map((s) => skopeoOne(`${s.name}:${s.tag}`)).join(' && ')], before: fresh('skopeo') },
        { wall: 0.4 },
      ],
      [
        'D',
        `D: durable writes, A with fsync against A without (scale ${scale})`,
        oursMid,
        {
          name: 'nofsync',
          cmd: BIN,
          args: ['copy', '--quiet', `docker://${reg.host}/bench/mid:1`, `oci:${dest('nofsync')}`],
          before: fresh('nofsync'),
          env: { NODE_OPTIONS: `--import=${NO_FSYNC}` },
        },
        { wall: 1.05, cpu: 1.05 },
        15,
      ],
    ];
    const load = async () => (await import('node:fs/promises')).readFile('/proc/loadavg', 'utf8').then((t) => t.split(' ')[0]);
    console.log(`bench/copy: ${new Date().toISOString()}, loopback docker-registry ${reg.host}, load ${await load()}`);
    for (const [id, label, ours, theirs, goal, least = 0] of cases) {
      if (!only.includes(id)) continue;
      const n = Math.max(pairs, least);
      registryCpu = {};
      const r = await runPairs(ours, theirs, n);
      await markRegistry();
      console.log(formatPair(label, r, theirs.name, n));
      const served = (who: string) => median(registryCpu[who] ?? [NaN]);
      const floor = (r.ours.cpuS + served(ours.name)) / 2;
      console.log(
        `  the registry's own CPU: ${served(ours.name).toFixed(2)} s serving ${ours.name}, ${served(theirs.name).toFixed(2)} s serving ${theirs.name}; ${ours.name} + registry on 2 cores: ${floor.toFixed(2)} s at best (wall ratio ${(floor / r.theirs.wallS).toFixed(2)})`,
      );
      const verdict = (k: 'wall' | 'cpu') => `${k} ratio <= ${goal[k]} — ${r.ratio[k] <= goal[k]! ? 'met' : 'NOT met'}`;
      console.log(
        `  goal: ${(['wall', 'cpu'] as const)
          .filter((k) => goal[k] !== undefined)
          .map(verdict)
          .join('; ')}`,
      );
    }
  } finally {
    await reg.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
