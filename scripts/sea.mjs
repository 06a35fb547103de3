// Self-contained executables for the per-platform plugin tarballs (scripts/package.mjs): one file
// per platform holding a pinned Node LTS and the whole CLI, made with Node's single-executable
// application support, so the plugin runs where Helm runs and Node does not.
//
// Everything comes from the npm registry by exact version and is checked against the sha512 npm
// publishes (its `integrity`), fetched by scripts/pinned-node.mjs: Node itself from the official
// `node-linux-*` packages (the pins live there), and postject, the injector Node's documentation names. Node 24 can write the blob
// (--experimental-sea-config) but not put it into a binary: `--build-sea` arrived in Node 25.
// They are fetched with `npm pack` when a package is made, not installed as devDependencies:
// npm refuses a dependency whose `cpu` is not the host's (the arm64 Node on an amd64 machine),
// and every `npm ci` would download 105 MB that only packaging needs. npm's cache and the
// unpacked copy under ~/.cache/helm-airgap-tools/npm (as scripts/install-helm.sh does for Helm)
// make later runs offline.
//
// The CLI is one CommonJS script, an asset of the executable run by its small entry with a code
// cache written at run time (bin/helm-airgap-sea.cjs says why). Each platform's blob is written and
// its executable started by its own Node: under qemu-user for the other architecture (Debian's
// qemu-user-static and the cross C libraries, scripts/setup.sh). Node's flags are taken from a first
// `--node-options=` argument (the launcher passes --single-threaded-gc and NODE_OPTIONS that way).
//
// Made executables and tarballs are kept under .tmp/sea, named by a hash of everything that goes
// into them, so a test run or a second `npm run package` with nothing changed reuses them: making
// one costs ~10 s of CPU (copying and injecting a 125 MB binary, then gzip).
import { CJS_IMPORT_META } from './cjs-import-meta.mjs';
import { OPTIONAL_PEERS } from './optional-peers.mjs';
import { NODE_PINS, NODE_VERSION, npmPackage } from './pinned-node.mjs';
import { build } from 'esbuild';
import { catalogAsJsonText } from './catalog.mjs';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

export { NODE_VERSION, hostNode } from './pinned-node.mjs';

/**
 * Every platform a tarball is made for, by Helm's names (GOOS-GOARCH): the npm package of its Node
 * and the sha512 npm publishes for it, and how a host of another architecture runs that Node
 * (qemu-user and the C library it loads).
 */
export const PLATFORMS = [
  {
    name: 'linux-amd64',
    os: 'linux',
    arch: 'amd64',
    node: NODE_PINS[NODE_VERSION]['linux-amd64'],
    emulator: { qemu: 'qemu-x86_64-static', sysroot: '/usr/x86_64-linux-gnu', debian: 'qemu-user-static libc6-amd64-cross libstdc++6-amd64-cross' },
  },
  {
    name: 'linux-arm64',
    os: 'linux',
    arch: 'arm64',
    node: NODE_PINS[NODE_VERSION]['linux-arm64'],
    emulator: { qemu: 'qemu-aarch64-static', sysroot: '/usr/aarch64-linux-gnu', debian: 'qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross' },
  },
];

const POSTJECT = {
  pkg: 'postject',
  version: '1.0.0-alpha.6',
  integrity: 'sha512-b9Eb8h2eVqNE8edvKdwqkrY6O7kAwmI8kcnBv1NScolYJbo59XUF0noFq+lxbC1yN20bmC0WBEbDC5H/7ASb0A==',
};
// the sentinel Node's single-executable support looks for (doc/api/single-executable-applications.md)
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
// no code cache at build time: the entry is small, and the CLI's is written at run time (bin/code-cache.cjs)
const SEA_CONFIG = { disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, execArgvExtension: 'cli' };
const CACHE = join(root, '.tmp', 'sea');
// made executables and tarballs kept per platform: the last only (each is 40-130 MB)
const KEEP = 1;

const HOST_ARCH = { x64: 'amd64', arm64: 'arm64' }[process.arch];

