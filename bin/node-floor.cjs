// The Node.js releases the portable CLI runs on, as data: package.json's engines.node, the range
// its dependencies declare (@sigstore/verify 4, which checks Rekor v2 bundles, and @sigstore/bundle
// and core with it: ^22.22.2 || ^24.15.0 || >=26). Node 20 ended in April 2026; 23 and 25, and the
// lines' releases before those, are outside the range too. test/cli/node-floor.test.ts holds
// package.json to this, and the launcher's wording (bin/helm-airgap: runs_on, install_node) to it.
//
// The entries (bin/helm-airgap.mjs, bin/helm-airgap-fast.cjs) check the running Node before
// anything else, which costs nothing at start; the sh launcher cannot know the version of the
// node it starts without starting one. On a Node outside the range they hand the line back to the
// launcher with HELM_AIRGAP_NODE_OUTSIDE set, which says so as it does for a host with no node at
// all (the per-platform tarball to use instead; doctor's report). scripts/setup.sh and
// scripts/plugin-install.sh run this file (`node bin/node-floor.cjs`) for the same check.
'use strict';

/**
 * Per release line: its major version and its first release we run on; `later`: every major after
 * it too; `advised`: the one a message tells to install (the active LTS; the executables carry 24).
 */
const LINES = [
  { major: 22, from: '22.22.2' },
  { major: 24, from: '24.15.0', advised: true },
  { major: 26, from: '26.0.0', later: true },
];

/** As npm writes it (package.json engines.node). */
exports.RANGE = LINES.map((l) => (l.later ? `>=${l.major}` : `^${l.from}`)).join(' || ');
/** As the launcher's messages write it. */
exports.TEXT = `Node.js ${LINES.map((l) => (l.later ? `${l.major}+` : `${l.from.replace(/\.0$/, '')}+`))
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1')}`;

/** What a message tells to install. */
exports.INSTALL = `Node.js ${short(LINES.find((l) => l.advised).from)}+`;

/** Whether Node `version` (process.versions.node's form, a leading v allowed) is in the range. */
exports.supported = function supported(version) {
  const v = parse(version);
  return v !== undefined && LINES.some((l) => (l.later ? v[0] >= l.major : v[0] === l.major) && compare(v, parse(l.from)) >= 0);
};

/**
 * Returns when this process runs on a supported Node; else runs the launcher beside this file with
 * `args` and HELM_AIRGAP_NODE_OUTSIDE (it writes the refusal) and exits with its status.
 */
exports.refuseUnsupported = function refuseUnsupported(args) {
  if (exports.supported(process.versions.node)) return;
  const { spawnSync } = require('node:child_process');
  const launcher = require('node:path').join(__dirname, 'helm-airgap');
  const r = spawnSync(launcher, args, {
    stdio: 'inherit',
    env: { ...process.env, HELM_AIRGAP_NODE_OUTSIDE: `v${process.versions.node}`, HELM_AIRGAP_NO_ANSWERS: '1' },
  });
  process.exit(r.status ?? 1);
};

/** 24.15.0 as 24.15 */
function short(version) {
  return version.replace(/\.0$/, '');
}

function parse(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

if (require.main === module) exports.refuseUnsupported(process.argv.slice(2));
