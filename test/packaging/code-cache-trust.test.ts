// The V8 code cache (bin/code-cache.cjs) is code: a cache the user did not make from the source
// being run must never run, and nothing in a cache folder may make a run write elsewhere or hang.
// Each case is one the security campaign of issue 48 found, on the portable launcher
// (bin/helm-airgap with dist/fast) and on the self-contained executable (scripts/sea.mjs), with
// `nobody` playing another user of the machine (a shared CI cache volume). The tests run as root.
// Observable through `template`: a same-length edit of its source prints "# SOURCE:" for "# Source:".
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { ensureBuilt, withPackageLock } from '../support/run-package.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OLD = '# Source: ${';
const NEW = '# SOURCE: ${';
const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const REFUSED = /^helm-airgap: running without the code cache: .*\(next: .*\)$/;

type Run = Awaited<ReturnType<typeof runWith>>;
interface Launcher {
  /** Runs `template x CHART` under `env` (HOME, HELM_AIRGAP_CACHE...), ended after 30 s at most. */
  template(env: Record<string, string>): Promise<Run>;
  /** The cache file name a template's run uses. */
  prefix: string;
}

let work: string;
let chart: string;
let n = 0;
let portable: Launcher;
let portableEdited: Launcher;
let exe: Launcher;
let exeEdited: Launcher;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-code-cache-'));
  // `nobody` reaches the folders it owns under here
  await chmod(work, 0o755);
  chart = join(work, 'chart');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
    'templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  });
  await ensureBuilt(ROOT);
  const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;

  // the portable plugin's launcher and bundles, twice: as built, and with template's source edited
  for (const [dir, edit] of [
    ['portable', false],
    ['portable-edited', true],
  ] as const) {
    await cp(join(ROOT, 'bin'), join(work, dir, 'bin'), { recursive: true });
    await cp(join(ROOT, 'dist', 'fast'), join(work, dir, 'dist', 'fast'), { recursive: true });
    if (edit) await replaceInFile(join(work, dir, 'dist', 'fast', 'template.cjs'), [[OLD, NEW]]);
  }
  const launcher = (dir: string): Launcher => ({
    template: (env) => runWith(join(work, dir, 'bin', 'helm-airgap'), env),
    prefix: 'template',
  });
  portable = launcher('portable');
  portableEdited = launcher('portable-edited');

  // this host's executable (made by scripts/sea.mjs, or taken from .tmp/sea), and a copy of it
  // whose assets say NEW for OLD, with their digests (digests.json, inside it) made to match: as
  // if built from that source
  const sea = (await import(pathToFileURL(join(ROOT, 'scripts/sea.mjs')).href)) as {
    PLATFORMS: { name: string }[];
    bundleForExecutables(version: string): Promise<{ assets: Record<string, string> }>;
    executableFor(platform: unknown, scripts: unknown, version: string): Promise<{ exe: string }>;
  };
  const host = sea.PLATFORMS.find((p) => p.name === (process.arch === 'arm64' ? 'linux-arm64' : 'linux-amd64'))!;
  const edits: [string, string][] = [[OLD, NEW]];
  const edited = join(work, 'exe-edited');
  // under runPackage's lock: `npm run package` in a file running beside this one rewrites dist/sea
  // and makes the same executable
  const made = await withPackageLock(ROOT, async () => {
    const scripts = await sea.bundleForExecutables(version);
    const exe = (await sea.executableFor(host, scripts, version)).exe;
    const digests = JSON.parse(await readFile(scripts.assets['digests.json']!, 'utf8')) as Record<string, string>;
    for (const [name, digest] of Object.entries(digests)) {
      const text = await readFile(scripts.assets[name]!, 'latin1');
      if (text.includes(OLD)) edits.push([digest, createHash('sha256').update(text.replaceAll(OLD, NEW), 'latin1').digest('hex')]);
    }
    await copyFile(exe, edited);
    return exe;
  });
  expect(edits.length).toBeGreaterThan(1);
  await replaceInFile(edited, edits);
  await chmod(edited, 0o755);
  exe = { template: (env) => runWith(made, env), prefix: 'exe-template' };
  exeEdited = { template: (env) => runWith(edited, env), prefix: 'exe-template' };
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function runWith(bin: string, env: Record<string, string>) {
  return execa(bin, ['template', 'x', chart], { env: { PATH: process.env.PATH ?? '', ...env }, extendEnv: false, reject: false, timeout: 30_000 });
}