/**
 * How to run a platform's own programs on this host: `cmd` goes before the program and its
 * arguments (empty on the platform itself, qemu-user and the C libraries' folder elsewhere).
 */
export async function runnerFor(platform) {
  if (process.platform === platform.os && HOST_ARCH === platform.arch) return { cmd: [] };
  const { qemu, sysroot, debian } = platform.emulator;
  const hint = `apt-get install -y ${debian} (./scripts/setup.sh does this)`;
  const found = await run('sh', ['-c', `command -v ${qemu}`]).catch(() => undefined);
  if (!found) throw new Error(`${qemu} is missing: the ${platform.name} executable is made and tested under it\nnext: ${hint}`);
  if (!existsSync(sysroot)) throw new Error(`${sysroot} is missing: qemu needs the ${platform.name} C libraries\nnext: ${hint}`);
  return { cmd: [found.stdout.trim(), '-L', sysroot] };
}

/**
 * The executables' scripts: `main`, their entry (bin/helm-airgap-sea.cjs with what it requires),
 * and `assets` by name: cli.cjs, the whole CLI as one CommonJS script, the one-command bundles
 * of dist/fast (npm run build first), and digests.json, the SHA-256 of each of those: the key
 * their code caches are made and checked with (bin/code-cache.cjs), taken here once rather than
 * at every start (hashing cli.cjs, 2.6 MB, took 3 ms of a 55 ms `version`).
 */
export async function bundleForExecutables(version) {
  const fast = join(root, 'dist', 'fast');
  const assets = { 'cli.cjs': join(root, 'dist', 'sea', 'cli.cjs') };
  for (const f of (await readdir(fast)).filter((f) => f.endsWith('.cjs'))) assets[`fast/${f}`] = join(fast, f);
  const out = { main: join(root, 'dist', 'sea', 'main.cjs'), assets };
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    external: OPTIONAL_PEERS,
  };
  await rm(join(root, 'dist', 'sea'), { recursive: true, force: true });
  await build({ ...common, entryPoints: [join(root, 'bin', 'helm-airgap-sea.cjs')], outfile: out.main });
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'main.ts')],
    outfile: assets['cli.cjs'],
    plugins: [catalogAsJsonText],
    // as the one-command bundles (scripts/build.mjs says why)
    minifyWhitespace: true,
    charset: 'ascii',
    banner: CJS_IMPORT_META.banner,
    define: { ...CJS_IMPORT_META.define, __HELM_AIRGAP_VERSION__: JSON.stringify(version) },
  });
  const digests = {};
  for (const [name, file] of Object.entries(assets))
    digests[name] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  assets['digests.json'] = join(root, 'dist', 'sea', 'digests.json');
  await writeFile(assets['digests.json'], JSON.stringify(digests));
  return out;
}

/**
 * The executable for one platform, from the cache or made now: the platform's Node with the
 * `scripts` (bundleForExecutables) injected. Returns its path (under .tmp/sea; copy it, do not move it) and that
 * of Node's license, which goes beside it.
 */
