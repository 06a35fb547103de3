// Runs one CommonJS bundle with V8's code cache kept in $HELM_AIRGAP_CACHE/code (default
// ~/.cache/helm-airgap/code): bin/helm-airgap-fast.cjs for dist/fast/COMMAND.cjs, and the
// executables' entry (bin/helm-airgap-sea.cjs) for the CLI they carry. The cache is written at the
// end of a run, so it holds every function the command compiled; the cache V8 embeds in an
// executable at build time holds only the top level, and a template from it took 0.13 s against
// 0.09 s from a cache written here. HELM_AIRGAP_NO_CODE_CACHE=1 turns it off.
//
// A code cache is code: V8 runs the bytecode in it, and checks it only against its own version,
// its flags and the source's length. So it is trusted only when this user made it from this source:
// - Each file carries a MAC (GMAC: AES-256-GCM over no plaintext, a fresh random 96-bit nonce per
//   file, kept in it) of the identity of the source it was made from and of its bytes, under a key
//   derived from 32 random bytes kept outside the cache folder
//   ($XDG_CONFIG_HOME/helm-airgap/code-cache.key, default ~/.config/helm-airgap; 0600, made
//   exclusively): a cache restored from elsewhere (a CI cache volume), made from another source of
//   the same length, or another file put under its name fails the check. The file name also comes
//   from the source's identity, so a new build looks for a new file.
// - A source's identity is its file's device, inode, size, and modification and change times (to
//   the nanosecond), read from the descriptor its bytes are read through, before and after: any
//   write to the file, a rename over it or a new build changes the change time, which only the
//   kernel sets (no user can set it back). An executable's assets are named by their SHA-256,
//   taken when the executable is made. Hashing the source instead (1.3 MB for images) cost every
//   run about 5 ms. Over template's 0.8 MB cache GMAC takes 0.34 ms where HMAC-SHA512 took 2.8
//   (15.6M of a small template's 220M instructions) and HMAC-SHA256 0.9 with the CPU's SHA
//   extensions, far more without them; GMAC runs on the AES and carry-less multiply instructions
//   every 64-bit x86 and ARMv8 server CPU has. A nonce never repeats under one key in practice (96
//   random bits), which GMAC's forgery bound needs; a forger without the key gets nowhere either way.
// - A cache file whose MAC passed, or that a run wrote, is recorded beside the key
//   (code-cache.trust, the key folder's rules and 0600): its path, its identity as the source's
//   above, the key file's identity and the seal it was made for. A run that finds its cache file
//   still of the identity recorded reads it without the MAC check, and so without node:crypto,
//   whose first load (OpenSSL's set-up) was 4-5 ms of a 58 ms template. What a MAC check would
//   refuse changes that identity: a cache restored or copied there, written in place or put under
//   the name is a new file or a new change time; a new key is a new file. The record holds the 64
//   files last recorded; a run that loses its line to another run's write checks the MAC again.
// - The cache folder and the key's folder are used only when every folder on the way to them,
//   links and all, can be changed by no one but this user and root (each owned by one of them and
//   writable by no group or other, a sticky folder such as /tmp aside, whose entries on the way
//   must be ours too), and the last one is this user's own; folders missing are made 0700. Else
//   the run goes without a cache and says so on stderr, once, as for a key that is not a file of
//   ours only we can read (a folder that cannot be made or is not a folder, silently).
// - Files are opened by that resolved path (no link left in it) without following a link at the
//   name (O_NOFOLLOW) and without waiting (O_NONBLOCK: a FIFO there is not read), and read only if
//   regular, ours and writable by no one else; a cache is written to a new file at an
//   unpredictable name (O_EXCL, 0600), removed on failure, and renamed over the name, which
//   replaces whatever is there.
// The checks cost a start that finds its cache recorded a few system calls (the folders' and
// files' stats, the record read). A small template's CPU, medians of 21-31 alternating runs on
// Node 24: from a recorded cache 53 ms; checking its MAC 63 ms, the run that records it (node:crypto
// then loads after the V8 flags are set, without Node's own code cache for it; 58 ms when every run
// checked the MAC and loaded it first); without a cache 78 ms. It stays an
// optimisation: a missing, damaged, stale, foreign or rejected cache means a normal compile, and
// a cache that cannot be written is not an error.
//
// Not a V8 start-up snapshot (node --snapshot-blob, SEA's useSnapshot) of a bundle set up to its
// run: measured, it does not pay (bench/start.ts makes them, bench/lib/snapshot.ts). Node's own
// snapshot is part of its binary, mapped and shared; one of our own is read from its file and
// deserialised whole at every start, before any code of ours runs, and the functions a run
// compiles lazily (a render's) take no code cache there. Instructions (valgrind, Node 24.21,
// medians of 3), with a code cache here against from a snapshot: node -e 0 88.5M, from an empty
// snapshot 116.5M; version -o json 162M against 137M (CPU 36 against 33 ms, 15 runs, within
// noise); template of a small chart 233M against 268M; images of it 387M against 591M; template of
// cert-manager 503M against 560M (one run each). The empty one faults twice the pages of node -e 0
// (6,200 against 3,080). And a blob is code as a cache is, but
// unchecked: a Node of another version refuses it (exit 14), a truncated one crashes Node
// (SIGSEGV), and the launcher (a shell) cannot tell which node binary it starts without starting one.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { join, resolve } = require('node:path');
const { Script } = require('node:vm');
// Node 18.15 and later
const { isAscii } = require('node:buffer');

