// `copy` (and `template`) named first runs from dist/fast/copy.cjs (template.cjs) through bin/helm-airgap-fast.cjs, with a V8 code
// cache in $HELM_AIRGAP_CACHE/code. It must print exactly what the module entry prints, and its
// cache must never be trusted when damaged, foreign or unwritable (npm run build first; the attacks
// of another user on it: test/packaging/code-cache-trust.test.ts).
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages } from '../support/synthetic-image.js';
import { writeFiles } from '../support/files.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const MODULE_ENTRY = fileURLToPath(new URL('../../bin/helm-airgap.mjs', import.meta.url));
let reg: RunningRegistry;
let work: string;
let cache: string;
let n = 0;

beforeAll(async () => {
  reg = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-fast-entry-'));
  await seedRegistry(reg.host, await writeSyntheticImages(join(work, 'seed'), [{ name: 'x/app', tag: '1', layers: [{ seed: 'fast', size: 50_000 }] }]));
});

afterAll(async () => {
  await reg?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

beforeEach(async () => {
  cache = join(work, `cache-${n++}`);
});

const copyArgs = () => ['copy', '-o', 'json', `docker://${reg.host}/x/app:1`, `oci:${join(work, `out-${n++}`)}`];
/**
 * Whether the `node` the launcher starts reads NODE_EXTRA_CA_CERTS at its start, as Node 20 did
 * (Node 24 reads it at its first TLS context): what the module entry then shows of a missing file.
 */
const nodeReadsAtStart = async (file: string) =>
  (await execa('node', ['-e', '0'], { env: { NODE_EXTRA_CA_CERTS: file } })).stderr.includes(`Ignoring extra certs from \`${file}\``);

// the key the caches are checked with goes to a config folder of the tests' own
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execa(BIN, args, { reject: false, env: { HELM_AIRGAP_CACHE: cache, XDG_CONFIG_HOME: join(work, 'config'), ...env } });
const codeFiles = async () => (await readdir(join(cache, 'code')).catch(() => [])).filter((f) => f.endsWith('.v8'));

/**
 * The cache file, after checking its shape: a GMAC tag (16 bytes), its nonce (12), 1 if the run that
 * wrote it succeeded (`full`) or 0 if it failed, 3 bytes reserved, then V8's cache at offset 32.
 */
async function theCache(command = 'copy'): Promise<{ path: string; ino: number; mode: number; full: boolean }> {
  const files = await codeFiles();
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(new RegExp(`^${command}-[0-9a-f]{24}\\.v8$`));
  const path = join(cache, 'code', files[0]!);
  const bytes = await readFile(path);
  expect(bytes.length).toBeGreaterThan(1000);
  expect([0, 1]).toContain(bytes[28]);
  expect([...bytes.subarray(29, 32)]).toEqual([0, 0, 0]);
  const st = await stat(path);
  return { path, ino: st.ino, mode: st.mode & 0o777, full: bytes[28] === 1 };
}

/** The copy report without what differs between any two runs. */
const report = (stdout: string) => {
  const r = JSON.parse(stdout);
  for (const i of r.items) delete i.destination;
  return r;
};

describe('copy from its one-file bundle', () => {
  it('leaves a code cache (0600, whole) that the next run reads without writing it again', async () => {
    const first = await run(copyArgs());
    expect(first.exitCode, first.stderr).toBe(0);
    const c = await theCache();
    expect(c.mode).toBe(0o600);
    const second = await run(copyArgs());
    expect(second.exitCode, second.stderr).toBe(0);
    expect((await theCache()).ino).toBe(c.ino);
    expect(report(second.stdout)).toEqual(report(first.stdout));
  });

  it.each([
    ['damaged', (p: string) => readFile(p).then((b) => writeFile(p, Buffer.concat([b.subarray(0, 100), Buffer.from('x'), b.subarray(101)])))],
    ['cut short', (p: string) => readFile(p).then((b) => writeFile(p, b.subarray(0, 1000)))],
    ['with another nonce', (p: string) => readFile(p).then((b) => writeFile(p, Buffer.concat([b.subarray(0, 20), Buffer.from([b[20]! ^ 1]), b.subarray(21)])))],
    ['writable by others', (p: string) => chmod(p, 0o666)],
  ])('a cache %s is not used: the run compiles and writes a whole one again', async (_, spoil) => {
    expect((await run(copyArgs())).exitCode).toBe(0);
    const before = await theCache();
    await spoil(before.path);
    const r = await run(copyArgs());
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await theCache();
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode).toBe(0o600);
  });

  it('a cache folder that cannot be made is no error, and HELM_AIRGAP_NO_CODE_CACHE=1 writes none', async () => {
    await mkdir(cache, { recursive: true });
    await writeFile(join(cache, 'code'), 'a file where the folder would go\n');
    const blocked = await run(copyArgs());
    expect(blocked.exitCode, blocked.stderr).toBe(0);
    expect(blocked.stderr).toBe('');
    cache = join(work, `cache-${n++}`);
    const off = await run(copyArgs(), { HELM_AIRGAP_NO_CODE_CACHE: '1' });
    expect(off.exitCode, off.stderr).toBe(0);
    expect(await codeFiles()).toEqual([]);
  });

  it('NODE_EXTRA_CA_CERTS is not read by a copy without TLS (the module entry has Node read it at start)', async () => {
    const missing = join(work, 'no-such-ca.pem');
    const fast = await run(copyArgs(), { NODE_EXTRA_CA_CERTS: missing });
    expect(fast.exitCode, fast.stderr).toBe(0);
    expect(fast.stderr).toBe('');
    // the module entry sets up TLS as it loads the copy's modules
    const modules = await run(['-q', ...copyArgs()], { NODE_EXTRA_CA_CERTS: missing });
    expect(modules.exitCode, modules.stderr).toBe(0);
    expect(modules.stderr).toContain(`Ignoring extra certs from \`${missing}\``);
    // a CA store picked in NODE_OPTIONS is Node's business: the file is left to Node there too
    const store = await run(copyArgs(), { NODE_EXTRA_CA_CERTS: missing, NODE_OPTIONS: '--use-openssl-ca' });
    expect(store.exitCode, store.stderr).toBe(0);
    expect(store.stderr.includes(`Ignoring extra certs from \`${missing}\``)).toBe(await nodeReadsAtStart(missing));
  });

  it('NODE_EXTRA_CA_CERTS is not read by a template of a local chart (the module entry has Node read it at start where Node does)', async () => {
    const missing = join(work, 'no-such-ca.pem');
    const chart = join(work, 'local-chart');
    await writeFiles(chart, {
      'Chart.yaml': 'apiVersion: v2\nname: local\nversion: 1.0.0\n',
      'templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    const fast = await run(['template', 'x', chart], { NODE_EXTRA_CA_CERTS: missing });
    expect(fast.exitCode, fast.stderr).toBe(0);
    expect(fast.stderr).toBe('');
    expect(fast.stdout).toContain('name: x');
    // nor is the registry transport loaded to hold that trust for later (11% of a small template),
    // nor node:fs/promises (4%: the chart and Helm's settings are read synchronously); Node's
    // crypto modules are only for the code cache's MAC and writes (bin/code-cache.cjs), and not by a
    // run from a cache recorded as checked
    const preload = join(work, 'list-modules.cjs');
    const listed = join(work, 'modules.txt');
    await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listed)}, process.moduleLoadList.join('\\n')));\n`);
    const traced = await run(['template', 'x', chart], { NODE_EXTRA_CA_CERTS: missing, NODE_OPTIONS: `--require ${preload}` });
    expect(traced.exitCode, traced.stderr).toBe(0);
    const loaded = (await readFile(listed, 'utf8')).split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (tls|https|_tls_wrap|fs\/promises)$/.test(m))).toEqual([]);
    const crypto = (list: string[]) => list.filter((m) => /^NativeModule (crypto|internal\/crypto\/.*)$/.test(m));
    // the run that wrote this flag set's cache, then one from it
    expect(crypto(loaded)).not.toEqual([]);
    const recorded = await run(['template', 'x', chart], { NODE_OPTIONS: `--require ${preload}` });
    expect(recorded.exitCode, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('name: x');
    expect(crypto((await readFile(listed, 'utf8')).split('\n'))).toEqual([]);
    const uncached = await run(['template', 'x', chart], { NODE_OPTIONS: `--require ${preload}`, HELM_AIRGAP_NO_CODE_CACHE: '1' });
    expect(uncached.exitCode, uncached.stderr).toBe(0);
    expect(crypto((await readFile(listed, 'utf8')).split('\n'))).toEqual([]);
    const modules = await run(['-v', 'template', 'x', chart], { NODE_EXTRA_CA_CERTS: missing });
    expect(modules.exitCode, modules.stderr).toBe(0);
    expect(modules.stderr.includes(`Ignoring extra certs from \`${missing}\``)).toBe(await nodeReadsAtStart(missing));
  });

  it("sets copy's V8 flags after loading the built-ins every copy uses, with only --single-threaded-gc on Node's command line", async () => {
    const { execArgv, calls } = await flagsSetWhen(copyArgs());
    expect(execArgv).toEqual(['--single-threaded-gc']);
    expect(calls.map((c) => c.flags)).toEqual(['--semi-space-growth-factor=1']);
    for (const m of ['crypto', 'http', 'https', 'fs/promises']) expect(calls[0]!.loaded, m).toContain(`NativeModule ${m}`);
  });

  it('options before copy go to the module entry (no code cache)', async () => {
    const r = await run(['-q', ...copyArgs()]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await codeFiles()).toEqual([]);
  });

  it.each([
    ['a success', () => copyArgs()],
    ['a usage error', () => ['copy']],
    ['an unknown flag', () => ['copy', '--no-such-flag', 'a', 'b']],
    ['a bad reference', () => ['copy', 'docker://UPPER/x:1', 'oci:/nonexistent/x']],
    ['a missing image', () => ['copy', `docker://${reg.host}/x/none:1`, `oci:${join(work, 'none')}`]],
  ])('prints what the module entry prints, with its exit code: %s', async (_, args) => {
    const fast = await run(args());
    const modules = await execa('node', [MODULE_ENTRY, ...args()], { reject: false, env: { HELM_AIRGAP_CACHE: cache } });
    expect(fast.exitCode).toBe(modules.exitCode);
    expect(fast.stderr).toBe(modules.stderr);
    if (fast.exitCode === 0) expect(report(fast.stdout)).toEqual(report(modules.stdout));
    else expect(fast.stdout).toBe(modules.stdout);
    expect(await codeFiles()).toHaveLength(1);
  });
});

