import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// docs/architecture.md: layers from the bottom up. A module imports its own layer or lower ones,
// never a higher one, and no runtime import cycle exists (type-only imports are erased by tsc and
// cannot form one at run time).
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const LAYERS = [
  'util',
  'oci',
  'layout',
  'registry',
  'template',
  'sprig',
  'helm',
  'charts',
  'discover',
  'bundle',
  'trust',
  'ecr',
  'overrides',
  'app',
  'cli',
  'main.ts',
];

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Relative imports, with whether each exists at run time. */
function importsOf(file: string, text: string): { to: string; runtime: boolean }[] {
  const re = /(?:import|export)\s+(type\s+)?[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  return [...text.matchAll(re)].map((m) => ({
    to: normalize(join(dirname(file), (m[2] ?? m[3]).replace(/\.js$/, '.ts'))),
    runtime: m[1] === undefined,
  }));
}

const layerOf = (file: string): number => LAYERS.indexOf(relative(SRC, file).split('/')[0]);

function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; any component of two or more files is a cycle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        comp.push(relative(SRC, w));
        if (w === v) break;
      }
      if (comp.length > 1) found.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('layers (docs/architecture.md)', async () => {
  const files = await sources(SRC);
  const imports = new Map(await Promise.all(files.map(async (f) => [f, importsOf(f, await readFile(f, 'utf8'))] as const)));

  it('every top-level folder of src has a layer', () => {
    expect(files.filter((f) => layerOf(f) < 0).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('no module imports from a higher layer', () => {
    const up: string[] = [];
    for (const [f, list] of imports) {
      for (const i of list) if (layerOf(i.to) > layerOf(f)) up.push(`${relative(SRC, f)} -> ${relative(SRC, i.to)}`);
    }
    expect(up).toEqual([]);
  });

  it('no runtime import cycles', () => {
    const graph = new Map([...imports].map(([f, list]) => [f, list.filter((i) => i.runtime).map((i) => i.to)]));
    expect(cycles(graph)).toEqual([]);
  });

  // a use case's types live in a file of their own: its helpers import them from there, not from
  // the orchestrator that imports the helpers back (type-only imports count here)
  it('no import cycle, types counted, among the use cases, the bundle opener and discovery', () => {
    const graph = new Map([...imports].map(([f, list]) => [f, list.map((i) => i.to)]));
    expect(cycles(graph).filter((c) => c.some((f) => /^(app|discover)\/|^bundle\/open/.test(f)))).toEqual([]);
  });

  it('discovery keeps at most 15 files of its own, its stages as folders each with an index that says what it does', async () => {
    const entries = await readdir(join(SRC, 'discover'), { withFileTypes: true });
    expect(entries.filter((e) => e.isFile()).length).toBeLessThanOrEqual(15);
    const stages = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(stages.length).toBeGreaterThanOrEqual(5);
    for (const s of stages) expect((await readFile(join(SRC, 'discover', s, 'index.ts'), 'utf8')).startsWith('// '), s).toBe(true);
    // a stage's index is for the rest of the code: inside discovery files import each other directly,
    // so no index closes a cycle
    const throughIndex = [...imports].flatMap(([f, list]) =>
      relative(SRC, f).startsWith('discover/')
        ? list.filter((i) => /^discover\/[^/]+\/index\.ts$/.test(relative(SRC, i.to))).map((i) => `${relative(SRC, f)} -> ${relative(SRC, i.to)}`)
        : [],
    );
    expect(throughIndex).toEqual([]);
  });

  it('the cycle finder finds a cycle (a test of the test)', () => {
    const a = join(SRC, 'app/a.ts');
    const b = join(SRC, 'app/b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['app/a.ts', 'app/b.ts']]);
  });
});