const disabled = Boolean(process.env.HELM_AIRGAP_NO_CODE_CACHE);
let cryptoModule;
/** node:crypto, loaded only by a run that checks a MAC or writes a file (the header says why). */
const crypto = () => (cryptoModule ??= require('node:crypto'));
const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
// caches of other builds or flags (bench/copy's case D runs two) kept per name
const KEEP = 4;
// the largest cache read: the whole CLI's is a few MB
const MAX_CACHE = 64 << 20;
const KEY_BYTES = 32;
// a file's head: the GMAC tag (16 bytes), its nonce (12), 1 if whole, 3 bytes reserved (zero); then
// V8's cache, at an offset of 32 so that it stays 8-byte aligned in the buffer it is read into: V8
// copies a cache that is not (AlignedCachedData), 0.6 MB and 150 page faults of a small template
const TAG_BYTES = 16;
const NONCE_BYTES = 12;
const WHOLE_AT = TAG_BYTES + NONCE_BYTES;
const HEAD_BYTES = 32;
// the record of cache files whose MAC was checked or that were written here, beside the key
const RECORD = 'code-cache.trust';
const RECORD_LINES = 64;
const MAX_RECORD = 64 << 10;

/**
 * Compiles and runs `bytes`, the script text of the CommonJS module `filename`, with `require` as
 * its require; returns its exports.
 * `name` prefixes the cache file; `digest` is the SHA-256 of `bytes` where it is known already (an
 * executable's assets: scripts/sea.mjs), else `identity` names the file they were read from
 * (readSource); `spare`: `bytes` are ours to overwrite once read (readSource's, not an
 * executable's asset); `v8Flags` are the flags set at run time.
 */
exports.runWithCodeCache = function runWithCodeCache({ name, bytes, digest, identity, spare, filename, dirname, v8Flags, require }) {
  const source = exports.scriptText(bytes);
  // no identity (a file that changed while read): no cache, as for a source of unknown origin
  const dir = !disabled && process.getuid && (digest || identity) ? cacheDir() : undefined;
  let cacheFile, seal, cached;
  if (dir) {
    // V8 rejects a cache of other flags itself; the name keeps one per flag set (bin/v8-flags.cjs)
    const flags = `${process.version} ${process.arch} ${process.execArgv.join(' ')} ${v8Flags} ${process.env.NODE_OPTIONS ?? ''}`;
    seal = Buffer.concat([Buffer.from(`helm-airgap code cache 5\n${flags}\n`), digest ?? Buffer.from(`file ${identity}`)]);
    cacheFile = `${name}-${nameOf(seal)}.v8`;
    const keys = ownFolder(keyDir(), false);
    const real = keys && ownFolder(dir, false);
    // the text is a string of its own now: a cache that fits is read into the pages its bytes
    // already took (170 page faults of a small template's cache)
    cached = real && readCache(join(real, cacheFile), keys, seal, spare ? bytes : undefined);
  }

  const script = new Script(exports.wrapped(source), { filename, cachedData: cached && cached.data });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, filename, dirname);

  if (dir && (!cached || !cached.whole || script.cachedDataRejected)) {
    // A run that failed early (no chart, a usage error) compiled little: its cache is marked so,
    // and the next run that succeeds writes a full one, else every later render would compile
    // most functions lazily (the umbrella chart: 537M against 494M instructions).
    process.once('beforeExit', () => {
      const ok = !process.exitCode;
      if (!cached || script.cachedDataRejected || ok) writeCache(dir, name, cacheFile, seal, script.createCachedData(), ok);
    });
  }
  return mod.exports;
};

