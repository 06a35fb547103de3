// bin/helm-airgap (a shell launcher) answers `--version` and help, top level or one command's, from
// dist/answers/ (written by scripts/build.mjs from the CLI itself) without starting Node. Every
// answer must be what the CLI prints, in a pipe and on a terminal of any width (help has a fixed
// layout); anything else on the line must reach the CLI, and so must a name that is not a command.
import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../support/tools.js';
import { createPool } from '../../src/util/pool.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const ANSWERS = fileURLToPath(new URL('../../dist/answers', import.meta.url));
const V8_FLAGS = fileURLToPath(new URL('../../bin/v8-flags.cjs', import.meta.url));
const full = { ...process.env, HELM_AIRGAP_NO_ANSWERS: '1' };

/** The launcher's answer and the CLI's own, stdout and exit code. */
async function both(args: string[]): Promise<[string, string]> {
  const fast = await execa(BIN, args);
  const cli = await execa(BIN, args, { env: full });
  expect(fast.exitCode).toBe(cli.exitCode);
  return [fast.stdout, cli.stdout];
}

/** Command names from the CLI's own top-level help. */
async function commands(): Promise<string[]> {
  const help = (await execa(BIN, ['--help'], { env: full })).stdout;
  const section = help.split(/^Commands:$/m)[1]!.split(/^\S/m)[0]!;
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
}

describe('answers printed without starting Node', () => {
  it.each(['--version', 'version', '--help', '-h', 'help'])('%s is the CLI’s own output', async (arg) => {
    const [fast, cli] = await both([arg]);
    expect(fast).toBe(cli);
    expect(fast.length).toBeGreaterThan(0);
  });

  it('every command’s help (CMD --help, CMD -h, help CMD) is the CLI’s own, and has its answer file', async () => {
    const cmds = await commands();
    expect(cmds).toEqual(expect.arrayContaining(['bundle', 'push', 'copy', 'sync', 'values', 'version']));
    const files = await readdir(ANSWERS);
    for (const cmd of cmds) expect(files).toContain(`help-${cmd}.txt`);
    // each line's two runs (the answer, the CLI) are processes of their own: four lines at a time
    const pool = createPool(4);
    const lines = cmds.flatMap((cmd) =>
      [
        [cmd, '--help'],
        [cmd, '-h'],
        ['help', cmd],
      ].map((args) => ({ cmd, args })),
    );
    await Promise.all(
      lines.map(({ cmd, args }) =>
        pool.run(async () => {
          const [fast, cli] = await both(args);
          expect(fast, args.join(' ')).toBe(cli);
          expect(fast).toContain(`Usage: helm airgap ${cmd}`);
        }),
      ),
    );
  });

  it('help on a 200-column terminal is the answer too (fixed layout)', async () => {
    const script = await requireTool('script', 'bsdutils (apt-get install bsdutils)');
    for (const args of ['--help', 'push --help']) {
      const onTty = async (env: NodeJS.ProcessEnv) =>
        (await execa(script, ['-qec', `stty cols 200; ${BIN} ${args}`, '/dev/null'], { env })).stdout.replace(/\r/g, '');
      const fast = await onTty(process.env);
      expect(fast).toContain('Usage: helm airgap');
      expect(await onTty(full)).toBe(fast);
    }
  });

  it('a command, a second argument, --version after a command or a name that is no command reaches the CLI', async () => {
    const version = (await execa(BIN, ['--version'])).stdout.trim();
    const json = await execa(BIN, ['version', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ version });
    const chartVersion = await execa(BIN, ['images', '--version'], { reject: false });
    expect(chartVersion.exitCode).toBe(2);
    // not a file name the build wrote, nor a path out of dist/answers/
    for (const args of [
      ['help', '../answers/version'],
      ['help', 'nosuch'],
      ['NOSUCH', '--help'],
    ]) {
      const fast = await execa(BIN, args, { reject: false });
      const cli = await execa(BIN, args, { env: full, reject: false });
      expect([fast.exitCode, fast.stdout, fast.stderr], args.join(' ')).toEqual([cli.exitCode, cli.stdout, cli.stderr]);
    }
  });
});

describe('the launcher through links (npm links bin/helm-airgap into node_modules/.bin)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-launcher-'));
    await symlink(BIN, join(dir, 'first'));
    await symlink('first', join(dir, 'second'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds its answers and the CLI behind a relative link to an absolute one', async () => {
    const link = join(dir, 'second');
    expect((await execa(link, ['--version'])).stdout).toBe((await execa(BIN, ['--version'])).stdout);
    expect(JSON.parse((await execa(link, ['version', '-o', 'json'])).stdout)).toHaveProperty('node');
    const onPath = await execa('second', ['push', '--help'], { env: { PATH: `${dir}:${process.env.PATH}` } });
    expect(onPath.stdout).toContain('--registry');
  });
});

