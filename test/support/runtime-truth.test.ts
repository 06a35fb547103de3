import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRuntimeTruth } from './runtime-truth.js';

const TRUTH = fileURLToPath(new URL('../../scripts/corpus/truth/', import.meta.url));
const FILES = readdirSync(TRUTH).filter((f) => f.endsWith('.runtime.txt'));

describe('run-time truth files (scripts/corpus/truth)', () => {
  it.each(FILES)('%s is in the format, with a source and at least one image or a # none: line', (f) => {
    const t = readRuntimeTruth(readFileSync(join(TRUTH, f), 'utf8'), f);
    expect(t.sources.length).toBeGreaterThan(0);
    expect(t.lines.length + t.none.length).toBeGreaterThan(0);
  });

  it('reads an operator found to pull nothing with the defaults (# none:), which takes no image line', () => {
    const t = readRuntimeTruth('# source: github.com/o/op@v1\n# none: internal/config.go:36 the job image flag is empty by default\n', 'x.runtime.txt');
    expect(t.none).toEqual([{ where: 'internal/config.go:36', why: 'the job image flag is empty by default', line: 2 }]);
    expect(t.lines).toEqual([]);
  });

  it('reads lines, normalises references as images -o json does, and marks builtin', () => {
    const t = readRuntimeTruth(
      '# source: github.com/o/op@v1.2.3\nbusybox:1.36\tpkg/x.go:12\tenv BUSYBOX_IMAGE\nquay.io/o/a@sha256:' +
        'a'.repeat(64) +
        '\tmain.go:3\tbuilt-in default\tbuiltin\nghcr.io/o/pooler:1\tpool.go:9\tbuilt-in default, for a Pooler\tbuiltin optional\n',
      'x.runtime.txt',
    );
    expect(t.sources).toEqual(['github.com/o/op@v1.2.3']);
    expect(t.lines.map((l) => [l.ref, l.builtin, l.optional, l.line])).toEqual([
      ['docker.io/library/busybox:1.36', false, false, 2],
      [`quay.io/o/a@sha256:${'a'.repeat(64)}`, true, false, 3],
      ['ghcr.io/o/pooler:1', true, true, 4],
    ]);
  });

  it("reads the chart to render beside it (# with:) and the nodes' OS it was written for (# node-os:)", () => {
    const t = readRuntimeTruth('# source: github.com/o/op@v1\n# with: op-chart\n# node-os: ubuntu24.04\nbusybox:1.36\tx.go:1\tenv X\n', 'x.runtime.txt');
    expect([t.with, t.nodeOs]).toEqual([['op-chart'], ['ubuntu24.04']]);
  });

  it.each([
    ['# source: github.com/o/op@v1\n# with: two words\nbusybox:1\tx.go:1\tenv X\n', /:2: a with line is/],
    ['# source: github.com/o/op@v1\n# node-os:\nbusybox:1\tx.go:1\tenv X\n', /:2: a node-os line is/],
    ['busybox:1.36\tx.go:1\tenv X\n', /x\.runtime\.txt:1: no "# source/],
    ['# source: github.com/o/op@v1\nbusybox:1.36\tx.go:1\n', /x\.runtime\.txt:2: want REFERENCE/],
    ['# source: github.com/o/op@v1\nnot an image\tx.go:1\tenv X\n', /:2: "not an image" is not an image reference/],
    ['# source: github.com/o/op@v1\nbusybox:1\tx.go\tenv X\n', /:2: "x\.go" is not FILE:LINE/],
    ['# source: github.com/o/op@v1\nbusybox:1\tx.go:1\tenv X\tmaybe\n', /:2: the fourth column is "builtin", "builtin optional" or absent/],
    ['# source: o/op\nbusybox:1\tx.go:1\tenv X\n', /:1: a source line is/],
    ['# source: github.com/o/op@v1\n', /x\.runtime\.txt:1: no image line \(nor a "# none:/],
    ['# source: github.com/o/op@v1\n# none: config.go\n', /:2: a none line is/],
    ['# source: github.com/o/op@v1\n# none: x.go:1 nothing\nbusybox:1\tx.go:1\tenv X\n', /:2: a "# none:" line with image lines/],
  ])('refuses a malformed file, naming the line (%#)', (text, why) => {
    expect(() => readRuntimeTruth(text, 'x.runtime.txt')).toThrow(why);
  });
});
