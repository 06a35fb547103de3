// One meaning of -o per command: the output format. The folder of `values` is --out-dir and the
// file of `bundle` --out; -o DIR (or FILE) is still read as the path, with a notice naming the flag.
// Through the built CLI, as a person runs it.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';
import { writeImageChart } from '../support/image-chart.js';

async function chart(): Promise<{ dir: string; chart: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'values-out-dir-'));
  const chart = join(dir, 'web');
  await writeImageChart(chart, ['docker.io/library/nginx:1.25']);
  return { dir, chart };
}

describe('values: -o is the format, --out-dir the folder', () => {
  it('-o json without --out-dir: a usage error that names --out-dir (not "-o DIR")', async () => {
    const w = await chart();
    const r = await runBuilt(['values', w.chart, '--registry', 'mirror.local:5000/m', '-o', 'json'], { cwd: w.dir });
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toContain('--out-dir DIR');
    expect(r.stdout).not.toContain('-o DIR');
  });

  it('-o json --out-dir DIR: the JSON report on stdout, the file in DIR, no notice', async () => {
    const w = await chart();
    const out = join(w.dir, 'values');
    const r = await runBuilt(['values', w.chart, '--registry', 'mirror.local:5000/m', '--out-dir', out, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([join(out, 'web.values.yaml')]);
    expect(r.stderr).toBe('');
  });

  it('-o DIR still writes there, with a notice naming --out-dir', async () => {
    const w = await chart();
    const out = join(w.dir, 'values');
    const r = await runBuilt(['values', w.chart, '--registry', 'mirror.local:5000/m', '-o', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['web.values.yaml']);
    expect(r.stderr).toContain(`-o ${out} is read as --out-dir ${out}; -o is the output format (text or json): write --out-dir ${out}`);
  });
});
