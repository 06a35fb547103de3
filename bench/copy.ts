// bench/copy: our `helm airgap copy` against `skopeo copy --all`, same images, same loopback
// registry, into an OCI layout directory. Prints wall time, peak RSS and ratios (ours/skopeo).
//   A: one 1 GiB image of 8 layers
//   B: 20 images of 50 MiB sharing a 30 MiB base (also into an archive: the base must be stored once)
// Run: npm run build && npx tsx bench/copy.ts [--scale 0.25] [--runs 3]
// (scale shrinks sizes for a quick look; each figure is the median of `runs` fresh copies)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry } from '../test/support/registry.js';
import { seedRegistry, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { ArchiveReader } from '../src/layout/archive-reader.js';

const MiB = 1024 * 1024;
const BIN = fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));
const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

interface Run {
  ms: number;
  peakRssMiB: number;
}

/** Runs a command under /usr/bin/time -v: wall time and max resident set size of the child. */
async function measure(cmd: string, args: string[]): Promise<Run> {
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${err.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0);
  return { ms, peakRssMiB: kb / 1024 };
}

async function sequential(runs: (() => Promise<Run>)[]): Promise<Run> {
  let ms = 0;
  let peak = 0;
  for (const r of runs) {
    const x = await r();
    ms += x.ms;
    peak = Math.max(peak, x.peakRssMiB);
  }
  return { ms, peakRssMiB: peak };
}

/** Median time (and the peak RSS of that run) over fresh destinations; runs alternate tools. */
async function median(make: (i: number) => () => Promise<Run>): Promise<Run> {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) all.push(await make(i)());
  all.sort((a, b) => a.ms - b.ms);
  const mid = all[Math.floor(all.length / 2)];
  return { ms: mid.ms, peakRssMiB: Math.max(...all.map((r) => r.peakRssMiB)) };
}

function row(name: string, ours: Run, skopeo: Run): string {
  const ratio = ours.ms / skopeo.ms;
  return `${name.padEnd(34)} ours ${(ours.ms / 1000).toFixed(2).padStart(7)} s ${ours.peakRssMiB.toFixed(0).padStart(5)} MiB | skopeo ${(skopeo.ms / 1000).toFixed(2).padStart(7)} s ${skopeo.peakRssMiB.toFixed(0).padStart(5)} MiB | time ratio ${ratio.toFixed(2)} ${ratio <= 1 ? 'OK' : 'SLOWER'} | RSS ${ours.peakRssMiB < 150 ? 'OK' : 'OVER 150 MiB'}`;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'airgap-bench-'));
  const reg = await startRegistry();
  try {
    const layer = Math.round(128 * MiB * scale);
    const specA: SyntheticImageSpec = { name: 'bench/big', tag: '1', layers: Array.from({ length: 8 }, (_, i) => ({ seed: `big-${i}`, size: layer })) };
    const specsB: SyntheticImageSpec[] = Array.from({ length: 20 }, (_, i) => ({
      name: `bench/app${i}`,
      tag: '1',
      baseLayers: [{ seed: 'shared-base', size: Math.round(30 * MiB * scale) }],
      layers: [{ seed: `own-${i}`, size: Math.round(20 * MiB * scale) }],
    }));
    process.stderr.write('writing and seeding synthetic images...\n');
    const seeded = await writeSyntheticImages(join(work, 'seed'), [specA, ...specsB]);
    await seedRegistry(reg.host, seeded);
    const skopeoCopy = (ref: string, dir: string) => () =>
      measure('skopeo', ['copy', '--all', '--quiet', '--src-tls-verify=false', `docker://${reg.host}/${ref}`, `oci:${dir}:${ref}`]);

    const fresh = async (dir: string) => rm(dir, { recursive: true, force: true });
    const a = {
      ours: await median(
        (i) => async () => (
          await fresh(join(work, `oursA${i}`)),
          measure(BIN, ['copy', '--quiet', `docker://${reg.host}/bench/big:1`, `oci:${join(work, `oursA${i}`)}`])
        ),
      ),
      skopeo: await median((i) => skopeoCopy('bench/big:1', join(work, `skopeoA${i}`))),
    };
    const list = join(work, 'list.txt');
    await writeFile(list, specsB.map((s) => `${reg.host}/${s.name}:${s.tag}`).join('\n') + '\n');
    const b = {
      ours: await median((i) => () => measure(BIN, ['copy', '--quiet', '--from-file', list, `oci:${join(work, `oursB${i}`)}`])),
      skopeo: await median((i) => () => sequential(specsB.map((s) => skopeoCopy(`${s.name}:${s.tag}`, join(work, `skopeoB${i}`))))),
    };
    const archive = join(work, 'b.tar');
    const bArchive = await measure(BIN, ['copy', '--quiet', '--from-file', list, `oci-archive:${archive}`]);
    const reader = await ArchiveReader.open(archive);
    const blobs = reader.entries().filter((e) => e.name.startsWith('blobs/'));
    const baseCopies = blobs.filter((e) => e.size > 29 * MiB * scale && e.size < 31 * MiB * scale).length;
    const archiveBytes = (await readFile(archive)).length;

    console.log(
      `bench/copy (scale ${scale}, median of ${runs}, ${new Date().toISOString()}, loopback docker-registry ${reg.host}, load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]})`,
    );
    console.log(row('A: 1 image, 8 layers, 1 GiB', a.ours, a.skopeo));
    console.log(row('B: 20 images x 50 MiB, shared base', b.ours, b.skopeo));
    console.log(
      `B into oci-archive: ${(bArchive.ms / 1000).toFixed(2)} s, ${bArchive.peakRssMiB.toFixed(0)} MiB peak, archive ${(archiveBytes / MiB).toFixed(1)} MiB, shared 30 MiB base stored ${baseCopies} time(s)`,
    );
  } finally {
    await reg.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