describe('sync from its one-file bundle', () => {
  // each run into a prefix of its own, named alike in what the two print
  const syncArgs = (prefix: string) => ['sync', '-o', 'json', `docker://${reg.host}/x`, `docker://${reg.host}/${prefix}`];
  it.each([
    ['a success', (p: string) => syncArgs(p)],
    ['a usage error', () => ['sync']],
    ['a source with nothing to sync', (p: string) => ['sync', `docker://${reg.host}/no/such`, `docker://${reg.host}/${p}`]],
  ])('prints what the module entry prints, with its exit code, and keeps a code cache: %s', async (_, args) => {
    const prefix = () => `sync-${n++}`;
    const [a, b] = [prefix(), prefix()];
    const fast = await run(args(a));
    const modules = await execa('node', [MODULE_ENTRY, ...args(b)], { reject: false, env: { HELM_AIRGAP_CACHE: cache } });
    expect(fast.exitCode).toBe(modules.exitCode);
    expect(fast.stdout.replaceAll(a, 'PREFIX')).toBe(modules.stdout.replaceAll(b, 'PREFIX'));
    expect(fast.stderr.replaceAll(a, 'PREFIX')).toBe(modules.stderr.replaceAll(b, 'PREFIX'));
    if (args(a).includes('json')) expect(JSON.parse(fast.stdout).totals.copied).toBe(1);
    expect((await codeFiles()).map((f) => f.replace(/-.*/, ''))).toEqual(['sync']);
  });
});

