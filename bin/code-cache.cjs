// Runs one CommonJS bundle with V8's code cache kept in $HELM_AIRGAP_CACHE/code (default
// ~/.cache/helm-airgap/code): bin/helm-airgap-fast.cjs for dist/fast/COMMAND.cjs, and the
// executables' entry (bin/helm-airgap-sea.cjs) for the CLI they carry. The cache is written at the
// end of a run, so it holds every function the command compiled; the cache V8 embeds in an
// executable at build time holds only the top level, and a template from it took 0.13 s against
// 0.09 s from a cache written here. HELM_AIRGAP_NO_CODE_CACHE=1 turns it off.
// It is an optimisation only: a missing, damaged, stale, foreign or rejected cache means a normal
// compile, and a cache that cannot be written is not an error.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');
// Node 20.15 and later (older ones run without a cache). zlib, not crypto: a template loads zlib
// anyway, and crypto's modules (about 40 of Node's own) cost a start more than the cache saves.
const { crc32 } = require('node:zlib');
// Node 18.15 and later
const { isAscii } = require('node:buffer');

// caches of other builds or flags (bench/copy's case D runs two) kept per name
const KEEP = 4;

/**
 * Compiles and runs `source` as the CommonJS module `filename`, with `require` as its require;
 * returns its exports.
 * `name` prefixes the cache file; `identity` names what the source is on disk (a build writes a
 * new file, so an edited bundle never meets an old cache); `v8Flags`, those set at run time.
 */
exports.runWithCodeCache = function runWithCodeCache({ name, source, filename, dirname, identity, v8Flags, require }) {
  // V8 checks a cache against its version, its flags and the source's length only: the key also
  // carries the source's identity and Node's and V8's flags (bin/v8-flags.cjs). Hashing the 1.2 MB
  // source instead took 3% of a template's start.
  const id = `${process.version} ${process.arch} ${process.execArgv.join(' ')} ${v8Flags} ${process.env.NODE_OPTIONS ?? ''}\n${identity}`;
  const key = typeof crc32 === 'function' ? [0, 1, 2].map((seed) => hex(crc32(`${seed} ${id}`))).join('') : undefined;
  const dir = process.env.HELM_AIRGAP_NO_CODE_CACHE || !key ? undefined : cacheDir();
  const cacheFile = dir && join(dir, `${name}-${key}.v8`);
  const cached = cacheFile ? readCache(cacheFile) : undefined;

  const script = new Script(Module.wrap(source), { filename, cachedData: cached && cached.data });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, filename, dirname);

  if (cacheFile && (!cached || !cached.whole || script.cachedDataRejected)) {
    // A run that failed early (no chart, a usage error) compiled little: its cache is marked so,
    // and the next run that succeeds writes a full one, else every later render would compile
    // most functions lazily (the umbrella chart: 537M against 494M instructions).
    process.once('beforeExit', () => {
      const ok = !process.exitCode;
      if (!cached || script.cachedDataRejected || ok) writeCache(dir, name, cacheFile, script.createCachedData(), ok);
    });
  }
  return mod.exports;
};

/**
 * A script's text from its bytes: one-byte (Latin-1) when all ASCII, as the build writes the
 * bundles (scripts/build.mjs says what it saves), else UTF-8. Node's UTF-8 read of a 1.7 MB
 * bundle with three non-ASCII bytes took 21 ms.
 */
exports.scriptText = function scriptText(bytes) {
  return isAscii && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
};

/**
 * The require a bundle runs with: a package it requires apart (scripts/build.mjs, APART), `./NAME.cjs`
 * beside it, comes from `runApart(NAME)` once, every other id from `builtin`.
 */
exports.requireApart = function requireApart(builtin, runApart) {
  const loaded = new Map();
  return (id) => {
    const m = /^\.\/([a-z0-9-]+)\.cjs$/.exec(id);
    if (!m) return builtin(id);
    if (!loaded.has(m[1])) loaded.set(m[1], runApart(m[1]));
    return loaded.get(m[1]);
  };
};

function cacheDir() {
  const env = process.env;
  const base = env.HELM_AIRGAP_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'helm-airgap');
  return join(base, 'code');
}

function hex(n) {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache's bytes, if the file is ours (this user's, writable by nobody else: it becomes code)
 * and whole (V8 itself does not checksum a code cache): a CRC-32 of the rest comes first, then one
 * byte, 1 when the run that wrote it succeeded (`whole`: it holds what a full run compiles).
 */
function readCache(path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
    const st = fs.fstatSync(fd);
    if ((process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return undefined;
    const all = fs.readFileSync(fd);
    if (all.length <= 5 || all.readUInt32BE(0) !== crc32(all.subarray(4)) >>> 0) return undefined;
    return { data: all.subarray(5), whole: all[4] === 1 };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Written to a temporary name and renamed, so a reader sees a whole cache or none. */
function writeCache(dir, name, path, data, whole) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const bytes = Buffer.concat([Buffer.alloc(5), data]);
    bytes[4] = whole ? 1 : 0;
    bytes.writeUInt32BE(crc32(bytes.subarray(4)) >>> 0);
    fs.writeFileSync(tmp, bytes, { mode: 0o600 });
    fs.renameSync(tmp, path);
    const mine = fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(`${name}-`) && n.endsWith('.v8'))
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
