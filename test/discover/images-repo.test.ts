import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packChartDir } from '../../src/charts/package-chart.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { runCli } from './run-cli.js';

const CHARTS = fileURLToPath(new URL('../../fixtures/discover/charts/', import.meta.url));
const env = { ...process.env, HELM_AIRGAP_CACHE: mkdtempSync(join(tmpdir(), 'images-repo-cache-')) };
let repo: RunningChartRepo;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'images-repo-'));
  writeFileSync(join(dir, 'strimzish-0.41.0.tgz'), await packChartDir(join(CHARTS, 'strimzish'), 'strimzish'));
  await writeRepoIndex(dir);
  repo = await startChartRepo({ dir });
});
afterAll(() => repo?.stop());

describe('helm airgap images from an HTTP chart repository', () => {
  it('--repo and --version resolve the chart as helm does, then discovery runs on it', async () => {
    // "--version=X": the program-level --version flag swallows a spaced "--version X" (see report).
    const r = await runCli(['images', 'strimzish', '--repo', repo.url, '--version=~0.41', '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { charts: { name: string; version: string; source: { kind: string } }[]; images: { ref: string }[] };
    expect(report.charts).toMatchObject([{ name: 'strimzish', version: '0.41.0', source: { kind: 'repo' } }]);
    expect(report.images.map((e) => e.ref)).toContain('quay.io/strimzi/kafka:0.41.0-kafka-3.7.0');
  });

  it('a version the repository does not have is an error that lists what exists', async () => {
    const r = await runCli(['images', 'strimzish', '--repo', repo.url, '--version=9.9.9'], env);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('0.41.0');
  });
});