async function replaceInFile(path: string, edits: [string, string][]): Promise<void> {
  let text = await readFile(path, 'latin1');
  for (const [from, to] of edits) {
    expect(to).toHaveLength(from.length);
    expect(text).toContain(from);
    text = text.replaceAll(from, to);
  }
  await writeFile(path, text, 'latin1');
}

/** A user's own HOME and cache folder, new for each test. */
async function freshUser(): Promise<{ home: string; cache: string; env: Record<string, string> }> {
  const home = join(work, `home-${n++}`);
  await mkdir(home, { mode: 0o700 });
  const cache = join(home, 'cache');
  return { home, cache, env: { HOME: home, HELM_AIRGAP_CACHE: cache } };
}

async function cacheFiles(dir: string, prefix: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((f) => new RegExp(`^${prefix}-[0-9a-f]{24}\\.v8$`).test(f)).sort();
}

/** Runs a template and checks it printed the source's own output, with nothing on stderr but what is allowed. */
async function rendersAs(launcher: Launcher, env: Record<string, string>, header: string, stderr: RegExp | '' = ''): Promise<Run> {
  const r = await launcher.template(env);
  expect(r.timedOut, 'ended in time').toBe(false);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain(`${header} app/templates/cm.yaml`);
  if (stderr === '') expect(r.stderr).toBe('');
  else expect(r.stderr).toMatch(stderr);
  return r;
}

/** The one cache file a first run in a fresh user's folder makes, and that user. */
async function madeCache(launcher: Launcher): Promise<{ user: Awaited<ReturnType<typeof freshUser>>; name: string; path: string }> {
  const user = await freshUser();
  await rendersAs(launcher, user.env, '# Source:');
  const files = await cacheFiles(join(user.cache, 'code'), launcher.prefix);
  expect(files).toHaveLength(1);
  return { user, name: files[0]!, path: join(user.cache, 'code', files[0]!) };
}

async function nextPid(): Promise<number> {
  return Number((await readFile('/proc/sys/kernel/ns_last_pid', 'utf8')).trim()) + 1;
}

/** Runs a script (Node's) as nobody, another user of the machine. */
async function asNobody(script: string, ...args: string[]): Promise<void> {
  const r = await execa(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), process.execPath, '-e', script, ...args], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
}

describe('code cache of the portable launcher, its source edited in place', () => {
  it('a same-length edit of the very file a cache was made from, its modification time put back, does not run that cache', async () => {
    // the cache is named by the file's identity, not its hash: the edit must still change it
    const dir = join(work, `portable-in-place-${n++}`);
    await cp(join(work, 'portable'), dir, { recursive: true });
    const inPlace: Launcher = { template: (env) => runWith(join(dir, 'bin', 'helm-airgap'), env), prefix: 'template' };
    const { user } = await madeCache(inPlace);
    const source = join(dir, 'dist', 'fast', 'template.cjs');
    // its times to the nanosecond, put back after the edit (touch -r)
    const times = join(work, `times-${n++}`);
    await execa('cp', ['--preserve=timestamps', source, times]);
    await replaceInFile(source, [[OLD, NEW]]);
    await execa('touch', ['-r', times, source]);
    expect((await stat(source, { bigint: true })).mtimeNs).toBe((await stat(times, { bigint: true })).mtimeNs);
    await rendersAs(inPlace, user.env, '# SOURCE:');
    expect(await cacheFiles(join(user.cache, 'code'), 'template')).toHaveLength(2);
  });
});

