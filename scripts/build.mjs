// Bundles src/main.ts and its dependencies into dist/helm-airgap.mjs and the chunks it loads
// (dist/chunks/), so the plugin runs on a host that has only Node 20 (no node_modules): the
// offline install path. Split, not one file: each command imports its use case (the template
// engine, the AWS SDK, tar, yaml) only when it runs, so `--help` and `version` compile only the
// CLI's declarations (bench/start.ts measures it).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// chunk names carry content hashes: drop the previous build's so none is left behind
await rm(new URL('../dist/chunks', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { 'helm-airgap': 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  define: { __HELM_AIRGAP_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give every ESM chunk one.
  banner: {
    js: "import { createRequire as __airgapRequire } from 'node:module'; const require = __airgapRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