/**
 * The bytes of `file` and its identity (the header says what it is; undefined when the file
 * changed while it was read, so no cache is used or written for them).
 */
exports.readSource = function readSource(file) {
  const fd = fs.openSync(file, O_RDONLY);
  try {
    const before = fs.fstatSync(fd, { bigint: true });
    const bytes = readAll(fd, Number(before.size));
    if (!bytes) return { bytes: fs.readFileSync(file) };
    const after = fs.fstatSync(fd, { bigint: true });
    const same = after.size === before.size && after.ctimeNs === before.ctimeNs && after.mtimeNs === before.mtimeNs;
    return { bytes, spare: true, identity: same ? identityOf(after) : undefined };
  } finally {
    fs.closeSync(fd);
  }
};

/**
 * A script's text from its bytes: one-byte (Latin-1) when all ASCII, as the build writes the
 * bundles (scripts/build.mjs says what it saves), else UTF-8. Node's UTF-8 read of a 1.7 MB
 * bundle with three non-ASCII bytes took 21 ms.
 */
exports.scriptText = function scriptText(bytes) {
  return isAscii && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
};

// The CommonJS wrapper, as Module.wrap writes it. The build writes the bundles inside it already
// (scripts/build.mjs): wrapping an 831 KB text here made a second string of it that V8 flattened
// into a third copy before compiling (200 page faults of a small template).
exports.WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
exports.WRAP_TAIL = '\n});';

/** `source` inside the CommonJS wrapper: as it is when the build wrote it so, else wrapped here. */
exports.wrapped = function wrapped(source) {
  return source.startsWith(exports.WRAP_HEAD) && source.endsWith(exports.WRAP_TAIL) ? source : Module.wrap(source);
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

function keyDir() {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'helm-airgap');
}

let said = false;
/** One line on stderr per process, whichever folder or key was refused first. */
function refuse(
  what,
  next = 'make it yours and writable only by you, point HELM_AIRGAP_CACHE or XDG_CONFIG_HOME elsewhere, or set HELM_AIRGAP_NO_CODE_CACHE=1',
) {
  if (said) return;
  said = true;
  process.stderr.write(`helm-airgap: running without the code cache: ${what} (next: ${next})\n`);
}

/**
 * `dir` as a path with no link in it, when no one but this user and root can change where it leads
 * or what it holds (the header says what is checked); `make` makes the folders missing, 0700. Else
 * undefined, after saying why when the cause is another user.
 */
function ownFolder(dir, make) {
  const uid = process.getuid();
  const mode = (st) => (st.mode & 0o7777).toString(8);
  const parts = resolve(dir).split('/');
  let real = '/';
  let st;
  try {
    // from / (i = -1) down each part, then the folder reached once more (i = parts.length)
    for (let i = -1, links = 0; i <= parts.length; i++) {
      const part = parts[i];
      if (part === '' || part === '.') continue;
      if (part === '..') {
        real = join(real, '..');
        continue;
      }
      const next = part === undefined ? real : join(real, part);
      try {
        st = fs.lstatSync(next);
      } catch (e) {
        if (!make || e.code !== 'ENOENT') return undefined;
        try {
          fs.mkdirSync(next, { mode: 0o700 });
        } catch (e) {
          if (e.code !== 'EEXIST') throw e;
        }
        st = fs.lstatSync(next);
      }
      if (st.uid !== uid && st.uid !== 0) return refuse(`${next} belongs to another user (uid ${st.uid})`);
      if (st.isSymbolicLink()) {
        if (++links > 40) return undefined;
        const target = fs.readlinkSync(next);
        parts.splice(i + 1, 0, ...target.split('/'));
        if (target.startsWith('/')) real = '/';
        continue;
      }
      if (!st.isDirectory()) return undefined;
      // a sticky folder (/tmp): others may add entries, but not rename or remove ours
      if (st.mode & 0o022 && !(st.mode & 0o1000)) return refuse(`${next} is writable by others (mode ${mode(st)})`);
      real = next;
    }
  } catch {
    return undefined;
  }
  if (st.uid !== uid) return refuse(`${real} is not yours (uid ${st.uid})`);
  if (st.mode & 0o022) return refuse(`${real} is writable by others (mode ${mode(st)})`);
  return real;
}

/**
 * Opens `path` to read, never through a link nor waiting on a FIFO; its fd and stat (to the
 * nanosecond) if a regular file of ours that no one else can write.
 */
