// The Node entry the launcher (bin/helm-airgap) gives copy, sync, template, images, values and version when first on the
// line: it runs dist/fast/COMMAND.cjs, one CommonJS file holding the CLI and that command only
// (scripts/build.mjs), instead of dist/helm-airgap.mjs and the ES module chunks it loads. Node 20
// spent ~20 ms of a copy's start resolving, linking and compiling those modules, and has no compile
// cache for them; a script compiled here can use V8's code cache (bin/code-cache.cjs), which saves
// ~10 ms more.
'use strict';
// the Node it runs on first: outside the range the launcher says so (bin/node-floor.cjs)
require('./node-floor.cjs').refuseUnsupported(process.argv.slice(2));
const Module = require('node:module');
const { join } = require('node:path');

// NODE_EXTRA_CA_CERTS, which the launcher kept from Node's start (it says why), is back in the
// environment for the processes copy runs (credential helpers); Node reads it only at start.
if (process.env.HELM_AIRGAP_EXTRA_CA_CERTS) process.env.NODE_EXTRA_CA_CERTS = process.env.HELM_AIRGAP_EXTRA_CA_CERTS;

const command = process.argv[2];
// code-cache.cjs first: the built-ins it loads (vm, module, os) keep Node's own code cache
// only if no V8 flag has changed yet (bin/v8-flags.cjs says why)
const { runWithCodeCache, requireApart, readSource } = require('./code-cache.cjs');
const v8Flags = require('./v8-flags.cjs').setV8Flags(command);
const dir = join(__dirname, '..', 'dist', 'fast');
const requireFrom = requireApart(Module.createRequire(join(dir, `${command}.cjs`)), run);
run(command);

/** dist/fast/NAME.cjs, with its own code cache: the command's bundle, then the packages it requires apart. */
function run(name) {
  const file = join(dir, `${name}.cjs`);
  return runWithCodeCache({
    name,
    ...readSource(file),
    filename: file,
    dirname: dir,
    v8Flags,
    require: requireFrom,
  });
}
