// A chart with no images, packed and pushed as a Helm OCI artifact to a real registry: the
// subject of OCI chart signature tests (its manifest digest is what a signer signs).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pushChartArtifact } from '../../src/charts/chart-artifact.js';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { RegistryClient } from '../../src/registry/client.js';
import type { Descriptor } from '../../src/oci/content.js';

/** Pushes chart `name` at `version` to HOST/REPO (tag = version); returns its manifest descriptor. */
export async function pushTinyChart(host: string, repo: string, name: string, version: string, work: string): Promise<Descriptor> {
  const dir = join(work, `${name}-${version}`);
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
  await writeFile(join(dir, 'templates', 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`);
  const local = await resolveChart({ chart: dir }, { cacheDir: join(work, 'chart-cache'), baseDir: work });
  const size = (await readFile(local.archivePath)).length;
  return pushChartArtifact(new RegistryClient().repository(`${host}/${repo}`), local, size, version);
}