function openOurs(path) {
  let fd;
  try {
    fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const st = fs.fstatSync(fd, { bigint: true });
    if (st.isFile() && st.uid === BigInt(process.getuid()) && !(st.mode & 0o022n)) return { fd, st };
  } catch {
    // missing, a link, or no longer there
  }
  if (fd !== undefined) fs.closeSync(fd);
  return undefined;
}

/** A file's identity: what no write to it, rename over it or new file leaves as it was. */
function identityOf(st) {
  return `${st.dev} ${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}`;
}

/** `size` bytes of `fd` from its start, into `into` when it is large enough; undefined when fewer. */
function readAll(fd, size, into) {
  const buf = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
  let at = 0;
  for (let n; at < size && (n = fs.readSync(fd, buf, at, size - at, at)) > 0;) at += n;
  return at === size ? buf : undefined;
}

/**
 * 24 hex digits naming the cache of `seal`: a name only (two seals of one name would take turns
 * at it), so a hash without node:crypto; what trusts a cache is its MAC or the record.
 */
function nameOf(seal) {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  let c = 0x2545f491;
  for (const x of seal) {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995);
    b ^= b >>> 15;
    c = Math.imul(c ^ x, 0x85ebca6b);
    c ^= c >>> 13;
  }
  return [a, b, c].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * This user's key for the caches' MACs in `keys` (a folder ownFolder passed), its bytes and its
 * file's identity; `make` makes one when there is none (a read only needs one once a cache was
 * written). Undefined when the key is not trusted.
 */
function userKey(keys, make) {
  const path = join(keys, 'code-cache.key');
  const open = openOurs(path);
  if (open) {
    try {
      const bytes = !(open.st.mode & 0o077n) && open.st.size === BigInt(KEY_BYTES) ? readAll(open.fd, KEY_BYTES) : undefined;
      if (bytes) return { bytes, identity: identityOf(open.st) };
    } catch {
      // unreadable: as any other bad key
    } finally {
      fs.closeSync(open.fd);
    }
    return badKey(path);
  }
  if (!make) return undefined;
  // written whole under another name, then linked to its own (which fails if it exists): a
  // reader never sees half a key, and two first runs agree on the one that got there first
  const bytes = crypto().randomBytes(KEY_BYTES);
  try {
    const st = writeNew(path, bytes, true, (tmp) => fs.linkSync(tmp, path));
    return st && { bytes, identity: identityOf(st) };
  } catch (e) {
    return e.code === 'EEXIST' ? (userKey(keys, false) ?? badKey(path)) : undefined;
  }
}

function badKey(path) {
  return refuse(`${path} is not a key only you can read (a file of yours, 0600, of ${KEY_BYTES} bytes)`, 'remove it, and the next run makes a new one');
}

/**
 * The GMAC tag of `seal` and `rest` (the file after its tag and nonce) under `nonce`, with a key of
 * its own derived from the user's key.
 */
function mac(key, nonce, seal, rest) {
  const gmacKey = crypto().createHmac('sha256', key).update('helm-airgap code cache GMAC key').digest();
  const gcm = crypto().createCipheriv('aes-256-gcm', gmacKey, nonce);
  const sealLength = Buffer.alloc(4);
  sealLength.writeUInt32BE(seal.length);
  gcm.setAAD(sealLength);
  gcm.setAAD(seal);
  gcm.setAAD(rest);
  gcm.final();
  return gcm.getAuthTag();
}

/**
 * The record's line for the cache at `path` of `seal`, as the file is now (`st`), under the key of
 * identity `keyIdentity`: a file of that identity passed its MAC check or was written here.
 */
function recordLine(path, st, keyIdentity, seal) {
  return `${JSON.stringify(path)} ${identityOf(st)} key ${keyIdentity} ${seal.toString('hex')}`;
}

/** The record's lines in `keys` (none unless it is a file of ours no one else can write). */
function recorded(keys) {
  const open = openOurs(join(keys, RECORD));
  if (!open) return [];
  try {
    const size = Number(open.st.size);
    const text = size <= MAX_RECORD ? readAll(open.fd, size) : undefined;
    return text ? text.toString('latin1').split('\n') : [];
  } catch {
    return [];
  } finally {
    fs.closeSync(open.fd);
  }
}

