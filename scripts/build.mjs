// Bundles src/main.ts and its dependencies into dist/helm-airgap.mjs and the chunks it loads
// (dist/chunks/), so the plugin runs on a host that has only Node (no node_modules): the offline
// install path, on the Nodes of bin/node-floor.cjs (22.22.2 and later, hence target node22).
// Split, not one file: each command imports its use case (the template engine, the AWS SDK, tar,
// yaml) only when it runs, so `--help` and `version` compile only the CLI's declarations
// (bench/start.ts measures it).
import { CJS_IMPORT_META } from './cjs-import-meta.mjs';
import { build } from 'esbuild';
import { OPTIONAL_PEERS } from './optional-peers.mjs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { catalogAsJsonText, writeCatalog } from './catalog.mjs';

// the operator catalog's YAML compiled into the JSON module the bundles import (scripts/catalog.mjs)
writeCatalog();
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// chunk names carry content hashes: drop the previous build's so none is left behind
await rm(new URL('../dist/chunks', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { 'helm-airgap': 'src/main.ts' },
  external: OPTIONAL_PEERS,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  plugins: [catalogAsJsonText],
  define: { __HELM_AIRGAP_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give every ESM chunk one.
  banner: {
    js: "import { createRequire as __airgapRequire } from 'node:module'; const require = __airgapRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// `copy`, `sync`, `template`, `images` and `values` also as one CommonJS file each, holding the CLI and that
// command only: the launcher runs `copy ...` (command first) from dist/fast/copy.cjs through
// bin/helm-airgap-fast.cjs, which says why (`images` of a small chart: 0.18 to 0.10 CPU-s), and
// the executables carry them (scripts/sea.mjs). The other commands' modules are left out. sync's
// file is 0.54 MB, the AWS SDK apart (below): a sync with nothing to do took 0.08 CPU-s and 62 MiB
// against 0.18 CPU-s and 73 MiB from the modules (15 runs each, medians). Not push: it carries the
// bundle reader and verifier besides.
// copy into ECR needs the AWS SDK (its login and repository APIs), which would more than double
// the file (0.9 to 2.3 MB) that every copy reads, hashes and keeps: inlined, the median small copy
// (20 runs, warm code cache) took 70 ms more CPU and 8.6 MiB more peak RSS. The SDK's two clients
// live in dist/fast/aws-sdk.cjs instead, required only when a copy meets an ECR host (our own
// code stays in the one file, so its classes, errors among them, are the same objects everywhere).
// `version` (`-o json`; the launcher prints plain `version` itself) from the module entry loaded the
// modules every command shares (readline, child_process, worker_threads, net, dgram...): 210M
// instructions against node -e 0's 92M; from its 0.1 MB file 150M, CPU 0.062 -> 0.046 s (11 pairs).
const FAST = ['copy', 'sync', 'template', 'images', 'values', 'version'];
// Node's modules that a one-file bundle requires at the first use of one of their exports, not at
// start. node:fs/promises (with the readline interface it loads) was 4% of the instructions of a
// template of a local chart, which reads the chart and its settings synchronously and never uses
// it. node:zlib: only a chart archive's read needs it, and bin/v8-flags.cjs loads it before the
// flags for a template of anything but a chart folder. (node:stream: no gain, zlib streams.)
const LATER_BUILTINS = ['fs/promises', 'zlib'];

// Packages the one-command bundles require from files of their own beside them (dist/fast/FILE.cjs),
// each at the first read of one of its exports, and each with a code cache of its own (the entries,
// bin/helm-airgap-fast.cjs and bin/helm-airgap-sea.cjs, run them so). Whatever stays in a bundle is
// read and its code cache loaded at every start, used or not:
// - the AWS SDK's clients (above, and KMS's);
// - execa (162 KiB with the packages it loads), which runs credential helpers, Helm's plugins and
//   post-renderers: a template of a local chart runs none;
// - re2js (191 KiB), Go's regexps for Sprig's regex functions, which about half the charts call.
// Out of template.cjs together they took it from 1.19 to 0.77 MB: the include-heavy chart 5% less
// wall, 1.4 MiB less peak (15 pairs).
// - yaml (the full YAML reader, 168 KiB): values files, charts' own files and rendered documents go
//   through src/helm/values/yaml-fast.ts first, which gives the same values or gives up, and only
//   what it gives up on (anchors, tags, flow collections over lines, malformed text) reaches the
//   package. The bench charts, cert-manager and the shared charts' renders never load it. Out of
//   template.cjs (0.84 -> 0.67 MB), copy.cjs (0.54 -> 0.37) and sync.cjs (0.55 -> 0.38): a template
//   ran 1.0-1.7% fewer instructions (valgrind: the one-ConfigMap chart 173.9M -> 172.2M, the
//   umbrella 371M -> 365M, the include-heavy chart 366M -> 361M); bench/template against the build
//   before, 21 pairs: wall 0.96-0.99, CPU 0.96-0.98, 1 MiB less peak; a copy with nothing to do
//   279-283M -> 270-274M. images and values read with it in every run (`from` leaves it inlined
//   there: a file of its own would be one more read and cache check for nothing).
const APART = {
  '@aws-sdk/client-ecr': { file: 'aws-sdk', key: 'ecr' },
  '@aws-sdk/client-ecr-public': { file: 'aws-sdk', key: 'ecrPublic' },
  // awskms:// keys (bundle --sign-key, policy keys): inlined, images and values carried the KMS
  // client and the SDK core it pulls in (0.9 to 1.9 MB, ~10 MiB more peak RSS) on every start
  '@aws-sdk/client-kms': { file: 'aws-sdk', key: 'kms' },
  execa: { file: 'execa' },
  re2js: { file: 're2js' },
  yaml: { file: 'yaml', from: ['template', 'copy', 'sync'] },
};
await rm(new URL('../dist/fast', import.meta.url), { recursive: true, force: true });
// Whitespace and comments out, every character ASCII (esbuild escapes the rest): the launcher reads
// the file as one-byte text (bin/code-cache.cjs, scriptText), and V8 scans a one-byte source of 1.2 MB
// faster than a two-byte one of 1.7 MB. A template of the include-heavy bench chart: read 29 -> 15 ms,
// compile 32 -> 22 ms, render 68 -> 60 ms (11 runs each, medians). Names stay (errors' stacks still
// name the functions; their columns count on one long line).
const cjs = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  minify: false,
  minifyWhitespace: true,
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
  external: OPTIONAL_PEERS,
  ...CJS_IMPORT_META,
};
for (const file of new Set(Object.values(APART).map((a) => a.file))) {
  const parts = Object.entries(APART).filter(([, a]) => a.file === file);
  await build({
    ...cjs,
    stdin: {
      contents: parts.map(([name, a]) => `${a.key ? `exports.${a.key}` : 'module.exports'} = require(${JSON.stringify(name)});`).join('\n'),
      resolveDir: new URL('..', import.meta.url).pathname,
    },
    outfile: `dist/fast/${file}.cjs`,
  });
}
for (const command of FAST) {
  await build({
    ...cjs,
    entryPoints: ['src/main.ts'],
    outfile: `dist/fast/${command}.cjs`,
    define: { ...CJS_IMPORT_META.define, __HELM_AIRGAP_VERSION__: JSON.stringify(pkg.version) },
    plugins: [onlyCommand(command), packagesApart(command), commanderSpawnLater(), builtinsAtFirstUse(LATER_BUILTINS), catalogAsJsonText],
  });
}
await assertAscii(new URL('../dist/fast/', import.meta.url));
await wrapCommonJs(new URL('../dist/fast/', import.meta.url));

// The answers bin/helm-airgap (a shell launcher) prints with no Node start: version.txt
// (`--version`, `version`), help.txt (`--help`, `-h`, `help`) and help-CMD.txt (`CMD --help`,
// `CMD -h`, `help CMD`) for every command the top-level help lists. The built CLI writes them;
// help is laid out for a fixed width (src/cli/program.ts), so the text is the same on a TTY.
// test/cli/answers.test.ts holds every answer equal to what the CLI prints.
const { execFileSync } = await import('node:child_process');
const entry = new URL('../dist/helm-airgap.mjs', import.meta.url).pathname;
const ask = (args) => execFileSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, HELM_AIRGAP_NO_ANSWERS: '1' } });
const answers = { version: ask(['--version']), help: ask(['--help']) };
for (const cmd of commandsOf(answers.help)) answers[`help-${cmd}`] = ask([cmd, '--help']);
const partial = new URL('../dist/answers.partial/', import.meta.url);
await rm(partial, { recursive: true, force: true });
await mkdir(partial);
for (const [key, text] of Object.entries(answers)) await writeFile(new URL(`${key}.txt`, partial), text);
await rm(new URL('../dist/answers/', import.meta.url), { recursive: true, force: true });
await rm(new URL('../dist/answers.json', import.meta.url), { force: true });
await rename(partial, new URL('../dist/answers/', import.meta.url));

