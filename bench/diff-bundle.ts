// bench/diff-bundle: how small a differential bundle is. Five images on a shared 40 MiB base, each
// with a 10 MiB layer of its own; v2 rebuilds two of them. Reports the full v2 bundle, the
// differential one (`--since v1`), the bytes that really changed, and the overhead past them.
// Goal: differential = changed bytes plus under 1 % of the full bundle.
// Run: npm run build && npx tsx bench/diff-bundle.ts
import { execa } from 'execa';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveReader } from '../src/layout/archive-reader.js';
import { startRegistry } from '../test/support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec } from '../test/support/synthetic-image.js';

const MiB = 1024 * 1024;
const BIN = fileURLToPath(new URL('../bin/helm-airgap', import.meta.url));

const spec = (n: number, rev: string): SyntheticImageSpec => ({
  name: `bench.example/shop/svc-${n}`,
  tag: rev,
  baseLayers: [{ seed: 'shop-base', size: 40 * MiB }],
  layers: [{ seed: `svc-${n}-${rev}`, size: 10 * MiB }],
});

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'airgap-bench-diff-'));
  const reg = await startRegistry();
  try {
    const v1 = [0, 1, 2, 3, 4].map((n) => spec(n, '1'));
    const v2 = [spec(0, '2'), spec(1, '2'), spec(2, '1'), spec(3, '1'), spec(4, '1')];
    for (const img of await writeSyntheticImages(join(work, 'seed'), [...v1, spec(0, '2'), spec(1, '2')])) await pushRaw(reg.host, img);
    const env = { ...process.env, HELM_AIRGAP_CACHE: join(work, 'cache'), CI: 'true' };
    const bundle = async (name: string, imgs: SyntheticImageSpec[], extra: string[] = []) => {
      const file = join(work, name);
      await execa(
        BIN,
        [
          'bundle',
          ...imgs.flatMap((i) => ['--image', `${i.name}:${i.tag}`]),
          '--mirror',
          `bench.example=${reg.host}/bench.example`,
          ...extra,
          '-q',
          '-o',
          file,
        ],
        { env },
      );
      return file;
    };
    const first = await bundle('v1.tar', v1);
    const full = await bundle('v2-full.tar', v2);
    const diff = await bundle('v2-diff.tar', v2, ['--since', first]);
    const blobsOf = async (f: string) => {
      const r = await ArchiveReader.open(f);
      await r.close();
      return new Map(
        r
          .entries()
          .filter((e) => e.name.startsWith('blobs/'))
          .map((e) => [e.name, e.size]),
      );
    };
    const [b1, b2] = await Promise.all([blobsOf(first), blobsOf(full)]);
    const changed = [...b2].filter(([n]) => !b1.has(n)).reduce((a, [, s]) => a + s, 0);
    const fullSize = (await stat(full)).size;
    const diffSize = (await stat(diff)).size;
    const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;
    console.log(`differential bundle, v1 -> v2 (2 of 5 images rebuilt on a shared 40 MiB base)`);
    console.log(`  full v2 bundle:         ${mib(fullSize)}`);
    console.log(`  differential (--since): ${mib(diffSize)}  (${((100 * diffSize) / fullSize).toFixed(1)} % of full)`);
    console.log(`  changed bytes:          ${mib(changed)}`);
    const overhead = (diffSize - changed) / fullSize;
    console.log(`  overhead past the changed bytes: ${mib(diffSize - changed)} = ${(100 * overhead).toFixed(3)} % of the full bundle`);
    console.log(`  goal: under 1 % — ${overhead < 0.01 ? 'met' : 'NOT met'}`);
  } finally {
    await reg.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
