// bench/verify-signatures: what checking signatures at bundle time costs. 50 images (a shared
// 8 MiB base, 2 MiB of their own), each with a cosign .sig made by openssl over a P-256 key, in a
// local docker-registry. The same bundle is made with and without --verify-key (signatures are
// carried either way), alternating, each run on a cold cache; then verify --signatures on the
// result. Goal: verification adds at most 10 % wall time (one peer reports +13 % to +30 %).
// Run: npm run build && npx tsx bench/verify-signatures.ts
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRegistry } from '../test/support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';
import { opensslKey, pushCosignSignature } from '../test/support/cosign-sign.js';

const MiB = 1024 * 1024;
const IMAGES = 50;
const ROUNDS = 3;
const BIN = fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));

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
    const bundle = async (run: string, extra: string[]) => {
      const env = { ...process.env, HELM_AIRGAP_CACHE: join(work, `cache-${run}`), CI: 'true' };
      const args = [
        'bundle',
        ...specs.flatMap((s) => ['--image', `${s.name}:${s.tag}`]),
        '--mirror',
        `bench.example=${reg.host}/bench.example`,
        ...extra,
        '-q',
        '-o',
        join(work, `${run}.tar`),
      ];
      const t = performance.now();
      await execa(BIN, args, { env });
      return performance.now() - t;
    };
    const plain: number[] = [];
    const verified: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      plain.push(await bundle(`plain-${i}`, []));
      verified.push(await bundle(`verified-${i}`, ['--verify-key', key.publicFile]));
    }
    const t = performance.now();
    await execa(BIN, ['verify', '--signatures', join(work, 'verified-0.tar'), '-q']);
    const offline = performance.now() - t;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const p = median(plain);
    const v = median(verified);
    console.log(`${IMAGES} images, cold cache, median of ${ROUNDS}:`);
    console.log(`  bundle                   ${(p / 1000).toFixed(2)} s`);
    console.log(`  bundle --verify-key      ${(v / 1000).toFixed(2)} s  (${(((v - p) / p) * 100).toFixed(1)} % more; goal <= 10 %)`);
    console.log(`  verify --signatures      ${(offline / 1000).toFixed(2)} s  (offline, the whole bundle)`);
  } finally {
    await reg.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