/** Every .cjs file under `dir` is ASCII only (scriptText's fast path; esbuild's charset should see to it). */
async function assertAscii(dir) {
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.cjs'))) {
    const bytes = await readFile(new URL(f, dir));
    const at = bytes.findIndex((b) => b > 0x7f);
    if (at >= 0) throw new Error(`build: ${new URL(f, dir).pathname} has a non-ASCII byte at ${at}; the fast bundles must be ASCII (esbuild charset: 'ascii')`);
  }
}

/**
 * Every .cjs file under `dir` written inside the CommonJS wrapper the launchers run it in
 * (bin/code-cache.cjs, `wrapped`, says what it saves), so that they compile the text as read.
 */
async function wrapCommonJs(dir) {
  const { createRequire } = await import('node:module');
  const { WRAP_HEAD, WRAP_TAIL } = createRequire(import.meta.url)('../bin/code-cache.cjs');
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.cjs'))) {
    const text = await readFile(new URL(f, dir), 'latin1');
    await writeFile(new URL(f, dir), WRAP_HEAD + text + WRAP_TAIL, 'latin1');
  }
}

/** The command names of the top-level help's "Commands:" section (not `help` itself). */
function commandsOf(help) {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? '';
  const names = [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  if (names.length === 0) throw new Error('build: no commands found in the top-level help');
  return names;
}

/**
 * An esbuild plugin: each package of APART is a module whose exports are getters that require its
 * file (./FILE.cjs, beside the bundle) at the first read, so importing it costs nothing at start.
 * A package whose entry names the bundles it is apart `from` stays inlined in the others.
 */
function packagesApart(command) {
  const filter = new RegExp(
    `^(${Object.keys(APART)
      .filter((n) => !APART[n].from || APART[n].from.includes(command))
      .map((n) => n.replace(/[/.-]/g, '\\$&'))
      .join('|')})$`,
  );
  return {
    name: 'packages-apart',
    setup(b) {
      b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'apart' }));
      b.onResolve({ filter: /^\.\/[a-z0-9-]+\.cjs$/ }, (a) => ({ path: a.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'apart' }, async (a) => {
        const { file, key } = APART[a.path];
        const keys = Object.keys(await import(a.path)).filter((k) => k !== 'default');
        if (keys.length === 0) throw new Error(`build: ${a.path} exports nothing the packages-apart plugin could forward`);
        const target = `require(${JSON.stringify(`./${file}.cjs`)})${key ? `.${key}` : ''}`;
        return {
          contents: `let m;\nconst load = () => (m ??= ${target});\nfor (const k of ${JSON.stringify(keys)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });\n`,
          loader: 'js',
        };
      });
    },
  };
}

