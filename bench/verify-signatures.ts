// bench/verify-signatures: what checking signatures at bundle time costs. 50 images (a shared
// 8 MiB base, 2 MiB of their own), each with a cosign .sig made by openssl over a P-256 key, in a
// local docker-registry. The same bundle is made with and without --verify-key (signatures are
// carried either way), whole processes in alternating pairs (bench/lib/pairs.ts: wall, CPU
// seconds, peak RSS; medians and the ratio), each run on a cold cache; then verify --signatures
// on the result. Goal: verification adds at most 10 % wall time (one peer reports +13 % to +30 %).
// Run: npx tsx bench/verify-signatures.ts [--pairs 5] [--bin PATH] (dist/ is built first when missing or stale)
// Measured 2026-11-25 on a quiet 2-core machine (load under 1, Node 24.21.0): wall ratio 1.05 (5 pairs;
// CPU 1.07, peak RSS 1.06, about 2.4 s a bundle) and 1.08 (7 pairs; CPU 1.14): the goal is met;
// verify --signatures 0.25 to 0.35 s. Earlier the same day, on a shared 2-core machine (load average 4 to 7, other jobs running), three
// runs: wall ratio 1.06, 1.29 and 1.01 (5, 7, 5 pairs), CPU ratio 1.10, 1.10, 1.01, peak RSS 0.98
// (about 110 MiB either way); verify --signatures 0.24 to 0.37 s wall. The wall spread is the
// machine's load; a quiet machine is needed to call the goal met. Again later that day, as loaded
// (3 pairs each): wall 0.93 and 0.87, CPU 0.98 and 1.08 - a verified run faster than a plain one
// is the noise, not the check.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from '../test/support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { opensslKey, pushCosignSignature } from '../test/support/cosign-sign.js';
import { builtOursBin, formatPair, measure, median, runPairs, type Run, type Side } from './lib/pairs.js';

const MiB = 1024 * 1024;
const IMAGES = 50;
const BIN = builtOursBin();

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'airgap-bench-sigs-'));
  const reg = await startRegistry();
  try {
    const specs: SyntheticImageSpec[] = Array.from({ length: IMAGES }, (_, n) => ({
      name: `bench.example/shop/svc-${n}`,
      tag: '1',
      baseLayers: [{ seed: 'shop-base', size: 8 * MiB }],
      layers: [{ seed: `svc-${n}`, size: 2 * MiB }],
    }));
    const key = opensslKey(work, 'signer', 'p256');
    for (const img of await writeSyntheticImages(join(work, 'seed'), specs)) {
      await pushRaw(reg.host, img);
      await pushCosignSignature({ host: reg.host, repo: img.name, tagDigest: img.digest, key, dir: work });
    }
    const pairs = Math.max(3, Number(process.argv[process.argv.indexOf('--pairs') + 1] || 5));
    const bundleArgs = (out: string, extra: string[]) => [
      'bundle',
      ...specs.flatMap((s) => ['--image', `${s.name}:${s.tag}`]),
      '--mirror',
      `bench.example=${reg.host}/bench.example`,
      ...extra,
      '-q',
      '-o',
      out,
    ];
    // each run on a cold cache of its own, its output removed first: only the bundle differs
    const side = (name: string, extra: string[]): Side => {
      const s: Side = { name, cmd: BIN, args: [], env: { CI: 'true' } };
      s.before = async (i) => {
        const cache = join(work, `cache-${name}-${i}`);
        await rm(cache, { recursive: true, force: true });
        s.env = { CI: 'true', HELM_AIRGAP_CACHE: cache };
        s.args = bundleArgs(join(work, `${name}.tar`), extra);
      };
      return s;
    };
    const r = await runPairs(side('verified', ['--verify-key', key.publicFile]), side('plain', []), pairs);
    console.log(formatPair(`bundle ${IMAGES} images, cold cache: --verify-key against none`, r, 'plain', pairs));
    const more = (r.ratio.wall - 1) * 100;
    console.log(`  goal: wall at most 10 % more — ${r.ratio.wall <= 1.1 ? 'met' : 'NOT met'} (${more >= 0 ? '+' : ''}${more.toFixed(1)} %)`);
    const offline: Run[] = [];
    for (let i = 0; i < pairs; i++) offline.push(await measure(BIN, ['verify', '--signatures', join(work, 'verified.tar'), '-q']));
    const m = (f: (r: Run) => number) => median(offline.map(f));
    console.log(
      `verify --signatures, offline, the whole bundle (median of ${pairs}): ${m((r) => r.wallS).toFixed(2)} s wall, ${m((r) => r.cpuS).toFixed(2)} s CPU, ${m((r) => r.peakRssMiB).toFixed(0)} MiB peak RSS`,
    );
  } finally {
    await reg.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
