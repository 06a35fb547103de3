// `values` exits non-zero only with nothing `helm install -f values/*.yaml` would take: a script
// that ignores the exit code must not install from Docker Hub. An image the map lacks fails the run
// (exit 3) and the file is kept as NAME.values.yaml.rejected, as a failed registry check keeps it.
// Through the built CLI, as a person runs it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';

const MAP =
  'apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n  - source: docker.io/library/nginx:1.25\n    destination: 127.0.0.1:5000/mirror/library/nginx:1.25\n';

function chart(): { dir: string; chart: string; map: string } {
  const dir = mkdtempSync(join(tmpdir(), 'values-rejected-'));
  const chart = join(dir, 'web');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'image: docker.io/library/nginx:1.25\nsidecar: docker.io/library/redis:7\n');
  writeFileSync(
    join(chart, 'templates', 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: {{ .Values.image }}\n      - name: sidecar\n        image: {{ .Values.sidecar }}\n',
  );
  writeFileSync(join(dir, 'images.map.yaml'), MAP);
  return { dir, chart, map: join(dir, 'images.map.yaml') };
}

describe('values: no usable output file on a non-zero exit', () => {
  it('an image the map lacks: exit 3, the override kept only as web.values.yaml.rejected', async () => {
    const w = chart();
    const out = join(w.dir, 'values');
    const r = await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out]);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain('docker.io/library/redis:7');
    expect(readdirSync(out)).toEqual(['web.values.yaml.rejected']);
  });

  it('--allow-unmapped accepts it: exit 0, web.values.yaml written (and an earlier .rejected removed)', async () => {
    const w = chart();
    const out = join(w.dir, 'values');
    expect((await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out])).exitCode).toBe(3);
    const r = await runBuilt(['values', w.chart, '--map', w.map, '--out-dir', out, '--allow-unmapped']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['web.values.yaml']);
    expect(existsSync(join(out, 'web.values.yaml.rejected'))).toBe(false);
  });
});
