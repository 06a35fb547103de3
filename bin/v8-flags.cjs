// V8 flags the CLI sets on itself at start, for the command it runs: bin/helm-airgap-fast.cjs and
// bin/helm-airgap-sea.cjs call it before any code of the CLI is compiled. Not on Node's command
// line from the launcher: the flags differ between V8 versions, the launcher does not know which
// Node it starts (the portable tarball runs on any of bin/node-floor.cjs's range; it ran on Node 20 once), and a flag a Node does not know
// stops it at start (Node 24: "bad option: --interrupt-budget").
//
// `template` renders once and exits: V8's optimizing compiler spent more time compiling the
// render's functions than the optimized code ever ran. valgrind, counting every thread and the
// compiling too:
// - Node 20 (V8 11): eight times V8's budget before a function counts as hot. The bench's small
//   charts take 22-25% fewer instructions, kube-prometheus-stack 41% fewer (4.33G -> 2.57G); 4x
//   3.42G, 16x 2.54G, no TurboFan at all 3.08G.
// - Node 22 and later (V8 12 and later, whose mid tier Maglev compiles fast): no TurboFan.
//   kube-prometheus-stack on Node 24: 2.24G -> 1.96G; the include-heavy chart unchanged (0.42G);
//   the budget's successors (--invocation-count-for-turbofan=24000) 2.04-2.22G.
// - Node 22 and later, Maglev too only after 4,000 calls of a function instead of 400: Maglev
//   compiles on V8's helper threads, so its cost shows in CPU more than wall, and few of a render's
//   functions run long enough after their 400th call to repay it. Under valgrind (medians of 2, own
//   code cache each): the umbrella chart 521M -> 452M instructions, the include-heavy chart 517M
//   -> 466M, cert-manager 554-623M -> 491-506M. bench/template against the build without it (11
//   pairs, quiet machine): CPU 0.75x on cert-manager, 0.82x on the umbrella, 0.89x on the
//   include-heavy chart, 0.97x on kube-prometheus-stack; peak RSS 6-15% less. The one cost is
//   kube-prometheus-stack's wall, 5-7% more (15 pairs; 2,000 calls: 0-5%, within noise of both).
//   No Maglev at all saved as much on the small charts and cost kube-prometheus-stack a third
//   more wall.
// Set at run time they act as on the command line (Node 20, include-heavy chart: 515M with the
// flag given to node, 517M set here, 660M without). images and values keep V8's defaults: their
// hundreds of renders pay for the optimized code.
//
// `template` also keeps V8's young generation at its first 1 MiB semi-space (growth factor 1): V8
// grows it to 16 MiB over a large chart, kube-prometheus-stack then peaking at 115 MiB against 90
// MiB (about 10% more wall without the cap). copy, push and sync keep it so too, for memory
// (bin/helm-airgap says what it saves), and keep V8's optimizing compilers: without them
// (--no-maglev --no-turbofan) a sync of 2,000 repositories took 1.55x the CPU and 1.16x the wall
// (bench/sync --repos 2000, 2 rounds), though a sync of 12 x 3 tags used 13% less CPU and 7 MiB less
// memory. --max-opt=1 set at run time changes nothing on V8 12 and later (copying 20 images: 158
// Maglev and 3 TurboFan compiles with it, 160 and 3 without, --trace-opt).
//
// Here, not on Node's command line (--max-semi-space-size=1, --max-opt=1), as the launcher once
// gave them: V8 checks a code cache against a hash of every flag not at its default, Node 20's V8
// counts the heap's sizes in it, and so every built-in module Node loaded after its start (36 for a
// template: streams, zlib, vm, net; crypto, http, https and fs/promises for a copy) was compiled
// again instead of read from Node's own cache: 6 ms of a 70 ms template, 14 ms of a 57 ms copy
// with nothing to do. A flag set at run time changes the hash for whatever loads after it too, so
// the entries load code-cache.cjs' built-ins first, and this loads the ones a command always uses
// (BY_COMMAND's loads) before setting its flags.
//
// Only flags V8 reads when it makes something anew (a regular expression's data, a decision to
// optimize a function, the young generation's next size), never one it reads again about objects
// made before the change. images and values once set --no-regexp-tier-up here: V8 then ran a
// regular expression that Node had compiled to bytecode before the change as machine code, and a
// quarter of `images --render-max-steps 2M --optional CHART` runs from the module entry died of
// SIGSEGV in NativeRegExpMacroAssembler::Execute (CI; gdb here). --regexp-tier-up-ticks is read
// only when an expression is created (its count of runs before machine code), so the ones made
// earlier keep the bytecode-then-machine-code path they began on.
'use strict';