describe('the Node flags the launcher picks by command', () => {
  // sh -x traces the exec line; the commands fail on a flag they do not have, after the trace
  const execLine = async (args: string[]) => {
    const r = await execa('sh', ['-x', BIN, ...args, '--no-such-flag'], { reject: false });
    return r.stderr.split('\n').find((l) => l.startsWith('+ exec node'))!;
  };

  it('commands that move image bytes run with --single-threaded-gc, global flags before them or not', async () => {
    for (const args of [['copy'], ['-o', 'json', 'push'], ['-q', 'sync'], ['bundle']]) {
      expect(await execLine(args), args.join(' ')).toContain('exec node --single-threaded-gc ');
    }
  });

  it('commands that move image bytes keep freed memory for the next buffers (glibc malloc), unless the environment says otherwise', async () => {
    const trace = async (args: string[], env: Record<string, string> = {}) =>
      (await execa('sh', ['-x', BIN, ...args, '--no-such-flag'], { reject: false, env })).stderr;
    expect(await trace(['copy'])).toContain('export MALLOC_MMAP_THRESHOLD_=4194304 MALLOC_TRIM_THRESHOLD_=33554432');
    expect(await trace(['push'], { MALLOC_TRIM_THRESHOLD_: '1' })).toContain('MALLOC_TRIM_THRESHOLD_=1');
    expect(await trace(['images'])).not.toContain('MALLOC_');
  });

  it("no command gets a V8 flag on the command line, which one Node version or another would refuse (bin/v8-flags.cjs sets them), but the young generation's first size for images and values", async () => {
    for (const args of [['version'], ['template'], ['-o', 'json', 'template', 'push'], ['postrender']]) {
      expect(await execLine(args), args.join(' ')).toMatch(/^\+ exec node \S*bin\/helm-airgap(-fast\.cjs|\.mjs) /);
    }
    // a heap size V8 has taken since its first releases, best at start; Node takes it apart from
    // V8's flags, so its built-ins' code cache stays valid (bin/helm-airgap says why)
    for (const args of [['images', 'template'], ['values'], ['-o', 'json', 'images', 'copy']]) {
      expect(await execLine(args), args.join(' ')).toMatch(/^\+ exec node --min-semi-space-size=2 \S*bin\/helm-airgap(-fast\.cjs|\.mjs) /);
    }
  });

  it('the command it found, options before it or not, is handed to the CLI for its V8 flags', async () => {
    const handed = async (args: string[]) =>
      (await execa('sh', ['-x', BIN, ...args, '--no-such-flag'], { reject: false })).stderr.match(/export HELM_AIRGAP_COMMAND=(\S+)/)?.[1];
    expect(await handed(['template'])).toBe('template');
    expect(await handed(['-o', 'json', '--render-timeout', '5', 'template', 'push'])).toBe('template');
    expect(await handed(['images', 'template'])).toBe('images');
    const flags = (command: string | undefined, first: string) =>
      execa('node', ['-p', `require(${JSON.stringify(V8_FLAGS)}).setV8Flags(${JSON.stringify(first)}) + ' ' + process.env.HELM_AIRGAP_COMMAND`], {
        env: command === undefined ? {} : { HELM_AIRGAP_COMMAND: command },
      });
    const budget = `${Number(process.versions.v8.split('.')[0]) < 12 ? '--interrupt-budget=540672' : '--no-turbofan --invocation-count-for-maglev=4000'} --semi-space-growth-factor=1`;
    // the launcher's finding wins over the first argument, and leaves the environment
    expect((await flags('template', '-o')).stdout).toBe(`${budget} undefined`);
    expect((await flags('images', 'template')).stdout).toBe('--regexp-tier-up-ticks=0 undefined');
    expect((await flags(undefined, 'template')).stdout).toBe(`${budget} undefined`);
  });

  it('sets at run time no flag V8 reads again about what it compiled before: --no-regexp-tier-up so set crashed a quarter of these runs', async () => {
    const every = ['template', 'images', 'values', 'copy', 'push', 'sync', 'bundle', 'kustomize', 'postrender', 'verify', 'doctor'];
    const set = (await execa('node', ['-p', `${JSON.stringify(every)}.map((c) => require(${JSON.stringify(V8_FLAGS)}).setV8Flags(c)).join(' ')`])).stdout;
    expect(set).toContain('--regexp-tier-up-ticks=0');
    expect(set).not.toMatch(/--no-regexp-tier-up|--regexp-interpret-all|--jitless|--no-lazy/);
    // the case that crashed: options before the command (the module entry, whose loader had run
    // regular expressions before the flag), a render stopped by its step budget in the optional search
    const dir = await mkdtemp(join(tmpdir(), 'v8-regexp-'));
    try {
      await mkdir(join(dir, 'c/templates'), { recursive: true });
      await writeFile(join(dir, 'c/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      await writeFile(join(dir, 'c/values.yaml'), 'image: nginx:1.27\nslow:\n  enabled: false\n');
      await writeFile(
        join(dir, 'c/templates/p.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: {{ .Values.image }}\n' +
          '{{- if .Values.slow.enabled }}{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}{{ end }}\n',
      );
      for (let i = 0; i < 8; i++) {
        const r = await execa(BIN, ['--render-max-steps', '2M', 'images', '--optional', join(dir, 'c')], {
          reject: false,
          env: { HELM_AIRGAP_CACHE: join(dir, 'cache') },
        });
        expect(r.signal ?? r.exitCode, `run ${i}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain('nginx:1.27');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('images and values load the built-ins their output streams need before setting their flags (Node keeps its code cache for them)', async () => {
    const script = `require(${JSON.stringify(V8_FLAGS)}).setV8Flags('images'); require('node:fs').writeSync(3, String(process.moduleLoadList.includes('NativeModule net')))`;
    const netBefore = async (stdio: 'pipe' | 'file') => {
      const dir = await mkdtemp(join(tmpdir(), 'v8-flags-'));
      const out = openSync(join(dir, 'out'), 'w');
      const seen = join(dir, 'seen');
      const fd3 = openSync(seen, 'w');
      try {
        const run = spawnSync('node', ['-e', script], { stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', fd3] : ['ignore', out, out, fd3] });
        expect(run.status).toBe(0);
        return readFileSync(seen, 'utf8');
      } finally {
        closeSync(out);
        closeSync(fd3);
        await rm(dir, { recursive: true, force: true });
      }
    };
    expect(await netBefore('pipe')).toBe('true');
    expect(await netBefore('file')).toBe('false');
  });

  it('copy, push and sync run with a small young generation and one malloc arena; bundle does not', async () => {
    // the young generation set by the CLI on itself (on Node's command line it cost Node 20 its
    // built-ins' code cache: bin/v8-flags.cjs); --single-threaded-gc stays on the line
    for (const args of [['copy'], ['-o', 'json', 'push'], ['-q', 'sync'], ['bundle']]) {
      const line = await execLine(args);
      expect(line, args.join(' ')).toMatch(/exec node --single-threaded-gc \S*bin\/helm-airgap/);
      expect(line, args.join(' ')).not.toMatch(/--max-semi-space-size|--max-opt|--no-maglev|--no-turbofan/);
    }
    const flags = async (command: string) =>
      (await execa('node', ['-p', `require(${JSON.stringify(V8_FLAGS)}).setV8Flags(${JSON.stringify(command)})`])).stdout;
    expect(await flags('copy')).toBe('--semi-space-growth-factor=1');
    expect(await flags('push')).toBe('--semi-space-growth-factor=1');
    expect(await flags('sync')).toBe('--semi-space-growth-factor=1');
    expect(await flags('bundle')).toBe('');
    const trace = async (args: string[], env: Record<string, string> = {}) =>
      (await execa('sh', ['-x', BIN, ...args, '--no-such-flag'], { reject: false, env })).stderr;
    expect(await trace(['copy'])).toContain('export MALLOC_ARENA_MAX=1');
    expect(await trace(['push'], { MALLOC_ARENA_MAX: '4' })).toContain('MALLOC_ARENA_MAX=4');
    expect(await trace(['sync'])).toContain('export MALLOC_ARENA_MAX=1');
    expect(await trace(['bundle'])).not.toContain('MALLOC_ARENA_MAX');
  });

  it('rendering commands keep V8’s default collector, even with a chart named like a command', async () => {
    for (const args of [['images', 'copy'], ['values'], ['-o', 'json', 'template', 'push'], ['version']]) {
      expect(await execLine(args), args.join(' ')).not.toContain('single-threaded-gc');
    }
  });
});
