// The entry of the self-contained executables (bin/helm-airgap-OS-ARCH in the per-platform plugin
// tarballs): scripts/sea.mjs bundles this file and the whole CLI into one CommonJS script, which
// Node's single-executable support runs on the Node inside the binary. One script, not the module
// entry and its chunks: an executable loads only Node's built-in modules, and the script's V8 code
// cache goes into the binary with it (without it every start compiled 3.4 MB of JavaScript again).
'use strict';
// NODE_EXTRA_CA_CERTS, which the launcher kept from Node's start for `copy` and `template` (it says why), is back
// in the environment for the processes the CLI runs (credential helpers); Node reads it only at start.
if (process.env.HELM_AIRGAP_EXTRA_CA_CERTS) process.env.NODE_EXTRA_CA_CERTS = process.env.HELM_AIRGAP_EXTRA_CA_CERTS;
require('./v8-flags.cjs').setV8Flags(process.argv[2]);
require('../src/main.ts');
