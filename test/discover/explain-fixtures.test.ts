// images --explain agrees with images: over every chart in fixtures/, the candidates it calls
// needed or runtime are exactly the images `images -o json` lists, and no image-shaped string of
// the render is left without a verdict. A chart images refuses, --explain refuses alike.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const FOLDERS = ['charts', 'bundle/charts', 'demo/charts', 'discover/charts', 'values', 'postrender'];
const CHARTS = FOLDERS.flatMap((f) =>
  readdirSync(join(FIXTURES, f), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, f, d.name, 'Chart.yaml')))
    .map((d) => `${f}/${d.name}`),
).sort();
const env = { ...process.env, HELM_AIRGAP_CACHE: mkdtempSync(join(tmpdir(), 'explain-fixtures-')) };

interface Report {
  images: { ref: string }[];
  explain: { candidates: { verdict: string; ref?: string }[]; unaccounted: unknown[] };
}

describe('images --explain over the fixture charts', () => {
  it('finds the fixture charts', () => expect(CHARTS.length).toBeGreaterThan(25));

  it.each(CHARTS)('%s: needed + runtime = what images lists; nothing without a verdict', async (chart) => {
    const plain = await runCli(['images', join(FIXTURES, chart), '-o', 'json'], env);
    const audit = await runCli(['images', join(FIXTURES, chart), '--explain', '-o', 'json'], env);
    expect(audit.exitCode, audit.stderr).toBe(plain.exitCode);
    if (plain.exitCode !== 0) return;
    const x = (JSON.parse(audit.stdout) as Report).explain;
    const counted = x.candidates.filter((c) => c.verdict === 'needed' || c.verdict === 'runtime').map((c) => c.ref!);
    expect([...new Set(counted)].sort()).toEqual((JSON.parse(plain.stdout) as Report).images.map((i) => i.ref).sort());
    expect(x.unaccounted).toEqual([]);
  });
});
