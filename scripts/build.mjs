// Bundles src/main.ts and its dependencies into dist/helm-airgap.mjs and the chunks it loads
// (dist/chunks/), so the plugin runs on a host that has only Node 20 (no node_modules): the
// offline install path. Split, not one file: each command imports its use case (the template
// engine, the AWS SDK, tar, yaml) only when it runs, so `--help` and `version` compile only the
// CLI's declarations (bench/start.ts measures it).
import { build } from 'esbuild';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

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

// The answers that need no command: `--version`, `version`, `--help` and `-h` alone on the line.
// The built CLI writes them once here, and bin/helm-airgap prints them without loading commander
// and the chunks (half of a start's time; bench/start.ts). Help is laid out for a fixed width
// (src/cli/program.ts), so the text is the same on a TTY. test/cli/answers.test.ts holds every
// answer equal to what the CLI prints.
const { execFileSync } = await import('node:child_process');
const entry = new URL('../dist/helm-airgap.mjs', import.meta.url).pathname;
const answers = {};
for (const arg of ['--version', 'version', '--help', '-h']) {
  answers[arg] = execFileSync(process.execPath, [entry, arg], { encoding: 'utf8', env: { ...process.env, HELM_AIRGAP_NO_ANSWERS: '1' } });
}
const answersFile = new URL('../dist/answers.json', import.meta.url);
await writeFile(new URL('../dist/answers.json.partial', import.meta.url), JSON.stringify(answers) + '\n');
await rename(new URL('../dist/answers.json.partial', import.meta.url), answersFile);