/**
 * An esbuild plugin: commander requires node:child_process when it loads, for the executable
 * subcommands this CLI never declares; that module and the two it pulls in (net, dgram) were 5% of
 * the instructions of a `template` run (valgrind). Here it is required at its first spawn. The
 * build fails if commander's line changes, so the plugin never silently stops applying.
 */
function commanderSpawnLater() {
  const line = "const childProcess = require('node:child_process');";
  return {
    name: 'commander-spawn-later',
    setup(b) {
      b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (a) => {
        const text = await readFile(a.path, 'utf8');
        if (!text.includes(line)) throw new Error(`build: ${a.path} no longer has the line the commander-spawn-later plugin replaces`);
        return { contents: text.replace(line, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
      });
    },
  };
}

/**
 * An esbuild plugin: each of `names` (Node's own modules) is replaced by an object of the same
 * export names whose getters require the module at the first read. A module of ours that imports
 * one at its top no longer loads it at start.
 */
function builtinsAtFirstUse(names) {
  const byPath = new Map(
    names.flatMap((n) => [
      [n, n],
      [`node:${n}`, n],
    ]),
  );
  return {
    name: 'builtins-at-first-use',
    setup(b) {
      b.onResolve({ filter: /^(node:)?[a-z/_]+$/ }, (a) =>
        a.namespace !== 'later' && byPath.has(a.path) ? { path: byPath.get(a.path), namespace: 'later' } : undefined,
      );
      b.onResolve({ filter: /.*/, namespace: 'later' }, (a) => ({ path: a.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'later' }, async (a) => {
        const { createRequire } = await import('node:module');
        const req = createRequire(import.meta.url);
        const mod = req(`node:${a.path}`);
        const id = JSON.stringify(`node:${a.path}`);
        const keys = Object.keys(mod);
        const load = `let m;\nconst load = () => (m ??= require(${id}));\n`;
        // As an ES module when every export is a function no one constructs (named in lower case, not a
        // class: node:fs/promises') or an object node:fs exports too (loaded already): each import site then
        // calls its functions directly, each loading the module at its first call. A CommonJS module of
        // getters is copied whole (esbuild's __toESM) at every site that imports it: node:fs/promises'
        // 33 getters at 19 sites of the template bundle.
        const fs = req('node:fs');
        const plain = (k) => typeof mod[k] === 'function' && /^[a-z]/.test(k) && !/^class\b/.test(Function.prototype.toString.call(mod[k]));
        if (keys.every((k) => plain(k) || (k in fs && fs[k] === mod[k]))) {
          const lines = keys.map((k) =>
            plain(k) ? `export function ${k}(...a) { return load().${k}(...a); }` : `export const ${k} = require('node:fs').${k};`,
          );
          const all = `{ ${keys.map((k) => `get ${k}() { return load().${k}; }`).join(', ')} }`;
          return { contents: `${load}${lines.join('\n')}\nexport default ${all};\n`, loader: 'js' };
        }
        return {
          contents: `${load}for (const k of ${JSON.stringify(keys)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });\n`,
          loader: 'js',
        };
      });
    },
  };
}

/** An esbuild plugin: the command table (src/cli/commands/index.ts) loads `command` and no other. */
function onlyCommand(command) {
  return {
    name: 'only-command',
    setup(b) {
      b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (a) =>
        a.importer.endsWith('/cli/commands/index.ts') && a.path !== `./${command}.js` ? { path: a.path, namespace: 'left-out' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'left-out' }, (a) => ({
        contents: `throw new Error(${JSON.stringify(`dist/fast/${command}.cjs holds the ${command} command only, not ${a.path}: run dist/helm-airgap.mjs`)});`,
        loader: 'js',
      }));
    },
  };
}
