// The Node entry the launcher (bin/helm-airgap) gives `copy` when it is the first argument: it runs
// dist/fast/copy.cjs, one CommonJS file holding the CLI and that command only (scripts/build.mjs),
// instead of dist/helm-airgap.mjs and the ES module chunks it loads. Node 20 spent ~20 ms of a
// copy's start resolving, linking and compiling those modules, and has no compile cache for them;
// a script compiled here can use V8's code cache, which saves ~10 ms more. The cache lives in
// $HELM_AIRGAP_CACHE/code (default ~/.cache/helm-airgap/code); HELM_AIRGAP_NO_CODE_CACHE=1 turns it off.
// It is an optimisation only: a missing, damaged, stale, foreign or rejected cache means a normal
// compile, and a cache that cannot be written is not an error.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');

// NODE_EXTRA_CA_CERTS, which the launcher kept from Node's start (it says why), is back in the
// environment for the processes copy runs (credential helpers); Node reads it only at start.
if (process.env.HELM_AIRGAP_EXTRA_CA_CERTS) process.env.NODE_EXTRA_CA_CERTS = process.env.HELM_AIRGAP_EXTRA_CA_CERTS;

const command = process.argv[2];
const file = join(__dirname, '..', 'dist', 'fast', `${command}.cjs`);
const source = fs.readFileSync(file, 'utf8');
// caches of other builds or flags (bench/copy's case D runs two) kept per command
const KEEP = 4;

const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
// V8 checks a cache against its version, its flags and the source's length only: the name carries
// a hash of the source itself (and of Node and its flags), so an edited bundle never meets an old cache.
const flags = `${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}\n`;
const key = sha256(flags, source).toString('hex').slice(0, 24);
const dir = process.env.HELM_AIRGAP_NO_CODE_CACHE ? undefined : cacheDir();
const cacheFile = dir && join(dir, `${command}-${key}.v8`);
const cachedData = cacheFile ? readCache(cacheFile) : undefined;

const script = new Script(Module.wrap(source), { filename: file, cachedData });
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, join(file, '..'));

if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // at the end of the run, so the cache holds the functions the command compiled, not only the top level
  process.once('beforeExit', () => writeCache(cacheFile, script.createCachedData()));
}

function cacheDir() {
  const env = process.env;
  const base = env.HELM_AIRGAP_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'helm-airgap');
  return join(base, 'code');
}

/**
 * The cache's bytes, if the file is ours (this user's, writable by nobody else: it becomes code)
 * and whole (V8 itself does not checksum a code cache): a sha256 of the bytes comes first.
 */
function readCache(path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const st = fs.fstatSync(fd);
    if ((process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return undefined;
    const all = fs.readFileSync(fd);
    const data = all.subarray(32);
    return all.length > 32 && sha256(data).equals(all.subarray(0, 32)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Written to a temporary name and renamed, so a reader sees a whole cache or none. */
function writeCache(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, Buffer.concat([sha256(data), data]), { mode: 0o600 });
    fs.renameSync(tmp, path);
    const mine = fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(`${command}-`) && n.endsWith('.v8'))
      .map((n) => ({ n, t: fs.statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of mine.slice(KEEP)) fs.rmSync(join(dir, n), { force: true });
  } catch {
    // a read-only or full cache folder: the next run compiles again
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}
