// Bundles src/main.ts and its dependencies into one ESM file, so the plugin runs on a host
// that has only Node 20 (no node_modules): the offline install path.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/helm-airgap.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  define: { __HELM_AIRGAP_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __airgapRequire } from 'node:module'; const require = __airgapRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
