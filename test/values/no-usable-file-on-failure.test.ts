// `values` exits non-zero only with nothing `helm install -f values/*.yaml` would take: a script
// that ignores the exit code must not install from Docker Hub. An image the map lacks fails the run
// (exit 3) and the file is kept as NAME.values.yaml.rejected, as a failed registry check keeps it.
// Through the built CLI, as a person runs it.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';
import { writeImageChart } from '../support/image-chart.js';

const MAP =
  'apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n  - source: docker.io/library/nginx:1.25\n    destination: 127.0.0.1:5000/mirror/library/nginx:1.25\n';

async function chart(): Promise<{ dir: string; chart: string; map: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'values-rejected-'));
  const chart = join(dir, 'web');
  await writeImageChart(chart, ['docker.io/library/nginx:1.25', 'docker.io/library/redis:7']);
  writeFileSync(join(dir, 'images.map.yaml'), MAP);
  return { dir, chart, map: join(dir, 'images.map.yaml') };
}

describe('values: no usable output file on a non-zero exit', () => {
  it('an image the map lacks: exit 3, the override kept only as web.values.yaml.rejected', async () => {
    const w = await chart();
    const out = join(w.dir, 'values');
    const r = await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out]);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain('docker.io/library/redis:7');
    expect(r.stderr).toContain(`values (not written as values: kept for inspection as ${join(out, 'web.values.yaml.rejected')}):`);
    expect(readdirSync(out)).toEqual(['web.values.yaml.rejected']);
  });

  it('--allow-unmapped accepts it: exit 0, web.values.yaml written (and an earlier .rejected removed)', async () => {
    const w = await chart();
    const out = join(w.dir, 'values');
    expect((await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out])).exitCode).toBe(3);
    const r = await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out, '--allow-unmapped']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['web.values.yaml']);
    expect(existsSync(join(out, 'web.values.yaml.rejected'))).toBe(false);
  });
});