export async function executableFor(platform, scripts, version) {
  const nodeDir = await npmPackage(platform.node.pkg, NODE_VERSION, platform.node.integrity);
  const key = hash([
    await readFile(scripts.main),
    ...(await Promise.all(Object.entries(scripts.assets).flatMap(([k, f]) => [k, readFile(f)]))),
    platform.name,
    platform.node.integrity,
    POSTJECT.integrity,
    JSON.stringify(SEA_CONFIG),
    await readFile(new URL(import.meta.url)),
  ]);
  const dir = join(CACHE, `exe-${platform.name}-${key}`);
  const exe = join(dir, 'helm-airgap');
  const made = { exe, license: join(nodeDir, 'LICENSE') };
  if (existsSync(exe)) return touched(made, dir);
  const runner = await runnerFor(platform);
  const postject = await npmPackage(POSTJECT.pkg, POSTJECT.version, POSTJECT.integrity);
  const work = `${dir}.partial-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const config = join(work, 'sea-config.json');
    const blob = join(work, 'sea.blob');
    await writeFile(config, JSON.stringify({ main: scripts.main, output: blob, assets: scripts.assets, ...SEA_CONFIG }));
    const node = join(nodeDir, 'bin', 'node');
    const [blobber, ...blobArgs] = [...runner.cmd, node, '--experimental-sea-config', config];
    await run(blobber, blobArgs);
    const out = join(work, 'helm-airgap');
    await copyFile(node, out);
    await chmod(out, 0o755);
    // postject's LIEF prints a warning per section it renames: kept for a failure's report only
    const inject = `require(${JSON.stringify(join(postject, 'dist', 'api.js'))}).inject(process.argv[1], 'NODE_SEA_BLOB', require('node:fs').readFileSync(process.argv[2]), { sentinelFuse: ${JSON.stringify(FUSE)} })`;
    await run(process.execPath, ['-e', inject, out, blob], { maxBuffer: 16 << 20 }).catch((err) => {
      throw new Error(`postject could not inject the CLI into ${platform.name}'s node: ${String(err.stderr).slice(-2000)}`);
    });
    await rm(blob);
    // a binary that cannot start is never cached nor packed
    const [started, ...startArgs] = [...runner.cmd, out, '--version'];
    const said = (await run(started, startArgs)).stdout.trim();
    if (said !== version) throw new Error(`the ${platform.name} executable printed ${JSON.stringify(said)} for --version, not ${version}`);
    await rename(work, dir).catch((err) => {
      // another process (one not holding withLock) made the same executable meanwhile: same key, same bytes
      if ((err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') || !existsSync(exe)) throw err;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await prune(`exe-${platform.name}-`);
  return made;
}

/**
 * A tarball of `files` ([path in the tarball, file, folder or Buffer]), kept under .tmp/sea named
 * by their content, made by `make(out)` when it is not there yet: each gzip of an executable takes
 * ~6 s of CPU. An executable counts by its path, which carries its own key.
 */
export async function cachedTarball(label, files, make) {
  const parts = [];
  for (const [to, from] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) parts.push(to, await contentOf(from));
  const out = join(CACHE, `tgz-${label}-${hash(parts)}.tgz`);
  if (existsSync(out)) return touched(out, out);
  await mkdir(CACHE, { recursive: true });
  await make(`${out}.partial-${process.pid}`);
  await rename(`${out}.partial-${process.pid}`, out);
  await prune(`tgz-${label}-`);
  return out;
}

/**
 * Runs `fn` holding the packaging lock: the test files that run `npm run package` start at the
 * same time, and the second waits for the first's executables instead of making them again.
 */
export async function withLock(fn) {
  await mkdir(CACHE, { recursive: true });
  return withDirLock(join(CACHE, 'lock'), fn);
}

/** Runs `fn` while holding `lock` (a folder made exclusively, the holder's pid inside; a dead holder's is taken over). */
export async function withDirLock(lock, fn) {
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
      if (pid && !alive(pid)) await rm(lock, { recursive: true, force: true });
      // a build script waiting on another process: there is no event to wait for
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function contentOf(path) {
  if (Buffer.isBuffer(path)) return path;
  if (!(await stat(path)).isDirectory()) return path.startsWith(CACHE) ? path : readFile(path);
  const parts = [];
  for (const name of (await readdir(path)).sort()) parts.push(name, await contentOf(join(path, name)));
  return hash(parts);
}

function hash(parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? `${p.length}:${p}` : p);
  return h.digest('hex').slice(0, 20);
}

/** Marks a cache entry as used now, so pruning keeps the entries in use. */
async function touched(result, entry) {
  const now = new Date();
  await utimes(entry, now, now);
  return result;
}

async function prune(prefix) {
  const entries = [];
  for (const name of await readdir(CACHE)) {
    if (name.startsWith(prefix) && !name.includes('.partial-')) entries.push({ name, t: (await stat(join(CACHE, name))).mtimeMs });
  }
  entries.sort((a, b) => b.t - a.t);
  for (const { name } of entries.slice(KEEP)) await rm(join(CACHE, name), { recursive: true, force: true });
}
