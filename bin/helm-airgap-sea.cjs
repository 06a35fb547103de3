// The entry of the self-contained executables (bin/helm-airgap-OS-ARCH in the per-platform plugin
// tarballs), which Node's single-executable support runs on the Node inside the binary. The CLI
// comes as assets beside it (scripts/sea.mjs), CommonJS scripts, since an executable loads only
// Node's built-in modules: fast/COMMAND.cjs for the commands that have one (the CLI and that
// command only, as the portable launcher runs them: bin/helm-airgap-fast.cjs), else cli.cjs.
// Each runs with a V8 code cache written at the end of a run (bin/code-cache.cjs): the cache V8
// embeds at build time holds the top level only, and a render then compiled lazily (umbrella
// chart: 0.13 s against 0.10 s).
'use strict';
const Module = require('node:module');
const { dirname, join } = require('node:path');
const sea = require('node:sea');
// before the V8 flags are set (bin/v8-flags.cjs says why)
const { runWithCodeCache, requireApart } = require('./code-cache.cjs');

// NODE_EXTRA_CA_CERTS, which the launcher kept from Node's start for `copy` and `template` (it says why), is back
// in the environment for the processes the CLI runs (credential helpers); Node reads it only at start.
if (process.env.HELM_AIRGAP_EXTRA_CA_CERTS) process.env.NODE_EXTRA_CA_CERTS = process.env.HELM_AIRGAP_EXTRA_CA_CERTS;
// the command wherever it stands on the line, one bin/helm-airgap knows, before v8-flags takes it
const known = process.env.HELM_AIRGAP_COMMAND;
const command = known ?? process.argv[2];
const v8Flags = require('./v8-flags.cjs').setV8Flags(command);
const exe = process.execPath;
// each asset's SHA-256, taken when the executable was made (scripts/sea.mjs says why): what its
// code cache is made from, so a cache of another build is never taken for this one's
const digests = JSON.parse(sea.getAsset('digests.json', 'utf8'));
// a one-command bundle requires some packages apart (scripts/build.mjs, APART), each once
const requireFrom = requireApart(Module.createRequire(exe), (name) => run(`fast/${name}.cjs`, `exe-${name}`));
// named first, as the portable launcher picks dist/fast (options first go to the whole CLI)
const fast = command === process.argv[2] && /^[a-z]+$/.test(command) && hasAsset(`fast/${command}.cjs`);

// a cache per command: one written by `version` would hold none of a render's functions
run(fast ? `fast/${command}.cjs` : 'cli.cjs', fast ? `exe-${command}` : known ? `exe-cli-${known}` : 'exe-cli');

function hasAsset(name) {
  try {
    sea.getRawAsset(name);
    return true;
  } catch {
    return false;
  }
}

function run(asset, name) {
  return runWithCodeCache({
    name,
    bytes: Buffer.from(sea.getRawAsset(asset)),
    digest: digests[asset] && Buffer.from(digests[asset], 'hex'),
    filename: join(dirname(exe), asset),
    dirname: dirname(exe),
    v8Flags,
    require: requireFrom,
  });
}