describe('template from its one-file bundle', () => {
  const chart = () => join(work, 'chart');
  beforeAll(async () => {
    await writeFiles(chart(), {
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'values.yaml': 'image: nginx:1.27\n',
      'templates/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: c\n      image: {{ .Values.image }}\n',
    });
  });
  it.each([
    ['a chart', () => ['template', 'rel', chart()]],
    ['a missing chart', () => ['template', join(work, 'no-such-chart')]],
    ['an unknown flag', () => ['template', '--no-such-flag']],
    ['images of a chart', () => ['images', '-o', 'json', chart()]],
    ['values of a chart', () => ['values', '-o', 'json', chart(), '--registry', 'registry.example.com/mirror', '--out-dir', join(work, 'values-out')]],
    ['version as JSON', () => ['version', '-o', 'json']],
  ])('prints what the module entry prints, with its exit code, and keeps a code cache: %s', async (_, args) => {
    const fast = await run(args());
    const modules = await execa('node', [MODULE_ENTRY, ...args()], { reject: false, env: { HELM_AIRGAP_CACHE: cache } });
    expect(fast.exitCode).toBe(modules.exitCode);
    expect(fast.stdout).toBe(modules.stdout);
    expect(fast.stderr).toBe(modules.stderr);
    expect((await codeFiles()).map((f) => f.replace(/-.*/, ''))).toEqual([args()[0]]);
  });

  it.each([
    // a .tgz: a folder is packed, which reads its files with node:fs/promises
    ['images', () => ['images', '--optional', '-o', 'json', `${chart()}.tgz`]],
    ['values', () => ['values', '-o', 'json', chart(), '--registry', 'registry.example.com/mirror', '--out-dir', join(work, `values-local-${n++}`)]],
  ])('%s of a local chart loads no registry client: none of Node http, https or tls', async (command, args) => {
    const preload = join(work, 'list-modules-local.cjs');
    const listed = join(work, 'modules-local.txt');
    await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listed)}, process.moduleLoadList.join('\\n')));\n`);
    await execa('tar', ['-czf', `${chart()}.tgz`, '-C', work, 'chart']);
    // twice: the first run also puts the chart in the cache
    for (let i = 0; i < 2; i++) {
      const r = await run(args(), { NODE_OPTIONS: `--require ${preload}` });
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const loaded = (await readFile(listed, 'utf8')).split('\n');
    expect(loaded).toContain('NativeModule zlib');
    expect(loaded.filter((m) => /^NativeModule (http|https|tls|_tls_wrap)$/.test(m))).toEqual([]);
    // images writes nothing: nor node:fs/promises and the readline modules it loads (values writes its files with it)
    if (command === 'images') expect(loaded).not.toContain('NativeModule fs/promises');
    // the throwaway renders' seed comes from node:crypto, loaded already, not Web Crypto on top of it
    expect(loaded).not.toContain('NativeModule internal/crypto/webcrypto');
  });

  it("sets template's V8 flags after loading the built-ins its entry needs, and starts Node with none: a changed flag costs those Node's code cache", async () => {
    await execa('tar', ['-czf', `${chart()}-flags.tgz`, '-C', work, 'chart']);
    const { execArgv, calls } = await flagsSetWhen(['template', 'rel', `${chart()}-flags.tgz`]);
    expect(execArgv).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.flags).toContain('--semi-space-growth-factor=1');
    for (const m of ['zlib', 'vm', 'module', 'os']) expect(calls[0]!.loaded, m).toContain(`NativeModule ${m}`);
  });

  it('template of a chart folder never loads node:zlib: nothing in it is inflated', async () => {
    const preload = join(work, 'list-modules-folder.cjs');
    const listed = join(work, 'modules-folder.txt');
    await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listed)}, process.moduleLoadList.join('\\n')));\n`);
    const r = await run(['template', 'rel', chart()], { NODE_OPTIONS: `--require ${preload}` });
    expect(r.exitCode, r.stderr).toBe(0);
    const loaded = (await readFile(listed, 'utf8')).split('\n');
    expect(loaded).toContain('NativeModule vm');
    expect(loaded).not.toContain('NativeModule zlib');
  });

  it('template of a chart folder with an archived dependency in charts/ loads node:zlib before its flags', async () => {
    const umbrella = join(work, 'umbrella-flags');
    await writeFiles(umbrella, {
      'Chart.yaml': 'apiVersion: v2\nname: umbrella\nversion: 1.0.0\n',
      'templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    await mkdir(join(umbrella, 'charts'));
    await execa('tar', ['-czf', join(umbrella, 'charts', 'app-1.0.0.tgz'), '-C', work, 'chart']);
    const { calls } = await flagsSetWhen(['template', 'rel', umbrella]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.loaded).toContain('NativeModule zlib');
  });

  it("sets images' regexp flag after loading the built-ins it and its output streams use (execa reads it through pipes: net)", async () => {
    const { calls } = await flagsSetWhen(['images', '-o', 'json', chart()]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.flags).toBe('--regexp-tier-up-ticks=0');
    for (const m of ['zlib', 'crypto', 'net']) expect(calls[0]!.loaded, m).toContain(`NativeModule ${m}`);
  });

  it('a cache from a failed run is replaced by the next run that succeeds, and kept after that', async () => {
    expect((await run(['template', join(work, 'no-such-chart')])).exitCode).not.toBe(0);
    const partial = await theCache('template');
    expect(partial.full).toBe(false);
    const ok = await run(['template', 'rel', chart()]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    const full = await theCache('template');
    expect(full.full).toBe(true);
    expect(full.ino).not.toBe(partial.ino);
    expect((await run(['template', join(work, 'no-such-chart')])).exitCode).not.toBe(0);
    expect((await run(['template', 'rel', chart()])).exitCode).toBe(0);
    expect((await theCache('template')).ino).toBe(full.ino);
  });
});

describe('the bundles as text', () => {
  const { scriptText, wrapped, WRAP_HEAD, WRAP_TAIL } = createRequire(import.meta.url)('../../bin/code-cache.cjs') as {
    scriptText: (b: Buffer) => string;
    wrapped: (source: string) => string;
    WRAP_HEAD: string;
    WRAP_TAIL: string;
  };

  it("the bundles are written inside CommonJS's wrapper, so the launcher compiles each as read; another text is wrapped as Node wraps it", async () => {
    const cjs = Module as unknown as { wrapper: string[]; wrap: (s: string) => string };
    expect([WRAP_HEAD, WRAP_TAIL]).toEqual(cjs.wrapper);
    const dir = fileURLToPath(new URL('../../dist/fast/', import.meta.url));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cjs'));
    expect(files).toContain('template.cjs');
    for (const f of files) {
      const text = await readFile(join(dir, f), 'latin1');
      expect(text.startsWith(WRAP_HEAD) && text.endsWith(WRAP_TAIL), f).toBe(true);
      expect(wrapped(text), f).toBe(text);
    }
    expect(wrapped('module.exports = 1;')).toBe(cjs.wrap('module.exports = 1;'));
  });

  it('the one-command bundles are ASCII only, which the launcher reads as one-byte text', async () => {
    const dir = fileURLToPath(new URL('../../dist/fast/', import.meta.url));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cjs'));
    expect(files).toContain('template.cjs');
    for (const f of files)
      expect(
        (await readFile(join(dir, f))).findIndex((b) => b > 0x7f),
        f,
      ).toBe(-1);
  });

  it('the AWS SDK clients (ECR, ECR Public, KMS) stay in aws-sdk.cjs, out of every one-command bundle', async () => {
    const dir = fileURLToPath(new URL('../../dist/fast/', import.meta.url));
    // each client names its service's JSON target prefix once, in its own protocol code
    const services = ['AmazonEC2ContainerRegistry_V20150921', 'SpencerFrontendService', 'TrentService'];
    for (const f of ['copy.cjs', 'sync.cjs', 'template.cjs', 'images.cjs', 'values.cjs', 'version.cjs']) {
      const text = await readFile(join(dir, f), 'utf8');
      for (const s of services) expect(text.includes(s), `${f} inlines ${s}`).toBe(false);
    }
    const sdk = await readFile(join(dir, 'aws-sdk.cjs'), 'utf8');
    for (const s of services) expect(sdk.includes(s), `aws-sdk.cjs has ${s}`).toBe(true);
  });

  it('a script with other characters is read as UTF-8, an ASCII one as the same text', () => {
    expect(scriptText(Buffer.from('const a = "→ é";\n'))).toBe('const a = "→ é";\n');
    expect(scriptText(Buffer.from('const a = 1;\n'))).toBe('const a = 1;\n');
    expect(scriptText(Buffer.alloc(0))).toBe('');
  });
});

/**
 * Runs the launcher with a preload noting Node's own flags and, at each V8 flag the CLI sets on
 * itself, which built-in modules were loaded by then.
 */
async function flagsSetWhen(args: string[]): Promise<{ execArgv: string[]; calls: { flags: string; loaded: string[] }[] }> {
  const preload = join(work, 'flag-order.cjs');
  const noted = join(work, `flag-order-${n++}.json`);
  await writeFile(
    preload,
    `const v8 = require('node:v8'); const set = v8.setFlagsFromString; const calls = [];
v8.setFlagsFromString = (flags) => { calls.push({ flags, loaded: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')) }); return set(flags); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.FLAG_ORDER_OUT, JSON.stringify({ execArgv: process.execArgv, calls })));\n`,
  );
  const r = await run(args, { NODE_OPTIONS: `--require ${preload}`, FLAG_ORDER_OUT: noted });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(await readFile(noted, 'utf8')) as { execArgv: string[]; calls: { flags: string; loaded: string[] }[] };
}
