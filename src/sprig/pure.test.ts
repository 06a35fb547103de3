import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// src/sprig is a pure folder (brief: no file, network or process access). node:crypto is
// computation only; the yaml package parses text.
// re2js: a pure RE2 port (Go's regexp semantics, linear time), no I/O.
const ALLOWED = [/^\.\.?\//, /^yaml$/, /^node:crypto$/, /^re2js$/];

describe('src/sprig imports no I/O module', () => {
  const dir = new URL('.', import.meta.url).pathname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it.each(files)('%s', (file) => {
    const src = readFileSync(join(dir, file), 'utf8');
    const specs = [...src.matchAll(/^(?:import|export)[^'"]*?from '([^']+)'/gm)].map((m) => m[1]!);
    for (const s of specs)
      expect(
        ALLOWED.some((re) => re.test(s)),
        `${file} imports ${s}`,
      ).toBe(true);
    expect(src).not.toMatch(/process\.(env|argv|exit)|\bfetch\(/);
  });
});
