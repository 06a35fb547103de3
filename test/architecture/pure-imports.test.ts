import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// ARCHITECTURE.md: pure folders hold logic only; I/O stays at the edges. A pure module that
// imports the file system, the network, a process runner or the AWS SDK fails this test.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const PURE = ['oci', 'template', 'sprig', 'discover', 'ecr/hosts.ts', 'ecr/naming.ts', 'bundle/lock.ts', 'bundle/image-map.ts'];
const IMPURE_EXCEPTIONS = new Set(['oci/memory-store.ts']);
const FORBIDDEN = [/^node:fs/, /^fs(\/|$)/, /^node:net/, /^net$/, /^node:http/, /^node:child_process/, /^execa$/, /^@aws-sdk\//, /^undici/];

async function listTs(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  if (path.endsWith('.ts')) return [path];
  const out: string[] = [];
  for (const e of await readdir(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...(await listTs(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function importsOf(text: string): string[] {
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

describe('pure modules import no I/O (ARCHITECTURE.md: I/O at the edges)', async () => {
  const files = (await Promise.all(PURE.map((p) => listTs(join(SRC, p))))).flat();
  it('finds the pure modules', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const rel = relative(SRC, file);
    if (IMPURE_EXCEPTIONS.has(rel)) continue;
    it(`${rel} imports no fs, net, http, process runner or AWS SDK`, async () => {
      const text = await readFile(file, 'utf8');
      const bad = importsOf(text).filter((spec) => FORBIDDEN.some((re) => re.test(spec)));
      expect(bad).toEqual([]);
      // a call of the global fetch (interfaces may declare a method named fetch)
      expect(/(?:await|=|return|\(|globalThis\.)\s*fetch\s*\(/.test(text.replace(/\/\/.*$/gm, ''))).toBe(false);
    });
  }
});