describe.each([
  ['the portable launcher', () => [portable, portableEdited] as const],
  ['the self-contained executable', () => [exe, exeEdited] as const],
])('code cache of %s', (_, launchers) => {
  it('a same-length edited source does not run the code cached from the old one, restored under its own name', async () => {
    const [original, edited] = launchers();
    const { user, path: old } = await madeCache(original);
    await rendersAs(edited, user.env, '# SOURCE:');
    const files = await cacheFiles(join(user.cache, 'code'), edited.prefix);
    expect(files).toHaveLength(2);
    const fresh = join(
      user.cache,
      'code',
      files.find((f) => join(user.cache, 'code', f) !== old)!,
    );
    // a CI cache restored from the old build's run, put under the name the edited source looks for
    await writeFile(fresh, await readFile(old));
    await rendersAs(edited, user.env, '# SOURCE:');
    await rendersAs(original, user.env, '# Source:');
  });

  it("a cache from another user's key at the cache name, or a link there to a file of chosen bytes, is not used", async () => {
    const [original, edited] = launchers();
    // the attacker's bytes: a cache of the edited source, which V8 would take for the original (same length)
    const attacker = await freshUser();
    await rendersAs(edited, attacker.env, '# SOURCE:');
    const [evilName] = await cacheFiles(join(attacker.cache, 'code'), edited.prefix);
    const evil = join(attacker.cache, 'code', evilName!);
    const evilBytes = await readFile(evil);

    const { user, path } = await madeCache(original);
    await writeFile(path, evilBytes);
    await rendersAs(original, user.env, '# Source:');
    // a link to a file root wrote with bytes another chose (a blob root downloaded)
    await rm(path);
    await symlink(evil, path);
    await rendersAs(original, user.env, '# Source:');
    expect(await readFile(evil)).toEqual(evilBytes);
    expect((await lstat(path)).isFile()).toBe(true);
  });

  it('a cache runs unchecked only as the very file the record names, under the key it names, from a record only this user can write', async () => {
    const [original, edited] = launchers();
    const attacker = await freshUser();
    await rendersAs(edited, attacker.env, '# SOURCE:');
    const [evilName] = await cacheFiles(join(attacker.cache, 'code'), edited.prefix);
    const evilBytes = await readFile(join(attacker.cache, 'code', evilName!));
    const { user, path } = await madeCache(original);
    const keys = join(user.home, '.config', 'helm-airgap');
    const record = join(keys, 'code-cache.trust');
    /** The attacker's bytes at the cache name, and the record's line for it saying they are that file. */
    const forge = async () => {
      await writeFile(path, evilBytes);
      const lines = (await readFile(record, 'latin1')).split('\n');
      const i = lines.findIndex((l) => l.startsWith(`${JSON.stringify(path)} `));
      expect(i, 'the run recorded its cache').toBeGreaterThanOrEqual(0);
      const st = await stat(path, { bigint: true });
      const fields = lines[i]!.split(' ');
      fields.splice(1, 5, ...[st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].map(String));
      lines[i] = fields.join(' ');
      await writeFile(record, lines.join('\n'));
    };
    // the record is what trusts a file: the forged line, in a record of this user's only, runs it
    await forge();
    await rendersAs(original, user.env, '# SOURCE:');
    // not from a record others can write
    await forge();
    await chmod(record, 0o620);
    await rendersAs(original, user.env, '# Source:');
    await forge();
    await execa('chown', ['nobody', record]);
    await rendersAs(original, user.env, '# Source:');
    // nor through a link at its name
    await forge();
    const elsewhere = join(work, `record-${n++}`);
    await copyFile(record, elsewhere);
    await rm(record);
    await symlink(elsewhere, record);
    await rendersAs(original, user.env, '# Source:');
    expect((await lstat(record)).isFile()).toBe(true);
    // nor once the key is another: the line names the key's file
    await forge();
    const key = join(keys, 'code-cache.key');
    const bytes = await readFile(key);
    await rm(key);
    await writeFile(key, bytes, { mode: 0o600 });
    await rendersAs(original, user.env, '# Source:');
    // nor for the file once written again in place, the very bytes it held
    await forge();
    await writeFile(path, await readFile(path));
    await rendersAs(original, user.env, '# Source:');
  });

  it('links planted at the temporary names and the cache name are replaced, never written through', async () => {
    const [original] = launchers();
    const { user, path } = await madeCache(original);
    const victim = join(work, `victim-${n++}`);
    await writeFile(victim, 'not a cache\n');
    await rm(path);
    await symlink(victim, path);
    // the names the temporary file had (`<name>.<pid>.tmp`), for the next thousand processes
    const first = await nextPid();
    for (let pid = first; pid < first + 1000; pid++) await symlink(victim, `${path}.${pid}.tmp`);
    await rendersAs(original, user.env, '# Source:');
    expect(await readFile(victim, 'utf8')).toBe('not a cache\n');
    expect((await lstat(path)).isFile()).toBe(true);
    // the next run reads it
    const ino = (await lstat(path)).ino;
    await rendersAs(original, user.env, '# Source:');
    expect((await lstat(path)).ino).toBe(ino);
  });

  it('a FIFO at the cache name, the record or the key does not hang a run', async () => {
    const [original] = launchers();
    const { user, path } = await madeCache(original);
    const record = join(user.home, '.config', 'helm-airgap', 'code-cache.trust');
    await rm(record);
    await execa('mkfifo', ['-m', '600', record]);
    await rendersAs(original, user.env, '# Source:');
    expect((await lstat(record)).isFile()).toBe(true);
    await rm(path);
    await execa('mkfifo', ['-m', '600', path]);
    await rendersAs(original, user.env, '# Source:');
    expect((await lstat(path)).isFile()).toBe(true);
    const key = join(user.home, '.config', 'helm-airgap', 'code-cache.key');
    await rm(key);
    await execa('mkfifo', ['-m', '600', key]);
    await rm(path);
    const r = await rendersAs(
      original,
      user.env,
      '# Source:',
      /^helm-airgap: running without the code cache: .*code-cache.key is not a key only you can read .*\(next: remove it, .*\)$/,
    );
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect((await lstat(key)).isFIFO()).toBe(true);
  });

  it.each([
    [
      'owned by another user, links to a file of ours planted in it (a shared CI cache volume)',
      async (vol: string, name: string, victim: string) => {
        const first = await nextPid();
        await asNobody(
          `const fs = require('node:fs'); const [vol, name, victim, first] = process.argv.slice(1);
           fs.mkdirSync(vol + '/code', { mode: 0o755 });
           fs.symlinkSync(victim, vol + '/code/' + name);
           for (let pid = Number(first); pid < Number(first) + 1000; pid++) fs.symlinkSync(victim, vol + '/code/' + name + '.' + pid + '.tmp');`,
          vol,
          name,
          victim,
          String(first),
        );
        return { HELM_AIRGAP_CACHE: vol };
      },
    ],
    [
      'ours, in a folder another user owns (who can swap it)',
      async (vol: string) => {
        await mkdir(join(vol, 'mine', 'code'), { recursive: true, mode: 0o700 });
        return { HELM_AIRGAP_CACHE: join(vol, 'mine') };
      },
    ],
    [
      'ours and writable by its group',
      async (vol: string) => {
        const mine = join(vol, '..', `group-${n++}`);
        await mkdir(join(mine, 'code'), { recursive: true, mode: 0o700 });
        await chmod(join(mine, 'code'), 0o775);
        return { HELM_AIRGAP_CACHE: mine };
      },
    ],
    [
      'a link another user planted to a folder of ours',
      async (vol: string) => {
        const mine = join(vol, '..', `linked-${n++}`);
        await mkdir(join(mine, 'code'), { recursive: true, mode: 0o700 });
        await asNobody(`require('node:fs').symlinkSync(process.argv[2], process.argv[1] + '/cache')`, vol, mine);
        return { HELM_AIRGAP_CACHE: join(vol, 'cache') };
      },
    ],
    ["the key's folder owned by another user", async (vol: string) => ({ XDG_CONFIG_HOME: vol })],
  ])('a cache folder %s is not used, written or followed, and the run says so once', async (_, setUp) => {
    const [original] = launchers();
    const { name } = await madeCache(original);
    const user = await freshUser();
    const vol = join(work, `vol-${n++}`);
    await mkdir(vol, { mode: 0o755 });
    await execa('chown', ['nobody:nogroup', vol]);
    const victim = join(work, `victim-${n++}`);
    await writeFile(victim, 'not a cache\n');
    const env = { ...user.env, ...(await setUp(vol, name, victim)) };
    const listing = async () => (await execa('find', [vol])).stdout;
    const before = await listing();
    const r = await original.template(env);
    expect(await readFile(victim, 'utf8')).toBe('not a cache\n');
    expect(await listing()).toBe(before);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('# Source: app/templates/cm.yaml');
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect((await execa('find', [work, '-type', 'f', '-name', '*.v8', '-newer', victim])).stdout).toBe('');
  });
});
