// Chart archives are untrusted input: entries must stay inside the chart folder, links are
// refused, sizes and counts are bounded; subcharts may be archives or folders.
import { describe, expect, it } from 'vitest';
import { loadChartArchive } from '../../src/helm/loader/load.js';
import { parseChartArchive } from '../../src/helm/loader/archive.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { CHART_YAML, makeTgz } from './tar-builder.js';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('chart archives (Helm loader rules + path guards)', () => {
  it('drops the top folder and strips a UTF-8 BOM (helm loader)', async () => {
    const files = await parseChartArchive(
      makeTgz([
        { name: 'demo/', type: '5' },
        { name: 'demo/Chart.yaml', data: '\ufeff' + CHART_YAML },
      ]),
      'demo.tgz',
    );
    expect(files.map((f) => f.name)).toEqual(['Chart.yaml']);
    expect(new TextDecoder().decode(files[0].data)).toBe(CHART_YAML);
  });

  it.each([
    ['a ../ entry escaping the chart', { name: 'demo/../../etc/passwd', data: 'x' }, /entry demo\/\.\.\/\.\.\/etc\/passwd: path escapes the chart folder/],
    ['an absolute path', { name: '/etc/passwd', data: 'x' }, /absolute paths are not allowed/],
    [
      'a symlink',
      { name: 'demo/templates/link.yaml', type: '2' as const, linkname: '/etc/passwd' },
      /entry demo\/templates\/link.yaml: SymbolicLink entries are not allowed/,
    ],
    ['a hard link', { name: 'demo/templates/hard.yaml', type: '1' as const, linkname: 'demo/Chart.yaml' }, /Link entries are not allowed/],
  ])('refuses %s, naming the chart and the entry', async (_n, entry, re) => {
    const tgz = makeTgz([{ name: 'demo/Chart.yaml', data: CHART_YAML }, entry]);
    await expect(loadChartArchive(tgz, 'demo-0.1.0.tgz')).rejects.toThrow(/chart archive demo-0.1.0.tgz: /);
    await expect(loadChartArchive(tgz, 'demo-0.1.0.tgz')).rejects.toThrow(re);
  });

  it('reads an archive once per content: the same files again, in a list of their own, under the same limits only', async () => {
    const tgz = makeTgz([
      { name: 'demo/Chart.yaml', data: CHART_YAML },
      { name: 'demo/templates/cm.yaml', data: cm('a') },
    ]);
    const first = await parseChartArchive(tgz, 'demo.tgz');
    const again = await parseChartArchive(Uint8Array.from(tgz), 'other-label.tgz');
    expect(again).not.toBe(first);
    expect(again.map((f) => f.name)).toEqual(first.map((f) => f.name));
    again.forEach((f, i) => expect(f).toBe(first[i]));
    again.pop();
    expect((await parseChartArchive(tgz, 'demo.tgz')).length).toBe(2);
    await expect(parseChartArchive(tgz, 'demo.tgz', { maxTotalBytes: 16, maxEntries: 10 })).rejects.toThrow(/larger than 16 bytes/);
  });

  it('bounds the total size and the entry count', async () => {
    const big = makeTgz([
      { name: 'demo/Chart.yaml', data: CHART_YAML },
      { name: 'demo/big.bin', data: 'x'.repeat(4096) },
    ]);
    await expect(parseChartArchive(big, 'big.tgz', { maxTotalBytes: 1024, maxEntries: 10 })).rejects.toThrow(/larger than 1024 bytes/);
    const many = makeTgz(Array.from({ length: 12 }, (_, i) => ({ name: `demo/f${i}`, data: 'x' })));
    await expect(parseChartArchive(many, 'many.tgz', { maxTotalBytes: 1 << 20, maxEntries: 10 })).rejects.toThrow(/more than 10 entries/);
  });

  it('refuses a file that is not a gzipped tar', async () => {
    await expect(loadChartArchive(Buffer.from('not a tarball at all'), 'junk.tgz')).rejects.toThrow(/chart archive junk.tgz/);
  });

  it('subcharts as archives (charts/x.tgz) and folders (charts/y/), recursively', async () => {
    const inner = makeTgz([
      { name: 'deep/Chart.yaml', data: 'apiVersion: v2\nname: deep\nversion: 1.0.0\n' },
      { name: 'deep/templates/cm.yaml', data: cm('deep-{{ .Values.x }}') },
      { name: 'deep/values.yaml', data: 'x: one\n' },
    ]);
    const sub = makeTgz([
      { name: 'sub/Chart.yaml', data: 'apiVersion: v2\nname: sub\nversion: 1.0.0\n' },
      { name: 'sub/templates/cm.yaml', data: cm('sub') },
      { name: 'sub/charts/deep-1.0.0.tgz', data: inner },
    ]);
    const top = makeTgz([
      { name: 'demo/Chart.yaml', data: CHART_YAML },
      { name: 'demo/templates/cm.yaml', data: cm('top') },
      { name: 'demo/charts/sub-1.0.0.tgz', data: sub },
      { name: 'demo/charts/folder/Chart.yaml', data: 'apiVersion: v2\nname: folder\nversion: 1.0.0\n' },
      { name: 'demo/charts/folder/templates/cm.yaml', data: cm('folder') },
    ]);
    const chart = await loadChartArchive(top, 'demo.tgz');
    const r = renderChart(chart, { values: { sub: { deep: { x: 'two' } } } });
    expect(r.docs.map((d) => d.template).sort()).toEqual([
      'demo/charts/folder/templates/cm.yaml',
      'demo/charts/sub/charts/deep/templates/cm.yaml',
      'demo/charts/sub/templates/cm.yaml',
      'demo/templates/cm.yaml',
    ]);
    expect(r.docs.find((d) => d.chart === 'demo/charts/sub/charts/deep')?.text).toContain('name: deep-two');
  });
});

describe('an archive holding one name twice (two vendored versions of a subchart)', () => {
  it('keeps the later entry, as real Helm 4 does', async () => {
    const { execa } = await import('execa');
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { realHelm } = await import('../support/tools.js');
    const sub = (v: string) => [
      { name: 'top/charts/sub/Chart.yaml', data: `apiVersion: v2\nname: sub\nversion: ${v}\n` },
      { name: 'top/charts/sub/templates/cm.yaml', data: cm(`sub-{{ .Chart.Version }}-${v}`) },
    ];
    const tgz = makeTgz([{ name: 'top/Chart.yaml', data: 'apiVersion: v2\nname: top\nversion: 1.0.0\n' }, ...sub('3.0.0'), ...sub('3.1.0')]);
    const chart = await loadChartArchive(tgz, 'top-1.0.0.tgz');
    const ours = renderChart(chart).docs.map((d) => d.text);
    expect(ours.join('\n')).toContain('name: sub-3.1.0-3.1.0');
    const dir = await mkdtemp(join(tmpdir(), 'airgap-dup-'));
    try {
      await writeFile(join(dir, 'top-1.0.0.tgz'), tgz);
      const { helm } = await realHelm(4);
      const h = await execa(helm, ['template', 'release-name', join(dir, 'top-1.0.0.tgz')]);
      expect(h.stdout).toContain('name: sub-3.1.0-3.1.0');
      expect(h.stdout).not.toContain('sub-3.0.0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
