// bundle's finder over the charts of one run: an operator chart and the chart of the resources it
// reconciles, bundled together, carry the operator's built-in defaults for those resources (the
// resource chart's entry in the lock); each alone does not.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveChart } from '../../src/charts/resolve-chart.js';
import { chartImageFinder } from '../../src/app/scan/finder.js';
import type { ResolvedChart } from '../../src/charts/resolved-chart.js';
import { writeFiles } from '../support/files.js';
import type { Ctx } from '../../src/util/ctx.js';
import { deploymentWithEnv } from './template-chart.js';

let dir = '';
const charts: ResolvedChart[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-builtin-bundle-'));
  const chart = (name: string, template: string) => ({
    [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    [`${name}/templates/t.yaml`]: template,
  });
  await writeFiles(dir, {
    ...chart('solr-operator', deploymentWithEnv('apache/solr-operator:v0.10.0-prerelease', { WATCH_NAMESPACE: '' })),
    ...chart('solr', 'apiVersion: solr.apache.org/v1beta1\nkind: SolrCloud\nmetadata:\n  name: s\nspec:\n  solrImage:\n    repository: solr\n'),
  });
  for (const name of ['solr-operator', 'solr']) charts.push(await resolveChart({ chart: join(dir, name) }, { cacheDir: join(dir, 'cache'), baseDir: dir }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const request = (chart: ResolvedChart) => ({ chart, values: {}, releaseName: 'r', namespace: 'default', optional: false });

describe("bundle's finder, across the charts of a run", () => {
  it("gives the resource chart the operator's defaults for its resources, and warns of nothing", async () => {
    const find = chartImageFinder();
    const warnings: string[] = [];
    const ctx: Ctx = { onProgress: (e) => void (e.type === 'log' && e.level === 'warn' && warnings.push(e.message)) };
    const own = [await find(request(charts[0]!), ctx), await find(request(charts[1]!), ctx)];
    expect(own.flat().map((f) => f.ref)).not.toContain('docker.io/library/solr:9.10.0');
    const together = find.across!(ctx);
    expect((together.get(charts[1]!) ?? []).map((f) => [f.ref, f.need, f.site.site])).toContainEqual(['docker.io/library/solr:9.10.0', 'certain', 'builtin']);
    expect(warnings).toEqual([]);
  });

  it('the resource chart alone: its operator is not rendered, a warning says so', async () => {
    const find = chartImageFinder();
    const warnings: string[] = [];
    const ctx: Ctx = { onProgress: (e) => void (e.type === 'log' && e.level === 'warn' && warnings.push(e.message)) };
    await find(request(charts[1]!), ctx);
    expect([...find.across!(ctx).values()].flat()).toEqual([]);
    expect(warnings.join('\n')).toContain('Solr Operator');
  });
});
