// Builds chart repositories for tests from fixtures/bundle/charts: copies a fixture chart with
// another version when asked, packs it reproducibly, writes index.yaml.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packChartDir } from '../../src/charts/package-chart.js';
import { writeRepoIndex } from '../support/chart-repo-server.js';

export const FIXTURE_CHARTS = resolve(import.meta.dirname, '../../fixtures/bundle/charts');

/** Packs fixture `name` (optionally re-versioned) into `dir` as NAME-VERSION.tgz; returns the file path. */
export async function packFixture(name: string, dir: string, version?: string): Promise<string> {
  if (!version) return pack(join(FIXTURE_CHARTS, name), name, dir);
  // the re-versioned copy is gone once packed: the suite made ~1,500 of them a run
  const tmp = await mkdtemp(join(tmpdir(), 'airgap-chart-'));
  try {
    await cp(join(FIXTURE_CHARTS, name), tmp, { recursive: true });
    const chartYaml = await readFile(join(tmp, 'Chart.yaml'), 'utf8');
    await writeFile(join(tmp, 'Chart.yaml'), chartYaml.replace(/^version: .*$/m, `version: ${version}`));
    return await pack(tmp, name, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function pack(src: string, name: string, dir: string): Promise<string> {
  const text = await readFile(join(src, 'Chart.yaml'), 'utf8');
  const v = /^version: (.*)$/m.exec(text)![1]!.trim();
  const file = join(dir, `${name}-${v}.tgz`);
  await writeFile(file, await packChartDir(src, name));
  return file;
}

/** A folder holding demo 1.1.0, 1.2.0, 1.2.1, 1.3.0-rc.1 and broken 0.1.0, with index.yaml. */
export async function makeFixtureRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'airgap-repo-'));
  for (const v of ['1.1.0', '1.2.0', '1.2.1', '1.3.0-rc.1']) await packFixture('demo', dir, v);
  await packFixture('broken', dir);
  await writeRepoIndex(dir);
  return dir;
}
