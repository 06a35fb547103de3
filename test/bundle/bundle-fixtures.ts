// The world a bundle test needs: a chart repository of fixtures/bundle charts on 127.0.0.1, a
// docker-registry seeded with small synthetic images under the charts' real names (reached
// through --mirror), and the same demo chart pushed as an OCI chart.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushChartArtifact } from '../../src/charts/chart-artifact.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { RegistryClient } from '../../src/registry/client.js';
import { startChartRepo, writeRepoIndex, type RunningChartRepo } from '../support/chart-repo-server.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages, type SyntheticImageSpec, type WrittenImage } from '../support/synthetic-image.js';
import { makeFixtureRepo, packFixture } from '../charts/chart-fixtures.js';

const BASE = [{ seed: 'base-os', size: 48 * 1024 }];

/** Images the fixture charts name, as they name them (registry host first). */
export const FIXTURE_IMAGES: SyntheticImageSpec[] = [
  {
    name: 'registry.example.com/acme/app',
    tag: '1.0.0',
    platforms: ['linux/amd64', 'linux/arm64'],
    baseLayers: BASE,
    layers: [{ seed: 'app', size: 16 * 1024 }],
  },
  {
    name: 'registry.example.com/acme/app',
    tag: '1.0.1',
    platforms: ['linux/amd64', 'linux/arm64'],
    baseLayers: BASE,
    layers: [{ seed: 'app-101', size: 16 * 1024 }],
  },
  { name: 'registry.example.com/acme/metrics', tag: '0.1.0', baseLayers: BASE, layers: [{ seed: 'metrics', size: 8 * 1024 }] },
  { name: 'registry.example.com/acme/init', tag: '2.0.0', baseLayers: BASE, layers: [{ seed: 'init', size: 8 * 1024 }] },
  { name: 'docker.io/library/busybox', tag: '1.36', baseLayers: [{ seed: 'busybox', size: 32 * 1024 }], mediaTypes: 'docker' },
];

export interface BundleWorld {
  registry: RunningRegistry;
  repo: RunningChartRepo;
  repoDir: string;
  images: Map<string, WrittenImage>;
  work: string;
  /** --mirror flags that send the fixture registries to the local one. */
  mirrors: string[];
  stop(): Promise<void>;
}

export async function startBundleWorld(): Promise<BundleWorld> {
  const registry = await startRegistry();
  const work = await mkdtemp(join(tmpdir(), 'airgap-bundle-'));
  const written = await writeSyntheticImages(join(work, 'images'), FIXTURE_IMAGES);
  await seedRegistry(registry.host, written);
  const repoDir = await makeFixtureRepo();
  await packFixture('umbrella', repoDir);
  await writeRepoIndex(repoDir);
  const repo = await startChartRepo({ dir: repoDir });
  const client = new RegistryClient();
  const demo = await resolveChart({ chart: join(repoDir, 'demo-1.2.1.tgz') }, { cacheDir: join(work, 'push-cache'), baseDir: work });
  await pushChartArtifact(client.repository(`${registry.host}/charts/demo`), demo, (await readFile(demo.archivePath)).length, '1.2.1');
  const images = new Map(written.map((w) => [`${w.name}:${w.tag}`, w]));
  return {
    registry,
    repo,
    repoDir,
    images,
    work,
    mirrors: ['--mirror', `registry.example.com=${registry.host}/registry.example.com`, '--mirror', `docker.io=${registry.host}/docker.io`],
    stop: async () => {
      await repo.stop();
      await registry.stop();
      await rm(work, { recursive: true, force: true });
      await rm(repoDir, { recursive: true, force: true });
    },
  };
}

/** The environment a CLI run in this world gets: its own cache, no docker login, no Helm repositories. */
export function worldEnv(w: BundleWorld, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HELM_AIRGAP_CACHE: join(w.work, 'cache'),
    DOCKER_CONFIG: join(w.work, 'no-docker'),
    HELM_REPOSITORY_CONFIG: join(w.work, 'no-repos.yaml'),
    CI: 'true',
    ...extra,
  };
}