/** `line` first in the record, in place of the one of the same cache file, the oldest past RECORD_LINES dropped. */
function record(keys, cache, line) {
  try {
    const path = join(keys, RECORD);
    const kept = recorded(keys).filter((l) => l && !l.startsWith(`${JSON.stringify(cache)} `));
    const text = `${[line, ...kept].slice(0, RECORD_LINES).join('\n')}\n`;
    writeNew(path, Buffer.from(text, 'latin1'), false, (tmp) => fs.renameSync(tmp, path));
  } catch {
    // not recorded: the next run checks the MAC again
  }
}

/**
 * The cache at `path` and whether the run that wrote it succeeded (`whole`: it holds what a
 * full run compiles), if it is the one the record names or its MAC is right: the file is a GMAC
 * tag of `seal` and the rest, its nonce, one byte, 1 when whole, 3 bytes reserved, then V8's
 * cache. Read into `into` when it is large enough.
 */
function readCache(path, keys, seal, into) {
  const open = openOurs(path);
  if (!open) return undefined;
  try {
    const size = Number(open.st.size);
    const key = size > HEAD_BYTES && size <= MAX_CACHE ? userKey(keys, false) : undefined;
    const all = key && readAll(open.fd, size, into);
    if (!all) return undefined;
    const line = recordLine(path, open.st, key.identity, seal);
    const known = recorded(keys).includes(line);
    if (!known) {
      const tag = mac(key.bytes, all.subarray(TAG_BYTES, TAG_BYTES + NONCE_BYTES), seal, all.subarray(TAG_BYTES + NONCE_BYTES));
      if (!crypto().timingSafeEqual(all.subarray(0, TAG_BYTES), tag)) return undefined;
    }
    // the bytes are the file's as it was when opened only if it did not change while read
    if (identityOf(fs.fstatSync(open.fd, { bigint: true })) !== identityOf(open.st)) return undefined;
    if (!known) record(keys, path, line);
    return { data: all.subarray(HEAD_BYTES), whole: all[WHOLE_AT] === 1 };
  } catch {
    return undefined;
  } finally {
    fs.closeSync(open.fd);
  }
}

/**
 * `bytes` in a new file beside `path` at a name no one can guess, made by this call (O_EXCL, no
 * link followed, 0600), then `place(tmp)` puts it at `path` (a rename or a link) while it is still
 * open; returns its stat once placed. Undefined when it could not be written, and what `place`
 * throws is thrown; either way no temporary file is left.
 */
function writeNew(path, bytes, sync, place) {
  const tmp = `${path}.${crypto().randomBytes(12).toString('hex')}.tmp`;
  let fd;
  try {
    fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  } catch {
    return undefined;
  }
  let placed = false;
  try {
    try {
      fs.writeFileSync(fd, bytes);
      if (sync) fs.fsyncSync(fd);
    } catch {
      return undefined;
    }
    place(tmp);
    placed = true;
    // a link leaves the temporary name: removed before the stat, since removing it changes the
    // file's change time
    if (fs.fstatSync(fd).nlink > 1) fs.unlinkSync(tmp);
    return fs.fstatSync(fd, { bigint: true });
  } finally {
    fs.closeSync(fd);
    if (!placed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // gone already
      }
    }
  }
}

/**
 * Written to a new file and renamed, so a reader sees a whole cache or none, and recorded as
 * written here (the next run reads it without checking its MAC). Not synced: a cache a crash cut
 * short is made again (its record line names the file as it was before the crash or none).
 */
function writeCache(dir, name, file, seal, data, whole) {
  try {
    const real = ownFolder(dir, true);
    const keys = real && ownFolder(keyDir(), true);
    const key = keys && userKey(keys, true);
    if (!key) return;
    const nonce = crypto().randomBytes(NONCE_BYTES);
    const head = Buffer.alloc(HEAD_BYTES - WHOLE_AT);
    head[0] = whole ? 1 : 0;
    const rest = Buffer.concat([head, data]);
    const path = join(real, file);
    const st = writeNew(path, Buffer.concat([mac(key.bytes, nonce, seal, rest), nonce, rest]), false, (tmp) => fs.renameSync(tmp, path));
    if (!st) return;
    record(keys, path, recordLine(path, st, key.identity, seal));
    const mine = fs
      .readdirSync(real)
      .filter((n) => n.startsWith(name) && /^-[0-9a-f]{24}\.v8$/.test(n.slice(name.length)))
      .map((n) => ({ n, t: fs.lstatSync(join(real, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of mine.slice(KEEP)) fs.unlinkSync(join(real, n));
  } catch {
    // a read-only or full cache folder: the next run compiles again
  }
}