/**
 * Sets the flags for the command this process runs: the one bin/helm-airgap found on the line
 * (HELM_AIRGAP_COMMAND, taken out of the environment here: the processes the CLI runs are not
 * ours), else `first`, the first argument. Returns them ('' for none), for names that depend on
 * them (code caches).
 */
exports.setV8Flags = function setV8Flags(first) {
  const command = process.env.HELM_AIRGAP_COMMAND ?? first;
  delete process.env.HELM_AIRGAP_COMMAND;
  const set = Object.hasOwn(BY_COMMAND, command) ? BY_COMMAND[command] : undefined;
  if (!set) return '';
  const flags = set.flags(Number(process.versions.v8.split('.')[0]));
  const v8 = require('node:v8');
  for (const m of [...(typeof set.loads === 'function' ? set.loads() : set.loads), ...(set.streams ? streamModules() : [])]) require(m);
  v8.setFlagsFromString(flags);
  return flags;
};

/**
 * The built-ins process.stdout and process.stderr will load: net for a pipe or a socket (how
 * Helm, a shell pipeline or a bench reads us), net and tty for a terminal; none for files and
 * /dev/null. Told from fstat alone (node:tty itself loads net).
 */
function streamModules() {
  const fs = require('node:fs');
  let devNull;
  const kinds = [1, 2].map((fd) => {
    try {
      const st = fs.fstatSync(fd);
      if (st.isFIFO() || st.isSocket()) return 'pipe';
      if (!st.isCharacterDevice()) return 'file';
      devNull ??= fs.statSync('/dev/null').rdev;
      return st.rdev === devNull ? 'file' : 'tty';
    } catch {
      return 'file';
    }
  });
  if (kinds.includes('tty')) return ['node:net', 'node:tty'];
  return kinds.includes('pipe') ? ['node:net'] : [];
}

/**
 * `arg` names a folder holding a Chart.yaml and no chart archive in its charts/ (the layout `helm
 * dependency update` leaves): a render that inflates nothing. A guess for speed only: a wrong one
 * costs a few ms (zlib then compiles without Node's code cache), and archives deeper down are not
 * looked for.
 */
function inflatesNothing(arg) {
  if (arg.startsWith('-')) return false;
  try {
    const fs = require('node:fs');
    if (fs.statSync(`${arg}/Chart.yaml`, { throwIfNoEntry: false })?.isFile() !== true) return false;
    const deps = fs.statSync(`${arg}/charts`, { throwIfNoEntry: false });
    return !deps?.isDirectory() || !fs.readdirSync(`${arg}/charts`).some((n) => n.endsWith('.tgz'));
  } catch {
    return false;
  }
}

const YOUNG = '--semi-space-growth-factor=1';
// copy, push and sync: Node's modules they load in every run (digests, the registry transport,
// the layout writer), loaded before the flags are set
const COPYING = { flags: () => YOUNG, loads: ['node:crypto', 'node:http', 'node:https', 'node:fs/promises'] };
/**
 * images and values: every regular expression made from here on compiled once, to machine code,
 * not first to bytecode and then again (the header says why not --no-regexp-tier-up). Both hash
 * what they read (node:crypto), which the code cache's check no longer loads for them.
 */
const RENDERING = { flags: () => '--regexp-tier-up-ticks=0', loads: ['node:zlib', 'node:crypto'], streams: true };
/** Per command: its flags by V8's major version, and the built-ins to load before setting them. */
const BY_COMMAND = {
  template: {
    flags: (v8Major) => `${v8Major < 12 ? '--interrupt-budget=540672' : '--no-turbofan --invocation-count-for-maglev=4000'} ${YOUNG}`,
    // node:zlib for a chart archive, a chart from a repository or a folder with archived
    // dependencies; a render that inflates nothing never loads it (the bundle loads zlib at first
    // use, scripts/build.mjs). valgrind, medians of 3, own code caches: a one-ConfigMap chart
    // folder 222M -> 220M instructions, bench/template's umbrella 445M -> 440M and include-heavy
    // chart 447M -> 442M; CPU 1-4% less (11 alternating runs, a loaded machine). node:v8 loads
    // the streams zlib would have brought already (its heap snapshots are streams).
    loads: () => (process.argv.slice(2).some(inflatesNothing) ? [] : ['node:zlib']),
  },
  copy: COPYING,
  push: COPYING,
  sync: COPYING,
  images: RENDERING,
  values: RENDERING,
};
