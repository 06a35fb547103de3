// A chart folder is read as Helm's loader reads it: links followed (a linked file, a linked
// subchart folder), anything but files and folders passed over (a FIFO never read, so never
// waited on), .helmignore applied, files in lexical order.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChart, readChartDir } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';

const work = mkdtempSync(join(tmpdir(), 'chart-folder-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const chartYaml = (name: string) => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function write(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('chart folders', () => {
  it('follows links to files and to subchart folders, passes over a FIFO and what .helmignore names', async () => {
    const outside = write(join(work, 'outside'), {
      'linked.yaml': cm('linked'),
      'sub/Chart.yaml': chartYaml('sub'),
      'sub/templates/cm.yaml': cm('from-sub'),
    });
    const root = write(join(work, 'top'), {
      'Chart.yaml': chartYaml('top'),
      '.helmignore': 'ignored.yaml\n',
      'templates/own.yaml': cm('own'),
      'templates/ignored.yaml': cm('ignored'),
      'b.txt': 'b',
      'a.txt': 'a',
    });
    symlinkSync(join(outside, 'linked.yaml'), join(root, 'templates/linked.yaml'));
    mkdirSync(join(root, 'charts'));
    symlinkSync(join(outside, 'sub'), join(root, 'charts/sub'));
    execFileSync('mkfifo', [join(root, 'templates/pipe.yaml')]);

    expect((await readChartDir(root)).map((f) => f.name)).toEqual([
      '.helmignore',
      'Chart.yaml',
      'a.txt',
      'b.txt',
      'charts/sub/Chart.yaml',
      'charts/sub/templates/cm.yaml',
      'templates/linked.yaml',
      'templates/own.yaml',
    ]);
    const names = renderChart(await readChart(root)).docs.map((d) => (d.object as { metadata: { name: string } }).metadata.name);
    expect(names.sort()).toEqual(['from-sub', 'linked', 'own']);
  });

  it('says which link is broken', async () => {
    const root = write(join(work, 'broken'), { 'Chart.yaml': chartYaml('broken') });
    symlinkSync(join(work, 'nowhere.yaml'), join(root, 'gone.yaml'));
    await expect(readChart(root)).rejects.toThrow(/ENOENT.*gone\.yaml/);
  });
});
