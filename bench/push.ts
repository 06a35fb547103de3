// bench/push: `helm airgap push` against `skopeo copy --all` from the same bundle tarball into the
// same loopback docker-registry, then a second push of the same bundle (nothing to upload).
//   npm run build && npx tsx bench/push.ts [--scale 0.25]   (BENCH_KEEP=1 keeps the files)
// Prints wall time and peak RSS for each, the ratio ours/skopeo (target <= 1.0) and the second
// push as a share of the first (target < 10%, no blob uploaded). Timings come from /usr/bin/time.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startRegistry } from '../test/support/registry.js';
import { requireTool } from '../test/support/tools.js';
import { writeFixtureBundle } from '../test/push/fixture-bundle.js';
import type { SyntheticImageSpec } from '../test/support/synthetic-image.js';

const MiB = 1024 * 1024;
const BIN = fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));
const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;

/**
 * The image set of bench/copy (the OCI engine's benchmark), as one bundle: A, one 1 GiB image of
 * 8 layers; B, 20 images of 50 MiB sharing a 30 MiB base. `--scale 0.25` shrinks the sizes.
 */
function specs(): SyntheticImageSpec[] {
  const a: SyntheticImageSpec = {
    name: 'quay.io/bench/big',
    tag: '1',
    layers: Array.from({ length: 8 }, (_, i) => ({ seed: `big-${i}`, size: Math.round(128 * MiB * scale) })),
  };
  const b: SyntheticImageSpec[] = Array.from({ length: 20 }, (_, i) => ({
    name: `quay.io/bench/app${i}`,
    tag: '1',
    baseLayers: [{ seed: 'shared-base', size: Math.round(30 * MiB * scale) }],
    layers: [{ seed: `own-${i}`, size: Math.round(20 * MiB * scale) }],
  }));
  return [a, ...b];
}

interface Measured {
  seconds: number;
  maxRssMiB: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time; wall seconds and peak RSS of the process tree's largest member. */
async function timed(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const r = await execa('/usr/bin/time', ['-f', '@@time %e %M', cmd, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing in: ${r.stderr}`);
  return { seconds: Number(m[1]), maxRssMiB: Number(m[2]) / 1024, stdout: r.stdout };
}

async function main(): Promise<void> {
  const skopeo = await requireTool('skopeo', 'skopeo');
  const work = await mkdtemp(join(tmpdir(), 'bench-push-'));
  // one fresh registry per contender: docker-registry shares blobs across repositories and
  // skopeo mounts from what it pushed before, so a shared registry would favour the later runs
  const reg = await startRegistry();
  const regDir = await startRegistry();
  const regOurs = await startRegistry();
  try {
    process.stderr.write('bench/push: writing the bundle...\n');
    const bundle = await writeFixtureBundle(work, specs());
    const size = (await stat(bundle.file)).size;
    process.stderr.write(
      `bench/push: bundle ${(size / MiB).toFixed(0)} MiB, ${bundle.images.length} images; registries ${reg.host} ${regDir.host} ${regOurs.host}\n`,
    );

    // skopeo: one `copy --all` per image, as a script around it would do
    let sk = { seconds: 0, maxRssMiB: 0 };
    for (const img of bundle.images) {
      const r = await timed(skopeo, [
        'copy',
        '--all',
        '--quiet',
        '--dest-tls-verify=false',
        `oci-archive:${bundle.file}:${img.refName}`,
        `docker://${reg.host}/skopeo/${img.name}:${img.tag}`,
      ]);
      sk = { seconds: sk.seconds + r.seconds, maxRssMiB: Math.max(sk.maxRssMiB, r.maxRssMiB) };
    }
    // for reference: skopeo from the unpacked layout (no per-run extraction of the tarball)
    let skDir = { seconds: 0, maxRssMiB: 0 };
    for (const img of bundle.images) {
      const r = await timed(skopeo, [
        'copy',
        '--all',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${bundle.dir}:${img.refName}`,
        `docker://${regDir.host}/skopeo/${img.name}:${img.tag}`,
      ]);
      skDir = { seconds: skDir.seconds + r.seconds, maxRssMiB: Math.max(skDir.maxRssMiB, r.maxRssMiB) };
    }
    const cache = ['--registry', `${regOurs.host}/ours`];
    const env = { XDG_CACHE_HOME: join(work, 'cache') };
    const first = await timed(BIN, ['-o', 'json', 'push', bundle.file, ...cache], env);
    const second = await timed(BIN, ['-o', 'json', 'push', bundle.file, ...cache], env);
    const third = await timed(BIN, ['-o', 'json', 'push', bundle.file, ...cache, '--no-verify-cache'], env);
    const r1 = JSON.parse(first.stdout);
    const r2 = JSON.parse(second.stdout);

    const row = (name: string, m: { seconds: number; maxRssMiB: number }, extra = '') =>
      `${name.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s ${m.maxRssMiB.toFixed(0).padStart(6)} MiB  ${extra}`;
    console.log(
      `bundle: ${(size / MiB).toFixed(0)} MiB tarball, ${bundle.images.length} images (bench/copy's set: 1 GiB x 8 layers + 20 x 50 MiB on a shared base) at scale ${scale}`,
    );
    console.log(row('skopeo copy --all (per image)', sk, `${(size / MiB / sk.seconds).toFixed(0)} MiB/s`));
    console.log(row('  (skopeo from the unpacked layout)', skDir, `${(size / MiB / skDir.seconds).toFixed(0)} MiB/s, not the issue's peer: no archive`));
    console.log(
      row(
        'helm airgap push (first)',
        first,
        `${(r1.totals.bytesUploaded / MiB).toFixed(0)} MiB uploaded in ${r1.totals.blobsUploaded} blobs (${r1.totals.blobsMounted} mounted)`,
      ),
    );
    console.log(
      row(
        'helm airgap push (second)',
        second,
        `${r2.totals.blobsUploaded} blobs uploaded, ${r2.totals.images.present} images present, verify ${r2.verified.cached ? 'from cache (sizes)' : 'full'}`,
      ),
    );
    console.log(row('helm airgap push (--no-verify-cache)', third, `${JSON.parse(third.stdout).totals.blobsUploaded} blobs uploaded, every blob hashed again`));
    console.log(
      `ratio ours/skopeo: ${(first.seconds / sk.seconds).toFixed(2)} (target <= 1.0); against skopeo from the unpacked layout: ${(first.seconds / skDir.seconds).toFixed(2)}`,
    );
    console.log(
      `second push / first: ${((second.seconds / first.seconds) * 100).toFixed(1)}% (target < 10%, no blob uploaded: ${r2.totals.blobsUploaded === 0 ? 'yes' : 'NO'}); with full re-verify: ${((third.seconds / first.seconds) * 100).toFixed(1)}%`,
    );
  } finally {
    await Promise.all([reg.stop(), regDir.stop(), regOurs.stop()]);
    if (!process.env.BENCH_KEEP) await rm(work, { recursive: true, force: true });
  }
}

await main();
