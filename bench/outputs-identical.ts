// bench/outputs-identical: the outputs of discovery and `values` on every chart of a corpus, for
// two checkouts of the project (worktrees), compared byte for byte. A performance change must
// leave them as they were: the `images` report with and without --optional, and the `values`
// report with the files it writes, with and without --include-optional (warnings included).
//
// Run: npx tsx bench/outputs-identical.ts --corpus /work/corpus [--out DIR] ROOT_A ROOT_B
// Each root is dumped by a process of its own running this file (--dump ROOT DIR), which imports
// that root's sources, so the older checkout needs no copy of this script.
//
// Renders thrown away draw random strings (passwords, names) from a sequence seeded per process;
// the dump seeds it the same in both, or a chart naming a site by a random string would differ.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const corpus = resolve(flag('--corpus') ?? process.env.AIRGAP_CORPUS ?? '/work/corpus');
const only = flag('--only');
const dump = flag('--dump');

if (dump !== undefined) await dumpOutputs(resolve(dump), resolve(args[0]!));
else await compareRoots();

async function compareRoots(): Promise<void> {
  const out = resolve(flag('--out') ?? mkdtempSync(join(tmpdir(), 'outputs-identical-')));
  const roots = args.map((r) => resolve(r));
  if (roots.length !== 2) throw new Error('usage: outputs-identical.ts --corpus DIR [--out DIR] [--only SUBSTRING] ROOT_A ROOT_B');
  const self = fileURLToPath(import.meta.url);
  const dirs = roots.map((_, i) => join(out, i === 0 ? 'a' : 'b'));
  await Promise.all(
    roots.map(
      (root, i) =>
        new Promise<void>((ok, fail) => {
          const extra = only ? ['--only', only] : [];
          const p = spawn(process.execPath, ['--import', 'tsx', self, '--corpus', corpus, ...extra, '--dump', root, dirs[i]!], { stdio: 'inherit' });
          p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`dump of ${root} exited ${code}`))));
        }),
    ),
  );
  const a = listFiles(dirs[0]!);
  const b = listFiles(dirs[1]!);
  const differ = [...new Set([...a, ...b])]
    .sort()
    .filter((f) => !a.includes(f) || !b.includes(f) || !readFileSync(join(dirs[0]!, f)).equals(readFileSync(join(dirs[1]!, f))));
  console.log(`${a.length} files of ${roots[0]} vs ${b.length} of ${roots[1]} (in ${out}): ${differ.length === 0 ? 'identical' : `${differ.length} differ`}`);
  for (const f of differ) console.log(`  differs: ${f}`);
  process.exitCode = differ.length === 0 ? 0 : 1;
}

function listFiles(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at)).flatMap((n) => (statSync(join(dir, at, n)).isDirectory() ? listFiles(dir, join(at, n)) : [join(at, n)]));
}

async function dumpOutputs(root: string, out: string): Promise<void> {
  seedRandom();
  const src = (p: string) => import(pathToFileURL(join(root, 'src', p)).href);
  const { findImages } = await src('app/images/images.ts');
  const { writeValuesOverrides } = await src('app/values/values.ts');
  const { EngineRenderer } = await src('helm/engine/renderer.ts');
  const cache = mkdtempSync(join(tmpdir(), 'outputs-cache-'));
  const charts = readdirSync(corpus)
    .filter((f) => f.endsWith('.tgz') && (!only || f.includes(only)))
    .sort();
  rmSync(out, { recursive: true, force: true });
  for (const file of charts) {
    const chart = join(corpus, file);
    const name = file.replace(/\.tgz$/, '');
    const valuesFile = chart.replace(/\.tgz$/, '.values.yaml');
    const values = existsSync(valuesFile) ? { valueFiles: [valuesFile] } : undefined;
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    const clean = (s: string) => s.replaceAll(dir, '<OUT>').replaceAll(cache, '<CACHE>').replaceAll(corpus, '<CORPUS>');
    const run = async (what: string, f: (ctx: object) => Promise<unknown>) => {
      const logs: string[] = [];
      const ctx = {
        onProgress: (e: { type: string; level?: string; message?: string }) => e.type === 'log' && e.level !== 'debug' && logs.push(`${e.level}: ${e.message}`),
      };
      let result: unknown;
      try {
        result = await f(ctx);
      } catch (e) {
        result = { error: (e as Error).message };
      }
      writeFileSync(join(dir, `${what}.json`), clean(JSON.stringify({ result, logs }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 2)));
    };
    for (const optional of [false, true]) {
      await run(optional ? 'images-optional' : 'images', (ctx) =>
        findImages({ charts: [chart], values, optional, cacheDir: cache, baseDir: root, renderer: new EngineRenderer() }, ctx),
      );
    }
    for (const includeOptional of [false, true]) {
      const what = includeOptional ? 'values-optional' : 'values';
      await run(what, (ctx) =>
        writeValuesOverrides(
          {
            charts: { charts: [chart], values, cacheDir: cache, baseDir: root },
            registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror',
            outDir: join(dir, `${what}-files`),
            renderer: new EngineRenderer(),
            includeOptional,
          },
          ctx,
        ),
      );
    }
    process.stderr.write(`${relative(out, dir)} `);
  }
  process.stderr.write('\n');
  rmSync(cache, { recursive: true, force: true });
}

/** The same random sequence in every dump: a fixed source behind crypto.getRandomValues and randomUUID. */
function seedRandom(): void {
  let state = 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const c = globalThis.crypto;
  Object.defineProperty(c, 'getRandomValues', {
    value: <T extends ArrayBufferView>(a: T): T => {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
      return a;
    },
  });
  Object.defineProperty(c, 'randomUUID', {
    value: () => {
      const h = Array.from({ length: 32 }, () => (next() & 15).toString(16)).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
    },
  });
}
